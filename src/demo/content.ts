import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.js';
import { seedDemoAdvisories } from './advisories.js';
import { seedDemoExercise } from './exercise.js';
import { seedDemoIncidents } from './incidents.js';
import { seedDemoIntel } from './intel.js';
import { DEMO_CONTENT_MARKER } from './seed.js';

/**
 * The demo's work in flight, after its world (seedDemoWorld): intelligence, equipment and advisories,
 * reports, the alert and the exercise, each through the service a user's request reaches. `app` must
 * be ready: the intel store's collections exist once its routes have started. Used by `npm start` and
 * `npm run cli -- seed`, right after they seeded the world, so either way the demo is the same.
 */
export async function seedDemoContent(platform: Platform, app: FastifyInstance): Promise<void> {
  await app.ready();
  await seedDemoIntel(platform);
  await seedDemoAdvisories(platform);
  await seedDemoIncidents(platform);
  await seedDemoExercise(platform);
  // Last, so that a start stopped before this point is recognised as such (demoState: `interrupted`).
  await platform.db
    .insertInto('platform_meta')
    .values({ key: DEMO_CONTENT_MARKER, value: JSON.stringify(new Date().toISOString()) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

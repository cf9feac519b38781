import type { CapabilityRoutes } from '../../platform/http/app.js';
import { correlationRoutes } from './correlation/routes.js';
import { ensureCollections } from './store/collections.js';
import { storeRoutes } from './store/routes.js';
import { taxiiRoutes } from './taxii/routes.js';

/** The threat-intelligence capability: STIX store (REST), TAXII 2.1 server, correlation. */
export const intelRoutes: CapabilityRoutes = async (app, platform) => {
  // The standard collections exist from the start (organisations added later get theirs lazily).
  await ensureCollections(platform.db, platform.law);
  await storeRoutes(app, platform);
  await taxiiRoutes(app, platform);
  await correlationRoutes(app, platform);
};

import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { CAPABILITIES } from '../../capabilities/index.js';
import { DEMO_PASSWORD, seedDemoWorld } from '../../demo/seed.js';
import { loadConfig, type Config } from '../config.js';
import { buildApp, type App } from '../http/app.js';
import { createLogger, startPlatform, type Platform } from '../platform.js';

export const TEST_PG_URL = process.env.RENKEI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Which database this test run uses: set per Vitest project (see vitest.config.ts). */
export function testDatabase(): Config['database'] {
  if (process.env.RENKEI_TEST_DB === 'postgres') {
    return { kind: 'postgres', url: TEST_PG_URL, schema: `t_${crypto.randomBytes(6).toString('hex')}`, poolSize: 10 };
  }
  return { kind: 'pglite', dataDir: null };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

export interface Session {
  cookie: string;
  csrf: string;
  me: { user: { id: string; email: string }; organization: { id: string; slug: string } };
}

export interface TestWorld {
  platform: Platform;
  app: App;
  /** Logs a demo user in and returns what a browser would hold. */
  login(email: string): Promise<Session>;
  /** Sends a request as a logged-in user (CSRF header added for writes). */
  as(session: Session | null, opts: { method: string; url: string; payload?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  orgId(slug: string): Promise<string>;
  userId(email: string): Promise<string>;
  close(): Promise<void>;
}

/** A migrated, seeded platform on this run's database, with the HTTP app (no network listener). */
export async function startTestWorld(overrides: Partial<Config> = {}, options: { serveWeb?: boolean } = {}): Promise<TestWorld> {
  const database = testDatabase();
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database, rateLimitPerMinute: 100_000, ...overrides });
  const platform = await startPlatform(config, createLogger(config));
  await seedDemoWorld(platform);
  const app = await buildApp(platform, { capabilities: CAPABILITIES, serveWeb: options.serveWeb ?? false, logger: false });
  await app.ready();
  const sessions = new Map<string, Session>();

  const world: TestWorld = {
    platform,
    app,
    async login(email) {
      const cached = sessions.get(email);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: DEMO_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'renkei_session')!;
      const body = res.json();
      const session = { cookie: `renkei_session=${cookie.value}`, csrf: body.csrfToken, me: body };
      sessions.set(email, session);
      return session;
    },
    as(session, { method, url, payload, headers = {} }) {
      const h: Record<string, string> = { ...headers };
      if (session) {
        h.cookie = session.cookie;
        if (method !== 'GET') h['x-csrf-token'] = session.csrf;
      }
      return app.inject({ method: method as 'GET', url, payload: payload as string, headers: h });
    },
    async orgId(slug) {
      return (await platform.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    },
    async userId(email) {
      return (await platform.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    },
    async close() {
      await app.close();
      await platform.close();
      if (database.kind === 'postgres') await dropSchema(database.schema);
    },
  };
  return world;
}

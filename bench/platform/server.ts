/**
 * The server side of the platform bench, run as a child process of bench/platform/index.ts (see there
 * for why). BENCH_SERVER (JSON, see protocol.ts) says what to serve:
 *  - 'secured': the real Renkei app (helmet, auth hook, rate limit, zod, policy, audit) on PostgreSQL or
 *    in-memory PGlite, seeded with the demo world, with an API token for the national hub analyst;
 *  - 'bare': a plain Fastify instance with one route, `GET /bare`;
 *  - 'bare-read': a plain Fastify instance on the same seeded database whose one route does the same
 *    contacts read by key as the secured endpoint, without authentication, policy or audit.
 * It talks to the driver over the IPC channel and never logs.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { CAPABILITIES } from '../../src/capabilities/index.js';
import { seedDemoWorld } from '../../src/demo/seed.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { buildApp } from '../../src/platform/http/app.js';
import { createLogger, startPlatform, type Platform } from '../../src/platform/platform.js';
import type { FromServer, Mark, ServerSpec, ToServer } from './protocol.js';

function send(msg: FromServer): void {
  process.send!(msg);
}

function mark(): Mark {
  const cpu = process.cpuUsage();
  return { cpuMicros: cpu.user + cpu.system, elu: performance.eventLoopUtilization(), atMs: performance.now() };
}

async function startSecured(spec: ServerSpec): Promise<{ app: FastifyInstance; platform: Platform; token: string; bankOrgId: string }> {
  if (!spec.db) throw new Error('secured target needs a database');
  // The driver keeps both servers running and measures them in alternating rounds, so one may sit idle
  // through two of the other's windows: longer than pg-pool's default idle timeout (10 s), which would
  // close its whole pool and start its next window with reconnects. A server under steady load never
  // idles that long, so these pools keep their idle connections (the bare read uses this one too).
  const database: Config['database'] =
    spec.db.kind === 'postgres'
      ? { kind: 'postgres', url: spec.db.url, schema: spec.db.schema, poolSize: 20, idleTimeoutMillis: 0 }
      : { kind: 'pglite', dataDir: null };
  // The rate limiter stays installed (it is part of what is measured); its budget is just out of reach.
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database, rateLimitPerMinute: 1_000_000_000 });
  const platform = await startPlatform(config, createLogger(config));
  await seedDemoWorld(platform);
  const hub = await platform.db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
    .select(['users.id as userId', 'organizations.id as orgId'])
    .where('users.email', '=', 'hub@renkei.example')
    .executeTakeFirstOrThrow();
  const bank = await platform.db.selectFrom('organizations').select('id').where('slug', '=', 'sakura-bank').executeTakeFirstOrThrow();
  const issued = await platform.tokens.issue({ userId: hub.userId, orgId: hub.orgId, name: 'platform bench', createdBy: null });
  const app = await buildApp(platform, { capabilities: CAPABILITIES, serveWeb: false, logger: false });
  // Diagnostic only (--breakdown): what a contacts read costs without its audit entry.
  if (spec.variant === 'contacts-no-audit') platform.audit.record = async () => {};
  return { app, platform, token: issued.token, bankOrgId: bank.id };
}

async function startBareRead(spec: ServerSpec): Promise<{ app: FastifyInstance; platform: Platform; bankOrgId: string }> {
  const { platform, bankOrgId } = await startSecured(spec);
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/bare/contacts/:id', async (req, reply) => {
    const row = await platform.db.selectFrom('org_contacts').selectAll().where('org_id', '=', req.params.id).executeTakeFirst();
    if (!row) return reply.status(404).send({ error: 'not found' });
    return { orgId: row.org_id, phone24h: row.phone_24h, csirtEmail: row.csirt_email, escalation: row.escalation, tlp: row.tlp, updatedAt: row.updated_at.toISOString() };
  });
  return { app, platform, bankOrgId };
}

async function startBare(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ status: 'ok', service: 'bare' }));
  return app;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_SERVER ?? '') as ServerSpec;
  const started = performance.now();
  let platform: Platform | null = null;
  let app: FastifyInstance;
  let ready: Extract<FromServer, { type: 'ready' }>;
  if (spec.target === 'secured') {
    const s = await startSecured(spec);
    platform = s.platform;
    app = s.app;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    ready = {
      type: 'ready',
      url: spec.variant === 'health' ? `http://127.0.0.1:${port}/api/health` : `http://127.0.0.1:${port}/api/organizations/${s.bankOrgId}/contacts`,
      token: s.token,
      bankOrgId: s.bankOrgId,
      description: platform.database.description,
      startupMs: 0,
    };
  } else if (spec.target === 'bare-read') {
    const s = await startBareRead(spec);
    platform = s.platform;
    app = s.app;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    ready = { type: 'ready', url: `http://127.0.0.1:${port}/bare/contacts/${s.bankOrgId}`, bankOrgId: s.bankOrgId, description: `bare Fastify, same read on ${platform.database.description}`, startupMs: 0 };
  } else {
    app = await startBare();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    ready = { type: 'ready', url: `http://127.0.0.1:${port}/bare`, description: 'bare Fastify, no database', startupMs: 0 };
  }
  ready.startupMs = Math.round(performance.now() - started);

  let profiler: Session | null = null;
  process.on('message', (raw) => {
    const msg = raw as ToServer;
    void (async () => {
      try {
        switch (msg.type) {
          case 'mark':
            send({ type: 'mark', ...mark() });
            break;
          case 'count': {
            if (!platform) {
              send({ type: 'count', auditEntries: 0, auditFlushes: 0 });
              break;
            }
            await platform.audit.drain();
            // Every entry of one group-commit transaction carries the same `at`.
            const r = await sql<{ entries: number; flushes: number }>`
              select count(*)::int as entries, count(distinct at)::int as flushes from audit_log`.execute(platform.db);
            send({ type: 'count', auditEntries: r.rows[0]!.entries, auditFlushes: r.rows[0]!.flushes });
            break;
          }
          case 'verify-chain': {
            if (!platform) throw new Error('no audit chain on the bare target');
            const t = performance.now();
            const v = await verifyAuditChain(platform.db);
            send({ type: 'verify-chain', ok: v.ok, entries: v.entries, broken: v.broken.length, ms: Math.round(performance.now() - t) });
            break;
          }
          case 'profile-start':
            profiler ??= new Session();
            profiler.connect();
            await profiler.post('Profiler.enable');
            await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
            await profiler.post('Profiler.start');
            send({ type: 'profile-start' });
            break;
          case 'profile-stop': {
            if (!profiler) throw new Error('no profile started');
            const { profile } = await profiler.post('Profiler.stop');
            profiler.disconnect();
            fs.writeFileSync(msg.file, JSON.stringify(profile));
            send({ type: 'profile-stop', file: msg.file });
            break;
          }
          case 'stop':
            await app.close();
            if (platform) await platform.close();
            // A normal exit, so that --cpu-prof writes its profile.
            process.disconnect();
            setTimeout(() => process.exit(0), 3000).unref();
            break;
        }
      } catch (err) {
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  send(ready);
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  process.disconnect();
});

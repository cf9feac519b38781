/**
 * The server side of the incidents bench, run as a child process of bench/incidents/index.ts (server
 * and load generator each get their own event loop). BENCH_SERVER (JSON, see protocol.ts) says what
 * to serve:
 *  - 'renkei': the real app on PostgreSQL or in-memory PGlite, seeded with the demo world, with one API
 *    token per load client (operator users) and one per SSE recipient (the hub and the ministries);
 *  - 'plain': a bare Fastify server with `POST /plain`, which inserts the JSON body into bench_plain
 *    on a pool of the same size, and nothing else.
 * It talks to the driver over the IPC channel and never logs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { CAPABILITIES } from '../../src/capabilities/index.js';
import { groupCommitTotals } from '../../src/capabilities/incidents/group-commit.js';
import { seedDemoWorld } from '../../src/demo/seed.js';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { buildApp } from '../../src/platform/http/app.js';
import { createLogger, startPlatform, type Platform } from '../../src/platform/platform.js';
import type { ClientIdentity, FromServer, Mark, RecipientIdentity, ServerSpec, StatementStats, ToServer, Verification } from './protocol.js';

function send(msg: FromServer): void {
  process.send!(msg);
}

function mark(): Mark {
  const cpu = process.cpuUsage();
  const filings = { statements: groupCommitTotals.statements, items: groupCommitTotals.items };
  return { cpuMicros: cpu.user + cpu.system, systemMicros: cpu.system, elu: performance.eventLoopUtilization(), atMs: performance.now(), filings };
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
  return { count: s.length, meanMs: mean, p50Ms: pct(s, 50), p99Ms: pct(s, 99) };
}

/**
 * --breakdown: wraps node-postgres (the module instance src/platform/db/database.ts uses) to time every
 * statement from send to answer as the app sees it (so it includes waiting for this event loop), the
 * pool waits, and, per connection, how long the audit-chain head row stays locked.
 */
class StatementTimer {
  private byStatement = new Map<string, number[]>();
  private poolWaits: number[] = [];
  private holds: number[] = [];
  private waits: number[] = [];
  private submits: number[] = [];
  private batches = 0;
  private batchRows = 0;

  install(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const timer = this;
    const state = new WeakMap<object, { begin: number; head: number | null; submit: boolean }>();
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: object, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const t0 = performance.now();
      const result = query.apply(this, args);
      if (!result || typeof (result as Promise<unknown>).then !== 'function') return result;
      const label = normalizeStatement(text);
      const lower = text.replace(/\s+/g, ' ').trim().toLowerCase();
      const headLock = lower.includes('from audit_head') && lower.includes('for update');
      let s = state.get(this);
      if (lower === 'begin') state.set(this, (s = { begin: t0, head: null, submit: false }));
      if (s && lower.startsWith('insert into "incident_reports"')) s.submit = true;
      const done = (r: unknown) => {
        const now = performance.now();
        timer.note(label, now - t0);
        // Held from the moment the row lock is granted (the select answers) until COMMIT is answered.
        if (headLock) {
          timer.waits.push(now - t0);
          if (s) s.head = now;
        }
        if (lower.includes('from outbox') && lower.includes('skip locked')) {
          timer.batches++;
          timer.batchRows += (r as { rowCount?: number } | undefined)?.rowCount ?? 0;
        }
        if (s && (lower === 'commit' || lower === 'rollback')) {
          if (s.head !== null) timer.holds.push(now - s.head);
          if (s.submit && lower === 'commit') timer.submits.push(now - s.begin);
          state.delete(this);
        }
      };
      (result as Promise<unknown>).then(done, () => done(undefined));
      return result;
    };
    const connect = pg.Pool.prototype.connect as (...args: unknown[]) => unknown;
    (pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown }).connect = function (this: object, ...args: unknown[]) {
      const t0 = performance.now();
      const result = connect.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => timer.poolWaits.push(performance.now() - t0),
          () => undefined,
        );
      }
      return result;
    };
  }

  private note(label: string, ms: number): void {
    let list = this.byStatement.get(label);
    if (!list) this.byStatement.set(label, (list = []));
    list.push(ms);
  }

  reset(): void {
    this.byStatement.clear();
    this.poolWaits = [];
    this.holds = [];
    this.waits = [];
    this.submits = [];
    this.batches = 0;
    this.batchRows = 0;
  }

  stats(): StatementStats {
    const statements = [...this.byStatement].map(([statement, list]) => {
      const s = summary(list);
      return { statement, count: s.count, totalMs: s.meanMs * s.count, meanMs: s.meanMs, p99Ms: s.p99Ms };
    });
    statements.sort((a, b) => b.totalMs - a.totalMs);
    const pw = summary(this.poolWaits);
    return {
      statements,
      poolWait: { count: pw.count, meanMs: pw.meanMs, p99Ms: pw.p99Ms },
      headLockHold: summary(this.holds),
      headLockWait: summary(this.waits),
      submitTransaction: summary(this.submits),
      dispatcher: { batches: this.batches, rows: this.batchRows },
    };
  }
}

/** One label per statement shape: parameters and multi-row VALUES lists collapsed. */
function normalizeStatement(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\(\$\d+(?:, \$\d+)*\)(?:, \(\$\d+(?:, \$\d+)*\))*/g, '(…)')
    .replace(/\$\d+/g, '$')
    .slice(0, 110);
}

async function startRenkei(spec: ServerSpec, timer: StatementTimer | null) {
  let database: Config['database'];
  if (spec.db.kind === 'postgres') {
    const url = new URL(spec.db.url);
    if (spec.applicationName) url.searchParams.set('application_name', spec.applicationName);
    database = { kind: 'postgres', url: url.toString(), schema: spec.db.schema, poolSize: spec.poolSize };
  } else {
    database = { kind: 'pglite', dataDir: null };
  }
  // The bench's settings, through the same variables an operator would set.
  const config = loadConfig(
    { RENKEI_ENV: 'test', LOG_LEVEL: 'silent', RENKEI_RATE_LIMIT_PER_MINUTE: '1000000000', RENKEI_DB_POOL_SIZE: String(spec.poolSize) },
    { database },
  );
  if (timer) timer.install();
  const platform = await startPlatform(config, createLogger(config));
  await seedDemoWorld(platform);

  const orgs = await platform.db.selectFrom('organizations').select(['id', 'slug', 'kind', 'authority', 'sectors']).execute();
  const hub = orgs.find((o) => o.kind === 'national_hub');
  if (!hub) throw new Error('no national hub in the demo world');
  const expectedFor = (sectors: string[]): string[] => {
    const authorities = new Set(sectors.flatMap((s) => platform.law.sector(s)?.competentAuthorities ?? []));
    return [hub.id, ...orgs.filter((o) => o.authority !== null && authorities.has(o.authority)).map((o) => o.id)];
  };
  const member = async (email: string) =>
    platform.db
      .selectFrom('users')
      .innerJoin('memberships', 'memberships.user_id', 'users.id')
      .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
      .select(['users.id as userId', 'organizations.id as orgId', 'organizations.slug', 'organizations.sectors'])
      .where('users.email', '=', email)
      .executeTakeFirstOrThrow(() => new Error(`no demo user ${email}`));

  const clients: ClientIdentity[] = [];
  for (const [i, email] of (spec.clientEmails ?? []).entries()) {
    const m = await member(email);
    const issued = await platform.tokens.issue({ userId: m.userId, orgId: m.orgId, name: `incidents bench client ${i}`, createdBy: null });
    clients.push({ email, token: issued.token, orgId: m.orgId, orgSlug: m.slug, sectors: m.sectors, expectedRecipientOrgIds: expectedFor(m.sectors) });
  }
  const recipients: RecipientIdentity[] = [];
  for (const email of spec.recipientEmails ?? []) {
    const m = await member(email);
    const issued = await platform.tokens.issue({ userId: m.userId, orgId: m.orgId, name: 'incidents bench SSE', createdBy: null });
    recipients.push({ email, token: issued.token, orgId: m.orgId, orgSlug: m.slug });
  }
  const app = await buildApp(platform, { capabilities: CAPABILITIES, serveWeb: false, logger: false });
  // Diagnostic only (--breakdown): filing without its audit entry, hence without the chain's head lock.
  if (spec.variant === 'no-audit') platform.audit.inTransaction = async () => {};
  return { app, platform, clients, recipients, hubOrgId: hub.id, expectedFor };
}

interface PlainDb {
  insert(id: string, body: string): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
  description: string;
}

async function plainDb(spec: ServerSpec): Promise<PlainDb> {
  const ddl = 'create table if not exists bench_plain (id uuid primary key, body jsonb)';
  const insert = 'insert into bench_plain (id, body) values ($1, $2)';
  if (spec.db.kind === 'postgres') {
    const { url, schema } = spec.db;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists "${schema}"`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: url, max: spec.poolSize, options: `-c search_path=${schema}`, application_name: spec.applicationName });
    await pool.query(ddl);
    return {
      insert: async (id, body) => void (await pool.query(insert, [id, body])),
      count: async () => Number((await pool.query<{ n: string }>('select count(*) as n from bench_plain')).rows[0]!.n),
      close: () => pool.end(),
      description: `PostgreSQL ${new URL(url).host} (schema ${schema}), pg pool of ${spec.poolSize}`,
    };
  }
  const lite = await PGlite.create();
  // As Renkei's own PGlite is opened (src/platform/db/database.ts), so the ratio compares code, not settings.
  await lite.exec('set wal_init_zero = off');
  await lite.exec(ddl);
  return {
    insert: async (id, body) => void (await lite.query(insert, [id, body])),
    count: async () => Number((await lite.query<{ n: number }>('select count(*)::int as n from bench_plain')).rows[0]!.n),
    close: () => lite.close(),
    description: 'embedded PGlite in memory',
  };
}

/**
 * Event subscribers work through their backlog after the load stops: the intel capability records
 * every report's indicators as sightings and may commit early-warning events of its own meanwhile, and
 * an event handed over straight after its commit is marked published a moment after it was delivered.
 * So verification waits (up to 30 s) until every report has its sightings and nothing is left
 * unpublished; how long that took is reported (the subscribers' backlog when the load stopped).
 */
async function settleOutbox(platform: Platform): Promise<{ settleMs: number; reportsWithoutSightings: number }> {
  const t0 = performance.now();
  for (;;) {
    await platform.events.dispatcher.kick();
    const r = await sql<{ unpublished: number; unrecorded: number }>`
      select (select count(*)::int from outbox where published_at is null) as unpublished,
             (select count(*)::int from incident_reports r where not exists (
                select 1 from intel_sightings s where s.source_id = 'incident-report--' || r.id::text)) as unrecorded`.execute(platform.db);
    const { unpublished, unrecorded } = r.rows[0]!;
    if ((unpublished === 0 && unrecorded === 0) || performance.now() - t0 > 30_000) {
      return { settleMs: Math.round(performance.now() - t0), reportsWithoutSightings: unrecorded };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function verify(platform: Platform, expectedFor: (sectors: string[]) => string[], expectIndicators: number): Promise<Omit<Verification, 'settleMs' | 'reportsWithoutSightings'>> {
  const { db } = platform;
  const reports = await db.selectFrom('incident_reports as r').innerJoin('organizations as o', 'o.id', 'r.reporter_org_id').select(['r.id', 'o.sectors', 'r.version', 'r.current_stage']).execute();
  const deliveries = await db.selectFrom('incident_deliveries').select(['id', 'report_id', 'regime', 'recipient_org_id']).execute();
  const stages = await sql<{ report_id: string; n: number; per: number }>`
    select d.report_id, count(*)::int as n, count(distinct d.id)::int as per
    from incident_delivery_stages s join incident_deliveries d on d.id = s.delivery_id group by d.report_id`.execute(db);
  const versions = await sql<{ report_id: string; versions: number[]; stages: string[] }>`
    select report_id, array_agg(version order by version) as versions, array_agg(stage order by version) as stages
    from incident_versions group by report_id`.execute(db);
  // A report's indicators live on as the intel capability's sightings of `incident-report--<id>`.
  const indicators = await sql<{ report_id: string; n: number }>`
    select substr(source_id, 18) as report_id, count(*)::int as n from intel_sightings where source_id like 'incident-report--%' group by source_id`.execute(db);
  const corr = await sql<{ rows: number; distinct_values: number; shared: number; max_reports: number }>`
    select coalesce(sum(n), 0)::int as rows, count(*)::int as distinct_values,
           count(*) filter (where n > 1)::int as shared, coalesce(max(n), 0)::int as max_reports
    from (select observable_id, count(*)::int as n from intel_sightings where source_id like 'incident-report--%' group by observable_id) t`.execute(db);
  const idem = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys`.execute(db);
  const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'incident.submit'`.execute(db);
  const outbox = await sql<{ submitted: number; unpublished: number; unpublished_types: string[] }>`
    select count(*) filter (where type = 'incident.submitted')::int as submitted, count(*) filter (where published_at is null)::int as unpublished,
      coalesce(array_agg(distinct type) filter (where published_at is null), '{}') as unpublished_types from outbox`.execute(db);

  const byReport = new Map<string, string[]>();
  for (const d of deliveries) {
    const list = byReport.get(d.report_id) ?? [];
    list.push(`${d.regime}:${d.recipient_org_id ?? 'external'}`);
    byReport.set(d.report_id, list);
  }
  const stageCount = new Map(stages.rows.map((r) => [r.report_id, r]));
  const versionOf = new Map(versions.rows.map((r) => [r.report_id, r]));
  const indicatorCount = new Map(indicators.rows.map((r) => [r.report_id, r.n]));
  let badDeliveries = 0;
  let badStages = 0;
  let badVersions = 0;
  let badIndicators = 0;
  const examples: string[] = [];
  for (const r of reports) {
    const [hubId, ...ministries] = expectedFor(r.sectors);
    const want = [`nco:${hubId}`, ...ministries.map((m) => `competent_ministry:${m}`)].sort();
    const have = (byReport.get(r.id) ?? []).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      badDeliveries++;
      if (examples.length < 3) examples.push(`${r.id}: want ${want.join(',')} have ${have.join(',')}`);
    }
    const st = stageCount.get(r.id);
    if (!st || st.per !== have.length || st.n !== 2 * have.length) badStages++;
    const v = versionOf.get(r.id);
    if (r.version !== 1 || r.current_stage !== 'initial' || !v || JSON.stringify(v.versions) !== '[1]' || JSON.stringify(v.stages) !== '["initial"]') badVersions++;
    if (indicatorCount.get(r.id) !== expectIndicators) badIndicators++;
  }
  const t = performance.now();
  const chain = await verifyAuditChain(db);
  const c = corr.rows[0]!;
  return {
    reports: reports.length,
    reportIds: reports.map((r) => r.id),
    badDeliveries,
    badDeliveryExamples: examples,
    badStages,
    badVersions,
    badIndicators,
    indicatorRows: c.rows,
    distinctIndicators: c.distinct_values,
    sharedIndicators: c.shared,
    maxReportsPerIndicator: c.max_reports,
    idempotencyKeys: idem.rows[0]!.n,
    auditSubmitEntries: audit.rows[0]!.n,
    outboxSubmitted: outbox.rows[0]!.submitted,
    outboxUnpublished: outbox.rows[0]!.unpublished,
    outboxUnpublishedTypes: outbox.rows[0]!.unpublished_types,
    chain: { ok: chain.ok, entries: chain.entries, broken: chain.broken.length, ms: Math.round(performance.now() - t) },
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_SERVER ?? '') as ServerSpec;
  const started = performance.now();
  const timer = spec.timeStatements && spec.target === 'renkei' && spec.db.kind === 'postgres' ? new StatementTimer() : null;
  let app: FastifyInstance;
  let platform: Platform | null = null;
  let plain: PlainDb | null = null;
  let expectedFor: ((sectors: string[]) => string[]) | null = null;
  let ready: Extract<FromServer, { type: 'ready' }>;
  if (spec.target === 'renkei') {
    const s = await startRenkei(spec, timer);
    ({ app, platform, expectedFor } = s);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    ready = { type: 'ready', url: `http://127.0.0.1:${port}`, description: platform.database.description, startupMs: 0, clients: s.clients, recipients: s.recipients, hubOrgId: s.hubOrgId };
  } else {
    const db = (plain = await plainDb(spec));
    app = Fastify({ logger: false, bodyLimit: 1_048_576 });
    app.post('/plain', async (req, reply) => {
      const id = crypto.randomUUID();
      await db.insert(id, JSON.stringify(req.body));
      return reply.status(201).send({ id });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    ready = { type: 'ready', url: `http://127.0.0.1:${port}`, description: `bare Fastify + ${db.description}`, startupMs: 0 };
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
            if (plain) {
              send({ type: 'count', rows: await plain.count() });
            } else {
              const r = await sql<{ n: number }>`select count(*)::int as n from incident_reports`.execute(platform!.db);
              send({ type: 'count', rows: r.rows[0]!.n });
            }
            break;
          }
          case 'verify': {
            if (!platform || !expectedFor) throw new Error('verify is for the renkei target');
            const settled = await settleOutbox(platform);
            // As `renkei audit verify` does: chain what is still pending (sealed every 250 ms) before counting.
            await platform.audit.drain();
            send({ type: 'verify', ...(await verify(platform, expectedFor, msg.expectIndicators)), ...settled });
            break;
          }
          case 'stats-reset':
            timer?.reset();
            send({ type: 'stats-reset' });
            break;
          case 'stats':
            if (!timer) throw new Error('statement timing is off');
            send({ type: 'stats', ...timer.stats() });
            break;
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
            if (plain) await plain.close();
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

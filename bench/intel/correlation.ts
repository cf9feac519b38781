/**
 * Correlation bench (issue 5 item 7): where-seen for a 1,000-observable report against a store of
 * ~1M sightings, target ≤ 50 ms.
 *
 * Two ways to run it:
 *   - `correlationPhase(db, actors)` — called by bench/intel/index.ts after its 1M-object ingest: it
 *     measures against whatever intel_observables / intel_sightings the store's ingest produced.
 *   - `npx tsx bench/intel/correlation.ts [--sightings=1000000]` — standalone: a fresh PostgreSQL schema,
 *     migrated and seeded with the demo world, loaded with ~1M sightings THROUGH recordSightings (in
 *     batches of 2,000 sources, each in its own transaction, as an ingest would), then the phase; writes
 *     bench/results/intel-correlation.json and drops the schema (unless --keep).
 *
 * The report: 1,000 observables, half sampled from the store (present), half new values of the same
 * kinds (absent, including IPv4 addresses and /24 networks that hit the SP-GiST path). Measured: the one
 * set-based whereSeen() call, p50/p95 over repeated runs, for the hub analyst (sees most) and a
 * company (sees least). Baselines in the same run, same report: (a) the naive loop, one whereSeen()
 * per observable; (b) one plain set statement (joins, no lateral key lookups) with index scans
 * disabled: what it costs without the (kind, value) / SP-GiST / sighting-key indexes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { recordSightings, whereSeen, type Sighting } from '../../src/capabilities/intel/correlation/index.js';
import type { StixObservable } from '../../src/capabilities/intel/stix/observables.js';
import { seedDemoWorld } from '../../src/demo/seed.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/schema.js';
import type { OrgId } from '../../src/platform/identity/ids.js';
import { createLogger, startPlatform, type Platform } from '../../src/platform/platform.js';
import { visibleTo } from '../../src/platform/policy/sql.js';
import { marking, type Actor } from '../../src/platform/policy/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.resolve(HERE, '../results/intel-correlation.json');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_MS = 50;

export interface CorrelationFigures {
  store: { observables: number; sightings: number };
  report: { observables: number; present: number; absent: number };
  runs: number;
  /** The set-based whereSeen() call, per viewer. */
  whereSeen: Record<string, { p50Ms: number; p95Ms: number; maxMs: number; seenObservables: number }>;
  baselines: {
    perObservableLoop: { runs: number; p50Ms: number; p95Ms: number };
    setQueryWithoutIndexes: { runs: number; p50Ms: number; p95Ms: number };
  };
  /** Baseline p50 ÷ whereSeen p50 (hub). */
  ratios: { vsPerObservableLoop: number; vsWithoutIndexes: number };
  targetMs: number;
  targetMet: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const round = (n: number) => Math.round(n * 100) / 100;

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

/** A random value of a kind, new to the store (random enough never to collide with the load). */
function freshValue(kind: string, rand: () => number): { kind: string; value: string } {
  const byte = () => Math.floor(rand() * 256);
  const hex = (n: number) => crypto.randomBytes(n).toString('hex');
  switch (kind) {
    case 'ipv4': return { kind, value: rand() < 0.2 ? `10.${byte()}.${byte()}.0/24` : `10.${byte()}.${byte()}.${byte()}` };
    case 'ipv6': return { kind, value: `2001:db8:ffff:${hex(2)}::${hex(2)}` };
    case 'domain': return { kind, value: `absent-${hex(6)}.example` };
    case 'url': return { kind, value: `http://absent-${hex(4)}.example/${hex(4)}` };
    case 'email': return { kind, value: `x-${hex(4)}@absent.example` };
    case 'md5': return { kind, value: hex(16) };
    case 'sha1': return { kind, value: hex(20) };
    case 'sha512': return { kind, value: hex(64) };
    default: return { kind: 'sha256', value: hex(32) };
  }
}

/**
 * The phase bench/intel/index.ts calls after its ingest. `viewers` maps a label to an actor; the
 * first one is the headline figure (use the hub analyst).
 */
export async function correlationPhase(
  db: Kysely<Database>,
  viewers: Record<string, Actor>,
  options: { reportSize?: number; runs?: number; log?: (line: string) => void } = {},
): Promise<CorrelationFigures> {
  const log = options.log ?? ((l: string) => console.log(l));
  const size = options.reportSize ?? 1000;
  const runs = options.runs ?? 30;
  const rand = mulberry32(7);
  const counts = (await sql<{ observables: number; sightings: number }>`
    select (select count(*) from intel_observables)::int as observables, (select count(*) from intel_sightings)::int as sightings`.execute(db)).rows[0]!;
  const present = (await sql<{ kind: string; value: string }>`
    select kind, value from intel_observables tablesample system (5) repeatable (7) limit ${size / 2}`.execute(db)).rows;
  const absent = present.map((p) => freshValue(p.kind, rand));
  const report = [...present, ...absent];
  log(`store: ${counts.observables.toLocaleString()} observables, ${counts.sightings.toLocaleString()} sightings; report: ${report.length} observables (${present.length} present)`);
  await sql`analyze intel_observables`.execute(db);
  await sql`analyze intel_sightings`.execute(db);

  const figures: CorrelationFigures['whereSeen'] = {};
  for (const [label, actor] of Object.entries(viewers)) {
    await time(3, () => whereSeen(db, actor, report)); // warm-up
    let seen = 0;
    const t = await time(runs, async () => {
      const r = await whereSeen(db, actor, report);
      seen = r.filter((x) => x.sightings > 0).length;
    });
    figures[label] = { p50Ms: round(percentile(t, 50)), p95Ms: round(percentile(t, 95)), maxMs: round(t.at(-1)!), seenObservables: seen };
    log(`whereSeen as ${label}: p50 ${figures[label]!.p50Ms} ms, p95 ${figures[label]!.p95Ms} ms (${seen} of ${report.length} seen)`);
  }
  const headline = Object.values(viewers)[0]!;
  const loopRuns = 5;
  const loop = await time(loopRuns, async () => {
    for (const o of report) await whereSeen(db, headline, [o]);
  });
  log(`baseline, one query per observable: p50 ${round(percentile(loop, 50))} ms`);
  // One run: without indexes every IP input is a scan of the observables (seconds each run).
  const scanRuns = 1;
  const scan = await time(scanRuns, () =>
    db.transaction().execute(async (trx) => {
      await sql`set local enable_indexscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      await sql`set local enable_indexonlyscan = off`.execute(trx);
      return plainSetQuery(trx, headline, report);
    }),
  );
  log(`baseline, plain set query without index scans: p50 ${round(percentile(scan, 50))} ms`);
  const main = Object.values(figures)[0]!;
  const result: CorrelationFigures = {
    store: counts,
    report: { observables: report.length, present: present.length, absent: absent.length },
    runs,
    whereSeen: figures,
    baselines: {
      perObservableLoop: { runs: loopRuns, p50Ms: round(percentile(loop, 50)), p95Ms: round(percentile(loop, 95)) },
      setQueryWithoutIndexes: { runs: scanRuns, p50Ms: round(percentile(scan, 50)), p95Ms: round(percentile(scan, 95)) },
    },
    ratios: { vsPerObservableLoop: round(percentile(loop, 50) / main.p50Ms), vsWithoutIndexes: round(percentile(scan, 50) / main.p50Ms) },
    targetMs: TARGET_MS,
    targetMet: main.p95Ms <= TARGET_MS,
  };
  log(`ratios: ${result.ratios.vsPerObservableLoop}× faster than the loop, ${result.ratios.vsWithoutIndexes}× faster than without indexes; target p95 ≤ ${TARGET_MS} ms ${result.targetMet ? 'met' : 'MISSED'}`);
  return result;
}

/**
 * Baseline (b): the same figures from one plain statement (inputs joined to observables and
 * sightings, no lateral key lookups), run with index scans disabled — what a scan of the store costs.
 */
async function plainSetQuery(db: Kysely<Database>, actor: Actor, report: Array<{ kind: string; value: string }>) {
  const ips = report.map((o) => (o.kind === 'ipv4' || o.kind === 'ipv6' ? o.value : null));
  return sql`
    select q.idx, count(distinct s.source_id) as sightings, count(distinct s.reporter_org_id) as organisations,
      array_remove(array_agg(distinct sec), null) as sectors, min(s.seen_at), max(s.seen_at)
    from unnest(${report.map((o) => o.kind)}::text[], ${report.map((o) => o.value)}::text[], ${ips}::inet[]) with ordinality as q(kind, value, ip, idx)
    join (
      select q2.idx, o.id from unnest(${report.map((o) => o.kind)}::text[], ${report.map((o) => o.value)}::text[]) with ordinality as q2(kind, value, idx)
        join intel_observables o on o.kind = q2.kind and o.value = q2.value
      union all
      select q3.idx, o.id from unnest(${ips}::inet[]) with ordinality as q3(ip, idx)
        join intel_observables o on o.ip && q3.ip
    ) m on m.idx = q.idx
    join intel_sightings s on s.observable_id = m.id
    left join lateral unnest(s.reporter_sectors) sec on true
    where ${visibleTo(actor, 's')}
    group by q.idx`.execute(db);
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th observable of the synthetic universe: a realistic kind mix, deterministic per index. */
function universe(i: number): StixObservable {
  const h = crypto.createHash('sha256').update(`obs-${i}`).digest();
  const k = i % 20;
  if (k < 7) return { kind: 'ipv4', value: `${1 + (h[0]! % 222)}.${h[1]}.${h[2]}.${h[3]}`, source: 'value' };
  if (k === 7) return { kind: 'ipv4', value: `${1 + (h[0]! % 222)}.${h[1]}.${h[2]}.0/24`, source: 'value' };
  if (k === 8) return { kind: 'ipv6', value: `2001:db8:${h.readUInt16BE(0).toString(16)}::${h.readUInt16BE(2).toString(16)}`, source: 'value' };
  if (k < 12) return { kind: 'domain', value: `host-${h.toString('hex', 0, 5)}.example`, source: 'value' };
  if (k < 14) return { kind: 'url', value: `https://cdn-${h.toString('hex', 0, 4)}.example/${h.toString('hex', 4, 8)}`, source: 'value' };
  if (k < 18) return { kind: 'sha256', value: h.toString('hex'), source: 'hashes.SHA-256' };
  if (k === 18) return { kind: 'md5', value: h.toString('hex', 0, 16), source: 'hashes.MD5' };
  return { kind: 'email', value: `u${h.toString('hex', 0, 4)}@mail-${h[5]}.example`, source: 'value' };
}

/** Loads `total` sightings through recordSightings: skewed popularity, mixed markings and reporters. */
async function load(platform: Platform, total: number): Promise<{ seconds: number; perSecond: number }> {
  const db = platform.db;
  const rand = mulberry32(42);
  const orgs = await db.selectFrom('organizations').select(['id', 'kind', 'sectors']).execute();
  const hub = orgs.find((o) => o.kind === 'national_hub')!.id as OrgId;
  const demoCompanies = orgs.filter((o) => ['operator', 'vendor', 'isac', 'sme'].includes(o.kind));
  const sectors = platform.law.sectors.map((s) => s.code);
  // 2,000 reporters (ids need no organisation row), each with one sector; a few demo companies name themselves.
  const reporters = Array.from({ length: 2000 }, () => ({ id: crypto.randomUUID() as OrgId, sectors: [sectors[Math.floor(rand() * sectors.length)]!] }));
  const distinct = Math.round(total * 0.4);
  const batch = 2000;
  const started = performance.now();
  let done = 0;
  let source = 0;
  while (done < total) {
    const sightings: Sighting[] = [];
    while (sightings.length < batch && done < total) {
      const n = rand() < 0.7 ? 1 : 2;
      const observables = Array.from({ length: n }, () => universe(Math.floor(rand() ** 2.5 * distinct)));
      const demo = rand() < 0.05 ? demoCompanies[Math.floor(rand() * demoCompanies.length)]! : null;
      const reporter = demo ? { id: demo.id as OrgId, sectors: demo.sectors } : reporters[Math.floor(rand() * reporters.length)]!;
      const m = rand();
      const mark = m < 0.6 ? marking({ tlp: 'green' })
        : m < 0.85 ? marking({ tlp: 'amber', ownerOrgId: reporter.id, recipientSectors: reporter.sectors })
        : marking({ tlp: 'amber+strict', ownerOrgId: reporter.id, recipientOrgIds: [hub] });
      sightings.push({
        sourceId: `indicator--${crypto.randomUUID()}`,
        observables,
        reporterOrgId: reporter.id,
        reporterSectors: reporter.sectors,
        nameReporter: demo !== null,
        marking: mark,
        seenAt: new Date(Date.now() - rand() * 90 * 86_400_000),
      });
      done += n;
      source++;
    }
    await db.transaction().execute((trx) => recordSightings(trx, sightings));
    if (source % 100_000 < batch) console.log(`  loaded ${done.toLocaleString()} sightings (${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString()}/s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds: round(seconds), perSecond: Math.round(total / seconds) };
}

async function actorOf(platform: Platform, email: string): Promise<Actor> {
  const u = await platform.db.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.id', 'm.org_id']).where('u.email', '=', email).executeTakeFirstOrThrow();
  return (await platform.actors.resolve(u.id, u.org_id, 'session'))!.actor;
}

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--sightings='));
  const total = arg ? Number(arg.split('=')[1]) : 1_000_000;
  // --schema=<name> measures again on a schema kept by an earlier --keep run (no load).
  const reuse = process.argv.find((a) => a.startsWith('--schema='))?.split('=')[1];
  const schema = reuse ?? `bench_intel_corr_${crypto.randomBytes(4).toString('hex')}`;
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'warn' }, { database: { kind: 'postgres', url: PG_URL, schema, poolSize: 4 } });
  const platform = await startPlatform(config, createLogger(config));
  try {
    let loaded: { seconds: number; perSecond: number } | null = null;
    if (!reuse) {
      await seedDemoWorld(platform);
      console.log(`loading ${total.toLocaleString()} sightings into schema ${schema} through recordSightings…`);
      loaded = await load(platform, total);
      console.log(`loaded in ${loaded.seconds} s (${loaded.perSecond.toLocaleString()} sightings/s, early warnings included)`);
    }
    const figures = await correlationPhase(platform.db, {
      hub: await actorOf(platform, 'hub@renkei.example'),
      company: await actorOf(platform, 'bank@renkei.example'),
    });
    const cpus = os.cpus();
    const results = {
      bench: 'intel-correlation',
      at: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}`, database: platform.database.description, loadavg: os.loadavg().map(round) },
      settings: { sightings: total, batchSources: 2000, reusedSchema: reuse !== undefined },
      load: loaded,
      ...figures,
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await platform.close();
    // --keep leaves the loaded schema for EXPLAIN sessions (drop it by hand afterwards).
    if (process.argv.includes('--keep') || reuse) {
      console.log(`kept schema ${schema}`);
      return;
    }
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Supply-chain bench: blast radius and required-vs-actual mismatches over a national supplier graph,
 * on PostgreSQL (its own database, `bench_supply`, dropped and re-created schema each run).
 *
 * Data (bench/supply-chain/graph.ts, seeded): 100,000 organisations in tiers 0–6 and 40 industry
 * clusters, 1,000,000 customer → supplier links (≈ 89% one tier down, 7% two tiers down, 4% same tier,
 * 0.3% back up: cycles exist), 90% confirmed / 7% pending / 3% rejected; the three questions answered
 * at random per link; ratings for ~70% of organisations (★1–★5, 5% of them expired). Links are loaded
 * with a stale required level (rules version `bench-previous`, level 3 everywhere), as after a change
 * of law/supply-chain/required-level.json.
 *
 * Measured through the real code (startPlatform + supplyGraphService / supplyChainRepository, no HTTP):
 *   1. Blast radius of a tier-3 supplier: graph.blastRadius(actor, orgId), the service behind
 *      GET /api/organizations/{id}/blast-radius (policy check, recursive CTE with the depth cap that
 *      makes cycles terminate, organisation look-up, per-row naming policy, audit record), for N random
 *      tier-3 suppliers, as the supplier itself (direct customers named, the rest anonymised) and as
 *      the national hub (every customer named).
 *   2. Baseline, same run, same suppliers: naive breadth-first search issuing one query per node
 *      (`select customer_org_id from supply_links where supplier_org_id = $1 and status <> 'rejected'`).
 *      Its result (customer set and shortest depth) is checked equal to the CTE's, and both against an
 *      in-memory BFS of the generated graph.
 *      Also the CPU those walks consume (PostgreSQL backend from /proc, this process from cpuUsage),
 *      since on a shared machine wall-clock time includes waiting for a core.
 *   3. Full recomputation of required vs actual: mismatchSummary with the rule file, i.e. every link's
 *      required level derived from its three answers by law/supply-chain/required-level.json and compared
 *      with its supplier's current, unexpired level, in one pass (the stored levels are stale on purpose).
 *      Checked against the same figures computed in memory with levels.requiredLevel. Then, as an extra
 *      figure, recomputeRequired bringing the stored column up to date (the start-up job after a rule
 *      change), checked by a second run writing nothing.
 *
 *   npx tsx bench/run.ts supply-chain     # writes bench/results/supply-chain.json
 *   options: --orgs=<n> (100000)  --edges=<n> (1000000)  --samples=<n> (200)  --baseline-samples=<n> (20)
 *            --no-write (do not write the results file)  --keep (leave the schema for EXPLAIN)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { supplyGraphService } from '../../src/capabilities/supply-chain/graph.js';
import { loadSupplyChainLaw } from '../../src/capabilities/supply-chain/law.js';
import { requiredLevel } from '../../src/capabilities/supply-chain/levels.js';
import { MAX_DEPTH, supplyChainRepository as repo } from '../../src/capabilities/supply-chain/repository.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createLogger, startPlatform } from '../../src/platform/platform.js';
import type { Actor } from '../../src/platform/policy/types.js';
import { makeGraph, percentile, reference, rng } from './graph.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const RESULTS = path.join(ROOT, 'bench/results/supply-chain.json');
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB_NAME = 'bench_supply';
const SCHEMA = 'bench';
const SEED = 20261202;

const option = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.split('=')[1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const ORGS = option('orgs', 100_000);
const EDGES = option('edges', 1_000_000);
const SAMPLES = option('samples', 200);
const BASELINE_SAMPLES = option('baseline-samples', 20);
const WARMUP = 10;

const log = (s: string) => console.log(`  ${s}`);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const ms = (t: number) => performance.now() - t;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s.at(-1) ?? NaN), mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) };
};
const round = (x: number) => Math.round(x * 100) / 100;

const LEVEL_WEIGHTS = [0.3, 0.15, 0.2, 0.2, 0.12, 0.03]; // none, ★1 … ★5
const CRIT = ['low', 'medium', 'high', 'critical'] as const;

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  const has = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
  if (has.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const c = new pg.Client({ connectionString: `${PG_BASE}/${DB_NAME}` });
  await c.connect();
  await c.query(`drop schema if exists ${SCHEMA} cascade`);
  await c.end();
}

async function main() {
  const load0 = os.loadavg();
  log(`load average at start: ${load0.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores, shared machine)`);
  await ensureDatabase();
  const url = `${PG_BASE}/${DB_NAME}`;
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent', RENKEI_SEED_DEMO: 'false' }, { database: { kind: 'postgres', url, schema: SCHEMA, poolSize: 10 } });
  const platform = await startPlatform(config, createLogger(config));
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${SCHEMA}` });
  await c.connect();
  const law = loadSupplyChainLaw();
  const results: Record<string, unknown> = {};
  const verification: string[] = [];
  try {
    // ------------------------------------------------------------------ data
    let t = performance.now();
    const g = makeGraph(ORGS, EDGES, SEED);
    log(`graph generated in ${fmt(ms(t) / 1000, 1)} s: ${fmt(ORGS)} organisations, ${fmt(EDGES)} links (${Object.entries(g.kinds).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
    const r = rng(SEED + 1);
    const orgIds: string[] = Array.from({ length: ORGS }, () => crypto.randomUUID());
    const indexOf = new Map(orgIds.map((id, i) => [id, i]));
    const level = new Int8Array(ORGS);
    const expired = new Uint8Array(ORGS);
    for (let o = 0; o < ORGS; o++) {
      let x = r();
      let l = 0;
      while (l < LEVEL_WEIGHTS.length - 1 && x >= LEVEL_WEIGHTS[l]!) x -= LEVEL_WEIGHTS[l++]!;
      level[o] = l;
      expired[o] = l > 0 && r() < 0.05 ? 1 : 0;
    }
    const status = new Int8Array(EDGES); // 0 confirmed, 1 pending, 2 rejected
    const answers = new Int8Array(EDGES); // bits: key data, network, outage
    const crit = new Int8Array(EDGES);
    for (let i = 0; i < EDGES; i++) {
      const x = r();
      status[i] = x < 0.9 ? 0 : x < 0.97 ? 1 : 2;
      answers[i] = (r() < 0.35 ? 1 : 0) | (r() < 0.25 ? 2 : 0) | (r() < 0.3 ? 4 : 0);
      const y = r();
      crit[i] = y < 0.2 ? 0 : y < 0.65 ? 1 : y < 0.9 ? 2 : 3;
    }

    t = performance.now();
    const hubId = crypto.randomUUID();
    await c.query(`insert into organizations (id, slug, name, name_en, kind, sectors) values ($1, 'bench-hub', 'ハブ', 'Hub', 'national_hub', '{}')`, [hubId]);
    const SECTORS = ['finance', 'electricity', 'gas', 'telecom', 'medical', 'manufacturing', 'logistics', 'it'];
    for (let i = 0; i < ORGS; i += 50_000) {
      const idx = Array.from({ length: Math.min(50_000, ORGS - i) }, (_, k) => i + k);
      await c.query(
        `insert into organizations (id, slug, name, name_en, kind, sectors)
         select id, 'org-' || n, '組織 ' || n, 'Org ' || n, kind, array[sector] from unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) as x(id, n, kind, sector)`,
        [idx.map((o) => orgIds[o]), idx, idx.map((o) => (g.tier[o] === 0 ? 'operator' : g.tier[o]! >= 5 ? 'sme' : 'vendor')), idx.map((o) => SECTORS[g.cluster[o]! % SECTORS.length])],
      );
    }
    // Ratings: the current one (active), and for 5% an expired one that must no longer count.
    const rOrg: string[] = [];
    const rLevel: number[] = [];
    const rExp: string[] = [];
    const now = Date.now();
    for (let o = 0; o < ORGS; o++) {
      if (!level[o]) continue;
      rOrg.push(orgIds[o]!);
      rLevel.push(level[o]!);
      rExp.push(new Date(now + (expired[o] ? -1 : 1) * (1 + (o % 300)) * 86_400_000).toISOString());
    }
    await c.query(
      `insert into supply_ratings (id, org_id, level, basis, status, catalogue_version, granted_at, expires_at)
       select gen_random_uuid(), o, l, case when l >= 4 then 'third_party' else 'self' end, 'active', $4, e - interval '2 years', e
       from unnest($1::uuid[], $2::int[], $3::timestamptz[]) as x(o, l, e)`,
      [rOrg, rLevel, rExp, law.catalogue.version],
    );
    // The links: secondary indexes dropped for the load and rebuilt from their own definitions after.
    const idx = (await c.query(`select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = 'supply_links' and indexname not like '%pkey' and indexdef not like '%UNIQUE%'`, [SCHEMA])).rows as { indexname: string; indexdef: string }[];
    for (const i of idx) await c.query(`drop index ${i.indexname}`);
    await c.query(`set session_replication_role = replica`);
    const STATUS = ['confirmed', 'pending', 'rejected'];
    for (let i = 0; i < EDGES; i += 100_000) {
      const n = Math.min(100_000, EDGES - i);
      const cu: string[] = new Array(n);
      const su: string[] = new Array(n);
      const st: string[] = new Array(n);
      const a: number[] = new Array(n);
      const cr: string[] = new Array(n);
      for (let k = 0; k < n; k++) {
        cu[k] = orgIds[g.customer[i + k]!]!;
        su[k] = orgIds[g.supplier[i + k]!]!;
        st[k] = STATUS[status[i + k]!]!;
        a[k] = answers[i + k]!;
        cr[k] = CRIT[crit[i + k]!]!;
      }
      await c.query(
        `insert into supply_links (id, customer_org_id, supplier_org_id, provides, holds_key_data, network_access, outage_unacceptable, criticality,
           required_level, required_rule, rules_version, status, source, tlp, clearance, owner_org_id, recipient_org_ids)
         select gen_random_uuid(), cu, su, '部品・サービス', a & 1 = 1, a & 2 = 2, a & 4 = 4, cr, 3, 'baseline', 'bench-previous', st, 'csv', 'amber+strict', 'none', cu, array[su, $6::uuid]
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[]) as x(cu, su, st, a, cr)`,
        [cu, su, st, a, cr, hubId],
      );
    }
    await c.query(`set session_replication_role = origin`);
    await c.query(`set maintenance_work_mem = '256MB'`);
    for (const i of idx) await c.query(i.indexdef);
    await c.query(`vacuum analyze supply_links`);
    await c.query(`analyze`);
    const loadMs = ms(t);
    const size = (await c.query(`select pg_size_pretty(pg_total_relation_size('supply_links')) as total`)).rows[0].total as string;
    log(`loaded in ${fmt(loadMs / 1000, 1)} s; supply_links ${size} with indexes (${idx.map((i) => i.indexname).join(', ')} rebuilt)`);
    const counts = (await c.query(`select (select count(*) from organizations)::int as orgs, (select count(*) from supply_links)::int as links, (select count(*) from supply_links l where not exists (select 1 from organizations o where o.id = l.supplier_org_id) or not exists (select 1 from organizations o where o.id = l.customer_org_id))::int as dangling`)).rows[0];
    if (counts.orgs !== ORGS + 1 || counts.links !== EDGES || counts.dangling !== 0) throw new Error(`load check failed: ${JSON.stringify(counts)}`);
    verification.push(`loaded ${fmt(counts.orgs)} organisations, ${fmt(counts.links)} links, 0 dangling references`);

    // In-memory upward adjacency (rejected links do not count), for the reference check.
    const upLists: number[][] = Array.from({ length: ORGS }, () => []);
    for (let i = 0; i < EDGES; i++) if (status[i] !== 2) upLists[g.supplier[i]!]!.push(g.customer[i]!);
    const up = upLists.map((l) => Int32Array.from(l));

    // Actors: one user per sampled supplier (the supplier asks about itself), and the hub.
    const tier3 = [...Array(ORGS).keys()].filter((o) => g.tier[o] === 3);
    const rs = rng(SEED + 2);
    const sample = new Set<number>();
    while (sample.size < Math.min(tier3.length, SAMPLES + WARMUP)) sample.add(tier3[Math.floor(rs() * tier3.length)]!);
    const chosen = [...sample];
    const users = chosen.map(() => crypto.randomUUID());
    const hubUser = crypto.randomUUID();
    await c.query(`insert into users (id, email, display_name) select id, 'u-' || id || '@bench.example', 'bench' from unnest($1::uuid[]) id`, [[...users, hubUser]]);
    await c.query(`insert into memberships (user_id, org_id, role) select u, o, 'analyst' from unnest($1::uuid[], $2::uuid[]) as x(u, o)`, [
      [...users, hubUser],
      [...chosen.map((o) => orgIds[o]!), hubId],
    ]);
    const actorOf = async (userId: string, orgId: string): Promise<Actor> => (await platform.actors.resolve(userId, orgId, 'token'))!.actor;
    const hub = await actorOf(hubUser, hubId);
    const graph = supplyGraphService(platform, law);

    // ------------------------------------------------------------------ 1. blast radius (service)
    const supplierMs: number[] = [];
    const hubMs: number[] = [];
    const cteMs: number[] = [];
    const sizes: number[] = [];
    const maxDepths: number[] = [];
    let mismatchedSamples = 0;
    for (let k = 0; k < chosen.length; k++) {
      const o = chosen[k]!;
      const orgId = orgIds[o]!;
      const me = await actorOf(users[k]!, orgId);
      let t1 = performance.now();
      const res = await graph.blastRadius(me, orgId);
      const a = ms(t1);
      t1 = performance.now();
      const resHub = await graph.blastRadius(hub, orgId);
      const b = ms(t1);
      t1 = performance.now();
      const rows = await repo.blastRadius(platform.db, orgId);
      const cte = ms(t1);
      if (k < WARMUP) continue;
      supplierMs.push(a);
      hubMs.push(b);
      cteMs.push(cte);
      sizes.push(res.total);
      const want = reference(up, o, MAX_DEPTH);
      maxDepths.push(Math.max(0, ...want.values()));
      const direct = up[o]!.length;
      const namedOk = res.items.filter((i) => i.named).length === new Set(up[o]).size && res.items.every((i) => (i.depth === 1) === i.named);
      const same = rows.length === want.size && rows.every((row) => want.get(indexOf.get(row.org_id)!) === row.depth);
      const hubOk = resHub.total === want.size && resHub.items.every((i) => i.named);
      if (!same || !namedOk || !hubOk || direct < 0) mismatchedSamples++;
    }
    if (mismatchedSamples) throw new Error(`${mismatchedSamples} blast radii differ from the in-memory reference`);
    verification.push(`${SAMPLES} blast radii equal the in-memory BFS (customer set and shortest depth); the supplier saw exactly its direct customers named; the hub saw all named`);
    const sz = [...sizes].sort((a, b) => a - b);
    log(`blast radius of a tier-3 supplier: ${fmt(SAMPLES)} suppliers, customers reached p50 ${fmt(percentile(sz, 50))}, p95 ${fmt(percentile(sz, 95))}, max ${fmt(sz.at(-1)!)}; deepest customer up to depth ${Math.max(...maxDepths)}`);
    const sup = stats(supplierMs);
    const hubS = stats(hubMs);
    const cteS = stats(cteMs);
    log(`  service as the supplier: p50 ${sup.p50} ms, p95 ${sup.p95} ms, p99 ${sup.p99} ms (target p95 ≤ 200 ms: ${sup.p95 <= 200 ? 'met' : 'NOT met'})`);
    log(`  service as the hub:      p50 ${hubS.p50} ms, p95 ${hubS.p95} ms`);
    log(`  the recursive CTE alone: p50 ${cteS.p50} ms, p95 ${cteS.p95} ms`);

    // CPU time actually spent per walk, apart from waiting for a core on a shared machine: the same
    // repository call on a one-connection pool, with that backend's utime+stime read from /proc
    // (10 ms ticks, so only the mean over all samples is meaningful), and this process's CPU per call.
    const single = await openDatabase({ kind: 'postgres', url, schema: SCHEMA, poolSize: 1 });
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single.db)).rows[0]!.pid;
    const ticks = () => {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    let backendTicks = 0;
    const nodeCpuMs: number[] = [];
    for (const o of chosen.slice(WARMUP)) {
      const t0 = ticks();
      await repo.blastRadius(single.db, orgIds[o]!);
      backendTicks += ticks() - t0;
    }
    await single.close();
    for (let k = WARMUP; k < chosen.length; k++) {
      const me = await actorOf(users[k]!, orgIds[chosen[k]!]!);
      const u0 = process.cpuUsage();
      await graph.blastRadius(me, orgIds[chosen[k]!]!);
      const u = process.cpuUsage(u0);
      nodeCpuMs.push((u.user + u.system) / 1000);
    }
    const backendCpuMeanMs = (backendTicks * 10) / SAMPLES;
    const nodeCpu = stats(nodeCpuMs);
    log(`  CPU per blast radius: PostgreSQL backend ${fmt(backendCpuMeanMs, 1)} ms on average (${backendTicks} ticks of 10 ms over ${SAMPLES} walks); this process (service, as the supplier) p50 ${nodeCpu.p50} ms, p95 ${nodeCpu.p95} ms`);

    // ------------------------------------------------------------------ 2. baseline: naive BFS
    const naiveMs: number[] = [];
    const cteSame: number[] = [];
    let queries = 0;
    const naive = async (start: string) => {
      const depth = new Map<string, number>();
      const seen = new Set([start]);
      let frontier = [start];
      for (let d = 1; d <= MAX_DEPTH && frontier.length; d++) {
        const next: string[] = [];
        for (const s of frontier) {
          queries++;
          const { rows } = await sql<{ customer_org_id: string }>`select customer_org_id from supply_links where supplier_org_id = ${s}::uuid and status <> 'rejected'`.execute(platform.db);
          for (const row of rows)
            if (!seen.has(row.customer_org_id)) {
              seen.add(row.customer_org_id);
              depth.set(row.customer_org_id, d);
              next.push(row.customer_org_id);
            }
        }
        frontier = next;
      }
      return depth;
    };
    const base = chosen.slice(WARMUP, WARMUP + BASELINE_SAMPLES);
    for (const o of base) {
      let t1 = performance.now();
      const nv = await naive(orgIds[o]!);
      naiveMs.push(ms(t1));
      t1 = performance.now();
      const rows = await repo.blastRadius(platform.db, orgIds[o]!);
      cteSame.push(ms(t1));
      if (rows.length !== nv.size || !rows.every((row) => nv.get(row.org_id) === row.depth)) throw new Error('naive BFS and the CTE disagree');
    }
    verification.push(`naive BFS equals the CTE on the ${base.length} baseline suppliers`);
    const nS = stats(naiveMs);
    const cS = stats(cteSame);
    log(`baseline naive BFS (one query per node, ${fmt(queries / base.length)} queries per supplier on average): p50 ${nS.p50} ms, p95 ${nS.p95} ms; the CTE on the same ${base.length}: p50 ${cS.p50} ms, p95 ${cS.p95} ms → CTE ${fmt(nS.p95 / cS.p95, 1)}× faster at p95, ${fmt(nS.mean / cS.mean, 1)}× on the mean`);

    // ------------------------------------------------------------------ 3. full required-vs-actual
    // Every link re-evaluated: its required level derived from its three answers by the current rule
    // file, against its supplier's current, unexpired level (stored levels are stale on purpose).
    t = performance.now();
    const summary = await repo.mismatchSummary(platform.db, law.requiredRules);
    const fullMs = ms(t);
    // The same in memory.
    const want = new Map<string, { links: number; suppliers: Set<number> }>();
    for (let i = 0; i < EDGES; i++) {
      if (status[i] === 2) continue;
      const req = requiredLevel(law.requiredRules, { holdsKeyData: (answers[i]! & 1) > 0, networkAccess: (answers[i]! & 2) > 0, outageUnacceptable: (answers[i]! & 4) > 0, criticality: CRIT[crit[i]!]! }).level;
      const s = g.supplier[i]!;
      const actual = expired[s] ? 0 : level[s]!;
      if (actual >= req) continue;
      const key = `${req}/${actual}`;
      if (!want.has(key)) want.set(key, { links: 0, suppliers: new Set() });
      want.get(key)!.links++;
      want.get(key)!.suppliers.add(s);
    }
    const summaryOk = summary.length === want.size && summary.every((row) => {
      const w = want.get(`${row.required_level}/${row.actual_level}`);
      return w !== undefined && w.links === row.links && w.suppliers.size === row.suppliers;
    });
    if (!summaryOk) throw new Error(`mismatch summary differs from the in-memory computation: ${JSON.stringify(summary)}`);
    const mismatched = summary.reduce((a, row) => a + row.links, 0);
    verification.push(`the full mismatch pass (${fmt(mismatched)} links below their required level) equals the in-memory computation with levels.requiredLevel; expired ratings not counted`);
    log(`full recomputation of required vs actual over ${fmt(EDGES)} links: ${fmt(fullMs / 1000, 2)} s, ${fmt(mismatched)} mismatched links (target ≤ 30 s: ${fullMs <= 30_000 ? 'met' : 'NOT met'})`);

    // Keeping the stored column in step after a rule change (a background job at start): every link
    // was loaded with level 3 / rule "baseline", so every link whose derived level or rule differs is written.
    t = performance.now();
    const recomputed = await repo.recomputeRequired(platform.db, law.requiredRules, law.requiredVersion, true);
    const recomputeMs = ms(t);
    const stored = await repo.mismatchSummary(platform.db);
    if (JSON.stringify(stored) !== JSON.stringify(summary)) throw new Error('stored required levels differ from the rule file after recomputeRequired');
    const again = await repo.recomputeRequired(platform.db, law.requiredRules, law.requiredVersion, false);
    if (again !== 0) throw new Error(`a second recomputeRequired wrote ${again} links`);
    verification.push(`recomputeRequired wrote ${fmt(recomputed)} links; afterwards the stored levels give the same summary, and a second run writes none`);
    log(`stored required levels re-derived after the rule change: ${fmt(recomputed)} links written in ${fmt(recomputeMs / 1000, 2)} s (background job, not the target figure)`);

    const load1 = os.loadavg();
    log(`load average at end: ${load1.map((x) => x.toFixed(2)).join(' ')}`);
    const pgVersion = (await c.query('show server_version')).rows[0].server_version as string;
    const sb = (await c.query('show shared_buffers')).rows[0].shared_buffers as string;
    Object.assign(results, {
      bench: 'supply-chain',
      ranAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverageStart: load0, loadAverageEnd: load1, note: 'shared machine (~7 people on 2 cores); figures are what this run saw' },
      postgres: { version: pgVersion, sharedBuffers: sb, database: DB_NAME },
      data: { organizations: ORGS, links: EDGES, edgeKinds: g.kinds, loadSeconds: round(loadMs / 1000), supplyLinksSize: size, maxDepthCap: MAX_DEPTH },
      blastRadius: {
        samples: SAMPLES,
        warmup: WARMUP,
        customersReached: { p50: percentile(sz, 50), p95: percentile(sz, 95), max: sz.at(-1) },
        deepestDepth: Math.max(...maxDepths),
        serviceAsSupplierMs: sup,
        serviceAsHubMs: hubS,
        cteOnlyMs: cteS,
        cpu: { backendMeanMs: round(backendCpuMeanMs), backendTicks, serviceProcessMs: nodeCpu, note: 'CPU consumed, excluding time spent waiting for a core' },
        targetP95Ms: 200,
        met: sup.p95 <= 200,
      },
      baseline: { what: 'naive BFS, one query per node', samples: base.length, queriesPerSupplier: round(queries / base.length), naiveMs: nS, cteSameSamplesMs: cS, ratioP95: round(nS.p95 / cS.p95), ratioMean: round(nS.mean / cS.mean) },
      mismatches: { what: 'mismatchSummary with the rule file: every link re-derived and compared in one pass', fullSeconds: round(fullMs / 1000), storedColumnSync: { linksWritten: recomputed, seconds: round(recomputeMs / 1000) }, mismatchedLinks: mismatched, targetSeconds: 30, met: fullMs <= 30_000, summary },
      verification,
    });
    if (!process.argv.includes('--no-write')) {
      fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
      fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
      log(`figures written to ${path.relative(process.cwd(), RESULTS)}`);
    }
  } finally {
    await c.end().catch(() => {});
    await platform.close().catch(() => {});
    if (!process.argv.includes('--keep')) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`drop schema if exists ${SCHEMA} cascade`).catch((err: unknown) => console.error(`  could not drop schema: ${String(err)}`));
      await admin.end();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`supply-chain bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});

/**
 * Matching bench: advisories against a national-scale equipment registry, on PostgreSQL.
 *
 * Inventory: 10,000 organisations (8,500 operators, 1,500 vendors, with sectors) and 1,000,000 assets
 * over 5,000 products (log-normal popularity, median ≈ 120 assets), bulk-loaded with one
 * INSERT … SELECT over generate_series. 400 of the products carry exactly the vendorProject/product
 * names of KEV entries, with an alias name:<vendor>:<product> → cpe:<vendor>:<product> for each (a
 * KEV entry names products only as text, so it matches through the alias table or not at all). Version
 * spreads per product: semver lines with patch levels (some with -rc pre-releases), Windows-style builds,
 * letter suffixes (1.1.1w, 2.4.57a), Cisco IOS trains (15.2(4)M7, 15.2(7)E3) beside IOS XE, Junos
 * (21.4R3-S7) and two-part versions. identity_keys are computed by the registry's own assetIdentity
 * for every distinct (cpe, maker, product, version) combination and copied into the bulk rows; ~30% of
 * assets are run by a vendor (operator_org_id, recipient_org_ids = [vendor]), marked amber+strict with
 * owner_org_id = org_id, as the registry writes them.
 *
 * Measured, each through the real service path in this process (startPlatform + advisoriesService /
 * assetsService on a fresh schema, no HTTP):
 *   1. CVE set: 300 CVE JSON 5 records (the CVE ids of KEV entries whose product is in the registry)
 *      with version ranges, ingested one by one: 'affected' verdicts need a version comparison.
 *   2. Full KEV: the 2025-07-22 catalogue (1,388 entries) in one ingest call, until its transaction has
 *      committed every exposure (this includes re-matching the 300 CVE advisories it flags as exploited).
 *   3. One new advisory → notifications committed: 50 single CVE records (after 5 warm-up), each about
 *      a product with 150–250 assets; the call returns after the commit of exposures + outbox events.
 *   4. One new asset → retro-match: 200 registrations (after 10 warm-up) via assetsService.create in
 *      its own transaction, then advisoriesService.retroMatch(ids, asset) with the asset.changed event
 *      the registration wrote (read from the outbox, untimed), timed on its own: what the subscriber runs.
 *   Baseline (same run, same data): the same KEV + CVE documents read naively into (vendor:product,
 *   lower, upper) rows, joined in SQL to the assets on the CPE's vendor:product, every row pulled to the
 *   application and the version compared with a split-on-dots parseInt comparator.
 *
 * Verification: before (counts, FK integrity, identity_keys/version of 2,000 random asset rows recomputed
 * with assetIdentity, alias rows) and after (every exposure of the KEV+CVE set equals the engine's verdict
 * recomputed over the baseline's independently fetched candidate rows, and nothing is missing; each new
 * advisory's exposures equal the engine's verdicts over its product's assets, with its outbox events;
 * each retro-match's exposures equal the engine's verdicts over every stored advisory).
 *
 *   npx tsx bench/run.ts matching        # writes bench/results/matching.json
 *   options: --assets=<n> (1000000)  --no-profile (skip EXPLAIN ANALYZE diagnostics)  --keep (leave the schema)
 *            --explain (EXPLAIN ANALYZE the exposure writes too: a diagnostic run, its timings are not figures)
 *   Runs at another scale, with --explain or with --no-profile write to
 *   $TMPDIR/matching-<assets>[-explain][-noprofile].json instead.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { advisoriesService } from '../../src/capabilities/advisories/service.js';
import { assetsService } from '../../src/capabilities/assets/service.js';
import { AssetChanged } from '../../src/capabilities/advisories/schema.js';
import { assetIdentity } from '../../src/capabilities/assets/identity.js';
import { cpeKeyOf } from '../../src/capabilities/advisories/engine/cpe.js';
import { nameKey, toAliasIndex } from '../../src/capabilities/advisories/engine/identity.js';
import { matchAdvisory } from '../../src/capabilities/advisories/engine/match.js';
import type { Affected, MatchResult } from '../../src/capabilities/advisories/engine/model.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger, startPlatform, type Platform } from '../../src/platform/platform.js';
import type { Actor } from '../../src/platform/policy/types.js';
import { cpeString, cveRecord, cveVersions, makeProducts, naiveInRange, percentile, rng, type BaselineRow, type Product } from './data.js';
import { postgresSettings } from '../postgres-settings.js';
import { explainOnce, foreground, installQueryLog, phaseStats, setPhase, type StatementStat } from './querylog.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const RESULTS_FULL = path.join(ROOT, 'bench/results/matching.json');
const KEV_FILE = '/work/shared/standards/kev/known_exploited_vulnerabilities.2025-07-22.json';
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const option = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.split('=')[1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const TOTAL_ASSETS = option('assets', 1_000_000);
const PRODUCTS = 5_000;
const OPERATORS = 8_500;
const VENDORS = 1_500;
const KEV_PRODUCTS = 400;
const CVE_SET = 300;
const NEW_ADVISORIES = 50;
const NEW_ADVISORY_WARMUP = 5;
const NEW_ASSETS = 200;
const NEW_ASSET_WARMUP = 10;
const PROFILE = !process.argv.includes('--no-profile');
// Keeps the bench schema afterwards, to look at plans by hand (development at small scale).
const KEEP = process.argv.includes('--keep');
// Diagnostic: EXPLAIN (ANALYZE, BUFFERS, WAL) of the first exposure-writing statement of the KEV import, of a
// new advisory and of a retro-match (each rolled back, then run for real: the timed figures then include it).
const EXPLAIN = process.argv.includes('--explain');
const SEED = 20250722;
// Only the standard run (full scale, every diagnostic on, no EXPLAIN) replaces the committed figures;
// any other run writes to the temporary directory.
const RESULTS = TOTAL_ASSETS === 1_000_000 && !EXPLAIN && PROFILE ? RESULTS_FULL : path.join(os.tmpdir(), `matching-${TOTAL_ASSETS}${EXPLAIN ? '-explain' : ''}${PROFILE ? '' : '-noprofile'}.json`);

const TARGET_KEV_S = 10;
const TARGET_ADVISORY_P95_MS = 100;
const TARGET_RETRO_P95_MS = 5;

type Kev = { catalogVersion: string; vulnerabilities: { cveID: string; vendorProject: string; product: string }[] };

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`verification failed: ${what}`);
}
function log(line: string): void {
  console.log(`  ${line}`);
}

/**
 * Before each timed phase, what earlier work left for the machine to finish is finished first, so that
 * the phase is not charged for it:
 * - the disk: sync(2) writes back the page cache's dirty data. The bulk load leaves ~550 MB (its index
 *   builds write through the page cache) that the kernel writes back 30 s later (vm.dirty_expire), which
 *   fell inside the KEV import or the retro-matches: in one run of phase 4 the writeback threads took
 *   1.25 CPU-s of its 1.7 s on the two cores, the backend and this process waited 2–4 ms for a core in
 *   the slowest calls (schedstat's run-queue delay), and retro-matches that create one exposure took 5 ms.
 * - the heap: a full garbage collection. The comparison with the baseline leaves ~430 MB of garbage:
 *   collected during phase 4, it cost 4–7 ms scavenges and concurrent marking on the second core.
 * What a phase itself writes or allocates is still written back and collected during it. Returns the
 * dirty data found and how long its writeback took, which the results record.
 */
const settle = (() => {
  let gc: (() => void) | undefined;
  const dirtyMb = () => {
    const meminfo = fs.readFileSync('/proc/meminfo', 'latin1');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
    return (kb('Dirty') + kb('Writeback')) / 1024;
  };
  return (): { dirtyMb: number; syncMs: number } => {
    const dirty = dirtyMb();
    const t0 = performance.now();
    execFileSync('sync');
    const syncMs = performance.now() - t0;
    if (!gc) {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    gc();
    return { dirtyMb: dirty, syncMs };
  };
})();

function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Direct client on the bench schema, for bulk load, checks and the baseline. */
async function client(schema: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await c.connect();
  return c;
}

const SEP = '\u0001';

// -------------------------------------------------------------------------------------------- load

interface Loaded {
  orgIds: string[];
  vendorIds: string[];
  hub: Actor;
  operator: Actor;
  combos: number;
  timings: Record<string, number>;
}

async function load(platform: Platform, c: pg.Client, products: Product[], kevByPair: Map<string, { vendorProject: string; product: string }>): Promise<Loaded> {
  const timings: Record<string, number> = {};
  const r = rng(SEED + 1);
  const sectors = platform.law.sectors.map((s) => s.code);

  // Organisations.
  let t = performance.now();
  const ids: string[] = [];
  const slugs: string[] = [];
  const names: string[] = [];
  const kinds: string[] = [];
  const secs: string[] = [];
  for (let i = 0; i < OPERATORS + VENDORS; i++) {
    const op = i < OPERATORS;
    ids.push(crypto.randomUUID());
    slugs.push(`${op ? 'op' : 'vendor'}-${i}`);
    names.push(`${op ? 'Operator' : 'Vendor'} ${i}`);
    kinds.push(op ? 'operator' : 'vendor');
    const s = op ? [...new Set([sectors[Math.floor(r() * sectors.length)]!, ...(r() < 0.2 ? [sectors[Math.floor(r() * sectors.length)]!] : [])])] : [];
    secs.push(s.join(','));
  }
  await c.query(
    `insert into organizations (id, slug, name, name_en, kind, sectors, designated)
     select id, slug, name, name, kind, case when s = '' then '{}'::text[] else string_to_array(s, ',') end, false
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) as x(id, slug, name, kind, s)`,
    [ids, slugs, names, kinds, secs],
  );
  await c.query(`create table bench_orgs (idx int primary key, id uuid not null)`);
  await c.query(`insert into bench_orgs select i - 1, id from unnest($1::uuid[]) with ordinality as x(id, i)`, [ids.slice(0, OPERATORS)]);
  await c.query(`create table bench_vendors (idx int primary key, id uuid not null)`);
  await c.query(`insert into bench_vendors select i - 1, id from unnest($1::uuid[]) with ordinality as x(id, i)`, [ids.slice(OPERATORS)]);
  // A hub analyst who publishes advisories; an operator admin who registers assets.
  const hubOrg = crypto.randomUUID();
  const hubUser = crypto.randomUUID();
  const opUser = crypto.randomUUID();
  await c.query(`insert into organizations (id, slug, name, name_en, kind, sectors) values ($1, 'bench-hub', 'Bench NCO', 'Bench NCO', 'national_hub', '{}')`, [hubOrg]);
  await c.query(`insert into users (id, email, display_name) values ($1, 'hub@bench.example', 'Hub'), ($2, 'op@bench.example', 'Operator admin')`, [hubUser, opUser]);
  await c.query(`insert into memberships (user_id, org_id, role) values ($1, $2, 'analyst'), ($3, $4, 'admin')`, [hubUser, hubOrg, opUser, ids[0]]);
  timings.organisationsMs = ms(t);

  // Products × versions, with identity keys exactly as the registry computes them.
  t = performance.now();
  const cp: number[] = [];
  const cv: number[] = [];
  const cver: string[] = [];
  const ccpe: string[] = [];
  const ckeys: string[] = [];
  const cmaker: string[] = [];
  const cprod: string[] = [];
  const ccat: string[] = [];
  for (const p of products) {
    p.versions.forEach((v, i) => {
      const cpe = cpeString(p, v);
      const id = assetIdentity({ cpe, maker: p.maker, product: p.product, version: v });
      if (id.errors.length) throw new Error(`registry refuses ${cpe}: ${id.errors[0]!.message}`);
      if (id.version !== v) throw new Error(`registry reads version ${id.version} for ${v}`);
      cp.push(p.idx);
      cv.push(i);
      cver.push(v);
      ccpe.push(cpe);
      ckeys.push(id.keys.join(SEP));
      cmaker.push(p.maker);
      cprod.push(p.product);
      ccat.push(p.category);
    });
  }
  await c.query(`create table bench_products (pidx int primary key, n int not null, nv int not null)`);
  await c.query(`insert into bench_products select * from unnest($1::int[], $2::int[], $3::int[])`, [products.map((p) => p.idx), products.map((p) => p.assets), products.map((p) => p.versions.length)]);
  await c.query(`create table bench_combos (pidx int, vidx int, version text, cpe text, keys text[], maker text, product text, category text, primary key (pidx, vidx))`);
  for (let i = 0; i < cp.length; i += 50_000) {
    const s = (a: unknown[]) => a.slice(i, i + 50_000);
    await c.query(
      `insert into bench_combos select p, v, ver, cpe, string_to_array(k, E'\\x01'), m, pr, cat
       from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) as x(p, v, ver, cpe, k, m, pr, cat)`,
      [s(cp), s(cv), s(cver), s(ccpe), s(ckeys), s(cmaker), s(cprod), s(ccat)],
    );
  }
  timings.combosMs = ms(t);

  // The assets: one INSERT … SELECT. Secondary indexes are dropped first and rebuilt after (as the
  // migration defines them); FK triggers are skipped for the load and the FKs checked by query after.
  t = performance.now();
  await c.query(`set max_parallel_workers_per_gather = 0`);
  await c.query(`select setseed(0.4242)`);
  await c.query(`set session_replication_role = replica`);
  await c.query(`drop index assets_org, assets_operator, assets_identity, assets_recipients`);
  await c.query(`
    insert into assets (id, org_id, name, category, maker, product, version, cpe, identity_keys, placement, service, criticality,
                        operator_org_id, designated_critical, source, tlp, clearance, owner_org_id, recipient_org_ids)
    select gen_random_uuid(), o.id, c.product || ' #' || x.g, c.category, c.maker, c.product, c.version, c.cpe, c.keys,
           case when x.pl < 0.25 then 'internet_facing' when x.pl < 0.85 then 'internal' else 'ot' end,
           'service ' || (x.g % 50), case when x.pl2 < 0.1 then 'critical' when x.pl2 < 0.4 then 'high' when x.pl2 < 0.9 then 'medium' else 'low' end,
           v.id, false, case when x.pl2 < 0.5 then 'api' else 'csv' end, 'amber+strict', 'none', o.id,
           case when v.id is null then '{}'::uuid[] else array[v.id] end
    from (select p.pidx, g,
                 -- newer versions are more common: vidx skewed towards the end of the list
                 least(p.nv - 1, floor(power(random(), 0.6) * p.nv))::int as vidx,
                 floor(random() * ${OPERATORS})::int as oidx,
                 case when random() < 0.3 then floor(random() * ${VENDORS})::int end as vend,
                 random() as pl, random() as pl2
          from bench_products p, generate_series(1, p.n) g) x
    join bench_combos c on c.pidx = x.pidx and c.vidx = x.vidx
    join bench_orgs o on o.idx = x.oidx
    left join bench_vendors v on v.idx = x.vend`);
  timings.assetsInsertMs = ms(t);
  t = performance.now();
  await c.query(`set session_replication_role = origin`);
  await c.query(`set maintenance_work_mem = '512MB'`);
  await c.query(`create index assets_org on assets (org_id, created_at desc)`);
  await c.query(`create index assets_operator on assets (operator_org_id) where operator_org_id is not null`);
  await c.query(`create index assets_identity on assets using gin (identity_keys)`);
  await c.query(`create index assets_recipients on assets using gin (recipient_org_ids)`);
  timings.assetsIndexMs = ms(t);

  // Aliases for the KEV-named products.
  t = performance.now();
  const from: string[] = [];
  const to: string[] = [];
  for (const p of products) {
    if (!p.kevPair) continue;
    from.push(p.kevPair);
    to.push(cpeKeyOf(cpeString(p, '*'))!);
  }
  await c.query(`insert into product_aliases (from_key, to_key, created_by) select f, t, $3 from unnest($1::text[], $2::text[]) as x(f, t)`, [from, to, hubUser]);
  await c.query(`analyze`);
  timings.aliasesAnalyzeMs = ms(t);

  const hub = (await platform.actors.resolve(hubUser, hubOrg, 'token'))!.actor;
  const operator = (await platform.actors.resolve(opUser, ids[0]!, 'token'))!.actor;
  return { orgIds: ids.slice(0, OPERATORS), vendorIds: ids.slice(OPERATORS), hub, operator, combos: cp.length, timings };
}

async function verifyLoad(c: pg.Client, products: Product[], aliases: number): Promise<string[]> {
  const out: string[] = [];
  const counts = (await c.query(`select
      (select count(*)::int from assets) as assets,
      (select count(*)::int from organizations where kind in ('operator', 'vendor')) as orgs,
      (select count(*)::int from assets where operator_org_id is not null) as operated,
      (select count(*)::int from assets a left join organizations o on o.id = a.org_id where o.id is null) as bad_org,
      (select count(*)::int from assets a left join organizations o on o.id = a.operator_org_id where a.operator_org_id is not null and (o.id is null or o.kind <> 'vendor')) as bad_op,
      (select count(*)::int from assets where owner_org_id <> org_id or tlp <> 'amber+strict'
          or recipient_org_ids <> case when operator_org_id is null then '{}'::uuid[] else array[operator_org_id] end) as bad_marking,
      (select count(*)::int from product_aliases) as aliases,
      (select count(distinct cpe)::int from assets) as distinct_cpe`)).rows[0];
  check(counts.assets === TOTAL_ASSETS, `assets ${counts.assets} ≠ ${TOTAL_ASSETS}`);
  check(counts.orgs === OPERATORS + VENDORS, `organisations ${counts.orgs}`);
  check(counts.bad_org === 0 && counts.bad_op === 0, `FK integrity: ${counts.bad_org} bad org, ${counts.bad_op} bad operator`);
  check(counts.bad_marking === 0, `${counts.bad_marking} assets marked unlike the registry`);
  check(counts.aliases === aliases, `aliases ${counts.aliases} ≠ ${aliases}`);
  const share = counts.operated / counts.assets;
  check(share > 0.28 && share < 0.32, `operator share ${share}`);
  out.push(`${fmt(counts.assets)} assets, ${fmt(counts.orgs)} organisations, ${(100 * share).toFixed(1)}% run by a vendor, ${fmt(counts.distinct_cpe)} distinct CPEs; FKs intact; marking = registry's; ${counts.aliases} aliases`);
  // Per-product counts as generated.
  const per = (await c.query(`select split_part(cpe, ':', 4) || ':' || split_part(cpe, ':', 5) as vp, count(*)::int as n from assets group by 1`)).rows as { vp: string; n: number }[];
  const want = new Map(products.map((p) => [`${p.cpeVendor}:${p.cpeProduct}`, p.assets]));
  check(per.length === products.length && per.every((x) => want.get(x.vp) === x.n), 'per-product asset counts differ from the generated ones');
  // identity_keys and version of random rows, recomputed by the registry's assetIdentity.
  const sample = (await c.query(`select cpe, purl, maker, product, version, identity_keys from assets order by random() limit 2000`)).rows as { cpe: string; purl: string | null; maker: string; product: string; version: string; identity_keys: string[] }[];
  let bad = 0;
  for (const a of sample) {
    const id = assetIdentity(a);
    if (JSON.stringify(id.keys) !== JSON.stringify(a.identity_keys) || id.version !== a.version || id.errors.length) bad++;
  }
  check(sample.length >= 1000 && bad === 0, `${bad} of ${sample.length} sampled rows have identity_keys/version unlike assetIdentity`);
  out.push(`identity_keys and version of ${sample.length} random asset rows equal assetIdentity's output (e.g. ${JSON.stringify(sample[0]!.identity_keys)})`);
  out.push(`per-product asset counts equal the generated ones for all ${products.length} products`);
  return out;
}

// -------------------------------------------------------------------------------- baseline & verify

type Pair = { advisory: string; assetId: string };
interface Candidate {
  row: number;
  assetId: string;
  cpe: string;
  maker: string;
  product: string;
  version: string | null;
}

/** The naive reading of the same documents: KEV → (vendor:product, any version); CVE → one row per affected range. */
function baselineRows(kev: Kev, cves: unknown[]): BaselineRow[] {
  const rows: BaselineRow[] = [];
  const norm = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  for (const v of kev.vulnerabilities) rows.push({ advisory: `kev:${v.cveID}`, vp: `${norm(v.vendorProject)}:${norm(v.product)}`, lower: null, upper: null, upperInclusive: false });
  for (const doc of cves as { cveMetadata: { cveId: string }; containers: { cna: { affected: { cpes: string[]; versions: { version: string; status: string; lessThan?: string; lessThanOrEqual?: string }[] }[] } } }[]) {
    for (const a of doc.containers.cna.affected) {
      const parts = a.cpes[0]!.split(':');
      const vp = `${parts[3]}:${parts[4]}`;
      for (const v of a.versions) {
        if (v.status !== 'affected') continue;
        rows.push({ advisory: `cve:${doc.cveMetadata.cveId}`, vp, lower: v.version === '0' ? null : v.version, upper: v.lessThan ?? v.lessThanOrEqual ?? null, upperInclusive: v.lessThanOrEqual !== undefined });
      }
    }
  }
  return rows;
}

async function runBaseline(c: pg.Client, rows: BaselineRow[]): Promise<{ ms: number; sqlMs: number; pulled: number; flagged: Set<string>; candidates: Candidate[] }> {
  const t0 = performance.now();
  await c.query(`create temp table bl_products (row int, vp text)`);
  await c.query(`insert into bl_products select * from unnest($1::int[], $2::text[])`, [rows.map((_, i) => i), rows.map((r) => r.vp)]);
  const res = await c.query({
    text: `select p.row, a.id, a.cpe, a.maker, a.product, a.version
           from bl_products p join assets a on split_part(a.cpe, ':', 4) || ':' || split_part(a.cpe, ':', 5) = p.vp`,
    rowMode: 'array',
  });
  const sqlMs = ms(t0);
  const flagged = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [row, assetId, cpe, maker, product, version] of res.rows as [number, string, string, string, string, string | null][]) {
    const r = rows[row]!;
    if (naiveInRange(version, r)) flagged.add(`${r.advisory}|${assetId}`);
    candidates.push({ row, assetId, cpe, maker, product, version });
  }
  const total = ms(t0);
  await c.query(`drop table bl_products`);
  return { ms: total, sqlMs, pulled: res.rows.length, flagged, candidates };
}

type AdvisoryRow = { id: string; key: string; statements: Affected[] };

/**
 * Baseline and verification of phases 1 and 2: the naive join (twice; the faster run counts), then the
 * engine's verdicts replayed over the baseline's candidate rows (fetched by CPE text, not identity_keys)
 * must equal the stored exposures; then precision, what each flags that the other does not.
 */
async function compareWithBaseline(c: pg.Client, kev: Kev, cveDocs: unknown[], byVp: Map<string, Product>, verification: string[]) {
  const bRows = baselineRows(kev, cveDocs);
  const baseline = await runBaseline(c, bRows);
  // A second run: the first one also warms the cache the same way Renkei's run had it warm.
  const baseline2 = await runBaseline(c, bRows);
  const baselineMs = Math.min(baseline.ms, baseline2.ms);
  log(`baseline: ${bRows.length} advisory-product rows ⋈ assets on CPE vendor:product, ${fmt(baseline.pulled)} rows pulled, naive compare → ${fmt(baseline.flagged.size)} pairs flagged; ${fmt(baseline.ms / 1000, 2)} s and ${fmt(baseline2.ms / 1000, 2)} s (SQL + transfer ${fmt(baseline2.sqlMs / 1000, 2)} s)`);

  // Engine verdicts over the baseline's candidate rows (fetched by cpe text, not identity_keys).
  const t = performance.now();
  const stored = await storedAdvisories(c);
  const aliases = await aliasIndex(c);
  const expected = new Map<string, MatchResult>();
  const seen = new Set<string>();
  for (const cand of baseline.candidates) {
    const adv = bRows[cand.row]!.advisory;
    const key = `${adv}|${cand.assetId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = stored.get(adv);
    if (!a) continue;
    const res = matchAdvisory({ cpe: cand.cpe, vendor: cand.maker, product: cand.product, version: cand.version ?? undefined }, a.statements, aliases);
    if (res && res.verdict !== 'not_affected') expected.set(key, res);
  }
  const engineReplayMs = ms(t);
  const actual = (await c.query({ text: `select a.source || ':' || a.source_id, e.asset_id, e.verdict from exposures e join advisories a on a.id = e.advisory_id where a.source in ('kev', 'cve')`, rowMode: 'array' })).rows as [string, string, string][];
  let mismatched = 0;
  for (const [adv, asset, verdict] of actual) if (expected.get(`${adv}|${asset}`)?.verdict !== verdict) mismatched++;
  check(actual.length === expected.size && mismatched === 0, `stored exposures ${actual.length} vs engine verdicts ${expected.size}, ${mismatched} differ`);
  verification.push(`all ${fmt(actual.length)} exposures of the KEV+CVE set equal the engine's verdicts recomputed over ${fmt(seen.size)} candidate pairs fetched independently (by CPE text, not identity_keys/aliases); none missing, none extra`);
  log(`checked: ${verification.at(-1)}`);

  // Precision: what the naive baseline flags that the engine does not, and vice versa.
  const renkeiSet = new Set(expected.keys());
  const extra: Record<string, number> = {};
  const examples: Record<string, string> = {};
  let both = 0;
  for (const k of baseline.flagged) {
    if (renkeiSet.has(k)) {
      both++;
      continue;
    }
    const [adv, assetId] = k.split('|') as [string, string];
    const a = stored.get(adv)!;
    const cand = baseline.candidates.find((x) => x.assetId === assetId)!;
    const res = matchAdvisory({ cpe: cand.cpe, vendor: cand.maker, product: cand.product, version: cand.version ?? undefined }, a.statements, aliases);
    const p = byVp.get(cand.cpe.split(':').slice(3, 5).join(':'))!;
    const why = `${p.family}`;
    extra[why] = (extra[why] ?? 0) + 1;
    examples[why] ??= `${adv} on ${p.maker} ${p.product} ${cand.version}: ${res?.reason.explanation ?? 'no statement applies'}`;
  }
  const missed: Record<string, number> = {};
  const missedExamples: Record<string, string> = {};
  for (const [k, res] of expected) {
    if (baseline.flagged.has(k)) continue;
    const fam = byVp.get(res.reason.key.replace(/^cpe:/, ''))?.family ?? 'other';
    const why = `${fam}/${res.verdict}`;
    missed[why] = (missed[why] ?? 0) + 1;
    missedExamples[why] ??= `${k.split('|')[0]} v${res.reason.assetVersion}: ${res.reason.explanation}`;
  }
  const fp = Object.values(extra).reduce((a, b) => a + b, 0);
  const fn = Object.values(missed).reduce((a, b) => a + b, 0);
  // Restricted to the CVE (version-range) part, where precision is decided.
  const cveFlagged = [...baseline.flagged].filter((k) => k.startsWith('cve:')).length;
  const cveRenkei = [...renkeiSet].filter((k) => k.startsWith('cve:'));
  const cveAffected = cveRenkei.filter((k) => expected.get(k)!.verdict === 'affected').length;
  log(`precision: baseline flags ${fmt(baseline.flagged.size)} pairs, Renkei ${fmt(renkeiSet.size)} (both ${fmt(both)}); baseline-only ${fmt(fp)} (engine: version outside the affected range), Renkei-only ${fmt(fn)} (baseline's comparator missed them)`);
  log(`  on the CVE records alone: baseline ${fmt(cveFlagged)} pairs, Renkei ${fmt(cveRenkei.length)} (${fmt(cveAffected)} affected, ${fmt(cveRenkei.length - cveAffected)} possible)`);
  for (const [k, n] of Object.entries(extra).sort((a, b) => b[1] - a[1])) log(`  baseline-only, ${k} versions: ${fmt(n)} — e.g. ${examples[k]}`);
  for (const [k, n] of Object.entries(missed).sort((a, b) => b[1] - a[1])) log(`  Renkei-only, ${k}: ${fmt(n)} — e.g. ${missedExamples[k]}`);
  return {
    baseline: { rows: bRows.length, pulled: baseline.pulled, runsMs: [baseline.ms, baseline2.ms], ms: baselineMs, flagged: baseline.flagged.size },
    precision: { renkeiPairs: renkeiSet.size, baselinePairs: baseline.flagged.size, both, baselineOnly: fp, baselineOnlyByFamily: extra, baselineOnlyExamples: examples, renkeiOnly: fn, renkeiOnlyByFamilyVerdict: missed, renkeiOnlyExamples: missedExamples, cveOnly: { baseline: cveFlagged, renkei: cveRenkei.length, renkeiAffected: cveAffected } },
    engineReplay: { pairs: seen.size, ms: engineReplayMs },
  };
}

async function storedAdvisories(c: pg.Client): Promise<Map<string, AdvisoryRow>> {
  const rows = (await c.query(`select id, source || ':' || source_id as key, statements from advisories`)).rows as AdvisoryRow[];
  return new Map(rows.map((r) => [r.key, r]));
}

async function aliasIndex(c: pg.Client) {
  return toAliasIndex((await c.query(`select from_key as "from", to_key as "to" from product_aliases`)).rows as { from: string; to: string }[]);
}

// -------------------------------------------------------------------------------------------- main

interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}
function latency(xs: number[]): Latency {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

/** Retro-match latencies grouped by how many exposures each call created. */
function retroBuckets(lat: number[], created: number[]): { exposures: string; n: number; p50: number; max: number }[] {
  const groups: [string, (n: number) => boolean][] = [['0–1', (n) => n <= 1], ['2–3', (n) => n >= 2 && n <= 3], ['4–9', (n) => n >= 4 && n <= 9], ['10+', (n) => n >= 10]];
  return groups
    .map(([exposures, inGroup]) => ({ exposures, l: latency(lat.filter((_, i) => inGroup(created[i]!))) }))
    .filter((g) => g.l.n > 0)
    .map(({ exposures, l }) => ({ exposures, n: l.n, p50: l.p50, max: l.max }));
}

function topStatements(phase: string, n = 8): StatementStat[] {
  return phaseStats(phase).slice(0, n);
}
function printStatements(title: string, phase: string, wallMs: number, perCall = 1): void {
  const st = phaseStats(phase);
  const sqlMs = foreground(phase).reduce((a, s) => a + s.ms, 0);
  const serverCpuMs = foreground(phase).reduce((a, s) => a + s.cpuMs, 0);
  log(`${title}: ${fmt(wallMs / perCall, 2)} ms per call, of which SQL round trips on its own connection ${fmt(sqlMs / perCall, 2)} ms (${((100 * sqlMs) / wallMs).toFixed(0)}%; server CPU ${fmt(serverCpuMs / perCall, 2)} ms), application (engine, JSON, Kysely, pool) ${fmt((wallMs - sqlMs) / perCall, 2)} ms`);
  for (const s of st.slice(0, 10)) log(`    ${fmt(s.ms / perCall, 2).padStart(9)} ms/call  (CPU ${fmt(s.cpuMs / perCall, 2).padStart(8)} ms, ${fmt(s.minorFaults / perCall).padStart(7)} page faults)  ${String(Math.round(s.calls / perCall)).padStart(5)}×  ${fmt(s.rows / perCall).padStart(8)} rows  ${s.sql}`);
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const schema = `bench_${crypto.randomBytes(5).toString('hex')}`;
  console.log(`matching bench: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, node ${process.version}; PostgreSQL ${new URL(PG_URL).host}, schema ${schema}`);
  installQueryLog(['127.0.0.1', 'localhost', '[::1]'].includes(new URL(PG_URL).hostname));
  const writePlans = EXPLAIN
    ? [
        ...(['kev', 'advisory', 'retro'] as const).map((p) => ({ what: `the first exposure write in phase ${p}`, key: p as string, e: explainOnce(p, /^\s*(\/\* prepared: \w+ \*\/\s*)?with (m|a) as \(/) })),
        { what: 'the candidate staging of phase kev', key: 'kevStaging', e: explainOnce('kev', /^\s*with found as \(/) },
      ]
    : [];
  // The machine may be shared: the 1/5/15-minute load average beside the figures.
  const loadBefore = os.loadavg();
  const tStart = performance.now();
  const kev = JSON.parse(fs.readFileSync(KEV_FILE, 'utf8')) as Kev;
  const pairs = new Map<string, { vendorProject: string; product: string }>();
  // Keyed as the engine keys KEV names (nameKey): "Apple|iOS" and "Apple|IOS" are one product to it.
  const kevKey = (v: { vendorProject: string; product: string }) => nameKey(v.vendorProject, v.product)!;
  for (const v of kev.vulnerabilities) if (!pairs.has(kevKey(v))) pairs.set(kevKey(v), { vendorProject: v.vendorProject, product: v.product });
  const r = rng(SEED);
  const kevChosen = shuffle([...pairs.values()], r).slice(0, KEV_PRODUCTS);
  const products = makeProducts(PRODUCTS, TOTAL_ASSETS, kevChosen, SEED, kevKey);
  const byPair = new Map(products.filter((p) => p.kevPair).map((p) => [p.kevPair!, p]));
  const byVp = new Map(products.map((p) => [`${p.cpeVendor}:${p.cpeProduct}`, p]));
  const kevInInventory = kev.vulnerabilities.filter((v) => byPair.has(kevKey(v)));
  const sizes = products.map((p) => p.assets).sort((a, b) => a - b);
  log(`catalogue: ${products.length} products (${KEV_PRODUCTS} named as in KEV, of ${pairs.size} KEV vendor/product pairs), ${fmt(products.reduce((a, p) => a + p.versions.length, 0))} product versions; assets per product median ${percentile(sizes, 50)}, p90 ${percentile(sizes, 90)}, max ${sizes.at(-1)}`);
  log(`KEV ${kev.catalogVersion}: ${kev.vulnerabilities.length} entries, ${kevInInventory.length} about a product in the registry (${fmt(kevInInventory.reduce((a, v) => a + byPair.get(kevKey(v))!.assets, 0))} entry×asset pairs)`);

  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent', RENKEI_SEED_DEMO: 'false' }, { database: { kind: 'postgres', url: PG_URL, schema, poolSize: 10 } });
  const platform = await startPlatform(config, createLogger(config));
  const c = await client(schema);
  const results: Record<string, unknown> = {};
  const settled: Record<string, { dirtyMb: number; syncMs: number }> = {};
  const verification: string[] = [];
  try {
    // ---------------------------------------------------------------- load
    let t = performance.now();
    const loaded = await load(platform, c, products, pairs);
    const loadMs = ms(t);
    log(`loaded in ${fmt(loadMs / 1000, 1)} s: ${Object.entries(loaded.timings).map(([k, v]) => `${k.replace(/Ms$/, '')} ${fmt(v / 1000, 1)} s`).join(', ')} (${fmt(loaded.combos)} distinct (cpe, version) identities computed by assetIdentity)`);
    const aliasCount = products.filter((p) => p.kevPair).length;
    verification.push(...(await verifyLoad(c, products, aliasCount)));
    for (const v of verification) log(`checked: ${v}`);
    const size = (await c.query(`select pg_size_pretty(pg_total_relation_size('assets')) as total, pg_size_pretty(pg_relation_size('assets_identity')) as gin`)).rows[0];
    log(`assets table ${size.total} with indexes (GIN identity_keys ${size.gin})`);

    const advisories = advisoriesService(platform);
    const assets = assetsService(platform);

    // ---------------------------------------------------------------- 1. CVE set
    const rc = rng(SEED + 2);
    const cveSample = shuffle(kevInInventory, rc).slice(0, CVE_SET);
    const cveDocs = cveSample.map((v) => {
      const p = byPair.get(kevKey(v))!;
      return cveRecord(v.cveID, p, cveVersions(p, rc), `${v.vendorProject} ${v.product} vulnerability`);
    });
    settled.cve = settle();
    setPhase('cve');
    t = performance.now();
    let cveExposures = 0;
    for (const doc of cveDocs) cveExposures += (await advisories.ingest(loaded.hub, doc, 'en')).exposures.created;
    const cveMs = ms(t);
    setPhase(null);
    log(`CVE set: ${cveDocs.length} records ingested one by one in ${fmt(cveMs / 1000, 2)} s (${fmt(cveMs / cveDocs.length, 1)} ms each), ${fmt(cveExposures)} exposures`);

    // ---------------------------------------------------------------- 2. full KEV
    // WAL written during the import (pg_stat_wal is cluster-wide: a quiet server makes it the import's):
    // full-page images after a checkpoint are the usual reason one run's write takes longer than another's.
    const walStats = async () => (await c.query(`select wal_records::bigint as records, wal_fpi::bigint as fpi, wal_bytes::bigint as bytes from pg_stat_wal`)).rows[0] as { records: string; fpi: string; bytes: string };
    const walBefore = await walStats();
    const checkpointsBefore = (await c.query(`select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter`)).rows[0].n as string;
    settled.kev = settle();
    setPhase('kev');
    t = performance.now();
    const kevResult = await advisories.ingest(loaded.hub, kev, 'en');
    const kevMs = ms(t);
    setPhase(null);
    const walAfter = await walStats();
    const kevWal = {
      records: Number(walAfter.records) - Number(walBefore.records),
      fullPageImages: Number(walAfter.fpi) - Number(walBefore.fpi),
      megabytes: Math.round((Number(walAfter.bytes) - Number(walBefore.bytes)) / 1e5) / 10,
      checkpointsDuring: Number((await c.query(`select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter`)).rows[0].n) - Number(checkpointsBefore),
    };
    log(`full KEV WAL: ${fmt(kevWal.records)} records, ${fmt(kevWal.fullPageImages)} full-page images, ${fmt(kevWal.megabytes, 1)} MB; checkpoints begun meanwhile: ${kevWal.checkpointsDuring}`);
    const byVerdict = (await c.query(`select a.source, e.verdict, count(*)::int as n, count(*) filter (where e.known_exploited)::int as exploited from exposures e join advisories a on a.id = e.advisory_id group by 1, 2 order by 1, 2`)).rows as { source: string; verdict: string; n: number; exploited: number }[];
    const totalExposures = byVerdict.reduce((a, x) => a + x.n, 0);
    log(`full KEV: ${kevResult.kev!.added} entries ingested in ${fmt(kevMs / 1000, 2)} s → ${fmt(kevResult.exposures.created)} exposures created, ${fmt(kevResult.exposures.updated)} updated (the CVE advisories flagged exploited, re-matched)`);
    log(`exposures now: ${byVerdict.map((x) => `${x.source}/${x.verdict} ${fmt(x.n)}`).join(', ')} (total ${fmt(totalExposures)})`);

    // ---------------------------------------------------------------- baseline + verification of 1+2
    // In a function of its own: the comparison holds some 300 MB (the baseline's candidate rows, the
    // engine's replayed verdicts), which would otherwise stay reachable through the timed phases 3 and 4
    // and charge its garbage collection (4–7 ms scavenges, concurrent marking on the second core) to the
    // platform's latencies. A server holds none of it.
    const { baseline, precision, engineReplay } = await compareWithBaseline(c, kev, cveDocs, byVp, verification);
    const aliases = await aliasIndex(c);

    // ---------------------------------------------------------------- 3. one new advisory
    const rn = rng(SEED + 3);
    const mid = shuffle(products.filter((p) => p.assets >= 150 && p.assets <= 250), rn).slice(0, NEW_ADVISORIES + NEW_ADVISORY_WARMUP);
    const newDocs = mid.map((p, i) => ({ p, id: `CVE-2099-${String(10000 + i)}`, doc: cveRecord(`CVE-2099-${String(10000 + i)}`, p, cveVersions(p, rn), `${p.maker} ${p.product} remote code execution`) }));
    const advLat: number[] = [];
    const advCreated: number[] = [];
    settled.advisory = settle();
    setPhase('advisory');
    const advPhaseT0 = performance.now();
    let advPhaseMs = 0;
    for (const [i, d] of newDocs.entries()) {
      if (i === NEW_ADVISORY_WARMUP) {
        setPhase('advisory');
        advPhaseMs = 0;
      }
      if (i < NEW_ADVISORY_WARMUP) setPhase(null);
      const t1 = performance.now();
      const res = await advisories.ingest(loaded.hub, d.doc, 'en');
      const dt = ms(t1);
      if (i >= NEW_ADVISORY_WARMUP) {
        advLat.push(dt);
        advPhaseMs += dt;
      }
      advCreated.push(res.exposures.created);
    }
    setPhase(null);
    void advPhaseT0;
    // Verify: exposures = engine verdicts over each product's assets (fetched by cpe text), outbox events present.
    {
      const vps = newDocs.map((d) => `${d.p.cpeVendor}:${d.p.cpeProduct}`);
      const rows = (await c.query({ text: `select split_part(cpe, ':', 4) || ':' || split_part(cpe, ':', 5), id, cpe, maker, product, version from assets where split_part(cpe, ':', 4) || ':' || split_part(cpe, ':', 5) = any($1::text[])`, values: [vps], rowMode: 'array' })).rows as [string, string, string, string, string, string][];
      const storedNow = await storedAdvisories(c);
      const exp = new Map<string, Set<string>>();
      for (const d of newDocs) exp.set(d.id, new Set());
      const vpToDoc = new Map(newDocs.map((d) => [`${d.p.cpeVendor}:${d.p.cpeProduct}`, d]));
      for (const [vp, id, cpe, maker, product, version] of rows) {
        const d = vpToDoc.get(vp)!;
        const res = matchAdvisory({ cpe, vendor: maker, product, version }, storedNow.get(`cve:${d.id}`)!.statements, aliases);
        if (res && res.verdict !== 'not_affected') exp.get(d.id)!.add(`${id}:${res.verdict}`);
      }
      const got = (await c.query({ text: `select a.source_id, e.asset_id || ':' || e.verdict from exposures e join advisories a on a.id = e.advisory_id where a.source_id like 'CVE-2099-%'`, rowMode: 'array' })).rows as [string, string][];
      const gotBy = new Map<string, Set<string>>();
      for (const [sid, v] of got) (gotBy.get(sid) ?? gotBy.set(sid, new Set()).get(sid)!).add(v);
      let bad = 0;
      for (const d of newDocs) {
        const e = exp.get(d.id)!;
        const g = gotBy.get(d.id) ?? new Set();
        if (e.size !== g.size || [...e].some((x) => !g.has(x))) bad++;
      }
      const events = (await c.query(`select count(*)::int as n, coalesce(sum((payload->>'count')::int), 0)::int as exposures from outbox where type = 'exposure.notified'`)).rows[0] as { n: number; exposures: number };
      check(bad === 0, `${bad} new advisories' exposures differ from the engine's verdicts`);
      const total = advCreated.reduce((a, b) => a + b, 0);
      check(events.exposures === totalExposures + total, `exposure.notified events cover ${events.exposures} exposures, expected ${totalExposures + total}`);
      verification.push(`each of the ${newDocs.length} new advisories stored exactly the engine's verdicts over its product's assets (${fmt(total)} exposures, ${fmt(Math.min(...advCreated))}–${fmt(Math.max(...advCreated))} per advisory); exposure.notified outbox events (${fmt(events.n)}) cover every exposure created in the run`);
      log(`checked: ${verification.at(-1)}`);
    }
    const advL = latency(advLat);
    log(`one new advisory → notifications committed: n=${advL.n}, p50 ${fmt(advL.p50, 1)} ms, p95 ${fmt(advL.p95, 1)} ms, max ${fmt(advL.max, 1)} ms (mean ${fmt(advCreated.slice(NEW_ADVISORY_WARMUP).reduce((a, b) => a + b, 0) / NEW_ADVISORIES, 0)} exposures each)`);

    // ---------------------------------------------------------------- 4. one new asset → retro-match
    const ra = rng(SEED + 4);
    const withAdvisories = [...new Set(cveSample.map((v) => byPair.get(kevKey(v))!))];
    const placements = ['internet_facing', 'internal', 'ot'] as const;
    const retroLat: number[] = [];
    const createLat: number[] = [];
    const retroCreated: number[] = [];
    const retroVia: string[] = [];
    const readFirstLat: number[] = [];
    const readFirstIds: string[] = [];
    const newAssetIds: string[] = [];
    settled.retro = settle();
    for (let i = 0; i < NEW_ASSET_WARMUP + NEW_ASSETS; i++) {
      const p = withAdvisories[Math.floor(ra() * withAdvisories.length)]!;
      const version = p.versions[Math.floor(ra() * p.versions.length)]!;
      const input = {
        name: `${p.product} new ${i}`,
        category: p.category as 'server',
        maker: p.maker,
        product: p.product,
        version,
        cpe: cpeString(p, version),
        placement: placements[Math.floor(ra() * 3)]!,
        criticality: 'high' as const,
        designatedCritical: false,
        ...(ra() < 0.3 ? { operatorOrg: loaded.vendorIds[Math.floor(ra() * loaded.vendorIds.length)]! } : {}),
      };
      const measured = i >= NEW_ASSET_WARMUP;
      // For comparison, a twin of each asset retro-matched with a read first (retroMatch(ids) alone, as
      // before events described the asset), before or after it in turn so that neither finds the other's
      // pages warmer; not part of the target figure.
      const twin = async () => {
        const r = await platform.transaction((trx) => assets.create(loaded.operator, trx, { ...input, name: `${input.name} (read first)` }, 'api', 'en'));
        setPhase(measured ? 'retro-read' : null);
        const t = performance.now();
        const res = await advisories.retroMatch([r.id]);
        const lat = ms(t);
        setPhase(null);
        if (measured) {
          readFirstLat.push(lat);
          readFirstIds.push(r.id);
          check(res.via === 'read', `retroMatch without a description did not read first`);
        }
      };
      if (i % 2 === 1) await twin();
      setPhase(measured ? 'asset-create' : null);
      const t0 = performance.now();
      const row = await platform.transaction((trx) => assets.create(loaded.operator, trx, input, 'api', 'en'));
      const tc = ms(t0);
      // What the asset.changed subscriber is handed: the event the registration wrote, as the route parses it.
      const event = AssetChanged.parse((await c.query(`select payload from outbox where type = 'asset.changed' order by seq desc limit 1`)).rows[0].payload);
      check(event.assetIds.length === 1 && event.assetIds[0] === row.id, `the last asset.changed event is not the registration of ${row.id}`);
      setPhase(measured ? 'retro' : null);
      const t1 = performance.now();
      const res = await advisories.retroMatch(event.assetIds, event.asset);
      const tr = ms(t1);
      setPhase(null);
      if (i % 2 === 0) await twin();
      if (measured) {
        createLat.push(tc);
        retroLat.push(tr);
        retroCreated.push(res.created);
        retroVia.push(res.via);
        newAssetIds.push(row.id);
      }
    }
    {
      const storedNow = [...(await storedAdvisories(c)).values()];
      const matchedIds = [...newAssetIds, ...readFirstIds];
      const rows = (await c.query(`select id, cpe, maker, product, version from assets where id = any($1::uuid[])`, [matchedIds])).rows as { id: string; cpe: string; maker: string; product: string; version: string }[];
      const got = (await c.query({ text: `select asset_id, advisory_id || ':' || verdict from exposures where asset_id = any($1::uuid[])`, values: [matchedIds], rowMode: 'array' })).rows as [string, string][];
      const gotBy = new Map<string, Set<string>>();
      for (const [id, v] of got) (gotBy.get(id) ?? gotBy.set(id, new Set()).get(id)!).add(v);
      let bad = 0;
      let total = 0;
      for (const a of rows) {
        const e = new Set<string>();
        for (const adv of storedNow) {
          const res = matchAdvisory({ cpe: a.cpe, vendor: a.maker, product: a.product, version: a.version }, adv.statements, aliases);
          if (res && res.verdict !== 'not_affected') e.add(`${adv.id}:${res.verdict}`);
        }
        const g = gotBy.get(a.id) ?? new Set();
        total += e.size;
        if (e.size !== g.size || [...e].some((x) => !g.has(x))) bad++;
      }
      check(rows.length === 2 * NEW_ASSETS && bad === 0, `${bad} retro-matched assets' exposures differ from the engine's verdicts over all ${storedNow.length} advisories`);
      verification.push(`each of the ${NEW_ASSETS} new assets and their ${NEW_ASSETS} read-first twins got exactly the exposures the engine finds against all ${fmt(storedNow.length)} stored advisories (${fmt(total)} in all, ${Math.min(...retroCreated)}–${Math.max(...retroCreated)} per asset)`);
      log(`checked: ${verification.at(-1)}`);
      // Each retro-match also settled its asset's pending-match row (migration 0064) in its commit.
      const left = Number((await c.query(`select count(*) from asset_match_pending where asset_id = any($1::uuid[])`, [matchedIds])).rows[0].count);
      check(left === 0, `${left} retro-matched assets are still pending a match`);
      verification.push(`no retro-matched asset is left pending`);
      log(`checked: ${verification.at(-1)}`);
    }
    const retroL = latency(retroLat);
    const createL = latency(createLat);
    log(`one new asset → retro-match: n=${retroL.n}, p50 ${fmt(retroL.p50, 2)} ms, p95 ${fmt(retroL.p95, 2)} ms, max ${fmt(retroL.max, 2)} ms (registration itself: p50 ${fmt(createL.p50, 2)} ms, p95 ${fmt(createL.p95, 2)} ms)`);
    // One statement as the event described the asset, or a read first (the node's copy was behind, or the asset changed).
    const retroPaths = Object.fromEntries(['event', 'read'].map((v) => [v, retroVia.filter((x) => x === v).length]));
    log(`  matched as the event described the asset (one statement): ${retroPaths.event}; read first: ${retroPaths.read}`);
    const readFirstL = latency(readFirstLat);
    log(`  for comparison, their twins matched with a read first (two round trips), interleaved: p50 ${fmt(readFirstL.p50, 2)} ms, p95 ${fmt(readFirstL.p95, 2)} ms, max ${fmt(readFirstL.max, 2)} ms`);
    // Whether the slow calls are the assets with many exposures (work) or any asset (the host, GC).
    const retroBySize = retroBuckets(retroLat, retroCreated);
    for (const b of retroBySize) log(`  ${b.exposures.padStart(7)} exposures: n=${String(b.n).padStart(3)}, p50 ${fmt(b.p50, 2)} ms, max ${fmt(b.max, 2)} ms`);

    // ---------------------------------------------------------------- where the time goes
    console.log('');
    log('where the time goes (SQL round trips per statement shape, as the application sees them):');
    printStatements(`full KEV (${fmt(kevMs / 1000, 2)} s)`, 'kev', kevMs);
    printStatements(`CVE set, per record`, 'cve', cveMs, cveDocs.length);
    printStatements(`new advisory, per call`, 'advisory', advPhaseMs, NEW_ADVISORIES);
    printStatements(`retro-match, per call`, 'retro', retroLat.reduce((a, b) => a + b, 0), NEW_ASSETS);
    printStatements(`retro-match with a read first (the twins), per call`, 'retro-read', readFirstLat.reduce((a, b) => a + b, 0), NEW_ASSETS);
    // The engine alone, over the same candidate pairs (no SQL): what matching itself costs.
    log(`engine alone: matchAdvisory over the ${fmt(engineReplay.pairs)} KEV+CVE candidate pairs took ${fmt(engineReplay.ms, 0)} ms (${fmt((1000 * engineReplay.ms) / engineReplay.pairs, 2)} µs per pair)`);
    const explains: Record<string, string[]> = {};
    if (PROFILE) {
      const someAsset = newAssetIds[0]!;
      const explain = async (name: string, text: string, values: unknown[]) => {
        await c.query('begin');
        try {
          const plan = (await c.query(`explain (analyze, buffers, costs off) ${text}`, values)).rows.map((x: Record<string, string>) => x['QUERY PLAN']!);
          explains[name] = plan;
        } finally {
          await c.query('rollback');
        }
      };
      await explain('closeStale(asset)', `update exposures set status = 'not_affected' where status in ('notified', 'acknowledged') and asset_id in ($1) and (advisory_id, asset_id) not in (('00000000-0000-0000-0000-000000000000'::uuid, $1::uuid))`, [someAsset]);
      const win = byPair.get(nameKey('Microsoft', 'Windows')!);
      if (win) await explain('candidateAssets(kev key)', `select * from assets where identity_keys && $1::text[]`, [[`cpe:${win.cpeVendor}:${win.cpeProduct}`, nameKey('Microsoft', 'Windows')]]);
      await explain('advisoriesByKeys(asset)', `select a.* from advisories a where exists (select k.key from advisory_keys k where k.advisory_id = a.id and k.key in ($1, $2))`, [`cpe:${withAdvisories[0]!.cpeVendor}:${withAdvisories[0]!.cpeProduct}`, 'name:x:y']);
      for (const [name, plan] of Object.entries(explains)) {
        log(`EXPLAIN ANALYZE ${name}:`);
        for (const l of plan.filter((x) => /Scan|Execution Time|Rows Removed|Planning Time|Buffers/.test(x)).slice(0, 8)) log(`    ${l.trim()}`);
      }
    }
    for (const w of writePlans) {
      log(`EXPLAIN ANALYZE of ${w.what}:`);
      for (const l of w.e.plan ?? ['(not run)']) log(`    ${l}`);
    }
    const exposuresRows = (await c.query(`select count(*)::int as n, pg_size_pretty(pg_total_relation_size('exposures')) as size from exposures`)).rows[0];

    // ---------------------------------------------------------------- summary
    const renkeiSetMs = cveMs + kevMs;
    const baselineMs = baseline.ms;
    const ratio = renkeiSetMs / baselineMs;
    const kevMet = kevMs / 1000 <= TARGET_KEV_S;
    const advMet = advL.p95 <= TARGET_ADVISORY_P95_MS;
    const retroMet = retroL.p95 <= TARGET_RETRO_P95_MS;
    console.log('');
    const table = [
      ['figure', 'measured', 'target', ''],
      ['full KEV catalogue vs 1M assets (ingest → committed)', `${fmt(kevMs / 1000, 2)} s`, `≤ ${TARGET_KEV_S} s`, kevMet ? 'met' : 'MISSED'],
      ['  exposures created / updated by it', `${fmt(kevResult.exposures.created)} / ${fmt(kevResult.exposures.updated)}`, '', ''],
      ['CVE set (300 records with ranges), one by one', `${fmt(cveMs / 1000, 2)} s`, '', ''],
      ['one new advisory → notifications committed, p50', `${fmt(advL.p50, 1)} ms`, '', ''],
      ['one new advisory → notifications committed, p95', `${fmt(advL.p95, 1)} ms`, `≤ ${TARGET_ADVISORY_P95_MS} ms`, advMet ? 'met' : 'MISSED'],
      ['one new asset → retro-match, p50', `${fmt(retroL.p50, 2)} ms`, '', ''],
      ['one new asset → retro-match, p95', `${fmt(retroL.p95, 2)} ms`, `≤ ${TARGET_RETRO_P95_MS} ms`, retroMet ? 'met' : 'MISSED'],
      ['baseline: naive SQL join + JS compare, KEV+CVE set', `${fmt(baselineMs / 1000, 2)} s`, '', ''],
      ['Renkei KEV+CVE set (CVE set + full KEV)', `${fmt(renkeiSetMs / 1000, 2)} s`, '', ''],
      ['ratio Renkei / baseline (time)', `${ratio.toFixed(2)}×`, '', ''],
      ['ratio full KEV alone / baseline (time)', `${(kevMs / baselineMs).toFixed(2)}×`, '', ''],
      ['pairs flagged: Renkei / baseline', `${fmt(precision.renkeiPairs)} / ${fmt(baseline.flagged)}`, '', ''],
      ['baseline-only (out of range per engine) / Renkei-only', `${fmt(precision.baselineOnly)} / ${fmt(precision.renkeiOnly)}`, '', ''],
    ];
    const w = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const [i, row] of table.entries()) {
      log(row.map((cell, j) => (j === 0 ? cell.padEnd(w[j]!) : cell.padStart(w[j]!))).join('  '));
      if (i === 0) log(w.map((x) => '-'.repeat(x)).join('  '));
    }
    console.log('');
    log(`targets: full KEV ${kevMet ? 'met' : 'missed'}; new advisory p95 ${advMet ? 'met' : 'missed'}; retro-match p95 ${retroMet ? 'met' : 'missed'}`);
    log(`before each timed phase, dirty page cache written back (sync) and a full GC: ${Object.entries(settled).map(([k, v]) => `${k} ${fmt(v.dirtyMb)} MB in ${fmt(v.syncMs / 1000, 1)} s`).join(', ')}`);
    log(`whole run ${fmt(ms(tStart) / 1000, 0)} s; exposures table ${fmt(exposuresRows.n)} rows, ${exposuresRows.size}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(', ')}, after ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);

    Object.assign(results, {
      bench: 'matching',
      at: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}`, database: platform.database.description, postgresSettings: await postgresSettings(PG_URL), loadAverage: { before: loadBefore, after: os.loadavg() }, settledBeforePhases: settled },
      inventory: { assets: TOTAL_ASSETS, organisations: OPERATORS + VENDORS, operators: OPERATORS, vendors: VENDORS, products: PRODUCTS, productVersions: loaded.combos, kevNamedProducts: KEV_PRODUCTS, aliases: aliasCount, assetsPerProduct: { median: percentile(sizes, 50), p90: percentile(sizes, 90), max: sizes.at(-1) }, loadMs, loadTimings: loaded.timings },
      kev: { catalogVersion: kev.catalogVersion, entries: kev.vulnerabilities.length, entriesAboutRegisteredProducts: kevInInventory.length, ingestMs: kevMs, exposuresCreated: kevResult.exposures.created, exposuresUpdated: kevResult.exposures.updated, wal: kevWal, targetSeconds: TARGET_KEV_S, met: kevMet },
      cveSet: { records: cveDocs.length, ingestMs: cveMs, exposuresCreated: cveExposures },
      exposuresBySourceVerdict: byVerdict,
      newAdvisory: { ...advL, warmup: NEW_ADVISORY_WARMUP, assetsPerProduct: '150–250', exposuresPerAdvisory: advCreated.slice(NEW_ADVISORY_WARMUP), targetP95Ms: TARGET_ADVISORY_P95_MS, met: advMet },
      retroMatch: { ...retroL, warmup: NEW_ASSET_WARMUP, registration: createL, paths: retroPaths, readFirstTwins: readFirstL, exposuresPerAsset: retroCreated, byExposuresCreated: retroBySize, targetP95Ms: TARGET_RETRO_P95_MS, met: retroMet },
      baseline: { description: 'advisory-product rows (KEV text → vendor:product, CVE cpes + ranges) joined in SQL to assets on the CPE vendor:product, all rows pulled, split-on-dots parseInt comparator in JS', ...baseline },
      ratios: { renkeiKevPlusCveOverBaseline: ratio, renkeiKevOverBaseline: kevMs / baselineMs },
      precision,
      profile: {
        engineReplay,
        kev: topStatements('kev', 10),
        cvePerRecord: topStatements('cve'),
        newAdvisory: topStatements('advisory'),
        retroMatch: topStatements('retro'),
        retroMatchReadFirst: topStatements('retro-read'),
        explain: explains,
        ...(EXPLAIN ? { writePlans: Object.fromEntries(writePlans.map((w) => [w.key, w.e.plan ?? null])) } : {}),
      },
      verification,
    });
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    log(`figures written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await c.end().catch(() => {});
    await platform.close().catch(() => {});
    if (KEEP) console.log(`  schema ${schema} kept (--keep): drop it by hand`);
    else {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade`).catch((err: unknown) => console.error(`  could not drop schema ${schema}: ${String(err)}`));
      await admin.end();
    }
  }
}

main().catch((err: unknown) => {
  console.error(`matching bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});

/**
 * Intel bench (issue 5 item 7), on PostgreSQL, in database `bench_intel` (created if missing) and a
 * fresh schema per run, so the test database is never touched:
 *
 *   1. ingest   N synthetic, schema-valid STIX 2.1 objects (bench/intel/data.ts: reports with their
 *               malware, indicators, SCOs, relationships) through the store's real ingest path —
 *               storeService.ingest(), what TAXII POST and /api/intel/bundles call: validation against
 *               the OASIS schemas and the spec rules, marking checks, version history, the collection
 *               stream, correlation sightings, audit and events — in batches (one transaction each),
 *               as the hub analyst into the national collection. Objects/s, target ≥ 20,000.
 *               Baseline, same run, same JSON: `COPY` of the NDJSON file into one jsonb table (psql).
 *   2. taxii    GET /taxii2/api/collections/<national>/objects/?limit=100 over real HTTP against the
 *               real app in a child process (bench/intel/server.ts), 32 concurrent clients, each
 *               following `next` from its own start point spread over the whole collection,
 *               authenticated with Basic as a demo company user (bank@renkei.example, so the visibility
 *               filter has work to do). Requests/s and p99; targets ≥ 1,000 req/s, p99 ≤ 50 ms.
 *               Baseline, same run, same pages: the plain indexed keyset SELECT of the page (no HTTP,
 *               no auth, no visibility) from 32 concurrent pg clients.
 *               Then, not part of a target: pages filtered by match[type] (an absent type, a rare one,
 *               two types), one client, against the unfiltered page read the same way.
 *   3. correlation  bench/intel/correlation.ts's correlationPhase(): whereSeen() of a 1,000-observable
 *               report against the sightings this ingest produced. Target ≤ 50 ms.
 *
 *   npx tsx bench/run.ts intel                       # 1,000,000 objects; writes bench/results/intel.json
 *   npx tsx bench/intel/index.ts --objects=50000     # development scale (written to $TMPDIR)
 *   options: --objects=<n> (1000000) --batch=<n> (2000) --inflight=<n> (2) --duration=<s> (10)
 *            --warmup=<s> (2) --connections=<n> (32) --keep (leave the schema) --schema=<name> (reuse a
 *            kept schema: skips ingest and COPY) --no-correlation (development: skip phase 3)
 *            --profile-server=<dir> (development: V8 CPU profile of the TAXII server into <dir>)
 *   A run with any of these options but --keep writes $TMPDIR/intel-diagnostic.json, not the results file.
 */
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { ensureCollections } from '../../src/capabilities/intel/store/collections.js';
import { storeService } from '../../src/capabilities/intel/store/service.js';
import { encodeNext } from '../../src/capabilities/intel/taxii/filters.js';
import { DEMO_PASSWORD, seedDemoWorld } from '../../src/demo/seed.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger, startPlatform, type Platform } from '../../src/platform/platform.js';
import type { Actor } from '../../src/platform/policy/types.js';
import { correlationPhase, type CorrelationFigures } from './correlation.js';
import { DATA_VERSION, GROUP_SIZE, group } from './data.js';
import type { ServerMessage } from './server.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const RESULTS_FULL = path.join(ROOT, 'bench/results/intel.json');
/**
 * Only the standard run (fresh ingest of 1M objects, default settings, every phase) is a result; any
 * other run writes to the temporary directory, so that a TAXII-only rerun on a kept schema cannot
 * replace the measured figures.
 */
const CHANGED_SETTINGS = process.argv.filter((a) => /^--(objects|batch|inflight|duration|warmup|connections|schema|profile-server)=|^--no-correlation$/.test(a));
const RESULTS = CHANGED_SETTINGS.length === 0 ? RESULTS_FULL : path.join(os.tmpdir(), 'intel-diagnostic.json');
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'bench_intel';
const TARGETS = { ingestPerSec: 20_000, taxiiPerSec: 1_000, taxiiP99Ms: 50, correlationMs: 50 };

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}
const OBJECTS = Math.ceil(option('objects', 1_000_000) / GROUP_SIZE) * GROUP_SIZE;
const BATCH = option('batch', 2000);
const INFLIGHT = option('inflight', 2);
const DURATION_S = option('duration', 10);
const WARMUP_S = option('warmup', 2);
const CONNECTIONS = option('connections', 32);
const REUSE = process.argv.find((a) => a.startsWith('--schema='))?.split('=')[1];
const KEEP = process.argv.includes('--keep');
/** Development: write a V8 CPU profile of the TAXII server child into this directory. */
const PROFILE_SERVER = process.argv.find((a) => a.startsWith('--profile-server='))?.split('=')[1];

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function dbUrl(name: string): string {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** utime + stime of a process, in seconds (Linux /proc; null when it is gone). */
function processCpuSeconds(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
}
function pidCpu(pid: number): number | null {
  try {
    return processCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}
/** Busy and total jiffies of the whole machine (steal excluded from busy). */
function machineJiffies(): { busy: number; total: number } {
  const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = v;
  return { busy: user + nice + system + irq + softirq, total: v.reduce((a, b) => a + b, 0) };
}

/**
 * CPU accounting for a measured window on a machine that may be shared: this process, the PostgreSQL backends
 * connected to the bench database (only this bench uses it), optional child processes, and the whole
 * machine — so the figures can say how much of the 2 cores the bench actually got.
 */
class CpuWindow {
  private readonly self = process.cpuUsage();
  private readonly machine = machineJiffies();
  private readonly started = performance.now();
  /** pid → its CPU seconds when last read: a backend the pool closes within the window still counts up to then. */
  private readonly latest = new Map<number, number>();
  private sampling: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private constructor(
    private readonly admin: pg.Client,
    private readonly backends: Map<number, number>,
  ) {}
  /**
   * The backends are read again every second over one connection to another database: a backend that
   * ends inside the window (the pool closes connections idle for 10 s) counts up to its last reading,
   * where reading only at both ends lost all of it (bench/intel at 1M objects: "PostgreSQL backends"
   * 51.5 µs per object against 89 µs at 300,000).
   */
  static async start(): Promise<CpuWindow> {
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    const window = new CpuWindow(admin, await benchBackends(admin));
    window.timer = setInterval(() => window.sample(), 1000);
    return window;
  }
  private sample(): Promise<void> {
    this.sampling = this.sampling.then(async () => {
      for (const [pid, cpu] of await benchBackends(this.admin)) this.latest.set(pid, cpu);
    });
    return this.sampling;
  }
  async stop(extraSeconds = 0): Promise<{ seconds: number; nodeCpuSeconds: number; postgresCpuSeconds: number; otherCpuSeconds: number; machineBusyCores: number }> {
    const seconds = (performance.now() - this.started) / 1000;
    const self = process.cpuUsage(this.self);
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    await this.admin.end();
    let pgSeconds = 0;
    for (const [pid, cpu] of this.latest) pgSeconds += cpu - (this.backends.get(pid) ?? 0);
    const m = machineJiffies();
    const busySeconds = ((m.busy - this.machine.busy) / Math.max(1, m.total - this.machine.total)) * os.cpus().length * seconds;
    const nodeCpu = (self.user + self.system) / 1e6 + extraSeconds;
    return {
      seconds: round(seconds),
      nodeCpuSeconds: round(nodeCpu),
      postgresCpuSeconds: round(pgSeconds),
      otherCpuSeconds: round(Math.max(0, busySeconds - nodeCpu - pgSeconds)),
      machineBusyCores: round(busySeconds / seconds),
    };
  }
}
/** pid → CPU seconds of every client backend connected to the bench database, read over `admin`. */
async function benchBackends(admin: pg.Client): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [DB_NAME]);
  const out = new Map<number, number>();
  for (const r of rows) {
    const cpu = pidCpu(r.pid);
    if (cpu !== null) out.set(r.pid, cpu);
  }
  return out;
}

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
  if (!rowCount) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
}

/** The objects as NDJSON (one object's JSON text a line): generated once per size, outside any timing. */
function dataFile(): string {
  const file = path.join(os.tmpdir(), `renkei-bench-intel-v${DATA_VERSION}-${OBJECTS}.ndjson`);
  if (fs.existsSync(file)) return file;
  const t = performance.now();
  const fd = fs.openSync(`${file}.part`, 'w');
  for (let g = 0; g < OBJECTS / GROUP_SIZE; g += 100) {
    const lines: string[] = [];
    for (let k = g; k < Math.min(g + 100, OBJECTS / GROUP_SIZE); k++) lines.push(...group(k));
    fs.writeSync(fd, `${lines.join('\n')}\n`);
  }
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  console.log(`generated ${OBJECTS.toLocaleString()} objects into ${file} in ${round((performance.now() - t) / 1000, 1)} s`);
  return file;
}

async function* batches(file: string, size: number): AsyncGenerator<string[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let batch: string[] = [];
  for await (const line of rl) {
    if (!line) continue;
    batch.push(line);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Baseline: the same NDJSON into one jsonb table with COPY (psql \copy: client-side file, COPY FROM STDIN). */
function copyBaseline(file: string, schema: string): { seconds: number; perSecond: number; rows: number; postgresCpuSeconds: number } {
  const url = dbUrl(DB_NAME);
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `create table "${schema}".bench_raw_stix (body jsonb not null)`]);
  const t = performance.now();
  // The backend's own CPU time, read by that backend right after its COPY (superuser: pg_read_file).
  const stat = execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qtA', '-c', `\\copy "${schema}".bench_raw_stix (body) from '${file}'`, '-c', `select pg_read_file('/proc/self/stat')`]).toString();
  const seconds = (performance.now() - t) / 1000;
  const rows = Number(execFileSync('psql', [url, '-tAc', `select count(*) from "${schema}".bench_raw_stix`]).toString().trim());
  execFileSync('psql', [url, '-qc', `drop table "${schema}".bench_raw_stix`]);
  return { seconds: round(seconds), perSecond: Math.round(rows / seconds), rows, postgresCpuSeconds: round(processCpuSeconds(stat.trim())) };
}

interface IngestFigures {
  objects: number;
  accepted: number;
  rejected: number;
  seconds: number;
  perSecond: number;
  batch: number;
  inflight: number;
  firstRejections: unknown[];
  cpu: Awaited<ReturnType<CpuWindow['stop']>>;
  /** CPU microseconds per object: this process (validation, shaping) and the PostgreSQL backends. */
  cpuMicrosPerObject: { node: number; postgres: number };
}

/** The store's ingest path, batch after batch, with up to INFLIGHT batches in flight. */
async function ingest(platform: Platform, actor: Actor, collectionId: string, file: string): Promise<IngestFigures> {
  const service = storeService(platform);
  let accepted = 0;
  let rejected = 0;
  const firstRejections: unknown[] = [];
  const running = new Set<Promise<void>>();
  const window = await CpuWindow.start();
  const started = performance.now();
  let done = 0;
  let reported = 0;
  for await (const lines of batches(file, BATCH)) {
    const objects = lines.map((l) => JSON.parse(l) as unknown);
    const p = service.ingest(actor, collectionId, objects, { clearance: 'none', nameReporter: false }).then((out) => {
      accepted += out.accepted.length;
      rejected += out.rejected.length;
      if (firstRejections.length < 5) firstRejections.push(...out.rejected.slice(0, 5 - firstRejections.length));
      done += objects.length;
      if (done - reported >= 100_000) {
        reported = done;
        console.log(`  ingested ${done.toLocaleString()} (${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString()}/s)`);
      }
    });
    const tracked = p.finally(() => running.delete(tracked));
    running.add(tracked);
    if (running.size >= INFLIGHT) await Promise.race(running);
  }
  await Promise.all(running);
  const seconds = (performance.now() - started) / 1000;
  const cpu = await window.stop();
  return {
    objects: done, accepted, rejected, seconds: round(seconds), perSecond: Math.round(done / seconds), batch: BATCH, inflight: INFLIGHT, firstRejections, cpu,
    cpuMicrosPerObject: { node: round((cpu.nodeCpuSeconds * 1e6) / done, 1), postgres: round((cpu.postgresCpuSeconds * 1e6) / done, 1) },
  };
}

async function actorOf(platform: Platform, email: string): Promise<Actor> {
  const u = await platform.db.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.id', 'm.org_id']).where('u.email', '=', email).executeTakeFirstOrThrow();
  return (await platform.actors.resolve(u.id, u.org_id, 'session'))!.actor;
}

/** Start positions spread evenly over the collection's stream: each client pages from its own. */
async function startPositions(platform: Platform, collectionId: string, n: number): Promise<Array<{ dateAdded: string; seq: number }>> {
  const { rows } = await sql<{ date_added: string; seq: string }>`
    with s as (select date_added, seq, row_number() over (order by date_added, seq) as rn, count(*) over () as total
               from stix_collection_objects where collection_id = ${collectionId}::uuid)
    select to_char(date_added at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date_added, seq
    from s where rn % greatest(1, total / ${n}) = 1 order by rn limit ${n}`.execute(platform.db);
  return rows.map((r) => ({ dateAdded: r.date_added, seq: Number(r.seq) }));
}

interface LoadFigures {
  requests: number;
  requestsPerSec: number;
  non2xx: number;
  errors: number;
  objectsPerPage: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  clientCores: number;
  serverCores?: number;
  /** Machine and PostgreSQL CPU over the measured window (backends of the bench database only). */
  cpu?: Awaited<ReturnType<CpuWindow['stop']>>;
  /** CPU milliseconds per request: HTTP server (or none), load generator, PostgreSQL backends. */
  cpuMsPerRequest?: { server: number; client: number; postgres: number };
}

/**
 * `clients` loops, each fetching a page, then the page its answer's `next` names (back to its start
 * when `more` is false), for warmup + duration seconds; only answers sent after the warm-up count.
 */
async function closedLoop(
  clients: number,
  starts: string[],
  fetchPage: (cursor: string) => Promise<{ ok: boolean; next: string | null; objects: number }>,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let objects = 0;
  const warmEnd = performance.now() + WARMUP_S * 1000;
  const end = warmEnd + DURATION_S * 1000;
  let cpuAtWarm = process.cpuUsage();
  const warm: { window: Promise<CpuWindow> | null } = { window: null };
  setTimeout(() => {
    cpuAtWarm = process.cpuUsage();
    warm.window = CpuWindow.start();
  }, WARMUP_S * 1000);
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const start = starts[c % starts.length]!;
      let cursor = start;
      while (performance.now() < end) {
        const t = performance.now();
        let r: Awaited<ReturnType<typeof fetchPage>> | null = null;
        try {
          r = await fetchPage(cursor);
        } catch {
          errors++;
        }
        const now = performance.now();
        if (t >= warmEnd && now <= end) {
          latencies.push(now - t);
          if (r && !r.ok) non2xx++;
          if (r) objects += r.objects;
        }
        cursor = r?.next ?? start;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuAtWarm);
  const machine = warm.window ? await (await warm.window).stop() : undefined;
  latencies.sort((a, b) => a - b);
  return {
    cpu: machine,
    requests: latencies.length,
    requestsPerSec: Math.round(latencies.length / DURATION_S),
    non2xx,
    errors,
    objectsPerPage: round(objects / Math.max(1, latencies.length), 1),
    latencyMs: {
      p50: round(percentile(latencies, 50)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? NaN), mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
    clientCores: round((cpu.user + cpu.system) / 1e6 / DURATION_S),
  };
}

function perRequest(f: LoadFigures, serverCpuSeconds: number): { server: number; client: number; postgres: number } {
  const n = Math.max(1, f.requests);
  return { server: round((serverCpuSeconds * 1000) / n), client: round((f.clientCores * DURATION_S * 1000) / n), postgres: round(((f.cpu?.postgresCpuSeconds ?? NaN) * 1000) / n) };
}

/** The TAXII server child and its base URL. */
async function startServer(schema: string): Promise<{ child: ReturnType<typeof fork>; baseUrl: string; ask: (type: 'cpu' | 'stop') => Promise<ServerMessage | null> }> {
  const child = fork(path.join(HERE, 'server.ts'), [], {
    cwd: ROOT, execArgv: ['--import', 'tsx', ...(PROFILE_SERVER ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_SERVER}`] : [])],
    env: { ...process.env, LOG_LEVEL: 'silent', BENCH_INTEL_SERVER: JSON.stringify({ url: dbUrl(DB_NAME), schema, poolSize: 20 }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<(m: ServerMessage | null) => void> = [];
  child.on('message', (m: ServerMessage) => waiters.shift()?.(m));
  child.on('exit', () => waiters.splice(0).forEach((w) => w(null)));
  const next = () => new Promise<ServerMessage | null>((resolve) => waiters.push(resolve));
  const ready = await next();
  if (!ready || ready.type !== 'ready') throw new Error(`TAXII server did not start: ${ready && 'message' in ready ? ready.message : 'exited'}`);
  return {
    child,
    baseUrl: ready.baseUrl,
    ask: async (type) => {
      const answer = type === 'stop' ? new Promise<null>((r) => child.once('exit', () => r(null))) : next();
      child.send({ type });
      return answer;
    },
  };
}

async function taxiiPhase(platform: Platform, schema: string, collectionId: string, positions: Array<{ dateAdded: string; seq: number }>) {
  const server = await startServer(schema);
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const base = new URL(server.baseUrl);
    const headers = {
      authorization: `Basic ${Buffer.from(`bank@renkei.example:${DEMO_PASSWORD}`).toString('base64')}`,
      accept: 'application/taxii+json;version=2.1',
    };
    const pathOf = (cursor: string) => `/taxii2/api/collections/${collectionId}/objects/?limit=100${cursor ? `&next=${cursor}` : ''}`;
    const fetchText = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: base.hostname, port: base.port, path: p, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    const get = async (cursor: string) => {
      const { status, body } = await fetchText(pathOf(cursor));
      // The envelope starts {"more":…,"next":"…","objects":[…]}: no need to parse 100 objects to page on.
      const head = body.slice(0, 400);
      const m = /"next":"([^"]+)"/.exec(head);
      // Counting objects by their top-level "spec_version" would need a parse; type ids are unique per object.
      const objects = (body.match(/"spec_version":"2\.1"/g) ?? []).length;
      return { ok: status === 200, next: m ? m[1]! : null, objects, body };
    };
    // A check before measuring: a full page of valid JSON, and `next` leads on.
    const first = await get('');
    const parsed = JSON.parse(first.body) as { more: boolean; next?: string; objects: unknown[] };
    if (!first.ok || parsed.objects.length !== 100 || !parsed.more || !parsed.next) throw new Error(`unexpected first page: ${first.body.slice(0, 300)}`);
    const starts = positions.map((p) => encodeNext(p, { versions: ['last'] }));
    // The server's CPU over the measured window only (from the end of the warm-up).
    const at: { cpu0: Promise<ServerMessage | null> | null } = { cpu0: null };
    const warm = setTimeout(() => (at.cpu0 = server.ask('cpu')), WARMUP_S * 1000);
    const figures = await closedLoop(CONNECTIONS, starts, (c) => get(c));
    clearTimeout(warm);
    const cpu1 = await server.ask('cpu');
    const c0 = at.cpu0 ? await at.cpu0 : null;
    if (c0?.type === 'cpu' && cpu1?.type === 'cpu') {
      figures.serverCores = round((cpu1.cpuMicros - c0.cpuMicros) / 1000 / (cpu1.atMs - c0.atMs));
      figures.cpuMsPerRequest = perRequest(figures, (cpu1.cpuMicros - c0.cpuMicros) / 1e6);
    }
    const byType = await typeFilteredPages(async (query) => {
      const res = await fetchText(`/taxii2/api/collections/${collectionId}/objects/?${query}`);
      if (res.status !== 200) throw new Error(`GET objects?${query}: ${res.status} ${res.body.slice(0, 200)}`);
      return JSON.parse(res.body) as { more: boolean; next?: string; objects?: Array<{ type: string }> };
    });
    agent.destroy();
    return { figures, firstPageBytes: first.body.length, byType };
  } finally {
    await server.ask('stop');
  }
}

interface TypeFilteredFigures {
  query: string;
  pages: number;
  objects: number;
  latencyMs: { p50: number; p95: number; max: number };
}

/**
 * TAXII pages filtered by match[type], one client, one page after another following `next` from the
 * start of the collection (not part of a target): a type the collection does not hold (the bench data
 * has none of attack-pattern), its rarest type (malware, one object in 20) and two types; the
 * unfiltered page, read the same way, is the baseline. Every object returned must be of a type asked for.
 */
async function typeFilteredPages(getPage: (query: string) => Promise<{ more: boolean; next?: string; objects?: Array<{ type: string }> }>): Promise<TypeFilteredFigures[]> {
  const PAGES = 20;
  const shapes = [
    { query: 'limit=100', types: null },
    { query: 'limit=100&match[type]=attack-pattern', types: ['attack-pattern'] },
    { query: 'limit=100&match[type]=malware', types: ['malware'] },
    { query: 'limit=100&match[type]=indicator,malware', types: ['indicator', 'malware'] },
  ];
  const out: TypeFilteredFigures[] = [];
  for (const shape of shapes) {
    const lat: number[] = [];
    let objects = 0;
    let next: string | undefined;
    for (let i = 0; i < PAGES; i++) {
      const t = performance.now();
      const env = await getPage(next ? `${shape.query}&next=${encodeURIComponent(next)}` : shape.query);
      lat.push(performance.now() - t);
      const got = env.objects ?? [];
      if (shape.types && got.some((o) => !shape.types.includes(o.type))) throw new Error(`GET objects?${shape.query} returned another type`);
      objects += got.length;
      next = env.more ? env.next : undefined;
    }
    lat.sort((a, b) => a - b);
    out.push({ query: shape.query, pages: PAGES, objects, latencyMs: { p50: round(percentile(lat, 50)), p95: round(percentile(lat, 95)), max: round(lat.at(-1)!) } });
  }
  return out;
}

/** Baseline: the plain indexed keyset SELECT of the same pages, 32 concurrent pg clients, no HTTP/auth/visibility. */
async function plainSelectPhase(schema: string, collectionId: string, positions: Array<{ dateAdded: string; seq: number }>) {
  const pool = new pg.Pool({ connectionString: dbUrl(DB_NAME), max: CONNECTIONS, options: `-c search_path="${schema}"` });
  const query = {
    name: 'bench-page',
    text: `select e.seq, to_char(e.date_added at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date_added, e.body
      from stix_collection_objects e
      where e.collection_id = $1 and (e.date_added, e.seq) > ($2::timestamptz, $3::bigint)
      order by e.date_added, e.seq limit 101`,
  };
  const starts = positions.map((p) => `${p.dateAdded}|${p.seq}`);
  try {
    const plan = await pool.query(`explain ${query.text}`, [collectionId, positions[0]!.dateAdded, positions[0]!.seq]);
    const figures = await closedLoop(CONNECTIONS, starts, async (cursor) => {
      const [d, s] = cursor.split('|');
      const { rows } = await pool.query<{ seq: string; date_added: string; body: string }>({ ...query, values: [collectionId, d, s] });
      const last = rows[Math.min(99, rows.length - 1)];
      return { ok: true, next: rows.length > 100 && last ? `${last.date_added}|${last.seq}` : null, objects: Math.min(100, rows.length) };
    });
    figures.cpuMsPerRequest = perRequest(figures, 0);
    return { figures, plan: plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']) };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  await ensureDatabase();
  const schema = REUSE ?? `bench_intel_${crypto.randomBytes(4).toString('hex')}`;
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'warn' }, { database: { kind: 'postgres', url: dbUrl(DB_NAME), schema, poolSize: 8 } });
  const platform = await startPlatform(config, createLogger(config));
  const uptime = () => fs.readFileSync('/proc/loadavg', 'utf8').trim();
  console.log(`database ${DB_NAME}, schema ${schema}; objects ${OBJECTS.toLocaleString()}; load average ${uptime()}`);
  let failed = false;
  try {
    let copy: ReturnType<typeof copyBaseline> | null = null;
    let ingested: IngestFigures | null = null;
    const hub = await actorOf(platform, 'hub@renkei.example').catch(async () => {
      await seedDemoWorld(platform);
      return actorOf(platform, 'hub@renkei.example');
    });
    // What the intel routes do at start: the standard collections (national, sectors, ISACs, organisations).
    await ensureCollections(platform.db, platform.law);
    const national = (await platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'national').executeTakeFirstOrThrow()).id;
    const loadavg: Record<string, string> = { start: uptime() };
    if (!REUSE) {
      const file = dataFile();
      copy = copyBaseline(file, schema);
      console.log(`baseline COPY of the same JSON into one jsonb table: ${copy.perSecond.toLocaleString()} objects/s (${copy.seconds} s; PostgreSQL backend ${round((copy.postgresCpuSeconds * 1e6) / copy.rows, 1)} µs CPU/object)`);
      loadavg['beforeIngest'] = uptime();
      console.log(`ingesting through storeService.ingest (batch ${BATCH}, ${INFLIGHT} in flight)…`);
      ingested = await ingest(platform, hub, national, file);
      loadavg['afterIngest'] = uptime();
      console.log(`ingest: ${ingested.perSecond.toLocaleString()} objects/s (${ingested.seconds} s; ${ingested.accepted.toLocaleString()} accepted, ${ingested.rejected} rejected); ${round(ingested.perSecond / copy.perSecond, 3)}× COPY`);
      console.log(`  CPU per object: node ${ingested.cpuMicrosPerObject.node} µs, PostgreSQL backends ${ingested.cpuMicrosPerObject.postgres} µs; the machine was ${ingested.cpu.machineBusyCores} of ${os.cpus().length} cores busy, ${ingested.cpu.otherCpuSeconds} CPU-s of it outside this process and the bench database's backends (read every second)`);
      if (ingested.rejected) {
        console.error('rejections:', JSON.stringify(ingested.firstRejections));
        failed = true;
      }
      await sql`vacuum analyze stix_collection_objects`.execute(platform.db);
      await sql`vacuum analyze stix_objects`.execute(platform.db);
    }
    const counts = (await sql<{ objects: number; entries: number }>`
      select (select count(*) from stix_objects)::int as objects, (select count(*) from stix_collection_objects)::int as entries`.execute(platform.db)).rows[0]!;
    console.log(`store: ${counts.objects.toLocaleString()} object versions, ${counts.entries.toLocaleString()} collection entries`);

    const positions = await startPositions(platform, national, CONNECTIONS);
    loadavg['beforeTaxii'] = uptime();
    const taxii = await taxiiPhase(platform, schema, national, positions);
    const t = taxii.figures;
    console.log(`TAXII GET objects (limit 100, ${CONNECTIONS} clients, bank user): ${t.requestsPerSec.toLocaleString()} req/s, p50 ${t.latencyMs.p50} ms, p99 ${t.latencyMs.p99} ms (${t.objectsPerPage} objects/page, ${t.non2xx} non-2xx, ${t.errors} errors; server ${t.serverCores} cores, client ${t.clientCores})`);
    console.log(`  CPU ms/request: ${JSON.stringify(t.cpuMsPerRequest)}; machine ${t.cpu?.machineBusyCores} cores busy, ${t.cpu?.otherCpuSeconds} CPU-s of it outside this process and the bench database's backends (the server's included)`);
    for (const b of taxii.byType) console.log(`  one client, ${b.pages} pages in turn, GET objects?${b.query}: p50 ${b.latencyMs.p50} ms, p95 ${b.latencyMs.p95} ms, max ${b.latencyMs.max} ms (${b.objects.toLocaleString()} objects)`);
    const plain = await plainSelectPhase(schema, national, positions);
    const p = plain.figures;
    console.log(`baseline plain indexed SELECT of the page (${CONNECTIONS} pg clients): ${p.requestsPerSec.toLocaleString()} req/s, p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms; CPU ms/request ${JSON.stringify(p.cpuMsPerRequest)}`);
    loadavg['afterTaxii'] = uptime();

    const correlation: CorrelationFigures | null = process.argv.includes('--no-correlation') ? null : await correlationPhase(platform.db, { hub, company: await actorOf(platform, 'bank@renkei.example') });
    loadavg['end'] = uptime();

    const ratios = {
      ingestVsCopy: copy && ingested ? round(ingested.perSecond / copy.perSecond, 3) : null,
      taxiiVsPlainSelect: round(t.requestsPerSec / p.requestsPerSec, 3),
      taxiiP99VsPlainSelectP99: round(t.latencyMs.p99 / p.latencyMs.p99, 2),
    };
    const met = {
      ingest: ingested ? ingested.perSecond >= TARGETS.ingestPerSec : null,
      taxiiRequestsPerSec: t.requestsPerSec >= TARGETS.taxiiPerSec,
      taxiiP99: t.latencyMs.p99 <= TARGETS.taxiiP99Ms,
      correlation: correlation ? correlation.targetMet : null,
    };
    console.log(`ratios: ingest ${ratios.ingestVsCopy}× COPY; TAXII ${ratios.taxiiVsPlainSelect}× the plain SELECT's req/s, p99 ${ratios.taxiiP99VsPlainSelectP99}× its p99`);
    console.log(`targets: ingest ≥ ${TARGETS.ingestPerSec}/s ${fmt(met.ingest)}; TAXII ≥ ${TARGETS.taxiiPerSec} req/s ${fmt(met.taxiiRequestsPerSec)}, p99 ≤ ${TARGETS.taxiiP99Ms} ms ${fmt(met.taxiiP99)}; correlation ≤ ${TARGETS.correlationMs} ms ${fmt(met.correlation)}`);
    console.log(`load average: ${JSON.stringify(loadavg)}`);

    const cpus = os.cpus();
    const results = {
      bench: 'intel',
      at: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}`, database: platform.database.description, loadavg },
      settings: { objects: OBJECTS, batch: BATCH, inflight: INFLIGHT, connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S, reusedSchema: REUSE ?? null, fullScale: OBJECTS >= 1_000_000 },
      store: counts,
      ingest: ingested && copy ? { ...ingested, baselineCopy: copy } : null,
      taxii: { endpoint: `GET /taxii2/api/collections/<national>/objects/?limit=100 following next (Basic, bank@renkei.example)`, ...t, baselinePlainSelect: { ...p, plan: plain.plan }, byType: taxii.byType },
      correlation,
      ratios,
      targets: TARGETS,
      targetsMet: met,
    };
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${RESULTS === RESULTS_FULL ? path.relative(process.cwd(), RESULTS) : `${RESULTS} (settings changed: ${CHANGED_SETTINGS.join(' ')})`}`);
  } finally {
    await platform.close();
    if (KEEP || REUSE) console.log(`kept schema ${schema} in database ${DB_NAME}`);
    else {
      const admin = new pg.Client({ connectionString: dbUrl(DB_NAME) });
      await admin.connect();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  }
  if (failed) process.exitCode = 1;
}

const fmt = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

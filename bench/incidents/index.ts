/**
 * Incidents bench: how many incident reports per second the platform files, and how fast each one
 * reaches its recipients.
 *
 *   renkei   POST /api/incidents (Bearer API token of an operator user, a unique Idempotency-Key per
 *            request, a unified-form report with 20 indicators): auth hook, rate limiter, zod, policy,
 *            indicator normalisation, idempotency record, report + version + deliveries + stages +
 *            indicators, the audit-chain entry and two outbox events, all in one statement (shared with
 *            the filings that arrive meanwhile: group commit, see src/capabilities/incidents); then the
 *            dispatcher publishes the events and the SSE streams of the recipients carry them.
 *            Fan-out latency: from the moment a client starts its POST to the moment the LAST recipient's
 *            SSE client (the national hub and the competent ministry of the reporter's sector, each on
 *            its own GET /api/events) has the `incident.submitted` frame of that report, matched by the
 *            report id of the 201 answer.
 *   plain    POST /plain on a bare Fastify server: `insert into bench_plain (id, body)` of the same JSON
 *            documents, on a pool of the same size, nothing else. The ceiling of "store a document".
 *            On PostgreSQL it runs first and last (the ratio uses the mean), so drift shows.
 *
 * Both run on PostgreSQL (a fresh schema, dropped afterwards) and on in-memory PGlite. Process layout
 * as in bench/platform: each server in its own child process (node --import tsx bench/incidents/
 * server.ts), the load clients and SSE readers here in the parent. 32 clients, each with its own API
 * token (users of operator organisations; several clients share a user) and its own keep-alive
 * connection, each sending its next report as soon as the previous one is answered (closed loop).
 * Throughput counts the 201s answered inside the measured window; latencies are those of requests
 * started inside it; nothing is cut off (every request started is awaited and checked).
 *
 * Checked before (a refused anonymous POST; one report filed, its deliveries, its SSE frames at the
 * hub and the ministry, and an Idempotency-Key replay answering the same id) and after (the database:
 * incident_reports rows = the 201s, the same ids; every report has exactly its deliveries nco + competent
 * ministry, two stages each, version 1, 20 indicator rows; idempotency keys; audit entries and the whole
 * audit chain verified; every report's indicators recorded as intel sightings and no outbox row left
 * unpublished, once the event subscribers have worked off their backlog (waited for up to 30 s; the
 * wait is printed); the SSE side: every frame matched a report we filed, each recipient got every
 * report meant for it and nothing else, an outsider (the PPC) got none; no non-2xx answer, no error).
 * Any failed check fails the bench: no figures are written.
 *
 *   npx tsx bench/run.ts incidents                    # the measured run; writes bench/results/incidents.json
 *   npx tsx bench/run.ts incidents --cpu-prof         # + a V8 CPU profile of the Renkei server over the
 *                                                     #   measured window, summarised (no results file)
 *   npx tsx bench/run.ts incidents --breakdown        # PostgreSQL only: + time per statement, pool waits,
 *                                                     #   audit-head lock hold/wait, pg_stat_activity
 *                                                     #   sampling, and a diagnostic run with the audit
 *                                                     #   append stubbed out (no results file)
 *   Besides throughput and latency, each row shows CPU per report: the server process (kernel part in
 *   brackets), every PostgreSQL process on the machine ("pg", which counts other users of the same
 *   server too) and only this server's own backends ("own pg", by application_name), and for Renkei how
 *   many reports each filing statement carried. RENKEI_INCIDENTS_GROUP_COMMIT=off in the environment
 *   files one report per statement, for comparison.
 *   options: --duration=<s> (15)  --warmup=<s> (3)  --clients=<n> (32)  --pool=<n> (20)
 *            --indicators=<n> (20)  --only=postgres|pglite
 *   A run with any of these options writes $TMPDIR/incidents-diagnostic.json, not the results file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { summarizeProfile } from '../platform/profile.js';
import { campaignPool, makeSubmission, post, rng, SseReader, type SseFrame } from './load.js';
import type { ClientIdentity, FromServer, Mark, ServerSpec, StatementStats, ToServer, Verification } from './protocol.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const RESULTS_FULL = path.join(ROOT, 'bench/results/incidents.json');
/**
 * Only the standard run (both databases, default settings) is a result; a run with any setting changed
 * writes to the temporary directory, so that a short diagnostic run cannot replace the measured figures.
 */
const CHANGED_SETTINGS = process.argv.filter((a) => /^--(duration|warmup|clients|pool|indicators|only)=/.test(a));
const RESULTS = CHANGED_SETTINGS.length === 0 ? RESULTS_FULL : path.join(os.tmpdir(), 'incidents-diagnostic.json');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TARGET_REPORTS_PER_SEC = 1000;
const TARGET_FANOUT_P99_MS = 250;
const TARGET_PLAIN_RATIO = 0.3;

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}
const DURATION_S = option('duration', 15);
const WARMUP_S = option('warmup', 3);
const CLIENTS = option('clients', 32);
const POOL = option('pool', 20);
const INDICATORS = option('indicators', 20);
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? null;
const PROFILE = process.argv.includes('--cpu-prof');
const BREAKDOWN = process.argv.includes('--breakdown');
const DRAIN_TIMEOUT_MS = 30_000;

/** Users of operator organisations who may file (admins, analysts, reporters), client i → user i mod n. */
const CLIENT_USERS: [email: string, slug: string][] = [
  ['bank@renkei.example', 'sakura-bank'],
  ['power@renkei.example', 'tokai-power'],
  ['port@renkei.example', 'meiko-terminal'],
  ['gas@renkei.example', 'minato-gas'],
  ['air@renkei.example', 'aozora-air'],
  ['rail@renkei.example', 'kanto-rail'],
  ['telecom@renkei.example', 'nihon-tsushin'],
  ['hospital@renkei.example', 'yamabiko-hospital'],
  ['water@renkei.example', 'midori-water'],
  ['card@renkei.example', 'kizuna-card'],
  ['shinkin@renkei.example', 'hikari-shinkin'],
  ['chemical@renkei.example', 'seto-chemical'],
  ['bank-analyst@renkei.example', 'sakura-bank'],
  ['bank-reporter@renkei.example', 'sakura-bank'],
  ['power-analyst@renkei.example', 'tokai-power'],
];
/** Recipients whose SSE streams are watched: the hub and every competent ministry of those sectors. */
const RECIPIENT_USERS = ['hub@renkei.example', 'fsa@renkei.example', 'meti@renkei.example', 'mlit@renkei.example', 'mic@renkei.example', 'mhlw@renkei.example'];
/** Receives none of these reports (no personal data): must see no incident event at all. */
const OUTSIDER = 'ppc@renkei.example';

interface Figures {
  scenario: string;
  target: 'renkei' | 'plain';
  database: string;
  /** 201s answered inside the measured window, per second. */
  reportsPerSec: number;
  answered201: number;
  non2xx: number;
  errors: number;
  latencyMs: { p50: number; p99: number; max: number; mean: number };
  /** renkei only: submit start → last recipient's SSE frame. */
  fanoutMs: null | { p50: number; p99: number; max: number; reports: number; missing: number };
  /** renkei only: the client has its 201 → the last recipient has the frame (negative: the frames came first). */
  fanoutAfterAnswerMs: null | { p50: number; p99: number };
  serverCores: number;
  loadgenCores: number;
  machineCores: number | null;
  postgresCores: number | null;
  otherCores: number | null;
  serverEventLoopUtilization: number;
  serverCpuMicrosPerReport: number;
  /** The kernel's part of serverCpuMicrosPerReport. */
  serverSystemCpuMicrosPerReport: number | null;
  postgresCpuMicrosPerReport: number | null;
  /**
   * PostgreSQL CPU of this server's own backends only (found by application_name, read from /proc),
   * per report: unlike postgresCpuMicrosPerReport it leaves out other users of the same PostgreSQL.
   */
  ownBackendsCpuMicrosPerReport: number | null;
  /** renkei: statements that carried filings, and filings per statement (group commit), in the window. */
  filingStatements: null | { statements: number; perStatement: number };
}

interface Scenario {
  name: string;
  spec: ServerSpec;
  dbKind: 'postgres' | 'pglite';
}

/** A child server and request/answer over IPC (one question at a time). */
class ServerChild {
  private waiting: ((m: FromServer) => void) | null = null;
  private readonly exited: Promise<number | null>;
  ready!: Extract<FromServer, { type: 'ready' }>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromServer) => {
      if (m.type === 'error') console.error(`  server error: ${m.message}`);
      const w = this.waiting;
      this.waiting = null;
      w?.(m);
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => this.waiting?.({ type: 'error', message: 'server exited' }));
  }

  static async start(spec: ServerSpec): Promise<ServerChild> {
    const child = fork(path.join(HERE, 'server.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SERVER: JSON.stringify(spec), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const s = new ServerChild(child);
    const first = await s.next(180_000);
    if (first.type !== 'ready') throw new Error(`server did not start: ${'message' in first ? first.message : first.type}`);
    s.ready = first;
    return s;
  }

  private next(timeoutMs = 60_000): Promise<FromServer> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('server did not answer in time')), timeoutMs);
      this.waiting = (m) => {
        clearTimeout(t);
        resolve(m);
      };
    });
  }

  async ask<T extends FromServer['type']>(msg: ToServer & { type: T }): Promise<Extract<FromServer, { type: T }>> {
    const answer = this.next(120_000);
    this.child.send(msg);
    const m = await answer;
    if (m.type !== msg.type) throw new Error(`server answered ${m.type} to ${msg.type}${'message' in m ? `: ${m.message}` : ''}`);
    return m as Extract<FromServer, { type: T }>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.send({ type: 'stop' } satisfies ToServer);
    const t = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** CPU jiffies from /proc (Linux; null elsewhere): machine busy (no steal), total, and every `postgres` process. */
function machineCpu(): { busy: number; total: number; postgres: number } | null {
  try {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = v;
    let postgres = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const f = stat.slice(close + 2).split(' ');
        postgres += Number(f[11]) + Number(f[12]);
      } catch {
        /* the process has gone */
      }
    }
    return { busy: user + nice + system + irq + softirq, total: v.reduce((a, b) => a + b, 0), postgres };
  } catch {
    return null;
  }
}

/**
 * CPU time of the PostgreSQL backends serving one application_name, sampled from /proc every 250 ms so
 * a connection that closes inside the window still counts (up to its last sample).
 */
class BackendCpu {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private busy = false;
  private readonly tick = Math.round(1e6 / 100); // µs per jiffy (USER_HZ = 100 on Linux)

  constructor(private readonly appName: string) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: PG_URL });
    await this.client.connect();
    await this.sample(true);
    this.timer = setInterval(() => void this.sample(false), 250);
  }

  private async sample(initial: boolean): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [this.appName]);
      for (const { pid } of rows) {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          const jiffies = Number(f[11]) + Number(f[12]);
          // A backend first seen after the start was born inside the window: all its time counts.
          if (!this.first.has(pid)) this.first.set(pid, initial ? jiffies : 0);
          this.last.set(pid, jiffies);
        } catch {
          /* gone meanwhile */
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Microseconds of CPU the backends used since start(). */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await sleep(5);
    await this.sample(false);
    await this.client?.end();
    let jiffies = 0;
    for (const [pid, last] of this.last) jiffies += last - (this.first.get(pid) ?? 0);
    return jiffies * this.tick;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Sent {
  worker: number;
  key: string;
  body: string;
  t0: number;
  t1: number;
  status: number;
  id: string | null;
  error: string | null;
}

/** What the SSE readers saw, per report id and recipient organisation. */
class FanoutLog {
  /** reportId → recipient org → arrival time (first frame). */
  readonly arrivals = new Map<string, Map<string, number>>();
  readonly indicatorsFrames = new Map<string, number>();
  duplicates = 0;
  outsiderFrames = 0;
  otherFrames = 0;

  frame(orgId: string, f: SseFrame, at: number): void {
    if (f.type === 'incident.submitted') {
      const id = String(f.payload.id);
      let m = this.arrivals.get(id);
      if (!m) this.arrivals.set(id, (m = new Map()));
      if (m.has(orgId)) this.duplicates++;
      else m.set(orgId, at);
    } else if (f.type === 'incident.indicators') {
      this.indicatorsFrames.set(orgId, (this.indicatorsFrames.get(orgId) ?? 0) + 1);
    } else {
      this.otherFrames++;
    }
  }

  /** When the last of `orgs` received report `id`, or null while one has not. */
  completeAt(id: string, orgs: string[]): number | null {
    const m = this.arrivals.get(id);
    if (!m) return null;
    let last = 0;
    for (const o of orgs) {
      const at = m.get(o);
      if (at === undefined) return null;
      last = Math.max(last, at);
    }
    return last;
  }
}

/**
 * Closed-loop load: `clients` workers, each on its own keep-alive connection, each sending its next
 * request when the previous one is answered, until `stopAt`. Every request is awaited.
 */
async function runLoad(opts: {
  base: URL;
  path: string;
  clients: { token: string; slug: string }[];
  stopAt: number;
  runId: string;
  onAnswer?: (s: Sent) => void;
}): Promise<Sent[]> {
  const pool = campaignPool(0xc0ffee);
  const sent: Sent[] = [];
  await Promise.all(
    opts.clients.map(async (client, worker) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const r = rng(crypto.randomBytes(4).readUInt32LE());
      const headers = { authorization: `Bearer ${client.token}` };
      for (let seq = 0; performance.now() < opts.stopAt; seq++) {
        const key = `bench-${opts.runId}-${worker}-${seq}`;
        const body = makeSubmission(r, pool, client.slug, seq, INDICATORS);
        const s: Sent = { worker, key, body, t0: performance.now(), t1: 0, status: 0, id: null, error: null };
        try {
          const a = await post(agent, opts.base, opts.path, { ...headers, 'idempotency-key': key }, body);
          s.t1 = performance.now();
          s.status = a.status;
          if (a.status === 201) s.id = (JSON.parse(a.text) as { id: string }).id;
          else s.error = a.text.slice(0, 300);
        } catch (err) {
          s.t1 = performance.now();
          s.error = err instanceof Error ? err.message : String(err);
        }
        // Keep only what later checks need: the body of a 201 is not needed again.
        s.body = s.status === 201 ? '' : s.body;
        sent.push(s);
        opts.onAnswer?.(s);
      }
      agent.destroy();
    }),
  );
  return sent;
}

/** pg_stat_activity sampling of the server's connections (--breakdown, PostgreSQL). */
class ActivitySampler {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  samples = 0;
  sums = new Map<string, number>();
  /** Samples with lock waiters, and the state of the lock holder in them. */
  holderSamples = 0;
  holder = new Map<string, number>();

  constructor(private readonly appName: string) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: PG_URL });
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), 20);
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const r = await this.client.query<{ what: string; n: number }>(
        `select case when state = 'active' and wait_event_type is not null then 'active, waiting: ' || wait_event_type || '/' || wait_event
                     when state = 'active' then 'active, running' else coalesce(state, '?') end as what, count(*)::int as n
         from pg_stat_activity where application_name = $1 group by 1`,
        [this.appName],
      );
      this.samples++;
      for (const row of r.rows) this.sums.set(row.what, (this.sums.get(row.what) ?? 0) + row.n);
      // Whoever blocks a lock waiter without waiting for a lock itself holds the audit_head row: what is it doing?
      const h = await this.client.query<{ what: string }>(
        `with waiting as (select pid from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'),
              holders as (select distinct unnest(pg_blocking_pids(pid)) as pid from waiting)
         select case when a.state = 'active' and a.wait_event_type is not null then 'active, waiting: ' || a.wait_event_type || '/' || a.wait_event
                     when a.state = 'active' then 'active, running' else coalesce(a.state, '?') end as what
         from pg_stat_activity a join holders using (pid) where a.wait_event_type is distinct from 'Lock'`,
        [this.appName],
      );
      if (r.rows.some((x) => x.what.includes('Lock/'))) this.holderSamples++;
      for (const row of h.rows) this.holder.set(row.what, (this.holder.get(row.what) ?? 0) + 1);
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<string[]> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await sleep(5);
    await this.client?.end();
    return [
      ...[...this.sums].sort((a, b) => b[1] - a[1]).map(([what, sum]) => `    ${(sum / Math.max(1, this.samples)).toFixed(2).padStart(6)}  ${what}`),
      `  the transaction holding the audit_head row lock, in the ${this.holderSamples} of ${this.samples} samples with lock waiters (share of samples):`,
      ...[...this.holder].sort((a, b) => b[1] - a[1]).map(([what, n]) => `    ${((100 * n) / Math.max(1, this.holderSamples)).toFixed(0).padStart(5)}%  ${what}${what === 'idle in transaction' ? ' (waiting for the Node process to send its next statement)' : ''}`),
    ];
  }
}

async function runScenario(sc: Scenario, profileFile: string | null): Promise<{ figures: Figures; verification: Verification | null; notes: string[] }> {
  const started = performance.now();
  const runId = crypto.randomBytes(4).toString('hex');
  const server = await ServerChild.start(sc.spec);
  const readers: SseReader[] = [];
  const notes: string[] = [];
  try {
    const base = new URL(server.ready.url);
    console.log(`  ${sc.name}: ${server.ready.description}; ready in ${server.ready.startupMs} ms`);
    const renkei = sc.spec.target === 'renkei';
    const log = new FanoutLog();
    const clients: ClientIdentity[] = server.ready.clients ?? [];
    const byKey = new Map<string, Sent>();
    const expected = new Map<string, string[]>();
    let load: { token: string; slug: string }[];
    let before = (await server.ask({ type: 'count' })).rows;
    let probe201 = 0;

    if (renkei) {
      const recipients = server.ready.recipients!;
      for (const r of recipients) {
        const reader = new SseReader(base, r.token, (f, at) => {
          if (r.email === OUTSIDER) {
            if (f.type.startsWith('incident.')) log.outsiderFrames++;
          } else log.frame(r.orgId, f, at);
        });
        await reader.open();
        readers.push(reader);
      }
      load = clients.map((c) => ({ token: c.token, slug: c.orgSlug }));

      // Before: the endpoint is what it claims to be.
      const body = makeSubmission(rng(1), campaignPool(0xc0ffee), clients[0]!.orgSlug, 0, INDICATORS);
      const anon = await post(new http.Agent(), base, '/api/incidents', {}, body);
      if (anon.status !== 401) throw new Error(`expected 401 without a token, got ${anon.status}`);
      const headers = { authorization: `Bearer ${clients[0]!.token}`, 'idempotency-key': `bench-${runId}-probe` };
      const probeStart = performance.now();
      const first = await post(new http.Agent(), base, '/api/incidents', headers, body);
      if (first.status !== 201) throw new Error(`probe: expected 201, got ${first.status} ${first.text.slice(0, 500)}`);
      const filed = JSON.parse(first.text) as { id: string; deliveries: { regime: string; recipientOrgId: string | null }[] };
      const want = clients[0]!.expectedRecipientOrgIds;
      const got = filed.deliveries.map((d) => `${d.regime}:${d.recipientOrgId}`).sort();
      const wanted = [`nco:${want[0]}`, ...want.slice(1).map((m) => `competent_ministry:${m}`)].sort();
      if (JSON.stringify(got) !== JSON.stringify(wanted)) throw new Error(`probe: deliveries ${got.join(',')} instead of ${wanted.join(',')}`);
      while (log.completeAt(filed.id, want) === null) {
        if (performance.now() - probeStart > 10_000) throw new Error('probe: the recipients’ SSE streams did not carry incident.submitted within 10 s');
        await sleep(20);
      }
      const again = await post(new http.Agent(), base, '/api/incidents', headers, body);
      if (again.status !== 201 || (JSON.parse(again.text) as { id: string }).id !== filed.id) throw new Error(`probe: the Idempotency-Key replay answered ${again.status} ${again.text.slice(0, 200)}`);
      const afterProbe = (await server.ask({ type: 'count' })).rows;
      if (afterProbe !== before + 1) throw new Error(`probe: incident_reports went ${before} → ${afterProbe}, expected +1`);
      expected.set(filed.id, want);
      probe201 = 1;
      before = afterProbe;
      console.log(
        `    checked: 401 without token; 201 with ${filed.deliveries.map((d) => d.regime).join(' + ')} reaching the hub's and the ministry's SSE streams ${(log.completeAt(filed.id, want)! - probeStart).toFixed(0)} ms after the POST began; replay → same id, no new row`,
      );
    } else {
      // Same request shape as the Renkei run: a token-length Authorization header and a unique key.
      load = Array.from({ length: CLIENTS }, (_, i) => ({ token: `rk_${crypto.randomBytes(32).toString('base64url')}`, slug: CLIENT_USERS[i % CLIENT_USERS.length]![1] }));
    }

    const path = renkei ? '/api/incidents' : '/plain';
    const t0 = performance.now() + 200;
    const windowStart = t0 + WARMUP_S * 1000;
    const windowEnd = windowStart + DURATION_S * 1000;
    const sampler = BREAKDOWN && sc.spec.applicationName ? new ActivitySampler(sc.spec.applicationName) : null;
    await sleepUntil(t0);
    const loading = runLoad({
      base,
      path,
      clients: load,
      stopAt: windowEnd,
      runId,
      onAnswer: (s) => {
        byKey.set(s.key, s);
        if (s.id && renkei) expected.set(s.id, clients[s.worker]!.expectedRecipientOrgIds);
      },
    });
    await sleepUntil(windowStart);
    if (profileFile && renkei) await server.ask({ type: 'profile-start' });
    if (sampler) {
      await server.ask({ type: 'stats-reset' });
      await sampler.start();
    }
    const backends = sc.spec.applicationName ? new BackendCpu(sc.spec.applicationName) : null;
    await backends?.start();
    const m0: Mark = await server.ask({ type: 'mark' });
    const p0 = process.cpuUsage();
    const c0 = machineCpu();
    await sleepUntil(windowEnd);
    const c1 = machineCpu();
    const p1 = process.cpuUsage(p0);
    const m1: Mark = await server.ask({ type: 'mark' });
    const backendMicros = backends ? await backends.stop() : null;
    let stats: StatementStats | null = null;
    let activity: string[] = [];
    if (sampler) {
      activity = await sampler.stop();
      stats = await server.ask({ type: 'stats' });
    }
    if (profileFile && renkei) await server.ask({ type: 'profile-stop', file: profileFile });
    const sent = await loading;

    // Every request started was answered: count and check.
    const ok = sent.filter((s) => s.status === 201);
    const bad = sent.filter((s) => s.status !== 201);
    const inWindow = ok.filter((s) => s.t1 >= windowStart && s.t1 <= windowEnd);
    const measured = sent.filter((s) => s.t0 >= windowStart && s.t0 < windowEnd && s.status === 201);
    const lat = measured.map((s) => s.t1 - s.t0).sort((a, b) => a - b);
    const windowS = (windowEnd - windowStart) / 1000;

    let fanout: Figures['fanoutMs'] = null;
    let fanoutAfter: Figures['fanoutAfterAnswerMs'] = null;
    let verification: Verification | null = null;
    if (renkei) {
      // Wait until every filed report has reached all its recipients (or give up and count it missing).
      const deadline = performance.now() + DRAIN_TIMEOUT_MS;
      const pending = () => [...expected].filter(([id, orgs]) => log.completeAt(id, orgs) === null).length;
      while (pending() > 0 && performance.now() < deadline) await sleep(50);
      const missingAll = pending();
      const fan = measured.map((s) => {
        const at = log.completeAt(s.id!, expected.get(s.id!)!);
        return at === null ? Infinity : at - s.t0;
      });
      fan.sort((a, b) => a - b);
      const after = measured.map((s) => (log.completeAt(s.id!, expected.get(s.id!)!) ?? Infinity) - s.t1).sort((a, b) => a - b);
      fanoutAfter = { p50: percentile(after, 50), p99: percentile(after, 99) };
      fanout = { p50: percentile(fan, 50), p99: percentile(fan, 99), max: fan.at(-1) ?? NaN, reports: fan.length, missing: fan.filter((f) => f === Infinity).length };

      verification = await server.ask({ type: 'verify', expectIndicators: INDICATORS });
      const problems: string[] = [];
      const ids = new Set(ok.map((s) => s.id!));
      const total201 = ok.length + probe201;
      if (verification.reports !== total201) problems.push(`incident_reports has ${verification.reports} rows for ${total201} answered 201s`);
      const dbIds = new Set(verification.reportIds);
      const notInDb = [...ids].filter((id) => !dbIds.has(id)).length;
      if (notInDb) problems.push(`${notInDb} ids answered 201 are not in incident_reports`);
      if (ids.size !== ok.length) problems.push(`${ok.length - ids.size} duplicate ids among the 201s`);
      if (verification.badDeliveries) problems.push(`${verification.badDeliveries} reports without exactly their deliveries (${verification.badDeliveryExamples.join('; ')})`);
      if (verification.badStages) problems.push(`${verification.badStages} reports without two stages per delivery`);
      if (verification.badVersions) problems.push(`${verification.badVersions} reports not at version 1 / initial`);
      if (verification.badIndicators) problems.push(`${verification.badIndicators} reports without ${INDICATORS} indicator rows`);
      if (verification.idempotencyKeys !== total201) problems.push(`${verification.idempotencyKeys} idempotency keys for ${total201} reports`);
      if (sc.spec.variant !== 'no-audit' && verification.auditSubmitEntries !== total201) problems.push(`${verification.auditSubmitEntries} incident.submit audit entries for ${total201} reports`);
      if (!verification.chain.ok) problems.push(`audit chain broken (${verification.chain.broken} entries)`);
      if (verification.outboxSubmitted !== total201) problems.push(`${verification.outboxSubmitted} incident.submitted outbox rows for ${total201} reports`);
      if (verification.reportsWithoutSightings) problems.push(`${verification.reportsWithoutSightings} reports whose indicators the intel capability never recorded`);
      if (verification.outboxUnpublished) problems.push(`${verification.outboxUnpublished} outbox rows never published (${verification.outboxUnpublishedTypes.join(', ')})`);
      // The SSE side.
      const foreign = [...log.arrivals.keys()].filter((id) => !expected.has(id));
      if (foreign.length) problems.push(`${foreign.length} SSE frames for report ids we did not file`);
      let misdelivered = 0;
      for (const [id, m] of log.arrivals) {
        const want = expected.get(id);
        if (want) for (const org of m.keys()) if (!want.includes(org)) misdelivered++;
      }
      if (misdelivered) problems.push(`${misdelivered} incident.submitted frames reached a recipient the report was not for`);
      if (missingAll) problems.push(`${missingAll} reports did not reach all their recipients within ${DRAIN_TIMEOUT_MS / 1000} s of the end`);
      if (log.duplicates) problems.push(`${log.duplicates} duplicate frames`);
      if (log.outsiderFrames) problems.push(`the outsider (${OUTSIDER}) received ${log.outsiderFrames} incident frames`);
      const hubIndicators = log.indicatorsFrames.get(server.ready.hubOrgId!) ?? 0;
      const elsewhere = [...log.indicatorsFrames].filter(([org]) => org !== server.ready.hubOrgId).reduce((a, [, n]) => a + n, 0);
      if (hubIndicators !== total201) problems.push(`the hub received ${hubIndicators} incident.indicators frames for ${total201} reports`);
      if (elsewhere) problems.push(`${elsewhere} incident.indicators frames reached someone other than the hub`);
      if (readers.some((r) => r.ended)) problems.push('an SSE stream ended during the run');
      if (bad.length) problems.push(`${bad.length} requests without a 201 (first: ${bad[0]!.status} ${bad[0]!.error})`);
      if (problems.length) throw new Error(`${sc.name}: verification failed:\n    - ${problems.join('\n    - ')}`);
      console.log(
        `    verified: ${verification.reports} reports = ${total201} 201s (${before - probe201} before + probe + ${ok.length} from the load), same ids; ` +
          `deliveries nco + competent ministry, 2 stages each, version 1, ${INDICATORS} indicators each (${verification.indicatorRows} rows, ` +
          `${verification.distinctIndicators} distinct, ${verification.sharedIndicators} seen in ≥ 2 reports, up to ${verification.maxReportsPerIndicator}); ` +
          `${verification.idempotencyKeys} idempotency keys; audit chain OK (${verification.chain.entries} entries, ${verification.chain.ms} ms); outbox drained and intel sightings recorded ${verification.settleMs} ms after the load; ` +
          `SSE: every frame ours, each recipient got exactly its reports, ${OUTSIDER} none; no non-2xx, no errors`,
      );
    } else {
      const rows = (await server.ask({ type: 'count' })).rows;
      const problems: string[] = [];
      if (rows !== before + ok.length) problems.push(`bench_plain went ${before} → ${rows} rows for ${ok.length} answered 201s`);
      if (bad.length) problems.push(`${bad.length} requests without a 201 (first: ${bad[0]!.status} ${bad[0]!.error})`);
      if (problems.length) throw new Error(`${sc.name}: verification failed: ${problems.join('; ')}`);
      console.log(`    verified: bench_plain ${before} → ${rows} rows = ${ok.length} 201s; no non-2xx, no errors`);
    }

    const wallUs = (m1.atMs - m0.atMs) * 1000;
    const eluActive = m1.elu.active - m0.elu.active;
    const eluTotal = eluActive + (m1.elu.idle - m0.elu.idle);
    const figures: Figures = {
      scenario: sc.name,
      target: sc.spec.target,
      database: server.ready.description,
      reportsPerSec: inWindow.length / windowS,
      answered201: inWindow.length,
      non2xx: bad.filter((s) => s.status !== 0).length,
      errors: bad.filter((s) => s.status === 0).length,
      latencyMs: { p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat.at(-1) ?? NaN, mean: lat.reduce((a, b) => a + b, 0) / Math.max(1, lat.length) },
      fanoutMs: fanout,
      fanoutAfterAnswerMs: fanoutAfter,
      serverCores: (m1.cpuMicros - m0.cpuMicros) / wallUs,
      loadgenCores: (p1.user + p1.system) / (windowS * 1e6),
      machineCores: null,
      postgresCores: null,
      otherCores: null,
      serverEventLoopUtilization: eluTotal > 0 ? eluActive / eluTotal : 0,
      serverCpuMicrosPerReport: (m1.cpuMicros - m0.cpuMicros) / Math.max(1, inWindow.length),
      serverSystemCpuMicrosPerReport: m0.systemMicros !== undefined && m1.systemMicros !== undefined ? (m1.systemMicros - m0.systemMicros) / Math.max(1, inWindow.length) : null,
      postgresCpuMicrosPerReport: null,
      ownBackendsCpuMicrosPerReport: backendMicros === null ? null : backendMicros / Math.max(1, inWindow.length),
      filingStatements:
        m0.filings && m1.filings && m1.filings.statements > m0.filings.statements
          ? { statements: m1.filings.statements - m0.filings.statements, perStatement: (m1.filings.items - m0.filings.items) / Math.max(1, m1.filings.statements - m0.filings.statements) }
          : null,
    };
    if (c0 && c1) {
      const perCore = (c1.total - c0.total) / os.cpus().length;
      figures.machineCores = (c1.busy - c0.busy) / perCore;
      figures.postgresCores = Math.max(0, (c1.postgres - c0.postgres) / perCore);
      figures.otherCores = Math.max(0, figures.machineCores - figures.postgresCores - figures.serverCores - figures.loadgenCores);
      if (sc.dbKind === 'postgres') figures.postgresCpuMicrosPerReport = (figures.postgresCores * windowS * 1e6) / Math.max(1, inWindow.length);
      else figures.postgresCores = null;
    }
    if (stats) {
      notes.push(`  ── ${sc.name} ──`, ...breakdownLines(stats, inWindow.length, windowS, activity));
    }
    console.log(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { figures, verification, notes };
  } finally {
    for (const r of readers) r.close();
    await server.stop();
  }
}

function breakdownLines(s: StatementStats, reports: number, windowS: number, activity: string[]): string[] {
  const per = (ms: number) => (reports ? ms / reports : 0);
  const lines = [
    `  where a submission's time goes on PostgreSQL (statement times as node-postgres sees them, send → answer, so they include waiting for the server's event loop; ${reports} reports in ${windowS} s):`,
    `    ${'statement'.padEnd(110)}  ${'count'.padStart(7)}  ${'mean ms'.padStart(8)}  ${'p99 ms'.padStart(7)}  ${'ms/report'.padStart(9)}`,
  ];
  for (const st of s.statements.slice(0, 24)) {
    lines.push(`    ${st.statement.padEnd(110)}  ${String(st.count).padStart(7)}  ${st.meanMs.toFixed(2).padStart(8)}  ${st.p99Ms.toFixed(1).padStart(7)}  ${per(st.totalMs).toFixed(2).padStart(9)}`);
  }
  const h = s.headLockHold;
  const w = s.headLockWait;
  const t = s.submitTransaction;
  lines.push(
    `  pool waits: ${s.poolWait.count}, mean ${s.poolWait.meanMs.toFixed(2)} ms, p99 ${s.poolWait.p99Ms.toFixed(1)} ms`,
    `  submission transaction BEGIN → COMMIT answered: ${t.count}, mean ${t.meanMs.toFixed(2)} ms, p50 ${t.p50Ms.toFixed(2)}, p99 ${t.p99Ms.toFixed(1)} ms`,
    `  audit_head row lock (select … for update): waiting for it mean ${w.meanMs.toFixed(2)} ms (p50 ${w.p50Ms.toFixed(2)}, p99 ${w.p99Ms.toFixed(1)}); ` +
      `held (lock → COMMIT answered) mean ${h.meanMs.toFixed(2)} ms (p50 ${h.p50Ms.toFixed(2)}, p99 ${h.p99Ms.toFixed(1)}) over ${h.count} transactions ` +
      `→ the chain admits at most ${h.meanMs > 0 ? (1000 / h.meanMs).toFixed(0) : '∞'} appends/s at this hold time`,
    `  outbox dispatcher: ${s.dispatcher.batches} batches, ${s.dispatcher.rows} rows (${(s.dispatcher.rows / Math.max(1, s.dispatcher.batches)).toFixed(1)} per batch)`,
    '  server connections in pg_stat_activity (mean number, sampled every 20 ms):',
    ...activity,
  );
  return lines;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  if (n === Infinity) return '∞';
  return n.toFixed(digits);
}

function table(rows: Figures[]): string {
  const head = ['scenario', 'reports/s', 'p50 ms', 'p99 ms', 'max ms', 'fan-out p50', 'fan-out p99', 'fan-out max', '201→last SSE p50/p99', 'server CPU', 'server ELU', 'loadgen CPU', 'postgres CPU', 'other CPU', 'server µs/rep (sys)', 'pg µs/rep', 'own pg µs/rep', 'reports/stmt'];
  const body = rows.map((r) => [
    r.scenario,
    fmt(r.reportsPerSec),
    fmt(r.latencyMs.p50, 1),
    fmt(r.latencyMs.p99, 1),
    fmt(r.latencyMs.max),
    r.fanoutMs ? `${fmt(r.fanoutMs.p50, 1)} ms` : '-',
    r.fanoutMs ? `${fmt(r.fanoutMs.p99, 1)} ms` : '-',
    r.fanoutMs ? `${fmt(r.fanoutMs.max)} ms` : '-',
    r.fanoutAfterAnswerMs ? `${fmt(r.fanoutAfterAnswerMs.p50, 1)} / ${fmt(r.fanoutAfterAnswerMs.p99, 1)} ms` : '-',
    `${fmt(r.serverCores, 2)} cores`,
    `${fmt(100 * r.serverEventLoopUtilization)}%`,
    `${fmt(r.loadgenCores, 2)} cores`,
    r.postgresCores === null ? 'n/a' : `${fmt(r.postgresCores, 2)} cores`,
    r.otherCores === null ? 'n/a' : `${fmt(r.otherCores, 2)} cores`,
    `${fmt(r.serverCpuMicrosPerReport)} (${fmt(r.serverSystemCpuMicrosPerReport)})`,
    fmt(r.postgresCpuMicrosPerReport),
    fmt(r.ownBackendsCpuMicrosPerReport),
    r.filingStatements ? fmt(r.filingStatements.perStatement, 1) : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].map((l) => `  ${l}`).join('\n');
}

async function main(): Promise<void> {
  const schema = `bench_${crypto.randomBytes(5).toString('hex')}`;
  const appName = `renkei_${schema}`;
  const clientEmails = Array.from({ length: CLIENTS }, (_, i) => CLIENT_USERS[i % CLIENT_USERS.length]![0]);
  const renkeiSpec = (db: ServerSpec['db']): ServerSpec => ({
    target: 'renkei',
    db,
    poolSize: POOL,
    clientEmails,
    recipientEmails: [...RECIPIENT_USERS, OUTSIDER],
    timeStatements: BREAKDOWN && db.kind === 'postgres',
    applicationName: db.kind === 'postgres' ? appName : undefined,
  });
  const onPg: ServerSpec['db'] = { kind: 'postgres', url: PG_URL, schema };
  const scenarios: Scenario[] = [];
  if (ONLY !== 'pglite') {
    // The PostgreSQL baseline runs before and after, so drift (a neighbour starting up) shows.
    const plainPg = (when: string): Scenario => ({ name: `plain insert, PostgreSQL (${when})`, spec: { target: 'plain', db: onPg, poolSize: POOL, applicationName: `${appName}_plain` }, dbKind: 'postgres' });
    if (!BREAKDOWN) scenarios.push(plainPg('first'));
    scenarios.push({ name: 'Renkei, PostgreSQL', spec: renkeiSpec(onPg), dbKind: 'postgres' });
    if (!BREAKDOWN) scenarios.push(plainPg('last'));
    if (BREAKDOWN) {
      // A fresh schema, so the counts of this variant stand alone.
      const other: ServerSpec['db'] = { kind: 'postgres', url: PG_URL, schema: `${schema}_diag` };
      scenarios.push({ name: '[diag] Renkei, PG, audit stubbed', spec: { ...renkeiSpec(other), variant: 'no-audit', applicationName: `${appName}_diag` }, dbKind: 'postgres' });
    }
  }
  if (ONLY !== 'postgres' && !BREAKDOWN) {
    scenarios.push({ name: 'Renkei, PGlite mem', spec: renkeiSpec({ kind: 'pglite' }), dbKind: 'pglite' });
    scenarios.push({ name: 'plain insert, PGlite mem', spec: { target: 'plain', db: { kind: 'pglite' }, poolSize: POOL }, dbKind: 'pglite' });
  }
  const cpus = os.cpus();
  console.log(`incidents bench: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(
    `  ${CLIENTS} clients (${new Set(clientEmails).size} operator users, one API token each), closed loop, unique Idempotency-Key per request, ${INDICATORS} indicators per report; ` +
      `${WARMUP_S} s warm-up then ${DURATION_S} s measured, per scenario; pool ${POOL}`,
  );
  console.log(`  SSE readers: ${RECIPIENT_USERS.join(', ')} (recipients) and ${OUTSIDER} (must see nothing); PostgreSQL ${new URL(PG_URL).host}, schema ${schema}`);
  const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-incidents-prof-')) : null;
  if (profileDir) console.log(`  CPU profiles of the measured windows in ${profileDir}; figures include profiler overhead`);
  if (BREAKDOWN) console.log('  breakdown run: statements are timed inside the server (overhead included); figures are diagnostic');

  const rows: Figures[] = [];
  const verifications: Record<string, Verification | null> = {};
  const notes: string[] = [];
  try {
    for (const sc of scenarios) {
      const file = profileDir && sc.spec.target === 'renkei' ? path.join(profileDir, `${sc.dbKind}-renkei.cpuprofile`) : null;
      const r = await runScenario(sc, file);
      rows.push(r.figures);
      verifications[sc.name] = r.verification;
      notes.push(...r.notes);
      if (file) {
        console.log(`  profile of ${sc.name} (${file}):`);
        console.log(summarizeProfile(file, 25).join('\n'));
      }
    }
  } finally {
    if (ONLY !== 'pglite') {
      for (const sch of BREAKDOWN ? [schema, `${schema}_diag`] : [schema]) await dropSchema(sch).catch((err: unknown) => console.error(`  could not drop schema ${sch}: ${String(err)}`));
    }
  }

  console.log('');
  console.log(table(rows));
  console.log('');
  for (const n of notes) console.log(n);
  const others = Math.max(...rows.map((r) => r.otherCores ?? 0));
  if (others > 0.25) console.log(`  note: the machine was not quiet (other processes used up to ${others.toFixed(2)} cores in a measured window); expect run-to-run noise`);

  const verdicts: { target: string; value: string; met: boolean }[] = [];
  const find = (name: string) => rows.find((r) => r.scenario === name);
  const pgR = find('Renkei, PostgreSQL'); // never the [diag] row
  const plainRuns = rows.filter((r) => r.scenario.startsWith('plain insert, PostgreSQL'));
  const pgP: Figures | undefined = plainRuns.length
    ? { ...plainRuns[0]!, scenario: 'plain insert, PostgreSQL (mean)', reportsPerSec: plainRuns.reduce((a, r) => a + r.reportsPerSec, 0) / plainRuns.length }
    : undefined;
  if (plainRuns.length === 2) {
    const [a, b] = plainRuns as [Figures, Figures];
    const spread = Math.abs(a.reportsPerSec - b.reportsPerSec) / pgP!.reportsPerSec;
    console.log(`  plain-insert baseline on PostgreSQL: mean ${pgP!.reportsPerSec.toFixed(0)} inserts/s of ${a.reportsPerSec.toFixed(0)} and ${b.reportsPerSec.toFixed(0)} (first and last; ${(100 * spread).toFixed(0)}% apart)`);
  }
  const liteR = find('Renkei, PGlite mem');
  const liteP = find('plain insert, PGlite mem');
  if (pgR) verdicts.push({ target: `PostgreSQL reports/s ≥ ${TARGET_REPORTS_PER_SEC}`, value: pgR.reportsPerSec.toFixed(0), met: pgR.reportsPerSec >= TARGET_REPORTS_PER_SEC });
  for (const r of [pgR, liteR]) {
    if (r?.fanoutMs) verdicts.push({ target: `${r.scenario}: fan-out p99 ≤ ${TARGET_FANOUT_P99_MS} ms`, value: `${fmt(r.fanoutMs.p99, 1)} ms`, met: r.fanoutMs.p99 <= TARGET_FANOUT_P99_MS });
  }
  for (const [r, p] of [
    [pgR, pgP],
    [liteR, liteP],
  ] as const) {
    if (r && p) verdicts.push({ target: `${r.scenario} ÷ ${p.scenario} ≥ ${100 * TARGET_PLAIN_RATIO}%`, value: `${(100 * (r.reportsPerSec / p.reportsPerSec)).toFixed(1)}% (${r.reportsPerSec.toFixed(0)} / ${p.reportsPerSec.toFixed(0)})`, met: r.reportsPerSec / p.reportsPerSec >= TARGET_PLAIN_RATIO });
  }
  for (const v of verdicts) console.log(`  ${v.target}: ${v.value} → ${v.met ? 'target met' : 'target missed'}`);
  const allMet = verdicts.every((v) => v.met);
  console.log(`  overall: ${allMet ? 'all targets met' : `${verdicts.filter((v) => !v.met).length} of ${verdicts.length} targets missed`}`);

  if (profileDir || BREAKDOWN) {
    console.log(`  (${profileDir ? 'profiling' : 'breakdown'} run: bench/results/incidents.json not written)`);
    return;
  }
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  const out = {
    bench: 'incidents',
    at: new Date().toISOString(),
    machine: { cpus: cpus.length, model: cpus[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: {
      clients: CLIENTS,
      operatorUsers: [...new Set(clientEmails)],
      sseRecipients: RECIPIENT_USERS,
      sseOutsider: OUTSIDER,
      indicatorsPerReport: INDICATORS,
      warmupSeconds: WARMUP_S,
      durationSeconds: DURATION_S,
      poolSize: POOL,
      rateLimitPerMinute: 1e9,
      layout: 'server in a child process; closed-loop load clients and SSE readers in the parent',
      fanout: 'submit start → the last recipient’s SSE client has the incident.submitted frame (hub + competent ministry)',
    },
    results: rows,
    plainBaselinePostgresPerSec: pgP?.reportsPerSec ?? null,
    verification: Object.fromEntries(Object.entries(verifications).filter(([, v]) => v).map(([k, v]) => [k, { ...v!, reportIds: undefined }])),
    targets: verdicts,
    allMet,
  };
  fs.writeFileSync(RESULTS, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`  figures written to ${RESULTS === RESULTS_FULL ? path.relative(process.cwd(), RESULTS) : `${RESULTS} (settings changed: ${CHANGED_SETTINGS.join(' ')})`}`);
}

main().catch((err: unknown) => {
  console.error(`incidents bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/**
 * Crash safety of filing: a real server process is SIGKILLed in the middle of a burst of submissions
 * from several clients. After a restart on the same schema, every report that was answered 201 is
 * there whole (deliveries, stages, version 1, its audit entry and its events), and retrying every
 * request — those answered and those whose outcome the client never learnt — with the same
 * Idempotency-Key and body answers 201 with the original id and files nothing twice.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DATABASE_URL = process.env.RENKEI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'renkei-demo-2026';
/** Reporters (admins of operator organisations) and the ministry competent for their sector. */
const REPORTERS = [
  { email: 'bank@renkei.example', ministry: 'fsa' },
  { email: 'power@renkei.example', ministry: 'meti' },
  { email: 'port@renkei.example', ministry: 'mlit' },
];
const CLIENTS = 9;
/** Kill once this many reports have been answered: well inside the burst, with every client busy. */
const KILL_AFTER_201S = 40;

interface Node {
  port: number;
  child: ChildProcess;
  output: string[];
  base: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function startNode(port: number, env: Record<string, string>): Node {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  return { port, child, output, base: `http://127.0.0.1:${port}` };
}

async function waitHealthy(node: Node, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null) throw new Error(`server exited (${node.child.exitCode}):\n${node.output.join('')}`);
    try {
      const res = await fetch(`${node.base}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${node.output.join('')}`);
}

function exited(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => node.child.once('exit', () => r()));
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  const gone = exited(node);
  node.child.kill('SIGTERM');
  if (await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)])) {
    node.child.kill('SIGKILL');
    await gone;
  }
}

/** Logs in with the demo password and issues an API token for the user. */
async function tokenFor(node: Node, email: string): Promise<string> {
  const res = await fetch(`${node.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const me = (await res.json()) as { csrfToken?: string };
  if (res.status !== 200 || !me.csrfToken) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(me)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const t = await fetch(`${node.base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ name: 'crash test' }),
  });
  if (t.status !== 201) throw new Error(`token for ${email}: ${t.status} ${await t.text()}`);
  return ((await t.json()) as { token: string }).token;
}

/** A unified-form report, different for every key (so a mixed-up replay would show). */
function reportBody(key: string, n: number): string {
  const hex = crypto.createHash('sha256').update(key).digest('hex');
  return JSON.stringify({
    report: {
      type: 'ransomware',
      title: `ファイルサーバの暗号化 ${key}`,
      summary: 'ファイルサーバが暗号化された。業務は縮退運転中。',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      businessImpact: 'degraded',
      ransomware: { family: 'LockBit 3.0', encryptedExtension: '.lockbit', paid: false },
      indicators: [
        { kind: 'ipv4', value: `203.0.113.${n % 250}` },
        { kind: 'domain', value: `c2-${hex.slice(0, 10)}.example` },
        { kind: 'url', value: `https://dl.${hex.slice(10, 18)}.example/payload` },
        { kind: 'sha256', value: hex },
      ],
      contact: { name: '林 浩二', email: 'soc@example.jp' },
    },
  });
}

interface Attempt {
  client: number;
  token: string;
  ministry: string;
  key: string;
  body: string;
  status: number | null;
  id: string | null;
  error: string | null;
}

function submit(node: Node, a: Pick<Attempt, 'token' | 'key' | 'body'>): Promise<Response> {
  return fetch(`${node.base}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}`, 'idempotency-key': a.key },
    body: a.body,
  });
}

/** `npm run cli -- audit verify` against the schema; resolves with its exit code and output. */
function auditVerify(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'cli', '--', 'audit', 'verify'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

describe('incident filing across a crash', () => {
  it('keeps every answered report whole and lets every request be retried without duplicates', { timeout: 90_000 }, async () => {
    const schema = `crash_${crypto.randomBytes(6).toString('hex')}`;
    const port = await freePort();
    const env = {
      DATABASE_URL,
      RENKEI_DB_SCHEMA: schema,
      RENKEI_ENV: 'test',
      RENKEI_SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      RENKEI_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const db = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
    let first: Node | undefined;
    let second: Node | undefined;
    try {
      first = startNode(port, env);
      await waitHealthy(first);
      const tokens = new Map<string, string>();
      for (const r of REPORTERS) tokens.set(r.email, await tokenFor(first, r.email));

      // The burst: CLIENTS closed-loop clients, each stopping at its first request without an answer.
      const attempts: Attempt[] = [];
      let answered = 0;
      let killedAt: number | null = null;
      const node = first;
      const kill = () => {
        if (killedAt !== null) return;
        killedAt = Date.now();
        node.child.kill('SIGKILL');
      };
      const runClient = async (client: number) => {
        const reporter = REPORTERS[client % REPORTERS.length]!;
        for (let seq = 0; ; seq++) {
          const key = `crash-${schema}-${client}-${seq}`;
          const a: Attempt = { client, token: tokens.get(reporter.email)!, ministry: reporter.ministry, key, body: reportBody(key, client * 1000 + seq), status: null, id: null, error: null };
          attempts.push(a);
          try {
            const res = await submit(node, a);
            a.status = res.status;
            const text = await res.text();
            if (res.status === 201) a.id = (JSON.parse(text) as { id: string }).id;
            else a.error = text.slice(0, 300);
          } catch (err) {
            // No answer (reset, refused, cut mid-response): the outcome is unknown to this client.
            a.status = null;
            a.id = null;
            a.error = String((err as { cause?: { code?: string } }).cause?.code ?? err);
            return;
          }
          if (a.status === 201) answered++;
          if (a.status !== 201) return;
        }
      };
      // Aim the kill at the worst moment: once enough reports are answered, watch the database and kill
      // as soon as more submissions have committed than clients have been answered (a transaction is
      // durable but its 201 is still on its way). Fall back to a plain kill if that moment never comes.
      const aim = async () => {
        const watcher = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
        await watcher.connect();
        try {
          const giveUp = Date.now() + 30_000;
          while (killedAt === null && answered < KILL_AFTER_201S && Date.now() < giveUp) await sleep(5);
          const until = Date.now() + 3000;
          while (killedAt === null && Date.now() < until) {
            const committed = (await watcher.query<{ n: number }>(`select count(*)::int as n from idempotency_keys where key like 'crash-%'`)).rows[0]!.n;
            if (committed > answered) break;
          }
          kill();
        } finally {
          await watcher.end();
        }
      };
      await Promise.all([aim(), ...Array.from({ length: CLIENTS }, (_, i) => runClient(i))]);
      await exited(first);
      expect(first.child.signalCode).toBe('SIGKILL');

      const ok = attempts.filter((a) => a.status === 201);
      const unknown = attempts.filter((a) => a.status === null);
      const otherStatus = attempts.filter((a) => a.status !== null && a.status !== 201);
      expect(otherStatus.map((a) => `${a.status} ${a.error}`)).toEqual([]);
      expect(ok.length).toBeGreaterThanOrEqual(KILL_AFTER_201S);
      // Every client was cut off by the crash, so the kill really landed in the middle of the burst.
      expect(unknown.length).toBe(CLIENTS);
      expect(new Set(ok.map((a) => a.id)).size).toBe(ok.length);

      // Restart on the same schema (already seeded: the demo world is not seeded twice).
      second = startNode(port, env);
      await waitHealthy(second);
      await db.connect();

      // Every answered report is there whole: version 1, its deliveries (hub + competent ministry),
      // two stages each, its indicators event, its audit entry and its submitted event.
      const orgs = new Map((await db.query<{ id: string; slug: string }>('select id, slug from organizations')).rows.map((r) => [r.slug, r.id]));
      const ids = ok.map((a) => a.id!);
      const reports = await db.query<{ id: string; version: number; current_stage: string }>('select id, version, current_stage from incident_reports where id = any($1::uuid[])', [ids]);
      expect(reports.rows).toHaveLength(ok.length);
      expect(reports.rows.every((r) => r.version === 1 && r.current_stage === 'initial')).toBe(true);
      const versions = await db.query<{ report_id: string; version: number }>('select report_id, version from incident_versions where report_id = any($1::uuid[])', [ids]);
      expect(versions.rows).toHaveLength(ok.length);
      expect(versions.rows.every((v) => v.version === 1)).toBe(true);
      const deliveries = await db.query<{ id: string; report_id: string; regime: string; recipient_org_id: string }>(
        'select id, report_id, regime, recipient_org_id from incident_deliveries where report_id = any($1::uuid[])',
        [ids],
      );
      const stages = await db.query<{ delivery_id: string; n: number }>('select delivery_id, count(*)::int as n from incident_delivery_stages where delivery_id = any($1::uuid[]) group by delivery_id', [
        deliveries.rows.map((d) => d.id),
      ]);
      const stageCount = new Map(stages.rows.map((s) => [s.delivery_id, s.n]));
      // The indicators travel to the intel capability as an outbox event committed with the report.
      const indicators = await db.query<{ report_id: string; n: number }>(
        `select payload->>'reportId' as report_id, jsonb_array_length(payload->'indicators') as n from outbox where type = 'incident.indicators' and payload->>'reportId' = any($1::text[])`,
        [ids],
      );
      const indicatorCount = new Map(indicators.rows.map((r) => [r.report_id, r.n]));
      // Recorded with the report; chained by the sealer moments later (either table, never neither).
      const audit = await db.query<{ resource_id: string }>(
        `select resource_id from audit_log where action = 'incident.submit' and resource_id = any($1::text[])
         union all select resource_id from audit_pending where action = 'incident.submit' and resource_id = any($1::text[])`,
        [ids],
      );
      const events = await db.query<{ id: string }>(`select payload->>'id' as id from outbox where type = 'incident.submitted' and payload->>'id' = any($1::text[])`, [ids]);
      for (const a of ok) {
        const mine = deliveries.rows.filter((d) => d.report_id === a.id);
        expect(mine.map((d) => `${d.regime}:${d.recipient_org_id}`).sort(), a.key).toEqual([`competent_ministry:${orgs.get(a.ministry)}`, `nco:${orgs.get('nco')}`]);
        for (const d of mine) expect(stageCount.get(d.id), a.key).toBe(2);
        expect(indicatorCount.get(a.id!), a.key).toBe(4);
      }
      expect(new Set(audit.rows.map((r) => r.resource_id)).size).toBe(ok.length);
      expect(new Set(events.rows.map((r) => r.id)).size).toBe(ok.length);

      // Which of the unanswered requests had committed before the kill (their answer is stored with them).
      const before = await db.query<{ key: string; id: string }>(`select key, body->>'id' as id from idempotency_keys where key = any($1::text[])`, [unknown.map((a) => a.key)]);
      const filedUnanswered = new Map(before.rows.map((r) => [r.key, r.id]));

      // Retry everything — the answered and the unknown — with the same key and body.
      const retried = await Promise.all(
        [...ok, ...unknown].map(async (a) => {
          const res = await submit(second!, a);
          const body = (await res.json()) as { id?: string };
          return { a, status: res.status, id: body.id ?? null };
        }),
      );
      for (const r of retried) {
        expect(r.status, `${r.a.key}: ${JSON.stringify(r)}`).toBe(201);
        if (r.a.status === 201) expect(r.id, r.a.key).toBe(r.a.id);
        // Filed before the crash though never answered: the retry gets that report, not a new one.
        if (filedUnanswered.has(r.a.key)) expect(r.id, r.a.key).toBe(filedUnanswered.get(r.a.key));
      }
      // A second retry of the unknown ones answers the same as the first (they are now settled).
      for (const r of retried.filter((x) => x.a.status === null)) {
        const again = await submit(second, r.a);
        expect(again.status).toBe(201);
        expect(((await again.json()) as { id: string }).id).toBe(r.id);
      }

      // Nothing filed twice: one report per key that ended with a 201, and the keys point at them.
      const keys = new Set(retried.map((r) => r.a.key));
      const finalIds = new Set(retried.map((r) => r.id!));
      expect(finalIds.size).toBe(keys.size);
      // Every report of this burst (the demo world's own reports, filed at first start, are not counted).
      const total = await db.query<{ n: number }>(`select count(*)::int as n from incident_reports where title like 'ファイルサーバの暗号化 crash-%'`);
      expect(total.rows[0]!.n).toBe(keys.size);
      const stored = await db.query<{ key: string; id: string }>(`select key, body->>'id' as id from idempotency_keys where key like 'crash-%'`);
      expect(stored.rows).toHaveLength(keys.size);
      expect(new Map(stored.rows.map((r) => [r.key, r.id]))).toEqual(new Map(retried.map((r) => [r.a.key, r.id!])));

      // Events committed before the crash but not yet published are picked up by the new process.
      const deadline = Date.now() + 15_000;
      let unpublished = -1;
      while (Date.now() < deadline) {
        unpublished = (await db.query<{ n: number }>('select count(*)::int as n from outbox where published_at is null')).rows[0]!.n;
        if (unpublished === 0) break;
        await sleep(250);
      }
      expect(unpublished).toBe(0);

      // The audit chain survived the crash.
      const verify = await auditVerify(env);
      expect(verify.out).toMatch(/audit chain OK: \d+ entries/);
      expect(verify.code).toBe(0);
      process.stdout.write(
        `crash test: ${ok.length} answered 201 before the SIGKILL, ${unknown.length} without an answer ` +
          `(${filedUnanswered.size} of them had been filed, ${unknown.length - filedUnanswered.size} had not); ` +
          `${keys.size} reports after retrying all ${retried.length}; ${verify.out.trim().split('\n').at(-1)}\n`,
      );
    } catch (err) {
      for (const [name, n] of [
        ['first', first],
        ['second', second],
      ] as const)
        if (n) process.stderr.write(`--- ${name} server output ---\n${n.output.join('')}\n`);
      throw err;
    } finally {
      await stopNode(second);
      if (first && first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
      await db.end().catch(() => undefined);
      const admin = new pg.Client({ connectionString: DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await admin.end();
      }
    }
  });
});

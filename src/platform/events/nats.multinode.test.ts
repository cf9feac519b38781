import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/**
 * Two Renkei processes on one PostgreSQL schema and one NATS server: an event committed through node A
 * must reach an SSE client of node B. Only the NATS transport can carry it there.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DATABASE_URL = process.env.RENKEI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.RENKEI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const PASSWORD = 'renkei-demo-2026';

interface Node {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
  base: string;
}

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

interface SseClient {
  events: SseEvent[];
  connected: Promise<void>;
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent>;
  close(): void;
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

/** An SSE frame's JSON data; the event type is read from the data (frames may or may not be named). */
function parseData(e: SseEvent): { id: string; type: string; payload: Record<string, unknown> } | null {
  if (e.data === undefined) return null;
  try {
    const d = JSON.parse(e.data) as { id: string; type?: string; payload: Record<string, unknown> };
    return { ...d, type: d.type ?? e.event ?? 'message' };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function startNode(name: string, port: number, env: Record<string, string>): Node {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  return { name, port, child, output, base: `http://127.0.0.1:${port}` };
}

async function waitHealthy(node: Node, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null) throw new Error(`node ${node.name} exited (${node.child.exitCode}):\n${node.output.join('')}`);
    try {
      const res = await fetch(`${node.base}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  throw new Error(`node ${node.name} not healthy after ${timeoutMs} ms:\n${node.output.join('')}`);
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => node.child.once('exit', () => r()));
  node.child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    node.child.kill('SIGKILL');
    await exited;
  }
}

async function login(node: Node, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${node.base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken?: string | null };
  if (res.status !== 200) throw new Error(`login ${email} on ${node.name}: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!body.csrfToken) throw new Error('login returned no csrfToken');
  return { cookie, csrf: body.csrfToken };
}

/** Opens GET /api/events and parses Server-Sent Events frames as they arrive. */
async function openSse(node: Node, cookie: string): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(`${node.base}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE on ${node.name}: ${res.status}`);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let onConnected!: () => void;
  const connected = new Promise<void>((r) => (onConnected = r));
  const reader = res.body.getReader();
  const decoder = new TextDecoder();

  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let idx: number;
        while ((idx = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const ev: SseEvent = {};
          let hasField = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              if (line.includes('connected')) onConnected();
              continue;
            }
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const val = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') ev.id = val;
            else if (field === 'event') ev.event = val;
            else if (field === 'data') ev.data = ev.data === undefined ? val : `${ev.data}\n${val}`;
            else continue;
            hasField = true;
          }
          if (hasField && ev.data !== undefined) {
            events.push(ev);
            for (const w of waiters) w();
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();

  return {
    events,
    connected,
    waitFor(pred, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching SSE event on ${node.name} within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}

describe('NATS transport across two nodes', () => {
  it('delivers an event committed on node A to an SSE client of node B, filtered by policy', { timeout: 60_000 }, async () => {
    const suffix = crypto.randomBytes(6).toString('hex');
    const schema = `mn_${suffix}`;
    const stream = `RENKEI_TEST_${suffix.toUpperCase()}`;
    const [portA, portB] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL,
      RENKEI_DB_SCHEMA: schema,
      RENKEI_NATS_URL: NATS_URL,
      RENKEI_NATS_STREAM: stream,
      RENKEI_ENV: 'test',
      RENKEI_SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
    };
    let a: Node | undefined;
    let b: Node | undefined;
    const clients: SseClient[] = [];
    try {
      a = startNode('A', portA, env);
      await waitHealthy(a);
      b = startNode('B', portB, env);
      await waitHealthy(b);

      // Listeners on node B: a bank user (same organisation as the event) and an SME user (another one).
      const bankOnB = await login(b, 'bank@renkei.example');
      const smeOnB = await login(b, 'sme@renkei.example');
      const bankStreamB = await openSse(b, bankOnB.cookie);
      const smeStreamB = await openSse(b, smeOnB.cookie);
      clients.push(bankStreamB, smeStreamB);

      // Node A: the bank admin's own SSE stream (a node receives its own events back through NATS too).
      const bankOnA = await login(a, 'bank@renkei.example');
      const bankStreamA = await openSse(a, bankOnA.cookie);
      clients.push(bankStreamA);
      await Promise.all(clients.map((c) => c.connected));

      // Commit an api_token.created event on node A.
      const res = await fetch(`${a.base}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: bankOnA.cookie, 'x-csrf-token': bankOnA.csrf },
        body: JSON.stringify({ name: 'x' }),
      });
      expect(res.status).toBe(201);
      const token = (await res.json()) as { id: string };

      const isOurs = (e: SseEvent) => {
        const d = parseData(e);
        return d?.type === 'api_token.created' && d.payload.id === token.id;
      };
      const onB = await bankStreamB.waitFor(isOurs, 10_000);
      const onA = await bankStreamA.waitFor(isOurs, 10_000);
      const delivered = JSON.parse(onB.data!) as { id: string; type: string; payload: { id: string; name: string } };
      expect(delivered.type).toBe('api_token.created');
      expect(delivered.payload.name).toBe('x');
      expect(JSON.parse(onA.data!)).toEqual(delivered);
      expect(onB.id).toBe(onA.id);
      expect(bankStreamB.events.filter(isOurs)).toHaveLength(1);

      // The other organisation's user on node B must not see it.
      await sleep(1500);
      expect(smeStreamB.events.filter((e) => parseData(e)?.type === 'api_token.created')).toEqual([]);

      // And it really travelled through JetStream: the stream holds it, with the event id as message id.
      const nc = await connect({ servers: NATS_URL });
      try {
        const jsm = await jetstreamManager(nc);
        const info = await jsm.streams.info(stream);
        expect(info.config.subjects).toContain('renkei.events.>');
        expect(info.config.duplicate_window).toBeGreaterThanOrEqual(120 * 1e9);
        const msg = await jsm.streams.getMessage(stream, { last_by_subj: 'renkei.events.api_token.created' });
        expect(msg?.header.get('Nats-Msg-Id')).toBe(delivered.id);
        expect(msg?.json<{ id: string }>().id).toBe(delivered.id);
      } finally {
        await nc.close();
      }
    } catch (err) {
      for (const n of [a, b]) if (n) process.stderr.write(`--- node ${n.name} output ---\n${n.output.join('')}\n`);
      throw err;
    } finally {
      for (const c of clients) c.close();
      await Promise.all([stopNode(a), stopNode(b)]);
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
      const nc = await connect({ servers: NATS_URL });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(stream).catch(() => false);
      } finally {
        await nc.close();
      }
    }
  });
});

/**
 * Time spent in SQL, per statement shape, as the application sees it (round trip included). Wraps
 * pg.Client.prototype.query in this process only; the src code is untouched. Recording is on only while
 * a phase name is set, so the bulk loader and the baseline's own client are not counted.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface StatementStat {
  sql: string;
  calls: number;
  ms: number;
  /** CPU time of the server process that ran it (/proc/<pid>/schedstat; the server is local): what load does not inflate much. */
  cpuMs: number;
  /** Minor page faults the server process took meanwhile (/proc/<pid>/stat): memory it touched for the first time. */
  minorFaults: number;
  rows: number;
}

let phase: string | null = null;
const stats = new Map<string, Map<string, StatementStat>>();

export function setPhase(name: string | null): void {
  phase = name;
}

export function phaseStats(name: string): StatementStat[] {
  return [...(stats.get(name)?.values() ?? [])].sort((a, b) => b.ms - a.ms);
}

function shape(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\(\$\d+(?:, \$\d+)+\)/g, '($…)')
    .replace(/(\(\$…\), )+\(\$…\)/g, '($…)×n')
    .replace(/\$\d+/g, '$')
    .trim()
    .slice(0, 110);
}

/** Statements of the outbox dispatcher and the audit sealer: they run beside the measured call, on other pool connections. */
const BACKGROUND = /outbox where published_at is null|update "outbox" set "published_at"|audit_head|delete from audit_pending|insert into "audit_log"/;

type Pending = { key: string; ms: number; cpuMs: number; minorFaults: number; rows: number };

/**
 * A backend's /proc file, read again from the start through a descriptor kept open: each statement is
 * timed with four such reads, and readFileSync (open, fstat, read, close) cost ~10 % of this process's
 * CPU in phase 4, inside the timed retro-matches. One pread per read instead.
 */
const procFds = new Map<string, number>();
const procBuffer = Buffer.alloc(4096);
function readProc(pid: number, file: 'schedstat' | 'stat', retry = true): string {
  const path = `/proc/${pid}/${file}`;
  let fd = procFds.get(path);
  if (fd === undefined) {
    fd = fs.openSync(path, 'r');
    procFds.set(path, fd);
  }
  try {
    const n = fs.readSync(fd, procBuffer, 0, procBuffer.length, 0);
    return procBuffer.toString('latin1', 0, n);
  } catch (err) {
    // The process it was opened for has ended (its pid may since name another): opened afresh once.
    fs.closeSync(fd);
    procFds.delete(path);
    if (retry) return readProc(pid, file, false);
    throw err;
  }
}

/** Nanoseconds the backend has spent on a CPU so far, or NaN where /proc does not say. */
let serverIsLocal = false;
function backendCpuNs(client: object): number {
  const pid = (client as { processID?: number | null }).processID;
  if (!pid || !serverIsLocal) return NaN;
  try {
    return Number(readProc(pid, 'schedstat').split(' ')[0]);
  } catch {
    return NaN;
  }
}
/** Minor page faults of the backend so far, or NaN. */
function backendMinorFaults(client: object): number {
  const pid = (client as { processID?: number | null }).processID;
  if (!pid || !serverIsLocal) return NaN;
  try {
    const stat = readProc(pid, 'stat');
    // Fields after the command name (in parentheses, which may hold spaces): state is field 3, minflt 10.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return NaN;
  }
}
const txn = new WeakMap<object, Pending[]>();

function add(current: string, entries: Pending[]): void {
  const background = entries.some((e) => BACKGROUND.test(e.key));
  let byPhase = stats.get(current);
  if (!byPhase) stats.set(current, (byPhase = new Map()));
  for (const e of entries) {
    const key = background ? `[background] ${e.key}` : e.key;
    const s = byPhase.get(key) ?? { sql: key, calls: 0, ms: 0, cpuMs: 0, minorFaults: 0, rows: 0 };
    s.calls++;
    s.ms += e.ms;
    s.cpuMs += e.cpuMs;
    s.minorFaults += e.minorFaults;
    s.rows += e.rows;
    byPhase.set(key, s);
  }
}

/** --explain: the first statement of a phase matching a pattern is also run under EXPLAIN ANALYZE (rolled back) first. */
const explainWanted: { phase: string; pattern: RegExp; plan?: string[] }[] = [];
export function explainOnce(phaseName: string, pattern: RegExp): { phase: string; pattern: RegExp; plan?: string[] } {
  const e = { phase: phaseName, pattern };
  explainWanted.push(e);
  return e;
}

let installed = false;
/** `localServer`: the database runs on this machine, so its backends' CPU time can be read from /proc. */
export function installQueryLog(localServer: boolean): void {
  serverIsLocal = localServer;
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const current = phase;
    // A statement marked prepared (src/platform/db/prepared.ts) arrives as { name, text, values }.
    const config = typeof args[0] === 'object' && args[0] !== null && typeof (args[0] as { text?: unknown }).text === 'string' ? (args[0] as { text: string; values?: unknown[] }) : null;
    const text = config ? config.text : args[0];
    if (!current || typeof text !== 'string' || typeof args.at(-1) === 'function') return original.apply(this, args);
    const values = config ? config.values : args[1];
    const want = explainWanted.find((e) => !e.plan && e.phase === current && e.pattern.test(text));
    if (want) {
      // Diagnostic only: the EXPLAIN run (rolled back) warms the caches for the real run after it.
      want.plan = [];
      // From the server's last ReadyForQuery ('T': in a transaction), not from the phase-bound log above.
      const inTxn = (this as { getTransactionStatus(): string | null }).getTransactionStatus() === 'T';
      const q = (text: string, values?: unknown) => original.apply(this, values === undefined ? [text] : [text, values]) as Promise<{ rows: Record<string, string>[] }>;
      return (async () => {
        await q(inTxn ? 'savepoint bench_explain' : 'begin');
        try {
          const r = await q(`explain (analyze, buffers, wal, costs off) ${text}`, values);
          want.plan = r.rows.map((x) => x['QUERY PLAN']!);
        } finally {
          await q(inTxn ? 'rollback to savepoint bench_explain' : 'rollback');
        }
        return original.apply(this, args);
      })();
    }
    const started = performance.now();
    const cpu0 = backendCpuNs(this);
    const faults0 = backendMinorFaults(this);
    const result = original.apply(this, args) as Promise<{ rowCount: number | null; rows?: unknown[] }>;
    return result.then((r) => {
      const key = (config ? '[prepared] ' : '') + shape(text);
      const entry = { key, ms: performance.now() - started, cpuMs: (backendCpuNs(this) - cpu0) / 1e6, minorFaults: backendMinorFaults(this) - faults0, rows: r?.rows?.length ?? r?.rowCount ?? 0 };
      // A transaction's statements are classified together (foreground or background) at its end.
      if (/^begin/i.test(key)) txn.set(this, [entry]);
      else if (txn.has(this)) {
        txn.get(this)!.push(entry);
        if (/^(commit|rollback)/i.test(key)) {
          add(current, txn.get(this)!);
          txn.delete(this);
        }
      } else add(current, [entry]);
      return r;
    });
  };
}

/** Foreground statements only (the measured call's own connection). */
export function foreground(name: string): StatementStat[] {
  return phaseStats(name).filter((s) => !s.sql.startsWith('[background]'));
}

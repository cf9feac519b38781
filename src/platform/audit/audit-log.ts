import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Actor } from '../policy/types.js';
import { hashEntry, type AuditEntry } from './chain.js';

/** What a caller says happened; the log adds sequence, time and hashes. */
export interface AuditRecord {
  actor: Pick<Actor, 'userId' | 'orgId'> | null;
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome?: AuditEntry['outcome'];
  detail?: Record<string, unknown>;
}

function pendingRow(r: AuditRecord, at: Date) {
  return {
    at,
    actor_user_id: r.actor?.userId ?? null,
    actor_org_id: r.actor?.orgId ?? null,
    action: r.action,
    resource_type: r.resourceType,
    resource_id: r.resourceId ?? null,
    outcome: r.outcome ?? ('success' as const),
    detail: JSON.stringify(r.detail ?? {}),
  };
}

/** Rows for audit_pending, for a caller that writes them as part of a larger statement. */
export function auditPendingRows(records: AuditRecord[], at = new Date()) {
  return records.map((r) => pendingRow(r, at));
}

/** Records entries durably, with no lock: they are chained later by the sealer. */
async function recordPending(q: Db, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const at = new Date();
  await q.insertInto('audit_pending').values(records.map((r) => pendingRow(r, at))).execute();
}

interface PendingRow {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: AuditEntry['outcome'];
  detail: Record<string, unknown>;
}

/**
 * Chains up to `limit` recorded entries onto the tip, in one transaction. The tip row is locked, so
 * sealers on several nodes take turns; the entries are claimed with SKIP LOCKED. Returns how many.
 */
async function sealBatch(db: Db, limit: number): Promise<number> {
  return db.transaction().execute((trx) => sealInto(trx, limit));
}

async function sealInto(trx: Db, limit: number): Promise<number> {
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(trx);
  const { rows } = await sql<PendingRow>`
    delete from audit_pending where id in (select id from audit_pending order by id limit ${limit} for update skip locked)
    returning id, at, actor_user_id, actor_org_id, action, resource_type, resource_id, outcome, detail`.execute(trx);
  if (rows.length === 0) return 0;
  rows.sort((a, b) => a.id - b.id);
  let { seq, hash } = head.rows[0]!;
  const out = rows.map((r) => {
    const entry: AuditEntry = {
      seq: seq + 1,
      at: r.at.toISOString(),
      actorUserId: r.actor_user_id,
      actorOrgId: r.actor_org_id,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      outcome: r.outcome,
      detail: r.detail,
      prevHash: hash,
    };
    const entryHash = hashEntry(entry);
    seq = entry.seq;
    hash = entryHash;
    return {
      seq: entry.seq,
      at: r.at,
      actor_user_id: r.actor_user_id,
      actor_org_id: r.actor_org_id,
      action: r.action,
      resource_type: r.resource_type,
      resource_id: r.resource_id,
      outcome: r.outcome,
      detail: JSON.stringify(r.detail),
      prev_hash: entry.prevHash,
      hash: entryHash,
    };
  });
  for (let i = 0; i < out.length; i += 1000) await trx.insertInto('audit_log').values(out.slice(i, i + 1000)).execute();
  await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  return rows.length;
}

/**
 * The audit trail. Every write records its entries in its own transaction (they commit together);
 * every read of restricted data records its entry before it is answered (concurrent reads share one
 * insert). Recording takes no lock; a sealer chains recorded entries into the hash chain every
 * `sealMs` (in batches: sealing per commit would cost more statements than the writes themselves), so
 * writers never queue on the chain tip. `audit verify` and shutdown seal what is pending first.
 */
export class AuditWriter {
  private pending: { record: AuditRecord; done: (err?: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private deferred = new WeakMap<Db, AuditRecord[]>();
  private sealing: Promise<void> | null = null;
  private sealAgain = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
    private readonly sealMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kickSeal(), this.sealMs);
    this.timer.unref();
  }

  /** A read of restricted data: resolves once the entry is durable. */
  record(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  /**
   * Records within the caller's transaction. Inside platform.transaction() the insert is deferred to
   * just before COMMIT, so all of a transaction's entries cost one statement.
   */
  inTransaction(trx: Db, records: AuditRecord[]): Promise<void> {
    const deferred = this.deferred.get(trx);
    if (deferred) {
      deferred.push(...records);
      return Promise.resolve();
    }
    return recordPending(trx, records);
  }

  /** Runs fn in trx, then records every entry it deferred, still inside the transaction. */
  async withDeferred<T>(trx: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
    const records: AuditRecord[] = [];
    this.deferred.set(trx, records);
    try {
      const result = await fn(trx);
      await recordPending(trx, records);
      return result;
    } finally {
      this.deferred.delete(trx);
    }
  }

  /** Asks for the recorded entries to be chained now; sealing rounds never overlap. */
  kickSeal(): Promise<void> {
    if (this.sealing) {
      this.sealAgain = true;
      return this.sealing;
    }
    this.sealing = (async () => {
      try {
        do {
          this.sealAgain = false;
          while ((await sealBatch(this.db, 5000)) > 0) {
            /* keep going while there is a backlog */
          }
        } while (this.sealAgain);
      } catch (err) {
        this.log?.error({ err }, 'sealing the audit chain failed; will retry');
      } finally {
        this.sealing = null;
      }
    })();
    return this.sealing;
  }

  /** Waits until everything recorded so far is chained (tests, `audit verify`, shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.kickSeal();
    while ((await sealBatch(this.db, 5000)) > 0) {
      /* sealed what another round had not */
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.drain().catch((err) => this.log?.error({ err }, 'final audit seal failed'));
  }

  private async flushLoop(): Promise<void> {
    // Yield once, so requests that already arrived get to queue their reads first and their entries
    // join this insert. Without it an embedded database that runs queries on the event loop's thread
    // (PGlite) would insert every entry on its own.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 1000);
        try {
          await recordPending(this.db, batch.map((b) => b.record));
          batch.forEach((b) => b.done());
        } catch (err) {
          batch.forEach((b) => b.done(err));
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

/** Appends straight onto the chain (used by tests that build a chain by hand). */
export async function appendAudit(trx: Db, records: AuditRecord[]): Promise<void> {
  await recordPending(trx, records);
  await sealAllIn(trx);
}

async function sealAllIn(trx: Db): Promise<void> {
  while ((await sealInto(trx, 5000)) > 0) {
    /* loop */
  }
}

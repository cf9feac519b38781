import { sql } from 'kysely';
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

/**
 * Appends records to the chain inside the caller's transaction: the tip row is locked, so appends
 * from every node are chained in commit order, and a write and its audit entry commit together.
 */
export async function appendAudit(trx: Db, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(trx);
  let { seq, hash } = head.rows[0]!;
  const rows = [];
  const now = new Date();
  for (const r of records) {
    const entry: AuditEntry = {
      seq: seq + 1,
      at: now.toISOString(),
      actorUserId: r.actor?.userId ?? null,
      actorOrgId: r.actor?.orgId ?? null,
      action: r.action,
      resourceType: r.resourceType,
      resourceId: r.resourceId ?? null,
      outcome: r.outcome ?? 'success',
      detail: r.detail ?? {},
      prevHash: hash,
    };
    const entryHash = hashEntry(entry);
    rows.push({
      seq: entry.seq,
      at: now,
      actor_user_id: entry.actorUserId,
      actor_org_id: entry.actorOrgId,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      outcome: entry.outcome,
      detail: JSON.stringify(entry.detail),
      prev_hash: entry.prevHash,
      hash: entryHash,
    });
    seq = entry.seq;
    hash = entryHash;
  }
  await trx.insertInto('audit_log').values(rows).execute();
  await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
}

/**
 * Records reads of restricted data. Reads have no transaction of their own, so concurrent ones are
 * gathered and appended in one transaction (group commit); each caller's promise settles only once its
 * entry is durable, so no restricted read is answered without its trail.
 */
export class AuditWriter {
  private pending: { record: AuditRecord; done: (err?: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly db: Db) {}

  record(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private deferred = new WeakMap<Db, AuditRecord[]>();

  /**
   * Records within the caller's transaction, so a change and its audit entries commit together.
   * Inside platform.transaction() the append is deferred to just before COMMIT: the chain tip stays
   * locked for the shortest time, which is what lets concurrent writers through.
   */
  inTransaction(trx: Db, records: AuditRecord[]): Promise<void> {
    const pending = this.deferred.get(trx);
    if (pending) {
      pending.push(...records);
      return Promise.resolve();
    }
    return appendAudit(trx, records);
  }

  /** Runs fn in trx and then appends every record it deferred, still inside the transaction. */
  async withDeferred<T>(trx: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
    const records: AuditRecord[] = [];
    this.deferred.set(trx, records);
    try {
      const result = await fn(trx);
      await appendAudit(trx, records);
      return result;
    } finally {
      this.deferred.delete(trx);
    }
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    // Yield once, so requests that already arrived get to queue their reads first and their entries
    // join this commit. Without it an embedded database that runs queries on the event loop's thread
    // (PGlite) would commit every entry on its own.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0) {
        let batch: typeof this.pending = [];
        try {
          // The batch is taken once the transaction holds its connection: everything that arrived
          // while waiting for it (on PGlite, behind other queries) joins the same commit.
          await this.db.transaction().execute((trx) => {
            batch = this.pending.splice(0, 1000);
            return appendAudit(trx, batch.map((b) => b.record));
          });
          batch.forEach((b) => b.done());
        } catch (err) {
          // If the transaction could not even start, everyone waiting learns of it (no hot retry loop).
          if (batch.length === 0) batch = this.pending.splice(0);
          batch.forEach((b) => b.done(err));
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

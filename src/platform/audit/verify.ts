import type { Db } from '../db/database.js';
import { GENESIS_HASH, hashEntry, type AuditEntry } from './chain.js';

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** Every entry whose stored hash, link or sequence does not hold, with the reason. */
  broken: { seq: number; reason: string }[];
}

/** Recomputes the whole chain in sequence order, streaming in pages so it works on any size. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  const broken: VerifyResult['broken'] = [];
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      entries++;
      if (row.seq !== expectedSeq) broken.push({ seq: row.seq, reason: `sequence gap: expected ${expectedSeq}` });
      if (row.prev_hash !== expectedPrev) broken.push({ seq: row.seq, reason: 'prev_hash does not match the previous entry' });
      const entry: AuditEntry = {
        seq: row.seq,
        at: row.at.toISOString(),
        actorUserId: row.actor_user_id,
        actorOrgId: row.actor_org_id,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        outcome: row.outcome,
        detail: row.detail,
        prevHash: row.prev_hash,
      };
      if (hashEntry(entry) !== row.hash) broken.push({ seq: row.seq, reason: 'content does not match its hash (altered)' });
      expectedPrev = row.hash;
      expectedSeq = row.seq + 1;
      after = row.seq;
    }
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && head.seq !== after) broken.push({ seq: head.seq, reason: `chain tip says ${head.seq} but the last entry is ${after} (entries removed)` });
  if (head && head.seq === after && head.hash !== expectedPrev) broken.push({ seq: head.seq, reason: 'chain tip hash does not match the last entry' });
  return { ok: broken.length === 0, entries, broken };
}

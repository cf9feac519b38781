import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Marking } from '../policy/types.js';
import type { DomainEvent } from './types.js';

export interface NewEvent {
  type: string;
  payload: Record<string, unknown>;
  visibility: Marking;
}

/**
 * Records events in the caller's transaction, so they exist if and only if the change commits.
 * The dispatcher delivers them after commit.
 */
export async function emit(trx: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('outbox').values(outboxRows(events)).execute();
}

/** Outbox rows for events, for a caller that inserts them as part of a larger statement. */
export function outboxRows(events: NewEvent[]) {
  return events.map((e) => ({
    id: crypto.randomUUID(),
    type: e.type,
    payload: JSON.stringify(e.payload),
    visibility: JSON.stringify(e.visibility),
    published_at: null,
  }));
}

/**
 * The events of outbox rows a statement has committed, as a round would read them back (payloads
 * parsed from the stored JSON, so subscribers get plain JSON values either way); `stored` is what the
 * statement returned for them.
 */
export function committedEvents(rows: ReturnType<typeof outboxRows>, stored: { seq: number; id: string; created_at: Date }[]): DomainEvent[] {
  const byId = new Map<string, (typeof rows)[number]>(rows.map((r) => [r.id, r]));
  return stored.map((s) => {
    const row = byId.get(s.id)!;
    return { seq: s.seq, id: s.id, type: row.type, payload: JSON.parse(row.payload) as Record<string, unknown>, visibility: JSON.parse(row.visibility) as Marking, createdAt: s.created_at.toISOString() };
  });
}

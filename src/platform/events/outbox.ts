import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Marking } from '../policy/types.js';
import type { DomainEvent } from './types.js';

export interface NewEvent {
  type: string;
  payload: Record<string, unknown>;
  visibility: Marking;
}

/** What a transaction wrote to the outbox, for its owner to hand over once it has committed. */
export interface OutboxWrites {
  /** Events written by emit(), as they will read once committed. */
  events: DomainEvent[];
  /** Outbox rows written by a statement of its own (not through emit()): only a round finds them. */
  other: boolean;
}

const writesOf = new WeakMap<object, OutboxWrites>();

/**
 * Notes what `trx` writes to the outbox until `fn` returns (platform.transaction): after the commit its
 * events are handed straight to the bus (deliverCommitted) instead of waiting for a claiming round.
 */
export async function collectOutboxWrites<T>(trx: Db, fn: () => Promise<T>): Promise<{ result: T; writes: OutboxWrites }> {
  const writes: OutboxWrites = { events: [], other: false };
  writesOf.set(trx, writes);
  try {
    return { result: await fn(), writes };
  } finally {
    writesOf.delete(trx);
  }
}

/** Says that a statement of the caller's own inserted outbox rows in `trx`, so its owner kicks a round. */
export function outboxWrittenBySql(trx: Db): void {
  const writes = writesOf.get(trx);
  if (writes) writes.other = true;
}

/**
 * Records events in the caller's transaction, so they exist if and only if the change commits.
 * Inside platform.transaction() they are handed over as soon as it commits; otherwise the dispatcher's
 * round delivers them.
 */
export async function emit(trx: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = outboxRows(events);
  const writes = writesOf.get(trx);
  if (!writes) {
    await trx.insertInto('outbox').values(rows).execute();
    return;
  }
  const stored = await trx.insertInto('outbox').values(rows).returning(['seq', 'id', 'created_at']).execute();
  writes.events.push(...committedEvents(rows, stored.map((s) => ({ seq: Number(s.seq), id: s.id, created_at: s.created_at }))));
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

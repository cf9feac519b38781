import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Marking } from '../policy/types.js';

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

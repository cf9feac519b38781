import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Marking } from '../policy/types.js';
import type { DomainEvent, EventTransport } from './types.js';

interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  payload: Record<string, unknown>;
  visibility: Marking;
  created_at: Date;
}

export function toEvent(row: OutboxRow): DomainEvent {
  return {
    seq: row.seq,
    id: row.id,
    type: row.type,
    payload: row.payload,
    visibility: row.visibility,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Moves committed outbox rows to the transport. Kicked right after each commit on this node, and
 * polled as a safety net (events committed by a node that died, or by the CLI). Several nodes may run
 * one each: rows are claimed with SKIP LOCKED, and the transport dedupes by event id.
 */
export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Asks for a delivery round; rounds never overlap and a kick during one schedules another. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.deliverBatch()) > 0) {
            /* keep going while there is a backlog */
          }
        } while (this.again && !this.stopped);
      } catch (err) {
        this.log.error({ err }, 'outbox delivery failed; will retry');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async deliverBatch(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<OutboxRow>`
        select seq, id, type, payload, visibility, created_at from outbox
        where published_at is null order by seq limit 500 for update skip locked`.execute(trx);
      if (rows.length === 0) return 0;
      await this.transport.publish(rows.map(toEvent));
      await trx
        .updateTable('outbox')
        .set({ published_at: new Date() })
        .where('seq', 'in', rows.map((r) => r.seq))
        .execute();
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** Events after a position that a subscriber missed while disconnected (for SSE Last-Event-ID). */
export async function eventsAfter(db: Db, afterSeq: number, limit = 1000): Promise<DomainEvent[]> {
  const { rows } = await sql<OutboxRow>`
    select seq, id, type, payload, visibility, created_at from outbox
    where seq > ${afterSeq} and published_at is not null order by seq limit ${limit}`.execute(db);
  return rows.map(toEvent);
}

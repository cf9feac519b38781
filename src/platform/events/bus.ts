import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { OutboxDispatcher } from './dispatcher.js';
import { RecentIds } from './recent-ids.js';
import type { DomainEvent, EventTransport } from './types.js';

export type Subscriber = (event: DomainEvent) => void;

/**
 * How many recent event ids the bus remembers to drop repeats. Delivery is at-least-once: an event
 * handed over by its writer (deliverCommitted) can also be claimed by a polling round that read the
 * outbox between the writer's commit and its hand-over, and a node that died before marking is
 * re-published by the next. Repeats arrive within moments of the first copy, so a window of recent
 * ids is enough; it is bounded so a long-running node does not grow.
 */
const REMEMBERED_IDS = 20_000;

/**
 * The node's event hub: the dispatcher sends committed events out through the transport, and
 * whatever the transport brings back (from this node or another) is handed to local subscribers.
 */
export class EventBus {
  private subscribers = new Set<Subscriber>();
  private readonly recent = new RecentIds(REMEMBERED_IDS);
  readonly dispatcher: OutboxDispatcher;

  constructor(
    db: Db,
    readonly transport: EventTransport,
    private readonly log: Logger,
  ) {
    this.dispatcher = new OutboxDispatcher(db, transport, log);
    transport.onEvent((e) => this.fanOut(e));
  }

  async start(): Promise<void> {
    await this.transport.start();
    this.dispatcher.start();
  }

  /** Call after committing a transaction that emitted events, for immediate delivery. */
  committed(): void {
    void this.dispatcher.kick();
  }

  /**
   * Call with the events of a single statement that has committed (seq from its RETURNING): they are
   * published now, with no claiming round, and marked published afterwards (see OutboxDispatcher).
   */
  deliverCommitted(events: DomainEvent[]): void {
    void this.dispatcher.deliverCommitted(events);
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  private fanOut(event: DomainEvent): void {
    if (!this.recent.firstTime(event.id)) return;
    for (const fn of this.subscribers) {
      try {
        fn(event);
      } catch (err) {
        this.log.error({ err, type: event.type }, 'event subscriber failed');
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.stop();
    await this.transport.close();
    this.subscribers.clear();
  }
}

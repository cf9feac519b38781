import type { Marking } from '../policy/types.js';

/** A fact that happened, as it travels from the outbox to subscribers. */
export interface DomainEvent {
  /** Position in the outbox: increasing, shared by every node on one database. */
  seq: number;
  id: string;
  type: string;
  payload: Record<string, unknown>;
  /** Who may receive it, by the same rules as the data it is about. */
  visibility: Marking;
  createdAt: string;
}

/**
 * Carries committed events between nodes. In-process for one node; NATS JetStream for several.
 * publish() must be idempotent per event id (a crash between publish and mark re-publishes).
 */
export interface EventTransport {
  readonly name: string;
  start(): Promise<void>;
  publish(events: DomainEvent[]): Promise<void>;
  /** Receives every event published by any node, including this one. */
  onEvent(handler: (event: DomainEvent) => void): void;
  close(): Promise<void>;
}

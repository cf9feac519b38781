import type { DomainEvent, EventTransport } from './types.js';

/** Single-node delivery: what this node publishes is what it receives. */
export class InProcessTransport implements EventTransport {
  readonly name = 'in-process';
  private handlers: ((e: DomainEvent) => void)[] = [];

  async start(): Promise<void> {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (const e of events) for (const h of this.handlers) h(e);
  }

  onEvent(handler: (event: DomainEvent) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.handlers = [];
  }
}

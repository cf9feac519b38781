import type { Logger } from 'pino';
import type { DomainEvent, EventTransport } from './types.js';

/**
 * Multi-node delivery over NATS JetStream. Placeholder until the adapter lands: constructing it fails
 * loudly rather than silently delivering nothing across nodes.
 */
export class NatsTransport implements EventTransport {
  readonly name = 'nats';
  constructor(_config: { url: string; stream: string }, _log: Logger) {
    throw new Error('NATS transport not implemented yet');
  }
  async start(): Promise<void> {}
  async publish(_events: DomainEvent[]): Promise<void> {}
  onEvent(_handler: (event: DomainEvent) => void): void {}
  async close(): Promise<void> {}
}

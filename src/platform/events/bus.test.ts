import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { marking } from '../policy/types.js';
import { EventBus } from './bus.js';
import { InProcessTransport } from './in-process.js';
import type { DomainEvent } from './types.js';

const event = (seq: number, id = `event-${seq}`): DomainEvent => ({
  seq,
  id,
  type: 'test.happened',
  payload: { seq },
  visibility: marking({ tlp: 'clear' }),
  createdAt: new Date(0).toISOString(),
});

/** The bus alone: no round is started, so the database is never touched. */
function bus() {
  const transport = new InProcessTransport();
  const b = new EventBus({} as Db, transport, pino({ level: 'silent' }));
  const got: string[] = [];
  b.subscribe((e) => got.push(e.id));
  return { transport, got };
}

describe('the event bus hands each event to subscribers once', () => {
  it('drops a second copy of an event (a writer hand-over and a polling round both published it)', async () => {
    const { transport, got } = bus();
    await transport.publish([event(1), event(2)]);
    await transport.publish([event(2), event(3)]);
    await transport.publish([event(1)]);
    expect(got).toEqual(['event-1', 'event-2', 'event-3']);
  });

  it('remembers a bounded window of ids: far older ids are forgotten, so memory does not grow', async () => {
    const { transport, got } = bus();
    await transport.publish([event(0, 'first')]);
    await transport.publish(Array.from({ length: 20_000 }, (_, i) => event(i + 1)));
    await transport.publish([event(0, 'first'), event(20_000)]);
    expect(got.filter((id) => id === 'first')).toHaveLength(2);
    expect(got.filter((id) => id === 'event-20000')).toHaveLength(1);
  });
});

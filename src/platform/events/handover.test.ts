import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger, startPlatform, type Platform } from '../platform.js';
import { marking } from '../policy/types.js';
import { dropSchema, testDatabase } from '../testing/harness.js';
import { emit, outboxWrittenBySql } from './outbox.js';
import type { DomainEvent } from './types.js';

const visibility = marking({ tlp: 'clear' });

/**
 * platform.transaction() hands the events its emit() calls wrote straight to the bus once it has
 * committed: no claiming round (begin, select for update, update, commit) per write. Rows written by a
 * statement of its own still get a round, and a transaction that rolls back delivers nothing.
 */
describe('events of a committed transaction', () => {
  let platform: Platform;
  const database = testDatabase();
  const seen: DomainEvent[] = [];
  beforeAll(async () => {
    const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database });
    platform = await startPlatform(config, createLogger(config));
    platform.events.subscribe((e) => seen.push(e));
  });
  afterAll(async () => {
    await platform.close();
    if (database.kind === 'postgres') await dropSchema(database.schema);
  });

  const published = async (id: string) => (await platform.db.selectFrom('outbox').select(['seq', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow());
  const until = async (check: () => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    return check();
  };

  it('are handed over at commit, once, with the seq the outbox gave them, then marked published; no round runs', async () => {
    const kick = vi.spyOn(platform.events.dispatcher, 'kick');
    try {
      await platform.transaction((trx) => emit(trx, [{ type: 'test.one', payload: { n: 1 }, visibility }, { type: 'test.two', payload: { n: 2, at: new Date(0) }, visibility }]));
      // Delivered by the time the commit's caller goes on (the in-process transport is synchronous).
      const mine = seen.filter((e) => e.type.startsWith('test.'));
      expect(mine.map((e) => e.type)).toEqual(['test.one', 'test.two']);
      // Plain JSON, as a round would have read it back.
      expect(mine[1]!.payload).toEqual({ n: 2, at: new Date(0).toISOString() });
      expect(kick).not.toHaveBeenCalled();
      kick.mockRestore();
      await platform.events.dispatcher.kick();
      for (const e of mine) {
        const row = await published(e.id);
        expect(Number(row.seq)).toBe(e.seq);
        expect(row.published_at).not.toBeNull();
      }
      expect(seen.filter((e) => e.type.startsWith('test.'))).toHaveLength(2);
    } finally {
      kick.mockRestore();
      seen.length = 0;
    }
  });

  it('that rolls back delivers nothing', async () => {
    await expect(
      platform.transaction(async (trx) => {
        await emit(trx, [{ type: 'test.rolled_back', payload: {}, visibility }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await platform.events.dispatcher.kick();
    expect(seen.filter((e) => e.type === 'test.rolled_back')).toEqual([]);
    expect(await platform.db.selectFrom('outbox').select('id').where('type', '=', 'test.rolled_back').execute()).toEqual([]);
  });

  it('with outbox rows of its own statement: a round delivers them at once, not at the next poll', async () => {
    const kick = vi.spyOn(platform.events.dispatcher, 'kick');
    try {
      await platform.transaction(async (trx) => {
        await sql`insert into outbox (id, type, payload, visibility) values (gen_random_uuid(), 'test.by_sql', '{}'::jsonb, ${JSON.stringify(visibility)}::jsonb)`.execute(trx);
        outboxWrittenBySql(trx);
      });
      expect(kick).toHaveBeenCalledTimes(1);
      expect(await until(() => seen.some((e) => e.type === 'test.by_sql'), 500)).toBe(true);
    } finally {
      kick.mockRestore();
      seen.length = 0;
    }
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.js';
import { dropSchema, testDatabase } from '../testing/harness.js';

/** The embedded engine's own settings (the PGlite run of the suite: the PostgreSQL run would repeat it). */
describe.skipIf(process.env.RENKEI_TEST_DB === 'postgres')('embedded PGlite', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: null });
  });
  afterAll(() => handle.close());

  it('creates WAL segments without filling them with zeros (database.ts says why), still after a transaction, a segment switch and a checkpoint', async () => {
    const setting = async () => (await sql<{ wal_init_zero: string }>`show wal_init_zero`.execute(handle.db)).rows[0]!.wal_init_zero;
    expect(await setting()).toBe('off');
    await handle.db.transaction().execute(async (trx) => {
      await sql`create table wal_probe as select g as id, repeat('x', 1000) as body from generate_series(1, 20000) g`.execute(trx);
    });
    await sql`select pg_switch_wal()`.execute(handle.db);
    await sql`checkpoint`.execute(handle.db);
    expect(await setting()).toBe('off');
  });
});

/** Connection settings of the PostgreSQL pools (the PostgreSQL run of the suite). */
describe.skipIf(process.env.RENKEI_TEST_DB !== 'postgres')('PostgreSQL pools', () => {
  let handle: DatabaseHandle;
  let schema: string;
  beforeAll(async () => {
    const config = testDatabase();
    if (config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    schema = config.schema;
    handle = await openDatabase(config);
  });
  afterAll(async () => {
    await handle.close();
    await dropSchema(schema);
  });

  it('run without JIT on every connection of both pools (database.ts says why), inside transactions too', async () => {
    const jit = async (db: DatabaseHandle['db']) => (await sql<{ jit: string }>`show jit`.execute(db)).rows[0]!.jit;
    const many = await Promise.all(Array.from({ length: 6 }, () => jit(handle.db)));
    expect(many).toEqual(Array(6).fill('off'));
    expect(await jit(handle.genericPlans)).toBe('off');
    expect(await handle.db.transaction().execute((trx) => jit(trx))).toBe('off');
    expect((await sql<{ s: string }>`select current_schema() as s`.execute(handle.db)).rows[0]!.s).toBe(schema);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.js';

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

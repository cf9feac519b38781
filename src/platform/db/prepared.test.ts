import crypto from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, TEST_PG_URL } from '../testing/harness.js';
import { openDatabase, type DatabaseHandle, type Db } from './database.js';
import { sendPreparedByName } from './prepared.js';

/** PostgreSQL only: PGlite has no wire protocol, hence no named statements. */
describe.skipIf(process.env.RENKEI_TEST_DB !== 'postgres')('statements marked prepared', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    sendPreparedByName(client);
  });
  afterAll(async () => client.end());

  const prepared = async () => (await client.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);

  it('are prepared once by name and answer every call with its own values', async () => {
    const text = '/* prepared: test_double */ select $1::int * 2 as n';
    expect((await client.query(text, [2])).rows).toEqual([{ n: 4 }]);
    expect((await client.query(text, [5])).rows).toEqual([{ n: 10 }]);
    expect(await prepared()).toEqual([expect.stringMatching(/^test_double_[0-9a-z]+$/)]);
  });

  it('leaves unmarked statements unnamed', async () => {
    expect((await client.query('select $1::int + 1 as n', [1])).rows).toEqual([{ n: 2 }]);
    expect(await prepared()).toHaveLength(1);
  });

  it('prepares one statement per text under the same name (the shapes of a query with optional filters)', async () => {
    expect((await client.query('/* prepared: test_double */ select $1::int * 3 as n', [1])).rows).toEqual([{ n: 3 }]);
    expect((await client.query('/* prepared: test_double */ select $1::int * 2 as n', [1])).rows).toEqual([{ n: 2 }]);
    const names = await prepared();
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith('test_double_'))).toBe(true);
  });
});

/** PostgreSQL only: a page's statement planned once per connection, whatever its estimates. */
describe.skipIf(process.env.RENKEI_TEST_DB !== 'postgres')('the database handle\'s generic-plan connections', () => {
  let handle: DatabaseHandle;
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema, poolSize: 2 });
  });
  afterAll(async () => {
    await handle.close();
    await dropSchema(schema);
  });

  /** Runs a marked statement six times on one connection, then reads how PostgreSQL planned it there. */
  const plans = (db: Db) =>
    db.transaction().execute(async (trx) => {
      for (let i = 0; i < 6; i++) await sql`/* prepared: test_plans */ select count(*) from generate_series(1, ${i + 1}::int) g where g > ${i}::int`.execute(trx);
      const { rows } = await sql<{ mode: string; generic: number; custom: number }>`
        select current_setting('plan_cache_mode') as mode, generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where name like 'test_plans_%'`.execute(trx);
      return rows[0];
    });

  it('run marked statements on their generic plan from the first call; the main pool keeps planning by values', async () => {
    expect(await plans(handle.genericPlans)).toEqual({ mode: 'force_generic_plan', generic: 6, custom: 0 });
    // Left to itself PostgreSQL makes five custom plans before it weighs the generic one (and here keeps
    // planning: this statement's generic estimate is the higher).
    const main = await plans(handle.db);
    expect(main?.mode).toBe('auto');
    expect(main?.custom).toBeGreaterThanOrEqual(5);
    // The schema is the handle's on both.
    expect((await sql<{ s: string }>`select current_schema() as s`.execute(handle.genericPlans)).rows[0]!.s).toBe(schema);
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../testing/harness.js';
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

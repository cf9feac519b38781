import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from './harness.js';

describe('test harness', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld();
  });
  afterAll(() => w.close());

  it('starts a seeded platform on this run’s database', async () => {
    const res = await w.as(null, { method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok' });
    const orgs = await w.platform.db.selectFrom('organizations').select('slug').execute();
    expect(orgs.length).toBeGreaterThanOrEqual(30);
    expect(w.platform.database.kind).toBe(process.env.RENKEI_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
  });
});

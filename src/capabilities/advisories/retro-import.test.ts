import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));

/**
 * A bulk import is retro-matched whole: each asset.changed event carries at most a thousand ids, so an
 * import larger than that must announce every asset, not only its first thousand.
 */
describe('retro-matching a large import', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;

  beforeAll(async () => {
    w = await startTestWorld();
    hub = await w.login('hub@renkei.example');
    bank = await w.login('bank@renkei.example');
  });
  afterAll(() => w.close());

  it('every one of 2,500 imported assets of an affected version gets its exposure', async () => {
    const published = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') });
    expect(published.statusCode).toBe(201);

    const n = 2500;
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    const rows = Array.from({ length: n }, (_, i) => `scheduler-${i},server,Apache,DolphinScheduler,3.2.1,cpe:2.3:a:apache:dolphinscheduler:3.2.1:*:*:*:*:*:*:*,,internal,batch,high,,false`);
    const res = await w.app.inject({ method: 'POST', url: '/api/assets/import', payload: [header, ...rows].join('\n'), headers: { cookie: bank.cookie, 'x-csrf-token': bank.csrf, 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { ids: string[] }).ids;
    expect(ids).toHaveLength(n);

    const exposed = async () =>
      Number(
        (
          await w.platform.db
            .selectFrom('exposures as e')
            .innerJoin('advisories as a', 'a.id', 'e.advisory_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('a.source_id', '=', 'CVE-2024-30188')
            .where('e.asset_id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const deadline = Date.now() + 60_000;
    let count = await exposed();
    while (count < n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      count = await exposed();
    }
    expect(count).toBe(n);
  }, 90_000);
});

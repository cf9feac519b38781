import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';
import { advisoriesRepository as repo } from './repository.js';

/**
 * An import's candidate assets wait in a temporary table until its exposure write (stageCandidates);
 * the write finds them by combo number, so what is staged must be exactly this staging's assets.
 */
describe('staged candidates of an advisory import', () => {
  let w: TestWorld;
  const ids: Record<string, string> = {};
  const dolphin = (v: string) => `cpe:2.3:a:apache:dolphinscheduler:${v}:*:*:*:*:*:*:*`;
  const converter = (v: string) => `cpe:2.3:a:csaf-tools:cvrf-csaf-converter:${v}:*:*:*:*:*:*:*`;

  beforeAll(async () => {
    w = await startTestWorld();
    const bank = await w.login('bank@renkei.example');
    for (const [name, cpe] of [['dolphin 3.2.1', dolphin('3.2.1')], ['dolphin 3.2.0', dolphin('3.2.0')], ['dolphin 3.2.1 again', dolphin('3.2.1')], ['converter', converter('1.0.0')]]) {
      const product = cpe!.includes('dolphinscheduler') ? { maker: 'Apache', product: 'DolphinScheduler' } : {};
      const res = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name, category: 'server', cpe, placement: 'internal', ...product } });
      expect(res.statusCode).toBe(201);
      ids[name!] = res.json().id;
    }
    // Registered under both keys, so that a staging by both finds each asset twice.
    const keys = await sql<{ identity_keys: string[] }>`select identity_keys from assets where id = ${ids['dolphin 3.2.1']}::uuid`.execute(w.platform.db);
    expect(keys.rows[0]!.identity_keys).toEqual(expect.arrayContaining(['cpe:apache:dolphinscheduler', 'name:apache:dolphinscheduler']));
  }, 60_000);
  afterAll(() => w?.close());

  const staged = (trx: Parameters<typeof repo.stageCandidates>[0]) =>
    sql<{ combo: number; id: string }>`select combo, id from advisory_candidates order by combo, id`.execute(trx).then((r) => r.rows);

  it('one combo per identity and version, each asset once, and a second staging replaces the first', async () => {
    await w.platform.transaction(async (trx) => {
      // The product's CPE key and its name key both find the same assets: each is staged once.
      const combos = await repo.stageCandidates(trx, ['cpe:apache:dolphinscheduler', 'name:apache:dolphinscheduler']);
      expect(combos.map((c) => c.version).sort()).toEqual(['3.2.0', '3.2.1']);
      const byVersion = new Map(combos.map((c) => [c.version, c.combo]));
      expect(await staged(trx)).toEqual(
        [
          { combo: byVersion.get('3.2.0')!, id: ids['dolphin 3.2.0']! },
          { combo: byVersion.get('3.2.1')!, id: ids['dolphin 3.2.1']! },
          { combo: byVersion.get('3.2.1')!, id: ids['dolphin 3.2.1 again']! },
        ].sort((a, b) => a.combo - b.combo || a.id.localeCompare(b.id)),
      );
      // Numbered from 1 again: the first staging's rows must not answer for these numbers.
      const second = await repo.stageCandidates(trx, ['cpe:csaf-tools:cvrf-csaf-converter']);
      expect(second.map((c) => c.combo)).toEqual([1]);
      expect(await staged(trx)).toEqual([{ combo: 1, id: ids['converter']! }]);
    });
  });

  it('is emptied at commit, and refused outside a transaction', async () => {
    await w.platform.transaction(async (trx) => {
      await repo.stageCandidates(trx, ['cpe:csaf-tools:cvrf-csaf-converter']);
    });
    await w.platform.transaction(async (trx) => {
      await repo.stageCandidates(trx, []);
      expect(await staged(trx)).toEqual([]);
    });
    await expect(repo.stageCandidates(w.platform.db, ['cpe:csaf-tools:cvrf-csaf-converter'])).rejects.toThrow(/needs a transaction/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAdvisories } from '../../demo/advisories.js';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

interface Item {
  asset: { name: string; orgId: string; orgSectors: string[] };
  abilities: { update: boolean };
}

// The hub and a ministry count exposures beyond what reaches them: the page shows both, and the two
// must agree with each other and with the dashboard's figures (the demo world: the bank's designated
// gateway and the power company's web server, which is not designated).
describe('what the hub and the ministries see of exposures', () => {
  let w: TestWorld;
  let hub: Session;
  let fsa: Session;
  let meti: Session;
  const get = async (s: Session, url: string) => (await w.as(s, { method: 'GET', url })).json();
  const open = async (s: Session) => (await get(s, '/api/notifications?status=open')).items as Item[];

  beforeAll(async () => {
    w = await startTestWorld();
    await seedDemoAdvisories(w.platform);
    hub = await w.login('hub@renkei.example');
    fsa = await w.login('fsa@renkei.example');
    meti = await w.login('meti@renkei.example');
  });
  afterAll(() => w.close());

  it('counts the nation’s open exposures by sector, as the dashboard does', async () => {
    const national = await get(hub, '/api/exposure?scope=national');
    const tile = (await get(hub, '/api/dashboard/tiles/exposure')).data as { open: number; bySector: Record<string, { open: number }> };
    expect(national.open).toBe(2);
    expect(national.by.sector).toEqual({ finance: 1, electricity: 1 });
    expect(tile.open).toBe(national.open);
    expect(Object.fromEntries(Object.entries(tile.bySector).map(([s, f]) => [s, f.open]))).toEqual(national.by.sector);
  });

  it('a ministry counts its own sectors only', async () => {
    expect(await get(fsa, '/api/exposure?scope=sector')).toMatchObject({ open: 1, by: { sector: { finance: 1 } } });
    expect(await get(meti, '/api/exposure?scope=sector')).toMatchObject({ open: 1, by: { sector: { electricity: 1 } } });
    // A company's own counts need no sector.
    expect((await get(await w.login('bank@renkei.example'), '/api/exposure')).by.sector).toBeUndefined();
  });

  it('lists only the notifications that reached them: designated equipment, named with its owner’s sectors, read-only', async () => {
    const bank = await w.orgId('sakura-bank');
    for (const s of [hub, fsa]) {
      const items = await open(s);
      expect(items.map((n) => [n.asset.orgId, n.asset.orgSectors, n.abilities.update])).toEqual([[bank, ['finance'], false]]);
    }
    // The power company's web server is not designated: its notice reaches its owner, not METI or the hub.
    expect(await open(meti)).toEqual([]);
    expect((await open(await w.login('power@renkei.example'))).map((n) => n.asset.orgSectors)).toEqual([['electricity']]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../platform/testing/harness.js';
import { seedDemoAdvisories } from './advisories.js';

// The first start's equipment and advisories (npm start): an operator opening the demo sees its
// affected gateway, its vendor sees it too, the patched one stays silent, another sector sees its own.
describe('demo equipment and advisories', () => {
  let w: TestWorld;
  let bank: Session;
  let msp: Session;
  let power: Session;
  const open = async (s: Session) =>
    (await w.as(s, { method: 'GET', url: '/api/notifications?status=open' })).json().items as { verdict: string; knownExploited: boolean; reason: { deadlineRule?: string }; advisory: { cveIds: string[] }; asset: { name: string; version: string } }[];

  beforeAll(async () => {
    w = await startTestWorld();
    await seedDemoAdvisories(w.platform);
    bank = await w.login('bank@renkei.example');
    msp = await w.login('msp@renkei.example');
    power = await w.login('power@renkei.example');
  });
  afterAll(() => w.close());

  it('notifies exactly the affected assets, their owners and the vendor running them', async () => {
    const mine = await open(bank);
    expect(mine.map((n) => [n.asset.version, n.advisory.cveIds, n.verdict, n.knownExploited])).toEqual([['7.0.12', ['CVE-2024-21762'], 'affected', true]]);
    // The law data's rule, in the reader's language (Japanese unless English is asked for).
    expect(mine[0]!.reason.deadlineRule).toBe('悪用が確認され、インターネットから到達できる');
    const english = (await w.as(bank, { method: 'GET', url: '/api/notifications?status=open', headers: { 'accept-language': 'en' } })).json().items[0];
    expect(english.reason.deadlineRule).toBe('Known exploited, reachable from the internet');
    expect((await open(msp)).map((n) => n.asset.version)).toEqual(['7.0.12']);
    expect((await open(power)).map((n) => [n.asset.version, n.advisory.cveIds])).toEqual([['2.4.49', ['CVE-2021-41773']]]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../platform/testing/harness.js';
import { seedDemoIncidents } from './incidents.js';

// The first start's reports and alert (npm start): each authority's inbox holds exactly what the law
// data routes to it, the threads and versions are there to open, and the sector's banks are warned.
describe('demo incident reports and alert', () => {
  let w: TestWorld;
  const get = async (email: string, url: string) => {
    const res = await w.as(await w.login(email), { method: 'GET', url });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const inbox = async (email: string) => ((await get(email, '/api/incidents?box=inbox')).items as { title: string }[]).map((i) => i.title).sort();
  const RANSOMWARE = '顧客管理サーバのランサムウェア感染 (demo)';
  const DDOS = 'インターネットバンキングへの DDoS 攻撃 (demo)';

  beforeAll(async () => {
    w = await startTestWorld();
    await seedDemoIncidents(w.platform);
  });
  afterAll(() => w.close());

  it('routes each report to its authorities only', async () => {
    expect(await inbox('hub@renkei.example')).toEqual([RANSOMWARE, DDOS].sort());
    expect(await inbox('meti@renkei.example')).toEqual([RANSOMWARE]);
    expect(await inbox('fsa@renkei.example')).toEqual([DDOS]);
    // Personal data only in the ransomware report; the police only where the reporter consented.
    expect(await inbox('ppc@renkei.example')).toEqual([RANSOMWARE]);
    expect(await inbox('police@renkei.example')).toEqual([RANSOMWARE]);
    expect(await inbox('mhlw@renkei.example')).toEqual([]);
  });

  it('shows the reporter the hub’s triage and question, and the bank its two versions', async () => {
    const [own] = (await get('power@renkei.example', '/api/incidents?box=sent')).items as { id: string }[];
    const view = await get('power@renkei.example', `/api/incidents/${own!.id}`);
    const hub = (view.deliveries as { regime: string; status: string; messages: { body: string }[] }[]).find((d) => d.regime === 'nco')!;
    expect(hub.status).toBe('triaged');
    expect(hub.messages.map((m) => m.body)).toEqual([expect.stringContaining('保守用 VPN')]);

    const [bankReport] = (await get('bank@renkei.example', '/api/incidents?box=sent')).items as { id: string; stage: string }[];
    const bankView = await get('bank@renkei.example', `/api/incidents/${bankReport!.id}`);
    expect((bankView.versions as { stage: string }[]).map((v) => v.stage)).toEqual(['initial', 'update']);
    expect(bankView.report.ddos.durationMinutes).toBe(95);
  });

  it('warns the financial sector, and only it', async () => {
    const headlines = async (email: string) => ((await get(email, '/api/alerts?box=received')).items as { info: { ja: { event: string } } }[]).map((a) => a.info.ja.event);
    expect(await headlines('bank@renkei.example')).toEqual(['金融機関を狙う DDoS 攻撃 (demo)']);
    expect(await headlines('shinkin@renkei.example')).toEqual(['金融機関を狙う DDoS 攻撃 (demo)']);
    expect(await headlines('power@renkei.example')).toEqual([]);
  });
});

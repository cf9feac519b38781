import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));
const dolphin = (version: string) => `cpe:2.3:a:apache:dolphinscheduler:${version}:*:*:*:*:*:*:*`;
const converter = (version: string) => `cpe:2.3:a:csaf-tools:cvrf-csaf-converter:${version}:*:*:*:*:*:*:*`;

interface Notification {
  id: string;
  verdict: string;
  status: string;
  dueAt: string;
  knownExploited: boolean;
  reason: { range: string; identifier: string };
  advisory: { sourceId: string; cveIds: string[] };
  asset: { id: string; name: string; version: string };
}

describe('advisories and targeted notification over HTTP', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;
  const assetIds: Record<string, string> = {};
  const notifications = async (s: Session, query = '') => (await w.as(s, { method: 'GET', url: `/api/notifications${query}` })).json().items as Notification[];

  beforeAll(async () => {
    w = await startTestWorld();
    hub = await w.login('hub@renkei.example');
    bank = await w.login('bank@renkei.example');
    const msp = await w.orgId('tsubasa-systems');
    for (const v of ['3.0.9', '3.2.1', '3.2.2']) {
      const res = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name: `ジョブ管理 ${v}`, category: 'server', cpe: dolphin(v), placement: 'internet_facing', operatorOrg: msp } });
      assetIds[v] = res.json().id;
    }
    const power = await w.login('power@renkei.example');
    for (const v of ['1.0.0-rc1', '1.0.0-rc2']) {
      const res = await w.as(power, { method: 'POST', url: '/api/assets', payload: { name: `変換ツール ${v}`, category: 'server', cpe: converter(v), placement: 'internal' } });
      assetIds[v] = res.json().id;
    }
  });
  afterAll(() => w.close());

  it('only the hub and ministries publish; a bad document is refused with its path and nothing is stored', async () => {
    expect((await w.as(null, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') })).statusCode).toBe(401);
    expect((await w.as(bank, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') })).statusCode).toBe(404);
    const broken = read('csaf2.0/examples/bsi-2022-0001.json');
    broken.document.tracking.status = 'almost';
    const res = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: broken });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('document.tracking.status');
    expect(await w.platform.db.selectFrom('advisories').select('id').execute()).toEqual([]);
  });

  it('a CVE record notifies exactly the asset in range — and the vendor operating it — saying why', async () => {
    const res = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ format: 'cve', advisories: [{ sourceId: 'CVE-2024-30188', status: 'created' }], exposures: { created: 1 } });
    const mine = (await notifications(bank)).filter((n) => n.advisory.sourceId === 'CVE-2024-30188');
    expect(mine.map((n) => n.asset.version)).toEqual(['3.2.1']);
    expect(mine[0]).toMatchObject({ verdict: 'affected', status: 'notified', reason: { identifier: 'cpe', range: '>=3.1.0 <3.2.2' }, advisory: { cveIds: ['CVE-2024-30188'] } });
    const msp = await w.login('msp@renkei.example');
    expect((await notifications(msp, '?scope=operated')).map((n) => n.id)).toEqual([mine[0]!.id]);
    expect(await notifications(await w.login('sme@renkei.example'))).toEqual([]);
    // Its id is a version-7 UUID (migration 0068): this millisecond first, then the RFC 9562 variant.
    const id = mine[0]!.id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(parseInt(id.replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(120_000);
    // The same document again changes nothing.
    const again = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') });
    expect(again.json()).toMatchObject({ advisories: [{ status: 'unchanged' }], exposures: { created: 0, updated: 0 } });
  });

  it('says why it matched in the caller’s language, the explanation as well as the deadline rule', async () => {
    const explained = async (lang: string) => {
      const res = await w.as(bank, { method: 'GET', url: '/api/notifications', headers: { 'accept-language': lang } });
      return (res.json().items as (Notification & { reason: { explanation: string; deadlineRule: string } })[]).find((n) => n.asset.version === '3.2.1' && n.advisory.sourceId === 'CVE-2024-30188')!.reason;
    };
    const ja = await explained('ja');
    expect(ja.explanation).toBe('バージョン 3.2.1 は、脆弱性情報が cpe:apache:dolphinscheduler について「影響あり」とする範囲 >=3.1.0 <3.2.2 に含まれます。');
    const en = await explained('en');
    expect(en.explanation).toBe('Version 3.2.1 is within >=3.1.0 <3.2.2, which the advisory marks affected for cpe:apache:dolphinscheduler.');
    expect(ja.deadlineRule).not.toBe(en.deadlineRule);
  });

  it('a CSAF advisory notifies the affected release candidate, not the fixed one', async () => {
    const res = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('csaf2.0/examples/bsi-2022-0001.json') });
    expect(res.json()).toMatchObject({ format: 'csaf', exposures: { created: 1 } });
    const power = await w.login('power@renkei.example');
    const mine = (await notifications(power)).filter((n) => n.advisory.sourceId === 'BSI-2022-0001');
    expect(mine.map((n) => n.asset.version)).toEqual(['1.0.0-rc1']);
  });

  it('a newly registered asset is matched against past advisories', async () => {
    const res = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name: 'ジョブ管理 検証環境', category: 'server', cpe: dolphin('3.1.5'), placement: 'internal' } });
    const id = res.json().id;
    let found: Notification | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      found = (await notifications(bank)).find((n) => n.asset.id === id);
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toMatchObject({ verdict: 'affected', advisory: { sourceId: 'CVE-2024-30188' } });
  });

  it('the KEV catalogue marks exposures known exploited with the shorter deadline, and re-imports only what changed', async () => {
    const kev = read('kev/known_exploited_vulnerabilities.2025-07-22.json');
    const small = { ...kev, vulnerabilities: kev.vulnerabilities.slice(0, 3), count: 3 };
    small.vulnerabilities.push({ ...kev.vulnerabilities[3], cveID: 'CVE-2024-30188', vendorProject: 'Apache', product: 'DolphinScheduler' });
    const before = (await notifications(bank)).find((n) => n.asset.version === '3.2.1')!;
    // The KEV names products as text: once the hub declares DolphinScheduler's identity, its entry
    // matches every DolphinScheduler asset, as "possible" (no versions).
    await w.as(hub, { method: 'POST', url: '/api/advisories/aliases', payload: { from: 'name:apache:dolphinscheduler', to: 'cpe:apache:dolphinscheduler' } });
    const first = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: small });
    // One import both creates advisories (their exposures inserted as new) and re-matches a stored one
    // (the CVE record's two exposures, now known exploited, updated in place).
    expect(first.json()).toMatchObject({ format: 'kev', kev: { added: 4, changed: 0, removed: 0 }, exposures: { updated: 2 } });
    const kevId = (first.json().advisories as { id: string; sourceId: string }[]).find((a) => a.sourceId === 'CVE-2024-30188')!.id;
    const possible = (await notifications(bank)).filter((n) => n.verdict === 'possible' && n.advisory.cveIds.includes('CVE-2024-30188'));
    expect(possible.map((n) => n.asset.id)).toEqual(expect.arrayContaining(['3.0.9', '3.2.1', '3.2.2'].map((v) => assetIds[v])));
    expect(possible.every((n) => n.knownExploited)).toBe(true);
    // Every DolphinScheduler asset here is the bank's: each got exactly one new exposure.
    expect(first.json().exposures.created).toBe(possible.length);
    expect((await w.as(bank, { method: 'GET', url: `/api/advisories/${kevId}` })).statusCode).toBe(200);
    const after = (await notifications(bank)).find((n) => n.asset.version === '3.2.1' && n.verdict === 'affected')!;
    expect(after.knownExploited).toBe(true);
    expect(new Date(after.dueAt).getTime()).toBeLessThan(new Date(before.dueAt).getTime());
    const grown = { ...small, vulnerabilities: [...small.vulnerabilities, kev.vulnerabilities[10]] };
    expect((await w.as(hub, { method: 'POST', url: '/api/advisories', payload: grown })).json()).toMatchObject({ kev: { added: 1, changed: 0, removed: 0 } });
  });

  it('is tracked per asset: acknowledged, then not affected only with a VEX justification; only owner and operator may', async () => {
    const n = (await notifications(bank)).find((x) => x.asset.version === '3.2.1')!;
    const put = (s: Session, payload: unknown) => w.as(s, { method: 'PUT', url: `/api/notifications/${n.id}/status`, payload });
    expect((await put(await w.login('sme@renkei.example'), { status: 'acknowledged' })).statusCode).toBe(404);
    expect((await put(await w.login('bank-viewer@renkei.example'), { status: 'acknowledged' })).statusCode).toBe(404);
    expect((await put(bank, { status: 'acknowledged' })).statusCode).toBe(204);
    const missing = await put(bank, { status: 'not_affected' });
    expect(missing.json().error.fields[0]).toEqual({ path: 'justification', message: '「影響なし」には VEX の根拠を選んでください。' });
    expect((await put(await w.login('msp@renkei.example'), { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', note: 'API 機能は無効化済み' })).statusCode).toBe(204);
    expect((await notifications(bank)).find((x) => x.id === n.id)).toMatchObject({ status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', note: 'API 機能は無効化済み' });
  });

  it('refuses a VEX justification with any status but not affected, in the caller’s language, and clears it when the status moves on', async () => {
    const n = (await notifications(bank)).find((x) => x.asset.version === '3.2.2')!;
    const put = (payload: unknown, lang = 'ja') => w.as(bank, { method: 'PUT', url: `/api/notifications/${n.id}/status`, payload, headers: { 'accept-language': lang } });
    for (const status of ['acknowledged', 'mitigated', 'fixed']) {
      const res = await put({ status, justification: 'component_not_present' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ path: 'justification', message: 'VEX の根拠は「影響なし」を登録するときだけ指定できます。' }]);
    }
    const en = await put({ status: 'acknowledged', justification: 'component_not_present' }, 'en');
    expect(en.json().error.fields).toEqual([{ path: 'justification', message: 'A VEX justification belongs only to "not affected".' }]);
    expect((await notifications(bank)).find((x) => x.id === n.id)).toMatchObject({ status: n.status, justification: null });

    expect((await put({ status: 'not_affected', justification: 'component_not_present' })).statusCode).toBe(204);
    expect((await put({ status: 'acknowledged' })).statusCode).toBe(204);
    expect((await notifications(bank)).find((x) => x.id === n.id)).toMatchObject({ status: 'acknowledged', justification: null });
    // The table holds the rule for every writer (migration 0075).
    await expect(w.platform.db.updateTable('exposures').set({ justification: 'component_not_present' }).where('id', '=', n.id).execute()).rejects.toThrow(/exposures_justification_only_when_not_affected/);
  });

  it('a product known only by name matches once someone declares its identity, never by fuzzy guessing', async () => {
    const port = await w.login('port@renkei.example');
    const cpe = (v: string) => `cpe:2.3:a:fortinet:fortisandbox:${v}:*:*:*:*:*:*:*`;
    const inRange = (await w.as(port, { method: 'POST', url: '/api/assets', payload: { name: 'サンドボックス 4.2.5', category: 'server', cpe: cpe('4.2.5'), placement: 'internal' } })).json().id;
    await w.as(port, { method: 'POST', url: '/api/assets', payload: { name: 'サンドボックス 4.2.6', category: 'server', cpe: cpe('4.2.6'), placement: 'internal' } });
    const published = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2023-41843.json') });
    expect(published.json().exposures.created).toBe(0);
    expect((await w.as(port, { method: 'POST', url: '/api/advisories/aliases', payload: { from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' } })).statusCode).toBe(404);
    const alias = await w.as(hub, { method: 'POST', url: '/api/advisories/aliases', payload: { from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' } });
    expect(alias.json()).toMatchObject({ exposuresCreated: 1 });
    const mine = (await notifications(port)).filter((n) => n.advisory.sourceId === 'CVE-2023-41843');
    expect(mine.map((n) => [n.asset.id, n.verdict, n.reason.identifier])).toEqual([[inRange, 'affected', 'alias']]);
  });

  it('reminds once when a deadline passes', async () => {
    const { advisoriesService } = await import('./service.js');
    const service = advisoriesService(w.platform);
    const future = new Date(Date.now() + 400 * 86_400_000);
    expect(await service.remindDue(future)).toBeGreaterThan(0);
    expect(await service.remindDue(future)).toBe(0);
    const events = await w.platform.db.selectFrom('outbox').select('type').where('type', '=', 'exposure.overdue').execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it('exposure views: the organisation its own, the ministry its sectors, the hub the nation', async () => {
    const own = (await w.as(bank, { method: 'GET', url: '/api/exposure' })).json();
    expect(own.scope).toBe('organization');
    expect((await w.as(bank, { method: 'GET', url: '/api/exposure?scope=national' })).statusCode).toBe(404);
    const fsa = (await w.as(await w.login('fsa@renkei.example'), { method: 'GET', url: '/api/exposure?scope=sector' })).json();
    const national = (await w.as(hub, { method: 'GET', url: '/api/exposure?scope=national' })).json();
    expect(national.open).toBeGreaterThanOrEqual(fsa.open);
    expect(fsa.open).toBe(own.open);
    expect(national.by.placement).toBeDefined();
  });
});

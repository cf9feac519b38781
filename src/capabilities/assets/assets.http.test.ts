import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

const vpn = {
  name: 'インターネットVPN装置',
  category: 'vpn_gateway',
  maker: 'Fortinet',
  product: 'FortiOS',
  cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
  placement: 'internet_facing',
  service: 'インターネットバンキング',
  criticality: 'critical',
  designatedCritical: true,
};

describe('critical-equipment registry over HTTP', () => {
  let w: TestWorld;
  let bank: Session;
  let mspOrg: string;
  beforeAll(async () => {
    w = await startTestWorld();
    bank = await w.login('bank@renkei.example');
    mspOrg = await w.orgId('tsubasa-systems');
  });
  afterAll(() => w.close());
  const post = (s: Session | null, payload: unknown) => w.as(s, { method: 'POST', url: '/api/assets', payload });

  it('401 / 400 with field paths / 404 for those who cannot register / 201', async () => {
    expect((await post(null, vpn)).statusCode).toBe(401);
    const bad = await post(bank, { ...vpn, cpe: 'fortios 7.2', placement: 'cloud' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      { path: 'cpe', message: 'CPE 2.3（cpe:2.3:…）または 2.2（cpe:/…）の形式で入力してください。' },
      { path: 'placement', message: expect.any(String) },
    ]);
    const anonymous = await post(bank, { name: 'x', category: 'server', placement: 'internal' });
    expect(anonymous.json().error.fields[0]).toEqual({ path: 'cpe', message: 'CPE・purl・メーカーと製品名のいずれかを入力してください。' });
    expect((await post(await w.login('fsa@renkei.example'), vpn)).statusCode).toBe(404);
    expect((await post(await w.login('bank-viewer@renkei.example'), vpn)).statusCode).toBe(404);
    const ok = await post(bank, { ...vpn, operatorOrg: mspOrg });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ version: '7.2.4', identityKeys: ['cpe:fortinet:fortios', 'name:fortinet:fortios'], operator: { orgId: mspOrg } });
  });

  it('an operator must be a vendor organisation', async () => {
    const res = await post(bank, { ...vpn, operatorOrg: await w.orgId('fsa') });
    expect(res.json().error.fields[0].path).toBe('operatorOrg');
  });

  it('is seen by its owner and the vendor operating it; a designated one also by the hub and the ministry; by nobody else', async () => {
    const { id } = (await post(bank, { ...vpn, name: 'VPN-2', operatorOrg: mspOrg })).json();
    const read = async (email: string) => (await w.as(await w.login(email), { method: 'GET', url: `/api/assets/${id}` })).statusCode;
    expect(await read('bank-viewer@renkei.example')).toBe(200);
    expect(await read('msp@renkei.example')).toBe(200);
    expect(await read('fsa@renkei.example')).toBe(200);
    expect(await read('hub@renkei.example')).toBe(200);
    expect(await read('meti@renkei.example')).toBe(404);
    expect(await read('shinkin@renkei.example')).toBe(404);
    expect(await read('cloud@renkei.example')).toBe(404);
    const operated = (await w.as(await w.login('msp@renkei.example'), { method: 'GET', url: '/api/assets?scope=operated' })).json().items as { id: string }[];
    expect(operated.map((a) => a.id)).toContain(id);
    // The vendor may see it but not change it.
    expect((await w.as(await w.login('msp@renkei.example'), { method: 'PATCH', url: `/api/assets/${id}`, payload: { version: '7.2.5' } })).statusCode).toBe(404);
    const patched = await w.as(bank, { method: 'PATCH', url: `/api/assets/${id}`, payload: { version: '7.2.5', cpe: 'cpe:2.3:o:fortinet:fortios:7.2.5:*:*:*:*:*:*:*' } });
    expect(patched.json().version).toBe('7.2.5');
  });

  it('imports a CSV all or nothing, with each bad row’s line and column; re-importing changes nothing', async () => {
    const power = await w.login('power@renkei.example');
    const template = await w.as(power, { method: 'GET', url: '/api/assets/import-template.csv' });
    expect(template.body).toContain('name,category,maker');
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    const bad = `${header}\n給電制御PLC,ot_controller,Mitsubishi,MELSEC iQ-R,1.2,,,ot,送配電,critical,hayate-ot,true\n監視サーバ,server,,,,,,orbit,,,,\n重複,server,Dell,PowerEdge,1,,,internal,,,,\n重複,server,Dell,PowerEdge,2,,,internal,,,,\n`;
    const res = await w.app.inject({ method: 'POST', url: '/api/assets/import', payload: bad, headers: { cookie: power.cookie, 'x-csrf-token': power.csrf, 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.fields.map((f: { path: string }) => f.path);
    // Line 3 has no identity either: reported with its placement, not on the next upload.
    expect(paths).toEqual(['line 3, cpe', 'line 3, placement', 'line 5, name']);
    const mine = async () => (await w.as(power, { method: 'GET', url: '/api/assets?scope=own' })).json().items.length;
    expect(await mine()).toBe(0);
    const good = `${header}\n給電制御PLC,ot_controller,Mitsubishi,MELSEC iQ-R,1.2,,,ot,送配電,critical,hayate-ot,true\n監視サーバ,server,Dell,PowerEdge R750,2.1,,,internal,監視,high,,false\n`;
    const send = () => w.app.inject({ method: 'POST', url: '/api/assets/import', payload: good, headers: { cookie: power.cookie, 'x-csrf-token': power.csrf, 'content-type': 'text/csv' } });
    expect((await send()).json()).toMatchObject({ imported: 2, created: 2, updated: 0 });
    expect((await send()).json()).toMatchObject({ imported: 2, created: 0, updated: 2 });
    expect(await mine()).toBe(2);
  });

  const HEADER = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
  const importCsv = (s: Session, payload: string | Buffer, headers: Record<string, string> = {}) =>
    w.app.inject({ method: 'POST', url: '/api/assets/import', payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'text/csv', ...headers } });
  type Field = { path: string; message: string };

  it('reports every problem of every row in one upload (schema, column count, yes/no, CPE, purl, operator, duplicates) and imports nothing', async () => {
    const power = await w.login('power@renkei.example');
    const own = async () => (await w.as(power, { method: 'GET', url: '/api/assets?scope=own&limit=500' })).json().items.length as number;
    const before = await own();
    const csv = [
      HEADER,
      '種別誤り,vpn,Fortinet,FortiOS,7.2.4,cpe:2.3:o:fortinet,,cloud,,,,maybe',
      'purl誤り,software_component,,,,,pkg:maven/log4j-core@2.14,internal,,,,',
      '委託先不明,server,Dell,PowerEdge,1,,,internal,,,no-such-vendor,',
      '列不足,server,Dell',
      '種別誤り,server,Dell,PowerEdge,1,,,internal,,,,',
      '',
      '重要度誤り,server,Dell,PowerEdge,2,,,internal,,urgent,,はい',
    ].join('\n');
    const res = await importCsv(power, csv);
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields as Field[];
    expect(fields.map((f) => f.path)).toEqual([
      'line 2, category', 'line 2, cpe', 'line 2, placement', 'line 2, designated_critical',
      'line 3, purl', 'line 4, operator_org', 'line 5', 'line 6, name', 'line 8, criticality',
    ]);
    const at = (path: string) => fields.find((f) => f.path === path)!.message;
    expect(at('line 2, category')).toBe('「vpn」は使えません。次のいずれかを記入してください: vpn_gateway（VPN 装置）、firewall（ファイアウォール）、authentication_server（認証サーバ）、cloud_service（クラウドサービス）、ot_controller（制御機器（OT））、server（サーバ）、network_device（ネットワーク機器）、software_component（ソフトウェア部品）、other（その他）');
    expect(at('line 2, cpe')).toContain('CPE 2.3 の要素数が正しくありません（2 個）');
    expect(at('line 2, designated_critical')).toMatch(/^「maybe」は使えません。該当する場合は true .*はい.*、該当しない場合は false .*いいえ/);
    expect(at('line 3, purl')).toContain('type が maven の package URL には namespace が必要です');
    expect(at('line 4, operator_org')).toContain('no-such-vendor');
    expect(at('line 5')).toBe('この行は 3 列ですが、ヘッダー行は 12 列です。区切りのカンマ（,）の数を確認してください。');
    expect(at('line 6, name')).toBe('2 行目と同じ名前です。');
    expect(at('line 8, criticality')).toContain('critical（最重要）');
    expect(await own()).toBe(before);

    const en = (await importCsv(power, csv, { 'accept-language': 'en' })).json().error.fields as Field[];
    expect(en.find((f) => f.path === 'line 2, cpe')!.message).toBe('A CPE 2.3 name has 3 to 11 components (cpe:2.3:part:vendor:product:version:…); this one has 2.');
    expect(en.find((f) => f.path === 'line 3, purl')!.message).toContain('A maven package URL needs a namespace');
    expect(en.find((f) => f.path === 'line 5')!.message).toBe('This row has 3 columns where the header has 12. Check the commas.');
  });

  it('reads the Shift_JIS CSV that Excel saves on Japanese Windows, the same file as UTF-8 with a BOM, and refuses bytes that are neither', async () => {
    const bank = await w.login('bank@renkei.example');
    const sjis = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/excel-shift_jis.csv'));
    const first = await importCsv(bank, sjis);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ imported: 2, created: 2 });
    const find = async (q: string) => (await w.as(bank, { method: 'GET', url: `/api/assets?scope=own&q=${encodeURIComponent(q)}` })).json().items as { name: string; service: string; designatedCritical: boolean }[];
    expect(await find('FS02')).toMatchObject([{ name: 'ファイルサーバFS02', service: '全社ファイル共有', designatedCritical: false }]);
    expect(await find('勘定系ＤＢ')).toMatchObject([{ name: '勘定系ＤＢサーバ①', designatedCritical: true }]);
    // The same rows saved as "CSV UTF-8": recognised as the same assets.
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(new TextDecoder('shift_jis').decode(sjis), 'utf8')]);
    expect((await importCsv(bank, utf8, { 'content-type': 'text/csv; charset=utf-8' })).json()).toMatchObject({ imported: 2, created: 0, updated: 2 });
    const garbage = Buffer.concat([Buffer.from(`${HEADER}\r\n`), Buffer.from([0xff, 0xfe, 0x2c, 0xfd]), Buffer.from(',server,,,,,,internal,,,,\r\n')]);
    const refused = await importCsv(bank, garbage);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: 'csv', message: expect.stringContaining('UTF-8 で保存し直してください') }]);
    expect((await importCsv(bank, garbage, { 'accept-language': 'en' })).json().error.fields[0].message).toContain('Save it again as UTF-8');
  });

  it('imports a CycloneDX SBOM as components under a parent, idempotently; a broken SBOM imports nothing', async () => {
    const gas = await w.login('gas@renkei.example');
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../shared/standards/cyclonedx/examples/laravel-7.12.0__bom.1.4.json'), 'utf8');
    const send = (body: string) => w.app.inject({ method: 'POST', url: '/api/assets/import?placement=internet_facing&parentName=料金ポータル', payload: body, headers: { cookie: gas.cookie, 'x-csrf-token': gas.csrf, 'content-type': 'application/vnd.cyclonedx+json' } });
    const components = JSON.parse(doc).components.length;
    const first = (await send(doc)).json();
    expect(first).toMatchObject({ format: 'cyclonedx', specVersion: '1.4', imported: components + 1, created: components + 1 });
    expect((await send(doc)).json()).toMatchObject({ created: 0, updated: components + 1 });
    const broken = JSON.parse(doc);
    broken.components[0].purl = 17;
    const bad = await send(JSON.stringify(broken));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('components[0].purl');
    const list = (await w.as(gas, { method: 'GET', url: '/api/assets?scope=own&limit=500' })).json().items as { parentId: string | null; purl: string | null }[];
    expect(list.filter((a) => a.parentId).length).toBe(components);
    expect(list.filter((a) => a.purl?.startsWith('pkg:composer/')).length).toBe(components);
  });

  it('lists what the Act asks to be notified to the ministry, as JSON and CSV', async () => {
    const items = (await w.as(bank, { method: 'GET', url: '/api/assets/ministry-notification' })).json().items as { designatedCritical: boolean }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((a) => a.designatedCritical)).toBe(true);
    const csv = await w.as(bank, { method: 'GET', url: '/api/assets/ministry-notification?format=csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('インターネットVPN装置');
    expect(csv.body).toContain('つばさシステムサービス');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { loadSupplyChainLaw, type RequiredRule } from './law.js';
import { supplyChainRepository } from './repository.js';

const link = (supplierOrgId: string, over: Record<string, unknown> = {}) => ({ supplierOrgId, provides: '給与計算の委託', holdsKeyData: false, networkAccess: false, outageUnacceptable: false, ...over });

describe('supply chain over HTTP', () => {
  let w: TestWorld;
  let bank: Session;
  let ids: Record<string, string>;
  beforeAll(async () => {
    w = await startTestWorld();
    bank = await w.login('bank@renkei.example');
    ids = {};
    for (const slug of ['sakura-bank', 'tsubasa-systems', 'komorebi-print', 'sasaki-denki', 'kumo-cloud', 'hikari-shinkin', 'anshin-hyoka', 'seto-chemical', 'yamabiko-hospital', 'mirai-network', 'hayate-ot']) ids[slug] = await w.orgId(slug);
  });
  afterAll(() => w.close());
  const post = (s: Session | null, url: string, payload?: unknown, headers?: Record<string, string>) => w.as(s, { method: 'POST', url, payload, headers });
  const get = (s: Session | null, url: string) => w.as(s, { method: 'GET', url });

  it('POST /links: 401 / 400 with field paths / 404 for those who cannot declare / 201 {id, requiredLevel}', async () => {
    expect((await post(null, '/api/supply-chain/links', link(ids['seto-chemical']!))).statusCode).toBe(401);
    const bad = await post(bank, '/api/supply-chain/links', { supplierOrgId: 'x', holdsKeyData: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['supplierOrgId', 'provides', 'holdsKeyData', 'networkAccess', 'outageUnacceptable']));
    expect((await post(await w.login('bank-viewer@renkei.example'), '/api/supply-chain/links', link(ids['seto-chemical']!))).statusCode).toBe(404);
    expect((await post(await w.login('fsa@renkei.example'), '/api/supply-chain/links', link(ids['seto-chemical']!))).statusCode).toBe(404);
    const self = await post(bank, '/api/supply-chain/links', link(ids['sakura-bank']!));
    expect(self.json().error.fields[0].path).toBe('supplierOrgId');
    const baseline = await post(bank, '/api/supply-chain/links', link(ids['seto-chemical']!));
    expect(baseline.statusCode).toBe(201);
    expect(baseline.json()).toMatchObject({ id: expect.any(String), requiredLevel: 3 });
    const dup = await post(bank, '/api/supply-chain/links', link(ids['seto-chemical']!));
    expect(dup.statusCode).toBe(400);
    const standard = await post(bank, '/api/supply-chain/links', link(ids['mirai-network']!, { networkAccess: true }));
    expect(standard.json().requiredLevel).toBe(4);
  });

  it('POST /links with an Idempotency-Key declares once: a retry gets the same answer, another body under the key is refused', async () => {
    const msp = await w.login('msp@renkei.example');
    const key = { 'idempotency-key': `link-${Date.now()}-retry` };
    const first = await post(msp, '/api/supply-chain/links', link(ids['seto-chemical']!, { outageUnacceptable: true }), key);
    expect(first.statusCode).toBe(201);
    const retry = await post(msp, '/api/supply-chain/links', link(ids['seto-chemical']!, { outageUnacceptable: true }), key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect((await post(msp, '/api/supply-chain/links', link(ids['seto-chemical']!, { provides: '別の内容' }), key)).statusCode).toBe(422);
    const mine = (await get(msp, '/api/supply-chain/links?side=customer')).json().items.filter((l: { supplier: { orgId: string } }) => l.supplier.orgId === ids['seto-chemical']);
    expect(mine.map((l: { id: string }) => l.id)).toEqual([first.json().id]);
  });

  it('only the supplier confirms; a pending link is visible as such to both sides; others get 404', async () => {
    const { id } = (await post(bank, '/api/supply-chain/links', link(ids['yamabiko-hospital']!, { holdsKeyData: true, networkAccess: true, outageUnacceptable: true, criticality: 'critical' }))).json();
    const hospital = await w.login('hospital@renkei.example');
    expect((await get(hospital, `/api/supply-chain/links/${id}`)).json()).toMatchObject({ status: 'pending', requiredLevel: 5, abilities: { confirm: true } });
    expect((await post(null, `/api/supply-chain/links/${id}/confirm`)).statusCode).toBe(401);
    expect((await post(bank, `/api/supply-chain/links/${id}/confirm`)).statusCode).toBe(404);
    expect((await post(await w.login('shinkin@renkei.example'), `/api/supply-chain/links/${id}/confirm`)).statusCode).toBe(404);
    expect((await post(hospital, `/api/supply-chain/links/not-a-uuid/confirm`)).statusCode).toBe(400);
    expect((await get(await w.login('shinkin@renkei.example'), `/api/supply-chain/links/${id}`)).statusCode).toBe(404);
    expect((await get(await w.login('fsa@renkei.example'), `/api/supply-chain/links/${id}`)).statusCode).toBe(200);
    const ok = await post(hospital, `/api/supply-chain/links/${id}/confirm`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('confirmed');
    const mine = (await get(hospital, '/api/supply-chain/links?side=supplier')).json().items;
    expect(mine.map((l: { id: string }) => l.id)).toContain(id);
    const shinkinSees = (await get(await w.login('shinkin@renkei.example'), '/api/supply-chain/links')).json().items;
    expect(shinkinSees.map((l: { id: string }) => l.id)).not.toContain(id);
  });

  it('imports suppliers from CSV all-or-nothing, naming each bad row', async () => {
    const csv = (text: string) => post(bank, '/api/supply-chain/links/import', text, { 'content-type': 'text/csv' });
    const bad = await csv('supplier,provides,holds_key_data,network_access,outage_unacceptable,criticality\nhayate-ot,保守,maybe,no,no,medium\nno-such-org,部品,no,no,no,medium\nkumo-cloud,,no,no,no,urgent\n');
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['line 2, holds_key_data', 'line 4, provides', 'line 4, criticality']));
    const unknownSupplier = await csv('supplier,provides,holds_key_data,network_access,outage_unacceptable\nhayate-ot,保守,no,no,no\nno-such-org,部品,no,no,no\n');
    expect(unknownSupplier.json().error.fields).toEqual([{ path: 'line 3, supplier', message: expect.stringContaining('no-such-org') }]);
    expect((await get(bank, '/api/supply-chain/links?side=customer')).json().items.some((l: { supplier: { orgId: string } }) => l.supplier.orgId === ids['hayate-ot'])).toBe(false);
    const ok = await csv('\ufeffsupplier,provides,holds_key_data,network_access,outage_unacceptable\nhayate-ot,保守,はい,no,no\n');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ imported: 1, items: [{ requiredLevel: 4 }] });
  });

  it('reads the Shift_JIS CSV that Excel saves on Japanese Windows, and refuses bytes that are neither UTF-8 nor Shift_JIS', async () => {
    const water = await w.login('water@renkei.example');
    const csv = (body: Buffer, headers: Record<string, string> = {}) => post(water, '/api/supply-chain/links/import', body, { 'content-type': 'text/csv', ...headers });
    const garbage = Buffer.concat([Buffer.from('supplier,provides,holds_key_data,network_access,outage_unacceptable\r\nsasaki-denki,'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(',no,no,no\r\n')]);
    const refused = await csv(garbage);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([{ path: 'csv', message: expect.stringContaining('UTF-8 で保存し直してください') }]);
    expect((await csv(garbage, { 'accept-language': 'en' })).json().error.fields[0].message).toContain('Save it again as UTF-8');

    // Labelled utf-8 by a script that passes Excel's file on: the bytes decide, not the label.
    const sjis = fs.readFileSync(path.resolve(import.meta.dirname, 'fixtures/excel-shift_jis.csv'));
    const ok = await csv(sjis, { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': `sjis-${Date.now()}` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ imported: 2 });
    const mine = (await get(water, '/api/supply-chain/links?side=customer')).json().items as { supplier: { orgId: string }; provides: string; networkAccess: boolean; holdsKeyData: boolean }[];
    expect(mine.find((l) => l.supplier.orgId === ids['sasaki-denki'])).toMatchObject({ provides: '受変電設備の保守点検（年２回）', holdsKeyData: false, networkAccess: true });
    expect(mine.find((l) => l.supplier.orgId === ids['mirai-network'])).toMatchObject({ provides: '閉域網の提供・監視', holdsKeyData: true });
    // The asset import keeps its own byte parser beside this one.
    const assetCsv = fs.readFileSync(path.resolve(import.meta.dirname, '../assets/fixtures/excel-shift_jis.csv'));
    const assets = await w.as(water, { method: 'POST', url: '/api/assets/import', payload: assetCsv, headers: { 'content-type': 'text/csv' } });
    expect(assets.statusCode, assets.body).toBe(200);
    expect(assets.json()).toMatchObject({ format: 'csv', imported: 2 });
  });

  it('blast radius: 401, 404 for outsiders, the supplier sees direct customers named and further tiers anonymised, the hub sees all', async () => {
    const url = `/api/organizations/${ids['kumo-cloud']}/blast-radius`;
    expect((await get(null, url)).statusCode).toBe(401);
    expect((await get(bank, url)).statusCode).toBe(404);
    expect((await get(bank, '/api/organizations/nope/blast-radius')).statusCode).toBe(400);
    const cloud = (await get(await w.login('cloud@renkei.example'), url)).json();
    // kumo ← tsubasa ← {bank, shinkin, card}; kumo ← bank (pending) ; kumo ← hospital (pending); the tsubasa ↔ kumo cycle is harmless.
    const byName = Object.fromEntries(cloud.items.filter((i: { named: boolean }) => i.named).map((i: { name: string; depth: number }) => [i.name, i.depth]));
    expect(byName).toMatchObject({ つばさシステムサービス: 1, さくら中央銀行: 1, やまびこ総合病院: 1 });
    const anonymous = cloud.items.filter((i: { named: boolean }) => !i.named);
    expect(anonymous.length).toBeGreaterThanOrEqual(2);
    expect(anonymous.every((i: { depth: number; orgId: null }) => i.depth === 2 && i.orgId === null)).toBe(true);
    expect(cloud.items.some((i: { orgId: string }) => i.orgId === ids['kumo-cloud'])).toBe(false);
    const hub = (await get(await w.login('hub@renkei.example'), url)).json();
    expect(hub.items.every((i: { named: boolean }) => i.named)).toBe(true);
    expect(hub.items.find((i: { orgId: string }) => i.orgId === ids['hikari-shinkin'])).toMatchObject({ depth: 2 });
    expect(hub.total).toBe(cloud.total);
  });

  it('mismatches: the bank sees its suppliers below the required level with gap items; the SME sees what its customers need', async () => {
    const rows = (await get(bank, '/api/supply-chain/mismatches?side=customer')).json().items;
    const print = rows.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['komorebi-print']);
    expect(print).toMatchObject({ requiredLevel: 4, actualLevel: 2 });
    expect(print.gapCount).toBeGreaterThan(30);
    expect(print.gapItems[0]).toMatchObject({ id: expect.stringMatching(/^s3-/), text: expect.any(String) });
    expect(rows.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['kumo-cloud'])).toBeUndefined();
    const sme = (await get(await w.login('sme@renkei.example'), '/api/supply-chain/mismatches?side=supplier')).json().items;
    expect(sme).toEqual([expect.objectContaining({ customer: expect.objectContaining({ name: 'さくら中央銀行' }), requiredLevel: 4, actualLevel: 2 })]);
    expect((await get(null, '/api/supply-chain/mismatches')).statusCode).toBe(401);
    expect((await get(bank, '/api/supply-chain/mismatches?side=both')).statusCode).toBe(400);
  });

  it('graph: levels, weakest link, pending edges, and anonymous stand-ins beyond what the caller may see', async () => {
    const g = (await get(bank, '/api/supply-chain/graph')).json();
    const named = g.nodes.filter((n: { named: boolean }) => n.named).map((n: { name: string }) => n.name);
    expect(named).toEqual(expect.arrayContaining(['さくら中央銀行', 'つばさシステムサービス', 'こもれび印刷', 'くもクラウド']));
    expect(g.nodes.some((n: { named: boolean; id: string }) => !n.named && n.id.startsWith('anon-'))).toBe(true);
    expect(g.edges.some((e: { to: string; status: string }) => e.to === ids['kumo-cloud'] && e.status === 'pending')).toBe(true);
    expect(g.weakestLevel).toBe(0);
    expect((await get(bank, `/api/supply-chain/graph?orgId=${ids['tsubasa-systems']}`)).statusCode).toBe(404);
    expect((await get(await w.login('fsa@renkei.example'), `/api/supply-chain/graph?orgId=${ids['sakura-bank']}`)).statusCode).toBe(200);
  });

  it('questionnaire: answers autosave one by one, the level is computed with missing items, evidence is size-limited', async () => {
    const sasaki = await w.login('sasaki@renkei.example');
    const put = (item: string, answer: string) => w.as(sasaki, { method: 'PUT', url: `/api/supply-chain/assessment/answers/${item}`, payload: { answer } });
    expect((await w.as(null, { method: 'PUT', url: '/api/supply-chain/assessment/answers/sa1-01', payload: { answer: 'yes' } })).statusCode).toBe(401);
    expect((await put('sa1-01', 'perhaps')).statusCode).toBe(400);
    expect((await put('zz-99', 'yes')).json().error.fields[0].path).toBe('itemId');
    expect((await put('sa2-01', 'yes')).json()).toMatchObject({ metLevel: 1 });
    expect((await put('sa1-01', 'no')).json()).toMatchObject({ metLevel: 0 });
    const a = (await get(sasaki, '/api/supply-chain/assessment')).json();
    expect(a.answers['sa1-01'].answer).toBe('no');
    expect(a.missing[0]).toMatchObject({ level: 1, count: 1, items: [expect.objectContaining({ id: 'sa1-01' })] });
    const big = Buffer.alloc(300 * 1024, 1).toString('base64');
    const tooBig = await post(sasaki, '/api/supply-chain/assessment/evidence', { itemId: 'sa1-01', filename: 'big.pdf', contentBase64: big });
    expect(tooBig.statusCode).toBe(400);
    const ev = await post(sasaki, '/api/supply-chain/assessment/evidence', { itemId: 'sa1-01', filename: '更新記録.txt', mediaType: 'text/plain', contentBase64: Buffer.from('updated').toString('base64') });
    expect(ev.statusCode).toBe(201);
    expect((await get(sasaki, `/api/supply-chain/evidence/${ev.json().id}`)).body).toBe('updated');
    expect((await get(bank, `/api/supply-chain/evidence/${ev.json().id}`)).statusCode).toBe(404);
  });

  it('a registered assessor confirms a ★4 claim, but cannot rate itself or an organisation it trades with', async () => {
    const assessor = await w.login('assessor@renkei.example');
    const claims = (await get(assessor, '/api/supply-chain/claims')).json().items;
    const tsubasaClaim = claims.find((c: { org: { orgId: string } }) => c.org.orgId === ids['tsubasa-systems']);
    expect(tsubasaClaim).toMatchObject({ level: 4, status: 'pending' });
    // The assessor reviews the claimant's answers (and evidence list) with the claim.
    expect(tsubasaClaim.review).toMatchObject({ answers: { 's4-01': { answer: 'yes' } }, evidence: [] });
    const decide = (s: Session, id: string, decision: string) => post(s, `/api/supply-chain/claims/${id}/decision`, { decision });
    expect((await decide(bank, tsubasaClaim.id, 'confirm')).statusCode).toBe(404);
    expect((await decide(assessor, tsubasaClaim.id, 'maybe')).statusCode).toBe(400);
    // The assessor becomes a supplier of tsubasa before deciding: no longer independent.
    const msp = await w.login('msp@renkei.example');
    const l = await post(msp, '/api/supply-chain/links', link(ids['anshin-hyoka']!, { provides: '監査支援' }));
    expect(l.statusCode).toBe(201);
    expect((await decide(assessor, tsubasaClaim.id, 'confirm')).json().error.fields[0].path).toBe('decision');
    expect((await w.as(msp, { method: 'DELETE', url: `/api/supply-chain/links/${l.json().id}` })).statusCode).toBe(204);
    const ok = await decide(assessor, tsubasaClaim.id, 'confirm');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active', level: 4, expiresAt: expect.any(String) });
    const bankRows = (await get(bank, '/api/supply-chain/mismatches?side=customer')).json().items;
    expect(bankRows.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['tsubasa-systems'])).toBeUndefined();

    // Self-rating: an assessor's own claim addressed to itself is refused; so is one from its customer.
    const assessorDeclare = await post(assessor, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] });
    expect(assessorDeclare.statusCode).toBe(400);
    const sme = await w.login('sme@renkei.example');
    const smeLink = await post(await w.login('assessor@renkei.example'), '/api/supply-chain/links', link(ids['komorebi-print']!, { provides: '報告書の印刷' }));
    expect(smeLink.statusCode).toBe(201);
    const catalogue = (await get(sme, '/api/supply-chain/catalogue')).json();
    for (const lvl of catalogue.levels.slice(0, 4)) for (const r of lvl.requirements) await w.as(sme, { method: 'PUT', url: `/api/supply-chain/assessment/answers/${r.id}`, payload: { answer: 'yes' } });
    const refused = await post(sme, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].path).toBe('assessorOrgId');
    const selfOnly = await post(sme, '/api/supply-chain/assessment/declare', {});
    expect(selfOnly.json()).toMatchObject({ selfLevel: 3, metLevel: 4, claim: null });
  });

  it('a supplier’s incident alerts every customer above it, anonymised unless the reporter allowed naming', async () => {
    const cloud = await w.login('cloud@renkei.example');
    const report = {
      report: { type: 'ransomware', title: 'ファイルサーバ暗号化', detectedAt: new Date().toISOString(), summary: 'サーバが暗号化された', businessImpact: 'degraded', personalData: { involved: false }, contact: { name: '雲井 翔', email: 'soc@kumo-cloud.example' } },
    };
    const filed = await post(cloud, '/api/incidents', report);
    expect(filed.statusCode).toBe(201);
    const alertsOf = async (email: string) => (await get(await w.login(email), '/api/supply-chain/alerts')).json().items as { kind: string; depth: number; named: boolean; source: unknown; sourceOrgKind: string }[];
    let shinkin: Awaited<ReturnType<typeof alertsOf>> = [];
    for (let i = 0; i < 100 && shinkin.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      shinkin = await alertsOf('shinkin@renkei.example');
    }
    expect(shinkin).toEqual([expect.objectContaining({ kind: 'incident', depth: 2, named: false, source: null, sourceOrgKind: 'vendor' })]);
    expect((await alertsOf('bank@renkei.example'))[0]).toMatchObject({ depth: 1, named: false });
    expect(await alertsOf('power@renkei.example')).toEqual([]);
    // kumo ⇄ tsubasa is a cycle: tsubasa hears at depth 1, and kumo is never told about itself.
    expect(await alertsOf('msp@renkei.example')).toEqual([expect.objectContaining({ kind: 'incident', depth: 1 })]);
    expect(await alertsOf('cloud@renkei.example')).toEqual([]);
    // Consent given with an update names kumo in the alerts already sent; no second alert.
    const update = await post(cloud, `/api/incidents/${filed.json().id}/stages`, { stage: 'update', report: report.report, sharing: { nameInIntel: true } });
    expect(update.statusCode).toBe(201);
    let named: Awaited<ReturnType<typeof alertsOf>> = [];
    for (let i = 0; i < 100 && !named[0]?.named; i++) {
      await new Promise((r) => setTimeout(r, 50));
      named = await alertsOf('shinkin@renkei.example');
    }
    expect(named).toEqual([expect.objectContaining({ kind: 'incident', depth: 2, named: true, source: expect.objectContaining({ orgId: ids['kumo-cloud'] }) })]);
  });

  const waitFor = async <T>(probe: () => Promise<T | undefined>): Promise<T | undefined> => {
    for (let i = 0; i < 100; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };
  type Alert = { kind: string; depth: number; named: boolean; source: { orgId: string; name: string } | null; sourceSectors: string[] };
  const alertsOf = async (email: string) => (await get(await w.login(email), '/api/supply-chain/alerts')).json().items as Alert[];

  it('a reporter that allows naming is named to every customer above it, with each one’s depth', async () => {
    const sasaki = await w.login('sasaki@renkei.example');
    const filed = await post(sasaki, '/api/incidents', {
      report: { type: 'malware', title: '設計端末のマルウェア感染', detectedAt: new Date().toISOString(), summary: '設計用端末1台が感染', businessImpact: 'none', contact: { name: '佐々木 一郎', email: 'csirt@sasaki-denki.example' } },
      sharing: { nameInIntel: true },
    });
    expect(filed.statusCode).toBe(201);
    // sasaki ← hayate-ot (confirmed) ← {tokai-power, minato-gas}; sasaki ← komorebi-print (pending) ← sakura-bank.
    const power = await waitFor(async () => (await alertsOf('power@renkei.example')).find((a) => a.kind === 'incident'));
    expect(power).toMatchObject({ depth: 2, named: true, source: { orgId: ids['sasaki-denki'] } });
    expect((await alertsOf('ot@renkei.example')).find((a) => a.kind === 'incident')).toMatchObject({ depth: 1, named: true });
    expect((await alertsOf('bank@renkei.example')).filter((a) => a.source?.orgId === ids['sasaki-denki'])).toEqual([expect.objectContaining({ depth: 2, named: true })]);
    expect(await alertsOf('chemical@renkei.example')).toEqual([]);
  });

  it('a supplier matched by an advisory alerts its customers transitively, never naming it', async () => {
    const cloud = await w.login('cloud@renkei.example');
    const asset = await post(cloud, '/api/assets', { name: 'ジョブ管理', category: 'server', cpe: 'cpe:2.3:a:apache:dolphinscheduler:3.2.1:*:*:*:*:*:*:*', placement: 'internet_facing' });
    expect(asset.statusCode).toBe(201);
    const cve = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../../shared/standards/cve/records/CVE-2024-30188.json'), 'utf8'));
    const published = await post(await w.login('hub@renkei.example'), '/api/advisories', cve);
    expect(published.json()).toMatchObject({ exposures: { created: 1 } });
    const shinkin = await waitFor(async () => (await alertsOf('shinkin@renkei.example')).find((a) => a.kind === 'advisory'));
    expect(shinkin).toMatchObject({ depth: 2, named: false, source: null });
    expect((await alertsOf('bank@renkei.example')).filter((a) => a.kind === 'advisory')).toEqual([expect.objectContaining({ depth: 1, named: false, source: null })]);
    expect((await alertsOf('cloud@renkei.example')).filter((a) => a.kind === 'advisory')).toEqual([]);
    // Published again: no new exposure, no second alert.
    await post(await w.login('hub@renkei.example'), '/api/advisories', cve);
    await new Promise((r) => setTimeout(r, 200));
    expect((await alertsOf('shinkin@renkei.example')).filter((a) => a.kind === 'advisory')).toHaveLength(1);
  });

  it('a changed rule file re-derives required levels: mismatches follow at once, the stored levels on recompute', async () => {
    const law = loadSupplyChainLaw();
    // bank → komorebi-print holds key data only (★4 today); a stricter file asks ★5 for any yes.
    const stricter: RequiredRule[] = [{ name: 'any_yes_advanced', when: { minYes: 1 }, level: 5, reason: 'r', reasonEn: 'r' }, ...law.requiredRules];
    const db = w.platform.db;
    const live = await supplyChainRepository.mismatches(db, 'customer', ids['sakura-bank']!, stricter);
    expect(live.find((r) => r.supplier_org_id === ids['komorebi-print'])).toMatchObject({ required_level: 5 });
    const written = await supplyChainRepository.recomputeRequired(db, stricter, 'stricter-test', true);
    expect(written).toBeGreaterThan(0);
    const row = await db.selectFrom('supply_links').select(['required_level', 'required_rule', 'rules_version']).where('customer_org_id', '=', ids['sakura-bank']!).where('supplier_org_id', '=', ids['komorebi-print']!).executeTakeFirstOrThrow();
    expect(row).toEqual({ required_level: 5, required_rule: 'any_yes_advanced', rules_version: 'stricter-test' });
    expect(await supplyChainRepository.recomputeRequired(db, stricter, 'stricter-test', false)).toBe(0);
    // Back to the file in force (what the server does at start).
    expect(await supplyChainRepository.recomputeRequired(db, law.requiredRules, law.requiredVersion, true)).toBe(written);
    expect((await get(bank, '/api/supply-chain/mismatches?side=customer')).json().items.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['komorebi-print'])).toMatchObject({ requiredLevel: 4 });
  });

  it('an expired level no longer counts: the supplier drops below what its customers require', async () => {
    const before = (await get(bank, '/api/supply-chain/mismatches?side=customer')).json().items;
    expect(before.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['kumo-cloud'])).toBeUndefined();
    await w.platform.db.updateTable('supply_ratings').set({ expires_at: new Date(Date.now() - 60_000) }).where('org_id', '=', ids['kumo-cloud']!).where('status', '=', 'active').execute();
    const after = (await get(bank, '/api/supply-chain/mismatches?side=customer')).json().items;
    expect(after.find((r: { supplier: { orgId: string } }) => r.supplier.orgId === ids['kumo-cloud'])).toMatchObject({ requiredLevel: 4, actualLevel: 0 });
    const ratings = (await get(await w.login('cloud@renkei.example'), '/api/supply-chain/assessment')).json();
    expect(ratings.currentLevel).toBe(0);
    expect(ratings.ratings.every((r: { expired: boolean; status: string }) => r.status !== 'active' || r.expired)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../../platform/testing/harness.js';
import { bundleOf, indicatorOf, malwareOf, relationshipOf } from './store.fixtures.js';

describe('STIX store over REST', () => {
  let w: TestWorld;
  let bank: Session;
  let hub: Session;
  let power: Session;
  let coll: Record<string, string>;
  beforeAll(async () => {
    w = await startTestWorld();
    bank = await w.login('bank@renkei.example');
    hub = await w.login('hub@renkei.example');
    power = await w.login('power@renkei.example');
    const rows = await w.platform.db.selectFrom('stix_collections').select(['id', 'key']).execute();
    coll = Object.fromEntries(rows.map((r) => [r.key, r.id]));
  });
  afterAll(() => w.close());
  const post = (s: Session | null, collection: string, bundle: unknown, extra = '') => w.as(s, { method: 'POST', url: `/api/intel/bundles?collection=${collection}${extra}`, payload: bundle });
  const get = (s: Session | null, url: string) => w.as(s, { method: 'GET', url });

  it('lists the collections a member belongs to, with what it may do there', async () => {
    expect((await get(null, '/api/intel/collections')).statusCode).toBe(401);
    const items = (await get(bank, '/api/intel/collections')).json().items as Array<{ key: string; canRead: boolean; canWrite: boolean }>;
    const keys = items.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['national', 'sector:finance', 'isac:fin-isac', 'org:sakura-bank']));
    expect(keys).not.toContain('sector:electricity');
    expect(keys).not.toContain('org:hikari-shinkin');
    expect(items.find((i) => i.key === 'national')).toMatchObject({ canRead: true, canWrite: false });
    expect(items.find((i) => i.key === 'sector:finance')).toMatchObject({ canRead: true, canWrite: true });
    const hubKeys = ((await get(hub, '/api/intel/collections')).json().items as Array<{ key: string }>).map((i) => i.key);
    expect(hubKeys).toEqual(expect.arrayContaining(['national', 'sector:finance', 'sector:electricity', 'isac:fin-isac']));
    expect(hubKeys).not.toContain('org:sakura-bank');
  });

  it('401 / 400 for a broken envelope / 404 where the caller may not write / per-object errors', async () => {
    const good = indicatorOf('203.0.113.10');
    expect((await post(null, coll['sector:finance']!, bundleOf([good]))).statusCode).toBe(401);
    const bad = await post(bank, coll['sector:finance']!, { type: 'bundle', id: 'nope', objects: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('id');
    expect((await post(bank, coll['national']!, bundleOf([good]))).statusCode).toBe(404);
    expect((await post(power, coll['sector:finance']!, bundleOf([good]))).statusCode).toBe(404);
    const broken = { ...indicatorOf('203.0.113.11'), modified: '2015-01-01T00:00:00.000Z' };
    const res = await post(bank, coll['sector:finance']!, bundleOf([good, broken, { type: 'indicator' }]));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    expect(body.rejected[0]).toMatchObject({ id: broken.id, errors: [expect.objectContaining({ path: 'modified' })] });
    expect(body.correlations).toEqual([expect.objectContaining({ kind: 'ipv4', value: '203.0.113.10' })]);
    // Each accepted object with the marking in force here: an unmarked indicator is held at the sector
    // collection's floor; a repeat already there is said to be so, with no marking of its own.
    expect(body.objects).toEqual([{ index: 0, id: good.id, added: true, tlp: 'amber+strict', clearance: 'none' }]);
    const again = (await post(bank, coll['sector:finance']!, bundleOf([good]))).json();
    expect(again.objects).toEqual([{ index: 0, id: good.id, added: false, tlp: null, clearance: null }]);
  });

  it('a poster may require at most its own clearance of readers (it would lose its own objects)', async () => {
    const uncleared = await w.login('isac@renkei.example');
    const isacColl = coll['isac:fin-isac']!;
    const res = await w.as(uncleared, { method: 'POST', url: `/api/intel/bundles?collection=${isacColl}&clearance=sds`, payload: bundleOf([indicatorOf('203.0.113.13')]), headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'clearance', message: 'You can require at most your own clearance (none).' }]);
    expect((await w.as(uncleared, { method: 'POST', url: `/api/intel/bundles?collection=${isacColl}&clearance=none`, payload: bundleOf([indicatorOf('203.0.113.13')]) })).json()).toMatchObject({ accepted: 1 });
  });

  it("says what is wrong in the caller's language: Japanese unless English is asked for", async () => {
    const broken = { ...indicatorOf('203.0.113.12'), modified: '2015-01-01T00:00:00.000Z' };
    const ask = (payload: unknown, lang?: string) =>
      w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']!}`, payload, headers: lang ? { 'accept-language': lang } : {} });
    const ja = (await ask(bundleOf([broken]))).json().rejected[0].errors;
    expect(ja).toEqual([{ path: 'modified', message: `created（${broken.created}）以降でなければなりません` }]);
    const en = (await ask(bundleOf([broken]), 'en-GB,en;q=0.9')).json().rejected[0].errors;
    expect(en).toEqual([{ path: 'modified', message: `must be later than or equal to created (${broken.created})` }]);
    const envelope = await ask({ type: 'bundle', id: 'nope', objects: [] }, 'ja');
    expect(envelope.statusCode).toBe(400);
    expect(envelope.json().error.fields).toEqual([{ path: 'id', message: 'bundle--<UUID> の形の識別子でなければなりません' }]);
  });

  it('keeps every version and custom x- content; the object page shows versions, relationships and observables', async () => {
    const id = indicatorOf('198.51.100.20').id;
    const v1 = indicatorOf('198.51.100.20', { id, extra: { x_renkei_note: { deep: [1, 'two'] } } });
    const v2 = indicatorOf('198.51.100.20', { id, modified: '2026-02-01T00:00:00.000Z', tlp: 'amber' });
    const mal = malwareOf('PoisonIvy');
    const rel = relationshipOf(id, mal.id);
    expect((await post(bank, coll['sector:finance']!, bundleOf([v1, v2, mal, rel]))).json().accepted).toBe(4);
    const page = await get(bank, `/api/intel/objects/${id}`);
    expect(page.statusCode).toBe(200);
    const o = page.json();
    expect(o.versions).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(o.object.modified).toBe('2026-02-01T00:00:00.000Z');
    expect(o.tlp).toBe('amber+strict');
    expect(o.collections.map((c: { key: string }) => c.key)).toEqual(['sector:finance']);
    expect(o.relationships).toEqual([expect.objectContaining({ id: rel.id, relationshipType: 'indicates', other: expect.objectContaining({ id: mal.id, name: 'PoisonIvy' }) })]);
    expect(o.observables).toEqual([{ kind: 'ipv4', value: '198.51.100.20' }]);
    const first = await get(bank, `/api/intel/objects/${id}/versions/2026-01-01T00:00:00Z`);
    expect(first.statusCode).toBe(200);
    expect(first.json().object).toEqual(v1);
    expect((await get(bank, `/api/intel/objects/${id}/versions/2020-01-01T00:00:00Z`)).statusCode).toBe(404);
    // Outside the sector the object does not exist.
    expect((await get(power, `/api/intel/objects/${id}`)).statusCode).toBe(404);
    expect((await get(hub, `/api/intel/objects/${id}`)).statusCode).toBe(200);
    expect((await get(null, `/api/intel/objects/${id}`)).statusCode).toBe(401);
    expect((await get(bank, '/api/intel/objects/not-an-id')).statusCode).toBe(400);
  });

  it('refuses a new version that lowers the marking', async () => {
    const id = indicatorOf('198.51.100.30').id;
    await post(bank, coll['sector:finance']!, bundleOf([indicatorOf('198.51.100.30', { id, tlp: 'amber' })]));
    const res = (await post(bank, coll['sector:finance']!, bundleOf([indicatorOf('198.51.100.30', { id, modified: '2026-03-01T00:00:00.000Z', tlp: 'green' })]))).json();
    expect(res.accepted).toBe(0);
    expect(res.rejected[0].errors[0]).toMatchObject({ path: 'object_marking_refs', message: expect.stringContaining('TLP:AMBER') });
    const raised = (await post(bank, coll['sector:finance']!, bundleOf([indicatorOf('198.51.100.30', { id, modified: '2026-03-01T00:00:00.000Z', tlp: 'red' })]))).json();
    expect(raised.accepted).toBe(1);
  });

  it('lists objects the caller may see, by name or id prefix', async () => {
    const mal = malwareOf('UniqueRansomName');
    await post(bank, coll['org:sakura-bank']!, bundleOf([mal]));
    const mine = (await get(bank, '/api/intel/objects?q=UniqueRansom')).json();
    expect(mine.items).toEqual([expect.objectContaining({ id: mal.id, type: 'malware', name: 'UniqueRansomName', tlp: 'amber+strict' })]);
    expect((await get(bank, `/api/intel/objects?q=${mal.id.slice(0, 20)}`)).json().items).toHaveLength(1);
    expect((await get(hub, '/api/intel/objects?q=UniqueRansom')).json().items).toEqual([]);
    expect((await get(bank, '/api/intel/objects?limit=0')).statusCode).toBe(400);
  });

  it('collection management: hub admins and an ISAC admin for its own; members follow', async () => {
    const isacAdmin = await w.login('isac-admin@renkei.example');
    const shinkinOrg = await w.orgId('hikari-shinkin');
    const powerOrg = await w.orgId('tokai-power');
    const isacColl = coll['isac:fin-isac']!;
    expect((await w.as(bank, { method: 'PATCH', url: `/api/intel/collections/${isacColl}`, payload: { title: 'x' } })).statusCode).toBe(404);
    expect((await w.as(isacAdmin, { method: 'PATCH', url: `/api/intel/collections/${isacColl}`, payload: { memberOrgIds: 'x' } })).statusCode).toBe(400);
    expect((await get(power, '/api/intel/collections')).json().items.map((i: { key: string }) => i.key)).not.toContain('isac:fin-isac');
    const ok = await w.as(isacAdmin, { method: 'PATCH', url: `/api/intel/collections/${isacColl}`, payload: { memberOrgIds: [shinkinOrg, powerOrg] } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().memberOrgIds).toEqual([shinkinOrg, powerOrg]);
    await new Promise((r) => setTimeout(r, 10));
    expect((await get(power, '/api/intel/collections')).json().items.map((i: { key: string }) => i.key)).toContain('isac:fin-isac');
    expect((await w.as(bank, { method: 'POST', url: '/api/intel/collections', payload: { title: 'Bank club' } })).statusCode).toBe(404);
    const hubAdmin = await w.login('hub-admin@renkei.example');
    const create = () => w.as(hubAdmin, { method: 'POST', url: '/api/intel/collections', payload: { title: 'Olympics 2026', memberOrgIds: [powerOrg] }, headers: { 'idempotency-key': 'olympics-2026' } });
    const created = await create();
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'isac', canManage: true });
    // A retry with the same key answers with the same collection and creates no second one.
    const retried = await create();
    expect(retried.statusCode).toBe(201);
    expect(retried.json().id).toBe(created.json().id);
    const titles = (await get(hubAdmin, '/api/intel/collections')).json().items.filter((i: { title: string }) => i.title === 'Olympics 2026');
    expect(titles).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { startTestWorld, type Session, type TestWorld } from '../../../platform/testing/harness.js';
import { TLP2_MARKING_IDS } from '../../incidents/stix-common.js';
import { bundleOf, indicatorOf, malwareOf, relationshipOf, T0, uid } from './store.fixtures.js';

/**
 * Issue 5 item 3: an object that references one the reader may not see is withheld too — whatever the
 * order the two arrived in — on REST (list, search, object page, versions, relationships) and TAXII;
 * and a marking is never lowered, the clearance a contributor required included.
 */

const TAXII = 'application/taxii+json;version=2.1';
const basic = (email: string) => `Basic ${Buffer.from(`${email}:${DEMO_PASSWORD}`).toString('base64')}`;

describe('withholding what references a forbidden object', () => {
  let w: TestWorld;
  let coll: Record<string, string>;
  let bank: Session;
  let shinkin: Session;
  const secret = indicatorOf('198.51.100.90', { name: 'Private indicator' });
  const malware = malwareOf('SharedFamily');
  const rel = relationshipOf(secret.id, malware.id);
  const report = { type: 'report', spec_version: '2.1', id: uid('report'), created: T0, modified: T0, name: 'Refers to the private one', published: T0, object_refs: [malware.id, secret.id] };
  const unrelated = { ...relationshipOf(malware.id, uid('malware')) };

  beforeAll(async () => {
    w = await startTestWorld();
    coll = Object.fromEntries((await w.platform.db.selectFrom('stix_collections').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    bank = await w.login('bank@renkei.example');
    shinkin = await w.login('shinkin@renkei.example');
    // The referencing objects go to the finance sector first; the object they point at arrives after,
    // into the bank's private collection.
    const shared = await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([malware, rel, report, unrelated]) });
    expect(shared.json()).toMatchObject({ accepted: 4, rejected: [] });
    const privately = await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:sakura-bank']}`, payload: bundleOf([secret]) });
    expect(privately.json()).toMatchObject({ accepted: 1 });
  }, 60_000);
  afterAll(() => w?.close());

  const get = (s: Session, url: string) => w.as(s, { method: 'GET', url });

  it('REST: the referencing objects are gone for a reader who may not see what they point at', async () => {
    for (const id of [rel.id, report.id, secret.id]) {
      expect((await get(shinkin, `/api/intel/objects/${id}`)).statusCode, id).toBe(404);
      expect((await get(shinkin, `/api/intel/objects/${id}/versions/${T0}`)).statusCode, id).toBe(404);
      expect((await get(bank, `/api/intel/objects/${id}`)).statusCode, id).toBe(200);
    }
    const listed = (await get(shinkin, `/api/intel/objects?collection=${coll['sector:finance']}&limit=200`)).json().items.map((i: { id: string }) => i.id);
    expect(listed).toEqual(expect.arrayContaining([malware.id, unrelated.id]));
    expect(listed).not.toContain(rel.id);
    expect(listed).not.toContain(report.id);
    expect((await get(shinkin, '/api/intel/objects?q=Refers%20to')).json().items).toEqual([]);
    // The malware page lists only the relationship whose other end the reader may also see (or that the store does not hold).
    const page = (await get(shinkin, `/api/intel/objects/${malware.id}`)).json();
    expect(page.relationships.map((r: { id: string }) => r.id)).toEqual([unrelated.id]);
    const bankPage = (await get(bank, `/api/intel/objects/${malware.id}`)).json();
    expect(bankPage.relationships.map((r: { id: string }) => r.id).sort()).toEqual([rel.id, unrelated.id].sort());
  });

  it('the object page names what an object references, as far as the reader may see it; naming a restricted one is audited', async () => {
    const names = (page: { references: Array<{ id: string; type: string; name: string | null }> }) => page.references.map((r) => [r.id, r.type, r.name]).sort();
    expect(names((await get(bank, `/api/intel/objects/${report.id}`)).json())).toEqual([[malware.id, 'malware', 'SharedFamily'], [secret.id, 'indicator', 'Private indicator']].sort());
    // The other end of `unrelated` is not in the store: nothing to name.
    expect(names((await get(shinkin, `/api/intel/objects/${unrelated.id}`)).json())).toEqual([[malware.id, 'malware', 'SharedFamily']]);
    // Lists name a relationship's ends the same way.
    const listed = (await get(bank, `/api/intel/objects?collection=${coll['sector:finance']}&type=relationship&limit=200`)).json().items as Array<{ id: string; sourceName: string | null; targetName: string | null; relationshipType: string }>;
    expect(listed.map((i) => [i.id, i.sourceName, i.relationshipType, i.targetName]).sort()).toEqual([[rel.id, 'Private indicator', 'indicates', 'SharedFamily'], [unrelated.id, 'SharedFamily', 'indicates', null]].sort());
    const audited = async () => {
      await w.platform.audit.drain();
      return w.platform.db.selectFrom('audit_log').select('detail').where('action', '=', 'intel.object.references_read').where('resource_id', '=', report.id).orderBy('seq').execute();
    };
    const before = (await audited()).length;
    await get(bank, `/api/intel/objects/${report.id}`);
    const after = await audited();
    expect(after).toHaveLength(before + 1);
    const detail = after.at(-1)!.detail;
    // Both are restricted: the secret by its private collection, the malware by the finance sector's TLP:AMBER floor.
    const recorded = (typeof detail === 'string' ? JSON.parse(detail) : detail) as { restricted: number; ids: string[] };
    expect({ ...recorded, ids: [...recorded.ids].sort() }).toEqual({ restricted: 2, ids: [malware.id, secret.id].sort() });
  });

  it('TAXII: objects, object, versions and manifest leave them out', async () => {
    const base = `/taxii2/api/collections/${coll['sector:finance']}`;
    const taxii = (email: string, path: string) => w.app.inject({ method: 'GET', url: `${base}${path}`, headers: { authorization: basic(email), accept: TAXII } });
    const ids = (await taxii('shinkin@renkei.example', '/objects/')).json().objects.map((o: { id: string }) => o.id);
    expect(ids.sort()).toEqual([malware.id, unrelated.id].sort());
    expect((await taxii('shinkin@renkei.example', '/manifest/')).json().objects.map((o: { id: string }) => o.id).sort()).toEqual([malware.id, unrelated.id].sort());
    expect((await taxii('shinkin@renkei.example', `/objects/${rel.id}/`)).statusCode).toBe(404);
    expect((await taxii('shinkin@renkei.example', `/objects/${report.id}/versions/`)).statusCode).toBe(404);
    expect((await taxii('bank@renkei.example', '/objects/')).json().objects).toHaveLength(4);
  });

  it('once what they point at is shared with the reader, they appear', async () => {
    const again = await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([secret]) });
    expect(again.json()).toMatchObject({ accepted: 1 });
    expect((await get(shinkin, `/api/intel/objects/${rel.id}`)).statusCode).toBe(200);
    expect((await get(shinkin, `/api/intel/objects/${report.id}`)).statusCode).toBe(200);
  });

  it('when the version everyone could see is deleted, what references the object is withheld again', async () => {
    // Shared openly (national: TLP:GREEN) and privately; the report's references are all open at ingest
    // (refs_open, migration 0028) — the delete must undo that, or the report would outlive the check.
    const pointed = malwareOf('OnceOpenFamily');
    const pointer = { type: 'report', spec_version: '2.1', id: uid('report'), created: T0, modified: T0, name: 'Refers to the once-open one', published: T0, object_refs: [pointed.id] };
    const hub = await w.login('hub@renkei.example');
    // Openly first: the other way round, the national re-share would lower the AMBER+STRICT marking the
    // hub's private entry holds it at, and is refused.
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([pointed]) })).json()).toMatchObject({ accepted: 1 });
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:nco']}`, payload: bundleOf([pointed]) })).json()).toMatchObject({ accepted: 1 });
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([pointer]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(shinkin, `/api/intel/objects/${pointer.id}`)).statusCode).toBe(200);
    const national = `/taxii2/api/collections/${coll['national']}`;
    const removed = await w.app.inject({ method: 'DELETE', url: `${national}/objects/${pointed.id}/`, headers: { authorization: basic('hub@renkei.example'), accept: TAXII } });
    expect(removed.statusCode).toBe(200);
    expect((await get(shinkin, `/api/intel/objects/${pointer.id}`)).statusCode).toBe(404);
    const page = await w.app.inject({ method: 'GET', url: `${national}/objects/`, headers: { authorization: basic('shinkin@renkei.example'), accept: TAXII } });
    expect(page.json().objects.map((o: { id: string }) => o.id)).not.toContain(pointer.id);
    expect((await get(hub, `/api/intel/objects/${pointer.id}`)).statusCode).toBe(200);
  });

  it('a new version or a re-share may not lower the clearance its contributor required; keeping it is fine', async () => {
    const analyst = await w.login('bank-analyst@renkei.example');
    const cleared = malwareOf('ClearedFamily');
    const post = (collection: string, objects: unknown[], clearance: string) =>
      w.as(analyst, { method: 'POST', url: `/api/intel/bundles?collection=${coll[collection]}&clearance=${clearance}`, payload: bundleOf(objects) });
    expect((await post('sector:finance', [cleared], 'cei')).json()).toMatchObject({ accepted: 1 });
    // Shinkin has no clearance: it does not see it.
    expect((await get(shinkin, `/api/intel/objects/${cleared.id}`)).statusCode).toBe(404);
    const v2 = { ...cleared, modified: '2026-03-01T00:00:00.000Z' };
    const lower = (await post('sector:finance', [v2], 'none')).json();
    expect(lower.accepted).toBe(0);
    expect(lower.rejected[0].errors).toEqual([{ path: 'clearance', message: expect.stringContaining('CEI') }]);
    // Re-sharing the stored version elsewhere without the clearance is refused the same way.
    expect((await post('isac:fin-isac', [cleared], 'none')).json().rejected[0].errors[0]).toMatchObject({ path: 'clearance' });
    // TAXII cannot ask for a clearance, so it cannot add the object again either.
    const viaTaxii = await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${coll['sector:finance']}/objects/`, payload: JSON.stringify({ objects: [v2] }), headers: { authorization: basic('bank-analyst@renkei.example'), accept: TAXII, 'content-type': TAXII } });
    expect(viaTaxii.json()).toMatchObject({ success_count: 0, failure_count: 1 });
    expect((await post('sector:finance', [v2], 'cei')).json()).toMatchObject({ accepted: 1 });
    expect((await get(shinkin, `/api/intel/objects/${cleared.id}`)).statusCode).toBe(404);
  });

  it('a granular marking counts: a TLP:RED part makes the whole object TLP:RED', async () => {
    const partly = indicatorOf('198.51.100.92', { tlp: 'green', name: 'Partly red', extra: { granular_markings: [{ marking_ref: TLP2_MARKING_IDS.red, selectors: ['name'] }] } });
    const posted = await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([partly]) });
    expect(posted.json()).toMatchObject({ accepted: 1, rejected: [] });
    // TLP:RED: its contributor only — a sector colleague does not learn that it exists.
    const own = await get(bank, `/api/intel/objects/${partly.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ tlp: 'red' });
    expect((await get(shinkin, `/api/intel/objects/${partly.id}`)).statusCode).toBe(404);
    expect((await get(shinkin, '/api/intel/objects?q=Partly%20red')).json().items).toEqual([]);
    // A new version without the granular marking lowers it, and is refused.
    const v2 = { ...partly, modified: '2026-03-01T00:00:00.000Z', granular_markings: undefined };
    const lowered = (await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([JSON.parse(JSON.stringify(v2))]) })).json();
    expect(lowered.rejected[0].errors).toEqual([{ path: 'object_marking_refs', message: expect.stringContaining('RED') }]);
  });

  it("re-sharing may not lower the marking in force: the ISAC's AMBER+STRICT object stays out of the national collection", async () => {
    const isac = await w.login('isac@renkei.example');
    const hub = await w.login('hub@renkei.example');
    const sme = await w.login('sme@renkei.example');
    // Its own marking is GREEN; the ISAC collection's floor holds it at AMBER+STRICT.
    const shared = indicatorOf('198.51.100.93', { tlp: 'green', name: 'ISAC members only' });
    expect((await w.as(isac, { method: 'POST', url: `/api/intel/bundles?collection=${coll['isac:fin-isac']}`, payload: bundleOf([shared]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(hub, `/api/intel/objects/${shared.id}`)).json()).toMatchObject({ tlp: 'amber+strict' });
    // The hub (a recipient there) posts it unchanged to everyone: refused, naming the level it sees.
    const reshared = (await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([shared]), headers: { 'accept-language': 'en' } })).json();
    expect(reshared.accepted).toBe(0);
    expect(reshared.rejected).toEqual([{ index: 0, id: shared.id, errors: [{ path: 'object_marking_refs', message: expect.stringContaining('TLP:AMBER+STRICT') }] }]);
    expect((await get(sme, `/api/intel/objects/${shared.id}`)).statusCode).toBe(404);
    const national = (await get(sme, `/api/intel/objects?collection=${coll['national']}&limit=200`)).json().items.map((i: { id: string }) => i.id);
    expect(national).not.toContain(shared.id);
    // Marked AMBER+STRICT itself, it may go there: it stays the hub's own.
    const raised = { ...shared, object_marking_refs: [TLP2_MARKING_IDS['amber+strict']] };
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([raised]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(sme, `/api/intel/objects/${shared.id}`)).statusCode).toBe(404);
  });

  it('what an organisation contributed itself it may share wider: the hub publishes nationally what it kept in its own collection', async () => {
    const hub = await w.login('hub@renkei.example');
    const sme = await w.login('sme@renkei.example');
    const own = indicatorOf('198.51.100.95', { tlp: 'green', name: 'Hub kept it first' });
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:nco']}`, payload: bundleOf([own]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(sme, `/api/intel/objects/${own.id}`)).statusCode).toBe(404);
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([own]) })).json()).toMatchObject({ accepted: 1, rejected: [] });
    expect((await get(sme, `/api/intel/objects/${own.id}`)).json()).toMatchObject({ tlp: 'green' });
  });

  it('a newer version the reader may not see neither hides the one it may see nor betrays that it exists', async () => {
    const hub = await w.login('hub@renkei.example');
    const sme = await w.login('sme@renkei.example');
    const v1 = indicatorOf('198.51.100.96', { tlp: 'clear', name: 'Tanuki loader' });
    const v2 = { ...v1, modified: '2026-02-01T00:00:00.000Z', object_marking_refs: [TLP2_MARKING_IDS['red']] };
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([v1]) })).json()).toMatchObject({ accepted: 1 });
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([v2]) })).json()).toMatchObject({ accepted: 1 });
    // REST: the list and search show version 1, as the object page does.
    const listed = (await get(sme, `/api/intel/objects?q=Tanuki`)).json().items;
    expect(listed.map((i: { id: string }) => i.id)).toEqual([v1.id]);
    expect((await get(sme, `/api/intel/objects/${v1.id}`)).statusCode).toBe(200);
    // TAXII: the default (last), first and last all name version 1; the versions list agrees.
    const taxii = async (query: string) =>
      (await w.app.inject({ method: 'GET', url: `/taxii2/api/collections/${coll['national']}/objects/${v1.id}/${query}`, headers: { accept: TAXII, authorization: basic('sme@renkei.example') } })).json();
    await expect(taxii('').then((r) => r.objects.map((o: { modified: string }) => o.modified))).resolves.toEqual([T0]);
    await expect(taxii('?match[version]=first').then((r) => r.objects.map((o: { modified: string }) => o.modified))).resolves.toEqual([T0]);
    await expect(taxii('?match[version]=last').then((r) => r.objects.map((o: { modified: string }) => o.modified))).resolves.toEqual([T0]);
    await expect(taxii('versions/').then((r) => r.versions)).resolves.toEqual([T0]);
    // Its creator still gets version 2 as the last.
    const own = await w.app.inject({ method: 'GET', url: `/taxii2/api/collections/${coll['national']}/objects/${v1.id}/`, headers: { accept: TAXII, authorization: basic('hub@renkei.example') } });
    expect(own.json().objects.map((o: { modified: string }) => o.modified)).toEqual(['2026-02-01T00:00:00.000Z']);
  });

  it('markings other than the standard TLP ids: statements restrict nobody, a TLP of its own id counts, an unknown one keeps the object in its community', async () => {
    const hub = await w.login('hub@renkei.example');
    const sme = await w.login('sme@renkei.example');
    const statement = { type: 'marking-definition', spec_version: '2.1', id: uid('marking-definition'), created: T0, definition_type: 'statement', definition: { statement: 'Copyright 2026 NCO' } };
    // TLP 2.0's own form (its extension), under an id of its own rather than the standard one.
    const ownRed = { type: 'marking-definition', spec_version: '2.1', id: uid('marking-definition'), created: T0, name: 'TLP:RED', extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'red' } } };
    const copyrighted = indicatorOf('198.51.100.97', { name: 'Copyrighted', extra: { object_marking_refs: [statement.id] } });
    const red = indicatorOf('198.51.100.98', { name: 'Red under its own id', extra: { object_marking_refs: [ownRed.id] } });
    // One character off the TLP:RED id: no such marking anywhere.
    const typo = indicatorOf('198.51.100.99', { name: 'Misspelt red', extra: { object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c2'] } });
    const posted = (await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([statement, ownRed, copyrighted, red, typo]) })).json();
    expect(posted).toMatchObject({ accepted: 5, rejected: [] });
    expect((await get(sme, `/api/intel/objects/${copyrighted.id}`)).json()).toMatchObject({ tlp: 'green' });
    expect((await get(sme, `/api/intel/objects/${red.id}`)).statusCode).toBe(404);
    expect((await get(sme, `/api/intel/objects/${typo.id}`)).statusCode).toBe(404);
    expect((await get(hub, `/api/intel/objects/${typo.id}`)).json()).toMatchObject({ tlp: 'amber+strict' });
    // A later batch finds the stored definition.
    const later = indicatorOf('198.51.100.100', { name: 'Red, definition stored before', extra: { object_marking_refs: [ownRed.id] } });
    expect((await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([later]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(sme, `/api/intel/objects/${later.id}`)).statusCode).toBe(404);
    expect((await get(hub, `/api/intel/objects/${later.id}`)).json()).toMatchObject({ tlp: 'red' });
  });

  it('an entry the poster may not see refuses nothing: the refusal is no oracle for it', async () => {
    const hub = await w.login('hub@renkei.example');
    // In the bank's own collection (AMBER+STRICT, the bank only): the hub cannot see it.
    const privately = indicatorOf('198.51.100.94', { tlp: 'green', name: 'Bank only' });
    expect((await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:sakura-bank']}`, payload: bundleOf([privately]) })).json()).toMatchObject({ accepted: 1 });
    expect((await get(hub, `/api/intel/objects/${privately.id}`)).statusCode).toBe(404);
    const posted = (await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([privately]) })).json();
    expect(posted).toMatchObject({ accepted: 1, rejected: [] });
  });
  it("an SCO someone holds at TLP:RED: another organisation sending the same address (the same id) is neither refused nor shown the holder's body", async () => {
    const hub = await w.login('hub@renkei.example');
    const sme = await w.login('sme@renkei.example');
    // SCO ids are derived from the value: whoever sends this address sends this id.
    const id = 'ipv4-addr--6c7a1e0e-4d1b-5c3e-9f2a-3b4c5d6e7f80';
    const held = { type: 'ipv4-addr', spec_version: '2.1', id, value: '203.0.113.150', object_marking_refs: [TLP2_MARKING_IDS.red] };
    expect((await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:sakura-bank']}`, payload: bundleOf([held]) })).json()).toMatchObject({ accepted: 1 });
    const mine = { type: 'ipv4-addr', spec_version: '2.1', id, value: '203.0.113.150' };
    const posted = (await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([mine]) })).json();
    expect(posted).toMatchObject({ accepted: 1, added: 1, rejected: [] });
    expect(JSON.stringify(posted)).not.toMatch(/red|赤/i);
    // The hub's entry serves what the hub sent, to the hub and to every member.
    expect((await get(hub, `/api/intel/objects/${id}`)).json()).toMatchObject({ object: mine, tlp: 'green' });
    expect((await get(hub, `/api/intel/objects/${id}/versions/`)).statusCode).not.toBe(500);
    const taxii = await w.app.inject({ method: 'GET', url: `/taxii2/api/collections/${coll['national']}/objects/?match[id]=${id}`, headers: { authorization: basic('sme@renkei.example'), accept: TAXII } });
    expect(taxii.json().objects).toEqual([mine]);
    expect((await get(sme, `/api/intel/objects/${id}`)).json()).toMatchObject({ object: mine });
    // The bank still reads its own, marked as it sent it.
    expect((await get(bank, `/api/intel/objects/${id}`)).json().object).toEqual(held);
  });
  it("only the organisation that shared an object first may add versions of it; others may re-share it as it is", async () => {
    const isac = await w.login('isac@renkei.example');
    const genuine = indicatorOf('198.51.100.10', { name: 'Bank genuine', tlp: 'amber' });
    expect((await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([genuine]) })).json()).toMatchObject({ accepted: 1 });
    const hijack = { ...genuine, modified: '2026-01-02T00:00:00.000Z', name: 'Bank genuine (updated)', pattern: "[ipv4-addr:value = '8.8.8.8']" };
    const refused = (await w.as(isac, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([hijack]) })).json();
    expect(refused).toMatchObject({ accepted: 0, rejected: [{ index: 0, id: genuine.id, errors: [{ path: 'modified', message: expect.stringContaining('最初に共有した組織だけ') }] }] });
    expect((await get(bank, `/api/intel/objects/${genuine.id}`)).json().object).toMatchObject({ name: 'Bank genuine', pattern: genuine.pattern });
    // Over TAXII too.
    const viaTaxii = await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${coll['sector:finance']}/objects/`, payload: JSON.stringify({ objects: [hijack] }), headers: { authorization: basic('isac@renkei.example'), accept: TAXII, 'content-type': TAXII } });
    expect(viaTaxii.json()).toMatchObject({ success_count: 0, failure_count: 1 });
    // A re-share as it is stays possible; the bank itself versions its object.
    expect((await w.as(isac, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:fin-isac']}`, payload: bundleOf([genuine]) })).json()).toMatchObject({ accepted: 1 });
    const update = { ...genuine, modified: '2026-01-03T00:00:00.000Z', name: 'Bank genuine v2' };
    expect((await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['sector:finance']}`, payload: bundleOf([update]) })).json()).toMatchObject({ accepted: 1, rejected: [] });
    // An object the poster may not see refuses nothing (the refusal would tell it exists).
    const hidden = indicatorOf('198.51.100.11', { name: 'Bank private', tlp: 'red' });
    expect((await w.as(bank, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:sakura-bank']}`, payload: bundleOf([hidden]) })).json()).toMatchObject({ accepted: 1 });
    const blind = { ...hidden, object_marking_refs: undefined, modified: '2026-01-02T00:00:00.000Z' };
    expect((await w.as(isac, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:fin-isac']}`, payload: bundleOf([blind]) })).json()).toMatchObject({ accepted: 1, rejected: [] });
  });
});

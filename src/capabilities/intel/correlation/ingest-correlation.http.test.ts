import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { startTestWorld, type Session, type TestWorld } from '../../../platform/testing/harness.js';
import { bundleOf, indicatorOf, uid } from '../store/store.fixtures.js';
import { TLP2_MARKING_IDS } from '../../incidents/stix-common.js';

/**
 * Issue 5 item 4, on ingest: a REST bundle answer and a TAXII status (on POST and when polled) say,
 * for each observable, where else it was seen — other sources only, only what the requester may see,
 * reporters named only when they allowed it — with equivalent spellings meeting in one observable and
 * incident-report indicators counted beside STIX objects.
 */

const TAXII = 'application/taxii+json;version=2.1';
const basic = (email: string) => `Basic ${Buffer.from(`${email}:${DEMO_PASSWORD}`).toString('base64')}`;
type Seen = { kind: string; value: string; sightings: number; organisations: number; sectors: number; sectorCodes: string[]; firstSeen: string | null; lastSeen: string | null; namedReporters: Array<{ orgId: string }> };

const pattern = (p: string, o: { tlp?: 'red' } = {}) => ({ ...indicatorOf('192.0.2.1'), id: uid('indicator'), pattern: p, ...(o.tlp ? { object_marking_refs: [TLP2_MARKING_IDS[o.tlp]] } : {}) });

describe('correlation on ingest', () => {
  let w: TestWorld;
  let coll: Record<string, string>;
  let bank: Session;
  let power: Session;
  beforeAll(async () => {
    w = await startTestWorld();
    coll = Object.fromEntries((await w.platform.db.selectFrom('stix_collections').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    bank = await w.login('bank@renkei.example');
    power = await w.login('power@renkei.example');
  }, 60_000);
  afterAll(() => w?.close());

  const rest = (s: Session, collection: string, objects: unknown[], q = '') => w.as(s, { method: 'POST', url: `/api/intel/bundles?collection=${coll[collection]}${q}`, payload: bundleOf(objects) });
  const taxiiPost = (email: string, collection: string, objects: unknown[]) =>
    w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${coll[collection]}/objects/`, payload: JSON.stringify({ objects }), headers: { authorization: basic(email), accept: TAXII, 'content-type': TAXII } });
  const poll = (email: string, id: string) => w.app.inject({ method: 'GET', url: `/taxii2/api/status/${id}/`, headers: { authorization: basic(email), accept: TAXII } });
  const find = (list: Seen[], kind: string, value: string) => list.find((c) => c.kind === kind && c.value === value);

  it('REST then TAXII: other sources counted, spellings folded, the consenting reporter named', async () => {
    const bankOrg = await w.orgId('sakura-bank');
    const first = await rest(bank, 'sector:finance', [
      pattern("[ipv4-addr:value = '198.51.100.61'] OR [domain-name:value = 'EVIL-C2.Example.']"),
      pattern("[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']"),
      pattern("[url:value = 'HTTP://Evil-C2.example:80/gate.php']"),
    ], '&nameReporter=true');
    expect(first.statusCode, first.body).toBe(200);
    // Nothing elsewhere yet: every observable reported, each with zero other sightings.
    const none = first.json().correlations as Seen[];
    expect(none.map((c) => `${c.kind} ${c.value}`).sort()).toEqual([
      'domain evil-c2.example', 'ipv4 198.51.100.61', 'sha256 aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f', 'url http://evil-c2.example/gate.php',
    ]);
    expect(none.every((c) => c.sightings === 0 && c.firstSeen === null && c.namedReporters.length === 0)).toBe(true);

    // Another finance company sends SCOs and a pattern spelled differently, through TAXII.
    const objects = [
      { type: 'ipv4-addr', spec_version: '2.1', id: uid('ipv4-addr'), value: '198.51.100.61/32' },
      { type: 'domain-name', spec_version: '2.1', id: uid('domain-name'), value: 'evil-c2.example' },
      { type: 'file', spec_version: '2.1', id: uid('file'), hashes: { 'SHA-256': 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' } },
      pattern("[url:value = 'http://evil-c2.example/gate.php']"),
    ];
    const posted = await taxiiPost('shinkin@renkei.example', 'sector:finance', objects);
    expect(posted.statusCode, posted.body).toBe(202);
    const status = posted.json() as { id: string; x_renkei_correlations: Seen[] };
    for (const [kind, value] of [['ipv4', '198.51.100.61'], ['domain', 'evil-c2.example'], ['sha256', 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'], ['url', 'http://evil-c2.example/gate.php']] as const) {
      const c = find(status.x_renkei_correlations, kind, value);
      expect(c, `${kind} ${value}`).toMatchObject({ sightings: 1, organisations: 1, sectors: 1, sectorCodes: ['finance'], namedReporters: [{ orgId: bankOrg }] });
      expect(c!.firstSeen).toEqual(c!.lastSeen);
      expect(c!.firstSeen).not.toBeNull();
    }
    // Indexed once, however spelled and however many objects mention them.
    const rows = await w.platform.db.selectFrom('intel_observables').select(['kind', 'value']).where('value', 'in', ['198.51.100.61', 'evil-c2.example', 'http://evil-c2.example/gate.php']).execute();
    expect(rows).toHaveLength(3);

    // Polling the status later gives the same figures to the poster.
    const polled = (await poll('shinkin@renkei.example', status.id)).json() as { x_renkei_correlations: Seen[] };
    expect(find(polled.x_renkei_correlations, 'ipv4', '198.51.100.61')).toMatchObject({ sightings: 1, namedReporters: [{ orgId: bankOrg }] });
  });

  it('respects markings: a sector outsider sees none of it, its own private sighting is not counted for others', async () => {
    // The electricity company shares the same address privately; finance sightings are not its to see.
    const res = await rest(power, 'org:tokai-power', [pattern("[ipv4-addr:value = '198.51.100.61']")]);
    expect(find(res.json().correlations, 'ipv4', '198.51.100.61')).toMatchObject({ sightings: 0, organisations: 0, namedReporters: [], firstSeen: null });
    // And finance members do not count the electricity company's private sighting.
    const again = await rest(bank, 'sector:finance', [pattern("[ipv4-addr:value = '198.51.100.61']")]);
    expect(find(again.json().correlations, 'ipv4', '198.51.100.61')).toMatchObject({ sightings: 2, organisations: 2, sectorCodes: ['finance'] });
    // The hub sees the sector's sightings but not an organisation's private collection; it names the bank only.
    const hub = await w.login('hub@renkei.example');
    const seen = (await w.as(hub, { method: 'GET', url: '/api/intel/observables?kind=ipv4&value=198.51.100.61' })).json();
    expect(seen).toMatchObject({ organisations: 2, sectors: 1, sectorCodes: ['finance'], namedReporters: [{ orgId: await w.orgId('sakura-bank') }] });
  });

  it('a polled status reveals nothing of a TLP:RED object to a colleague who may not see it', async () => {
    await rest(power, 'sector:electricity', [pattern("[ipv4-addr:value = '203.0.113.71']")], '&nameReporter=true');
    const posted = await taxiiPost('power-analyst@renkei.example', 'sector:electricity', [pattern("[ipv4-addr:value = '203.0.113.71']", { tlp: 'red' }), pattern("[ipv4-addr:value = '203.0.113.72']")]);
    const status = posted.json() as { id: string; x_renkei_correlations: Seen[] };
    expect(find(status.x_renkei_correlations, 'ipv4', '203.0.113.71')).toMatchObject({ sightings: 1 });
    const byPoster = (await poll('power-analyst@renkei.example', status.id)).json().x_renkei_correlations as Seen[];
    expect(byPoster.map((c) => c.value).sort()).toEqual(['203.0.113.71', '203.0.113.72']);
    const byColleague = await poll('power@renkei.example', status.id);
    expect(byColleague.statusCode).toBe(200);
    expect((byColleague.json().x_renkei_correlations as Seen[]).map((c) => c.value)).toEqual(['203.0.113.72']);
    expect((await poll('bank@renkei.example', status.id)).statusCode).toBe(404);
  });

  it("an organisation re-sending another's object (same id and version) takes over none of its sightings", async () => {
    const mine = indicatorOf('100.64.9.9', { name: 'Bank private C2' });
    expect((await rest(bank, 'org:sakura-bank', [mine])).json()).toMatchObject({ accepted: 1 });
    const lookup = (s: Session, value: string) => w.as(s, { method: 'GET', url: `/api/intel/observables?kind=ipv4&value=${value}` });
    const before = (await lookup(bank, '100.64.9.9')).json();
    expect(before).toMatchObject({ sightings: 1, objects: [{ id: mine.id }] });
    // The electricity company posts the identical object into its own collection, later.
    await new Promise((r) => setTimeout(r, 10));
    expect((await rest(power, 'org:tokai-power', [mine])).json()).toMatchObject({ accepted: 1 });
    const after = (await lookup(bank, '100.64.9.9')).json();
    expect(after).toMatchObject({ sightings: 1, organisations: 1, firstSeen: before.firstSeen, lastSeen: before.lastSeen, objects: [{ id: mine.id }] });
  });

  it('two organisations sending the same SCO (one id per value) are two reporters, and the second is told of the first', async () => {
    // SCO ids are derived from the value (STIX 2.1 §2.9, UUIDv5): every tool names this address so.
    const sco = { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--0a2e6a3c-3c8e-5a35-9d6c-2d3f4e5a6b7c', value: '198.51.100.99' };
    const bankOrg = await w.orgId('sakura-bank');
    const first = await rest(bank, 'sector:finance', [sco], '&nameReporter=true');
    expect(first.json()).toMatchObject({ accepted: 1, added: 1 });
    expect(find(first.json().correlations, 'ipv4', '198.51.100.99')).toMatchObject({ sightings: 0 });
    // The credit union sends the identical object: nothing new to store, but it has seen the address too.
    const posted = await taxiiPost('shinkin@renkei.example', 'sector:finance', [sco]);
    expect(posted.statusCode, posted.body).toBe(202);
    const status = posted.json() as { x_renkei_correlations: Seen[] };
    expect(find(status.x_renkei_correlations, 'ipv4', '198.51.100.99')).toMatchObject({ sightings: 1, organisations: 1, namedReporters: [{ orgId: bankOrg }] });
    const hub = await w.login('hub@renkei.example');
    const lookup = async () => (await w.as(hub, { method: 'GET', url: '/api/intel/observables?kind=ipv4&value=198.51.100.99' })).json();
    expect(await lookup()).toMatchObject({ sightings: 1, organisations: 2, objects: [{ id: sco.id }] });
    // Sending it again changes nothing; the bank sending it again is told of the credit union.
    await taxiiPost('shinkin@renkei.example', 'sector:finance', [sco]);
    const again = await rest(bank, 'sector:finance', [sco]);
    expect(find(again.json().correlations, 'ipv4', '198.51.100.99')).toMatchObject({ sightings: 1, organisations: 1, namedReporters: [] });
    expect(await lookup()).toMatchObject({ sightings: 1, organisations: 2 });
    const rows = await w.platform.db.selectFrom('intel_sightings').select('reporter_org_id').where('source_id', '=', sco.id).execute();
    expect(rows.map((r) => r.reporter_org_id).sort()).toEqual([bankOrg, await w.orgId('hikari-shinkin')].sort());
  });

  it('re-sharing another organisation’s indicator is a copy, not a sighting: three copies fire no early warning', async () => {
    const hub = await w.login('hub@renkei.example');
    const national = indicatorOf('198.51.100.78', { name: 'National C2' });
    expect((await rest(hub, 'national', [national])).json()).toMatchObject({ accepted: 1 });
    for (const [email, slug] of [['sme@renkei.example', 'komorebi-print'], ['msp@renkei.example', 'tsubasa-systems'], ['bank@renkei.example', 'sakura-bank']] as const) {
      const copied = await rest(await w.login(email), `org:${slug}`, [national]);
      expect(copied.json(), email).toMatchObject({ accepted: 1, added: 1 });
    }
    const rows = await w.platform.db.selectFrom('intel_sightings').select('reporter_org_id').where('source_id', '=', national.id).execute();
    expect(rows.map((r) => r.reporter_org_id)).toEqual([await w.orgId('nco')]);
    expect(await w.platform.db.selectFrom('intel_early_warnings').select('id').where('value', '=', '198.51.100.78').execute()).toEqual([]);
  });

  it('a repeat of a version the poster may not see adds nothing, so its guesses are not answered', async () => {
    const isac = await w.login('isac@renkei.example');
    const secret = indicatorOf('203.0.113.200', { name: 'Bank secret', tlp: 'red' });
    expect((await rest(bank, 'org:sakura-bank', [secret])).json()).toMatchObject({ accepted: 1 });
    // The same id and modified, guessing a whole range.
    const guesses = Array.from({ length: 16 }, (_, i) => `'203.0.113.${192 + i}'`).join(', ');
    const guess = { ...secret, object_marking_refs: undefined, pattern: `[ipv4-addr:value IN (${guesses})]` };
    expect((await rest(isac, 'org:fin-isac', [guess])).json()).toMatchObject({ accepted: 1, added: 1 });
    for (const value of ['203.0.113.200', '203.0.113.199', '203.0.113.192/28']) {
      expect((await w.as(isac, { method: 'GET', url: `/api/intel/observables?kind=ipv4&value=${encodeURIComponent(value)}` })).statusCode, value).toBe(404);
    }
    const rows = await w.platform.db.selectFrom('intel_sightings').select('reporter_org_id').where('source_id', '=', secret.id).execute();
    expect(rows.map((r) => r.reporter_org_id)).toEqual([await w.orgId('sakura-bank')]);
  });

  it('a repeat of a stored version with another pattern adds no sightings: correlation follows the stored body', async () => {
    const hub = await w.login('hub@renkei.example');
    const original = indicatorOf('192.0.2.95', { name: 'Hub C2' });
    expect((await rest(hub, 'national', [original])).json()).toMatchObject({ accepted: 1 });
    // Same id and modified, another pattern: the stored version stays the hub's.
    const poisoned = { ...original, pattern: "[ipv4-addr:value = '8.8.8.8']" };
    expect((await rest(bank, 'sector:finance', [poisoned])).json()).toMatchObject({ accepted: 1 });
    expect((await w.as(bank, { method: 'GET', url: `/api/intel/objects/${original.id}` })).json().object.pattern).toBe(original.pattern);
    for (const s of [bank, await w.login('shinkin@renkei.example'), hub]) {
      expect((await w.as(s, { method: 'GET', url: '/api/intel/observables?kind=ipv4&value=8.8.8.8' })).statusCode).toBe(404);
    }
    const sightings = await w.platform.db.selectFrom('intel_sightings').select('observable_id').where('source_id', '=', original.id).execute();
    expect(sightings).toHaveLength(1);
  });

  it('incident-report indicators land in the same sightings an ingest is correlated against', async () => {
    const report = {
      type: 'ransomware', title: 'VPN 経由の侵入', summary: '外部からの侵入を検知した。',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(), startedAt: new Date(Date.now() - 7_200_000).toISOString(),
      affectedServices: ['社内システム'], intrusionRoute: 'vpn', ransomware: { noteText: 'PAY', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false },
      indicators: [{ kind: 'ipv4', value: '192.0.2.181' }, { kind: 'sha1', value: 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3' }],
      businessImpact: 'degraded', contact: { name: '担当者', email: 'soc@example.jp', phone: '03-0000-0000' },
    };
    const filed = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report, sharing: { optionalRegimes: [], nameInIntel: true } } });
    expect(filed.statusCode, filed.body).toBe(201);
    const hub = await w.login('hub@renkei.example');
    const bankOrg = await w.orgId('sakura-bank');
    // The indicators arrive through the event bus after the filing commits: wait for the sighting.
    const source = `incident-report--${filed.json().id}`;
    for (let i = 0; i < 100; i++) {
      if (await w.platform.db.selectFrom('intel_sightings').select('source_id').where('source_id', '=', source).executeTakeFirst()) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await w.as(hub, { method: 'POST', url: `/api/intel/bundles?collection=${coll['national']}`, payload: bundleOf([pattern("[ipv4-addr:value = '192.0.2.181'] AND [file:hashes.'SHA-1' = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3']")]) });
    expect(res.statusCode, res.body).toBe(200);
    const found = find(res.json().correlations, 'ipv4', '192.0.2.181');
    expect(find(res.json().correlations, 'sha1', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3')).toMatchObject({ sightings: 1, organisations: 1 });
    expect(found).toMatchObject({ sightings: 1, organisations: 1, sectorCodes: ['finance'], namedReporters: [{ orgId: bankOrg }] });
    // A company outside the report's addressees learns nothing of it: it counts only the hub's
    // national (GREEN) indicator, not the bank's report, and no one is named.
    const sme = await w.login('sme@renkei.example');
    const smeRes = await w.as(sme, { method: 'POST', url: `/api/intel/bundles?collection=${coll['org:komorebi-print']}`, payload: bundleOf([pattern("[ipv4-addr:value = '192.0.2.181']")]) });
    expect(find(smeRes.json().correlations, 'ipv4', '192.0.2.181')).toMatchObject({ sightings: 1, organisations: 1, sectors: 0, namedReporters: [] });
  });
});

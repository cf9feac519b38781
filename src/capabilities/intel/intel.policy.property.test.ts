import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEARANCES, ROLES, type Clearance, type Role } from '../../platform/identity/ids.js';
import { can } from '../../platform/policy/authorize.js';
import { canReadMarked } from '../../platform/policy/checks.js';
import { CLEARANCE_RANK, TLP_RANK, TLPS, markingOf, type Actor, type MarkedRow, type Tlp } from '../../platform/policy/types.js';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';
import { TLP2_MARKING_IDS } from '../incidents/stix-common.js';
import { ensureCollections } from './store/collections.js';

/**
 * Issue 5 item 3, as a property: a seeded generator builds organisations (with need-to-know partners),
 * users (roles, clearances), STIX objects that reference each other, TLP 2.0 markings (the standard
 * marking-definition ids), clearances and new versions; then every endpoint is asked, as every user,
 * for everything, and each answer is checked against an oracle written here from DOMAIN.md §5:
 * canReadMarked() over the stored entry markings, collection membership by kind, and the rule that an
 * object referencing something the reader may not see is withheld too. Soundness (nothing forbidden)
 * and completeness (nothing allowed missing, so an endpoint returning nothing cannot pass) both.
 * INTEL_PROPERTY_SEED=<n> replays a run; a failure message names the seed.
 */

const SEED = Number(process.env.INTEL_PROPERTY_SEED ?? 20261202);
const SECTORS = ['finance', 'electricity', 'water'];
const T0 = Date.UTC(2026, 0, 1);
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

/** mulberry32: small, seedable, good enough to pick cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const uuid = () => {
    const h = Array.from({ length: 32 }, () => int(16).toString(16)).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const some = <T>(xs: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + int(max) }, () => pick(xs)))];
  return { next, int, pick, chance, uuid, some };
}

type Obj = Record<string, unknown> & { type: string; id: string };
interface Probe {
  label: string;
  actor: Actor;
  token: string;
}
interface Entry extends MarkedRow {
  seq: number;
  collection_id: string;
  object_id: string;
  version: string;
  version_at: Date | string | null;
  is_last: boolean;
}

describe(`intel: no endpoint returns what the policy forbids (seed ${SEED})`, () => {
  const r = prng(SEED);
  let w: TestWorld;
  const probes: Probe[] = [];
  /** Every body stored, by id and version key. */
  const bodies = new Map<string, Obj>();
  /** What each object references (constant across its versions): the generator's own record. */
  const refsOf = new Map<string, string[]>();
  const ownTlp = new Map<string, Tlp>();
  // Addresses nothing else in the seeded world mentions.
  const ips = ['100.64.10.1', '100.64.10.2', '100.64.20.3', '100.64.30.4'];
  const statuses: Array<{ id: string; orgId: string }> = [];
  /** Reporters an ingest response named, and those that had allowed naming by then. */
  const ingestNamed: Array<{ named: string[]; consented: Set<string> }> = [];
  let hubs: string[] = [];
  let collections: Array<{ id: string; key: string; kind: string; sector: string | null; org_id: string | null; member_org_ids: string[]; clearance: string }> = [];

  const inject = (p: Probe, method: 'GET' | 'POST', url: string, payload?: unknown, taxii = false): Promise<LightMyRequestResponse> =>
    w.app.inject({
      method,
      url,
      payload: payload as string,
      headers: {
        authorization: `Bearer ${p.token}`,
        ...(taxii ? { accept: 'application/taxii+json;version=2.1', ...(method === 'POST' ? { 'content-type': 'application/taxii+json;version=2.1' } : {}) } : {}),
      },
    });
  const fail = (what: string) => `${what} (replay with INTEL_PROPERTY_SEED=${SEED})`;

  beforeAll(async () => {
    w = await startTestWorld();
    const db = w.platform.db;

    // Organisations: companies and ISACs in a few sectors; some vendors run others' systems.
    const orgs: Array<{ id: string; kind: string; sectors: string[] }> = [];
    for (let i = 0; i < 7; i++) {
      const id = crypto.randomUUID();
      const kind = r.pick(['operator', 'operator', 'sme', 'vendor', 'isac'] as const);
      const sectors = kind === 'vendor' || kind === 'sme' ? (r.chance(0.5) ? [] : [r.pick(SECTORS)]) : r.some(SECTORS, 2);
      await db.insertInto('organizations').values({ id, slug: `prop-${SEED}-${i}`, name: `組織${i}`, name_en: `Org ${i}`, kind, authority: null, sectors, designated: false, designated_business_types: [] }).execute();
      orgs.push({ id, kind, sectors });
    }
    const demoOrgs = await db.selectFrom('organizations').select(['id', 'kind', 'sectors']).where('slug', 'in', ['sakura-bank', 'tokai-power', 'tsubasa-systems', 'fin-isac']).execute();
    const everyOrg = [...orgs, ...demoOrgs];
    for (const o of orgs.filter((x) => x.kind === 'vendor')) {
      for (const client of r.some(everyOrg.filter((x) => x.kind === 'operator'), 2)) {
        await db.insertInto('org_partners').values({ org_id: client.id, partner_org_id: o.id, relation: 'operates_systems' }).execute();
      }
    }
    await ensureCollections(db, w.platform.law);

    // Users: random roles and clearances in the new organisations and some demo ones.
    const users: Array<{ userId: string; orgId: string; label: string }> = [];
    for (let i = 0; i < 12; i++) {
      const org = i < orgs.length ? orgs[i]! : r.pick(everyOrg);
      const id = crypto.randomUUID();
      const role: Role = r.pick(ROLES);
      const clearance: Clearance = r.pick(CLEARANCES);
      await db.insertInto('users').values({ id, email: `prop-${SEED}-${i}@renkei.example`, display_name: `User ${i}`, password_hash: 'x', clearance }).execute();
      await db.insertInto('memberships').values({ user_id: id, org_id: org.id, role }).execute();
      users.push({ userId: id, orgId: org.id, label: `user${i}(${org.kind}/${role}/${clearance})` });
    }
    // Demo users the seeded world already has: the hub, a ministry, a vendor that runs systems, an ISAC.
    for (const email of ['hub@renkei.example', 'fsa@renkei.example', 'msp@renkei.example', 'isac@renkei.example', 'bank-analyst@renkei.example', 'sme@renkei.example']) {
      const u = await db.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.id', 'm.org_id']).where('u.email', '=', email).executeTakeFirstOrThrow();
      users.push({ userId: u.id, orgId: u.org_id, label: email });
    }
    for (const u of users) {
      const actor = (await w.platform.actors.resolve(u.userId, u.orgId, 'token'))!.actor;
      const { token } = await w.platform.tokens.issue({ userId: u.userId, orgId: u.orgId, name: 'property test', createdBy: null });
      probes.push({ label: u.label, actor, token });
    }
    hubs = (await db.selectFrom('organizations').select('id').where('kind', '=', 'national_hub').execute()).map((h) => h.id);

    // Objects: indicators and SCOs over a few shared addresses, malware, custom objects, and
    // relationships / reports / custom refs pointing at earlier objects (wherever those were put).
    const made: Obj[] = [];
    const marked = (o: Obj, tlp: Tlp | null): Obj => (tlp ? { ...o, object_marking_refs: [TLP2_MARKING_IDS[tlp]] } : o);
    const sdo = (type: string, extra: Record<string, unknown>): Obj => ({ type, spec_version: '2.1', id: `${type}--${r.uuid()}`, created: at(0), modified: at(0), ...extra });
    const generate = (n: number): Obj => {
      const kind = made.length < 4 ? r.pick(['indicator', 'malware', 'ipv4-addr']) : r.pick(['indicator', 'malware', 'ipv4-addr', 'domain-name', 'relationship', 'relationship', 'report', 'x-acme-alert']);
      const earlier = (types?: string[]) => r.pick(made.filter((m) => !types || types.includes(m.type)).map((m) => m.id));
      switch (kind) {
        case 'indicator':
          return sdo('indicator', { name: `prop indicator ${n}`, indicator_types: ['malicious-activity'], pattern: `[ipv4-addr:value = '${r.pick(ips)}']`, pattern_type: 'stix', valid_from: at(0) });
        case 'malware':
          return sdo('malware', { name: `prop malware ${n}`, is_family: r.chance(0.5) });
        case 'ipv4-addr':
          return { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${r.uuid()}`, value: r.pick(ips) };
        case 'domain-name':
          return { type: 'domain-name', spec_version: '2.1', id: `domain-name--${r.uuid()}`, value: `c2-${r.int(3)}.prop.example` };
        case 'relationship':
          return sdo('relationship', { relationship_type: 'related-to', source_ref: earlier(['indicator', 'malware', 'ipv4-addr', 'domain-name', 'report']), target_ref: earlier(['indicator', 'malware', 'ipv4-addr', 'domain-name']) });
        case 'report':
          return sdo('report', { name: `prop report ${n}`, published: at(1), report_types: ['threat-report'], object_refs: r.some(made.map((m) => m.id), 3) });
        default:
          return sdo('x-acme-alert', { x_acme_level: r.int(5), x_acme_about_ref: earlier() });
      }
    };

    const writers = probes.filter((p) => p.actor.role === 'admin' || p.actor.role === 'analyst');
    let hour = 1;
    const consented = new Set((await db.selectFrom('intel_sightings').select('reporter_org_id').where('name_reporter', '=', true).execute()).map((x) => x.reporter_org_id));
    for (let batch = 0; batch < 22; batch++) {
      // The highest TLP and clearance earlier in this batch per id; with the stored versions the
      // contributor may see, what a new version may not go below.
      const highestRank = new Map<string, number>();
      const highestClearance = new Map<string, number>();
      // A third of the batches go to the national collection (only government writes there), the only
      // one whose floor is GREEN, so CLEAR, GREEN and AMBER entries (need-to-know) exist at all.
      const national = r.chance(0.35);
      const contributor = r.pick(national ? writers.filter((p) => ['national_hub', 'ministry'].includes(p.actor.orgKind)) : writers);
      const listed = (await inject(contributor, 'GET', '/api/intel/collections')).json().items as Array<{ id: string; key: string; canWrite: boolean }>;
      const writable = listed.filter((c) => c.canWrite && (!national || c.key === 'national'));
      if (!writable.length) continue;
      const target = r.pick(writable).id;
      const viaTaxii = r.chance(0.4);
      // TAXII carries no clearance: what it adds requires none beyond the collection's. A poster may
      // require at most the clearance it holds (more is refused whole: store.http.test.ts).
      const held = CLEARANCES.filter((c) => CLEARANCE_RANK[c] <= CLEARANCE_RANK[contributor.actor.clearance]);
      const clearance: Clearance = !viaTaxii && r.chance(0.25) ? r.pick(held) : 'none';
      const nameReporter = r.chance(0.5);
      const objects: Obj[] = [];
      const expectRefused = new Set<number>();
      for (let k = 0; k < 1 + r.int(4); k++) {
        const versionable = made.filter((m) => m['modified'] !== undefined);
        const tlp = r.chance(0.2) ? null : r.pick(TLPS);
        if (versionable.length && r.chance(0.25)) {
          // A new version of an object stored earlier: refused exactly when it lowers the marking.
          const base = r.pick(versionable);
          const { object_marking_refs: _old, ...unmarked } = base;
          const v = marked({ ...unmarked, modified: at(hour++) } as Obj, tlp);
          // Nor below the marking in force (TLP and clearance raised to the target's floor) of an entry
          // already holding the object that the contributor may see; entries hidden from it do not count.
          const floor = (await db.selectFrom('stix_collections').select(['kind', 'clearance']).where('id', '=', target).executeTakeFirstOrThrow());
          const tlpHere = Math.max(TLP_RANK[tlpOf(v)], TLP_RANK[floor.kind === 'national' ? 'green' : 'amber+strict']);
          const clearanceHere = Math.max(CLEARANCE_RANK[clearance], CLEARANCE_RANK[floor.clearance as Clearance]);
          const held = (await db.selectFrom('stix_collection_objects').selectAll().where('object_id', '=', base.id).execute()) as unknown as Entry[];
          // Stored versions count only where the contributor may see them (an entry it may read, or one
          // its organisation contributed): a refusal naming a hidden version's level would betray it.
          const members = new Set((await db.selectFrom('memberships').select('user_id').where('org_id', '=', contributor.actor.orgId).execute()).map((m) => m.user_id));
          const seeable = [...new Set(held.filter((e) => canReadMarked(contributor.actor, markingOf(e)) || (e.created_by != null && members.has(e.created_by))).map((e) => e.version))];
          const stored = seeable.length ? await db.selectFrom('stix_objects').select(['tlp', 'clearance']).where('id', '=', base.id).where('version', 'in', seeable).execute() : [];
          const highest = Math.max(highestRank.get(base.id) ?? -1, ...stored.map((x) => TLP_RANK[x.tlp as Tlp]));
          const required = Math.max(highestClearance.get(base.id) ?? -1, ...stored.map((x) => CLEARANCE_RANK[x.clearance as Clearance]));
          const lowersInForce = held.some((e) => canReadMarked(contributor.actor, markingOf(e)) && (TLP_RANK[e.tlp as Tlp] > tlpHere || CLEARANCE_RANK[e.clearance as Clearance] > clearanceHere));
          // Only the organisation that shared the object first may version it, said only when the
          // contributor may see that first entry (every version here is new: a later modified).
          const first = [...held].sort((a, b) => a.seq - b.seq)[0];
          const othersObject = seeable.length > 0 && first !== undefined && canReadMarked(contributor.actor, markingOf(first)) && !(first.created_by != null && members.has(first.created_by));
          if (othersObject || TLP_RANK[tlpOf(v)] < highest || CLEARANCE_RANK[clearance] < required || lowersInForce) expectRefused.add(objects.length);
          else {
            highestRank.set(base.id, Math.max(highest, TLP_RANK[tlpOf(v)]));
            highestClearance.set(base.id, Math.max(required, CLEARANCE_RANK[clearance]));
          }
          objects.push(v);
          continue;
        }
        const o = marked(generate(made.length), tlp);
        highestRank.set(o.id, TLP_RANK[tlpOf(o)]);
        highestClearance.set(o.id, CLEARANCE_RANK[clearance]);
        made.push(o);
        objects.push(o);
      }
      const envelope = viaTaxii ? { objects } : { type: 'bundle', id: `bundle--${r.uuid()}`, objects };
      const res = viaTaxii
        ? await inject(contributor, 'POST', `/taxii2/api/collections/${target}/objects/`, envelope, true)
        : await inject(contributor, 'POST', `/api/intel/bundles?collection=${target}&clearance=${clearance}&nameReporter=${nameReporter}`, envelope);
      expect(res.statusCode, fail(res.body)).toBe(viaTaxii ? 202 : 200);
      const body = res.json();
      const refused: number[] = viaTaxii
        ? (body.failures as Array<{ id: string; version: string }>).map((f) => objects.findIndex((o) => o.id === f.id && (o['modified'] ?? '') === f.version))
        : (body.rejected as Array<{ index: number }>).map((x) => x.index);
      // Item 4: a marking (TLP, required clearance) can be raised, never lowered.
      expect(refused.sort(), fail(`refused versions of batch ${batch}`)).toEqual([...expectRefused].sort());
      objects.forEach((o, i) => {
        if (expectRefused.has(i)) return;
        bodies.set(`${o.id}@${(o['modified'] as string | undefined) ?? ''}`, o);
        refsOf.set(o.id, referencesOf(o));
        ownTlp.set(`${o.id}@${(o['modified'] as string | undefined) ?? ''}`, tlpOf(o));
      });
      if (viaTaxii) statuses.push({ id: body.id, orgId: contributor.actor.orgId });
      else {
        if (nameReporter) consented.add(contributor.actor.orgId);
        const named = (body.correlations as Array<{ namedReporters: Array<{ orgId: string }> }>).flatMap((c) => c.namedReporters.map((n) => n.orgId));
        ingestNamed.push({ named, consented: new Set(consented) });
      }
    }
    // However the dice fell: one national (GREEN) report pointing at something few may see, so the
    // reference rule is exercised on every seed.
    const narrow = await db.selectFrom('stix_collection_objects').select('object_id').where('tlp', 'in', ['red', 'amber+strict']).orderBy('seq').executeTakeFirst();
    const hubProbe = probes.find((p) => p.label === 'hub@renkei.example')!;
    if (narrow) {
      const pointer: Obj = { type: 'report', spec_version: '2.1', id: `report--${r.uuid()}`, created: at(0), modified: at(0), name: `prop report pointer`, published: at(1), report_types: ['threat-report'], object_refs: [narrow.object_id] };
      const national = (await db.selectFrom('stix_collections').select('id').where('key', '=', 'national').executeTakeFirstOrThrow()).id;
      const res = await inject(hubProbe, 'POST', `/api/intel/bundles?collection=${national}`, { type: 'bundle', id: `bundle--${r.uuid()}`, objects: [pointer] });
      expect(res.json(), fail('pointer report')).toMatchObject({ accepted: 1 });
      bodies.set(`${pointer.id}@${at(0)}`, pointer);
      refsOf.set(pointer.id, [narrow.object_id]);
      ownTlp.set(`${pointer.id}@${at(0)}`, 'green');
    }
    // And one national TLP:AMBER object (need-to-know reaches the contributor's operators) and one that
    // needs a clearance, likewise on every seed.
    const amber: Obj = { type: 'malware', spec_version: '2.1', id: `malware--${r.uuid()}`, created: at(0), modified: at(0), name: 'prop amber', is_family: true, object_marking_refs: [TLP2_MARKING_IDS.amber] };
    expect((await inject(hubProbe, 'POST', `/api/intel/bundles?collection=${(await db.selectFrom('stix_collections').select('id').where('key', '=', 'national').executeTakeFirstOrThrow()).id}`, { type: 'bundle', id: `bundle--${r.uuid()}`, objects: [amber] })).json()).toMatchObject({ accepted: 1 });
    bodies.set(`${amber.id}@${at(0)}`, amber);
    refsOf.set(amber.id, []);
    ownTlp.set(`${amber.id}@${at(0)}`, 'amber');
    const cleared: Obj = { type: 'malware', spec_version: '2.1', id: `malware--${r.uuid()}`, created: at(0), modified: at(0), name: 'prop cleared', is_family: false };
    const nationalId = (await db.selectFrom('stix_collections').select('id').where('key', '=', 'national').executeTakeFirstOrThrow()).id;
    expect((await inject(hubProbe, 'POST', `/api/intel/bundles?collection=${nationalId}&clearance=cei`, { type: 'bundle', id: `bundle--${r.uuid()}`, objects: [cleared] })).json()).toMatchObject({ accepted: 1 });
    bodies.set(`${cleared.id}@${at(0)}`, cleared);
    refsOf.set(cleared.id, []);
    collections = (await db.selectFrom('stix_collections').select(['id', 'key', 'kind', 'sector', 'org_id', 'member_org_ids', 'clearance']).execute()) as typeof collections;
  }, 120_000);
  afterAll(() => w?.close());

  /** The oracle's view of the store: every entry with its marking columns, read straight from the table. */
  /**
   * The entry is the newest version of its object in its collection as far as `a` may see by marking
   * (store/queries.ts newestVisible): stored last, or no later entry there that `a` may read. "Later"
   * is PostgreSQL's row comparison of (version_at, seq): unknown, hence not later, when either time is null.
   */
  function lastFor(a: Actor, e: Entry, all: Entry[]): boolean {
    if (e.is_last) return true;
    const time = (x: Entry) => (x.version_at === null ? null : new Date(x.version_at).getTime());
    const later = (n: Entry) => {
      const tn = time(n);
      const te = time(e);
      if (tn === null || te === null) return false;
      return tn > te || (tn === te && n.seq > e.seq);
    };
    return !all.some((n) => n.object_id === e.object_id && n.collection_id === e.collection_id && later(n) && canReadMarked(a, markingOf(n)));
  }

  async function entries(): Promise<Entry[]> {
    const rows = await w.platform.db
      .selectFrom('stix_collection_objects')
      .select(['seq', 'collection_id', 'object_id', 'version', 'version_at', 'is_last', 'tlp', 'clearance', 'owner_org_id', 'created_by', 'recipient_org_ids', 'recipient_sectors', 'recipient_user_ids'])
      .orderBy('seq')
      .execute();
    return rows.map((e) => ({ ...e, seq: Number(e.seq) }));
  }

  /** DOMAIN.md §5 over one entry, plus: nothing it references is stored but unreadable to the actor. */
  function oracle(all: Entry[]) {
    const byObject = new Map<string, Entry[]>();
    for (const e of all) (byObject.get(e.object_id) ?? byObject.set(e.object_id, []).get(e.object_id)!).push(e);
    const readable = (a: Actor, e: Entry) => canReadMarked(a, markingOf(e));
    const seesSomeVersion = (a: Actor, id: string) => (byObject.get(id) ?? []).some((e) => readable(a, e));
    const refsOk = (a: Actor, id: string) => (refsOf.get(id) ?? []).every((ref) => !byObject.has(ref) || seesSomeVersion(a, ref));
    const allowed = (a: Actor, e: Entry) => readable(a, e) && refsOk(a, e.object_id);
    return { byObject, allowed, allowedIds: (a: Actor) => new Set(all.filter((e) => allowed(a, e)).map((e) => e.object_id)) };
  }

  /** Who belongs to a collection, from its kind (independent of store/marking.ts). */
  function member(a: Actor, c: (typeof collections)[number]): boolean {
    if (CLEARANCE_RANK[a.clearance] < CLEARANCE_RANK[c.clearance as Clearance]) return false;
    switch (c.kind) {
      case 'national':
        return true;
      case 'sector':
        return hubs.includes(a.orgId) || a.orgSectors.includes(c.sector!) || a.competentSectors.includes(c.sector!);
      case 'isac':
        return hubs.includes(a.orgId) || a.orgId === c.org_id || c.member_org_ids.includes(a.orgId);
      default:
        return a.orgId === c.org_id;
    }
  }

  it('generated a world that exercises the policy', async () => {
    const all = await entries();
    expect(all.length).toBeGreaterThan(30);
    const tlps = new Set(all.map((e) => e.tlp));
    expect([...tlps].sort()).toEqual(expect.arrayContaining(['green', 'amber', 'amber+strict', 'red']));
    expect(all.some((e) => e.clearance !== 'none')).toBe(true);
    const o = oracle(all);
    // Some reader is refused something only because of what it references.
    const withheldByRef = probes.some((p) => all.some((e) => canReadMarked(p.actor, markingOf(e)) && !o.allowed(p.actor, e)));
    expect(withheldByRef, fail('no object withheld by reference')).toBe(true);
    // Every reader is refused something.
    for (const p of probes) expect(o.allowedIds(p.actor).size, fail(p.label)).toBeLessThan(o.byObject.size);
  });

  it('stored markings are never below the object\'s own TLP, the collection floor or the requested clearance', async () => {
    for (const e of await entries()) {
      const own = ownTlp.get(`${e.object_id}@${e.version}`);
      if (own) expect(TLP_RANK[e.tlp as Tlp], fail(e.object_id)).toBeGreaterThanOrEqual(TLP_RANK[own]);
      const c = collections.find((x) => x.id === e.collection_id)!;
      expect(TLP_RANK[e.tlp as Tlp]).toBeGreaterThanOrEqual(c.kind === 'national' ? TLP_RANK.green : TLP_RANK['amber+strict']);
      expect(CLEARANCE_RANK[e.clearance as Clearance]).toBeGreaterThanOrEqual(CLEARANCE_RANK[c.clearance as Clearance]);
    }
  });

  it('REST: collections, list, search, object pages and versions', async () => {
    const all = await entries();
    const o = oracle(all);
    for (const p of probes) {
      const listed = (await inject(p, 'GET', '/api/intel/collections')).json().items as Array<{ id: string }>;
      expect(listed.map((c) => c.id).sort(), fail(`${p.label} collections`)).toEqual(collections.filter((c) => member(p.actor, c)).map((c) => c.id).sort());

      // The whole list, page by page: exactly the ids with a visible last version somewhere.
      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const res = await inject(p, 'GET', `/api/intel/objects?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Array<{ id: string }>; next: string | null };
        for (const i of page.items) seen.add(i.id);
        cursor = page.next;
      } while (cursor);
      const expected = new Set(all.filter((e) => lastFor(p.actor, e, all) && o.allowed(p.actor, e)).map((e) => e.object_id));
      expect([...seen].sort(), fail(`${p.label} list`)).toEqual([...expected].sort());
      const search = (await inject(p, 'GET', '/api/intel/objects?q=prop%20report&limit=200')).json().items as Array<{ id: string }>;
      for (const i of search) expect(o.allowedIds(p.actor).has(i.id), fail(`${p.label} search ${i.id}`)).toBe(true);

      // Every object is asked for by some readers: a seeded sample per reader keeps the run short.
      for (const [id, list] of [...o.byObject].filter(() => r.chance(0.2))) {
        const visible = list.filter((e) => o.allowed(p.actor, e));
        const res = await inject(p, 'GET', `/api/intel/objects/${id}`);
        expect(res.statusCode, fail(`${p.label} GET ${id}`)).toBe(visible.length ? 200 : 404);
        if (res.statusCode === 200) {
          const page = res.json() as { object: Obj; versions: string[]; relationships: Array<{ id: string; other: { id: string; visible: boolean; name: string | null } }>; references: Array<{ id: string; name: string | null }> };
          expect(new Set(page.versions)).toEqual(new Set(visible.map((e) => e.version)));
          expect(bodies.get(`${id}@${page.object['modified'] ?? ''}`)).toEqual(page.object);
          for (const rel of page.relationships) {
            expect(o.allowedIds(p.actor).has(rel.id), fail(`${p.label} relationship ${rel.id} on ${id}`)).toBe(true);
            if (rel.other.visible) expect(o.allowedIds(p.actor).has(rel.other.id)).toBe(true);
            else expect(rel.other.name).toBeNull();
          }
          // References are named exactly when the reader may see them.
          const refs = Object.entries(page.object).flatMap(([k, v]) => (k === 'object_marking_refs' ? [] : k.endsWith('_ref') ? [v] : k.endsWith('_refs') && Array.isArray(v) ? v : []));
          const named = page.references.map((x) => x.id).sort();
          expect(named, fail(`${p.label} references of ${id}`)).toEqual([...new Set(refs.filter((x): x is string => typeof x === 'string' && o.allowedIds(p.actor).has(x)))].sort());
        }
        for (const version of new Set(list.map((e) => e.version))) {
          if (version === '') continue;
          const v = await inject(p, 'GET', `/api/intel/objects/${id}/versions/${version}`);
          expect(v.statusCode, fail(`${p.label} GET ${id} version ${version}`)).toBe(visible.some((e) => e.version === version) ? 200 : 404);
        }
      }
    }
  }, 60_000);

  it('TAXII: collections, objects (all versions, paged), manifest, object, versions and status', async () => {
    const all = await entries();
    const o = oracle(all);
    const used = new Set(all.map((e) => e.collection_id));
    const probed = collections.filter((c) => used.has(c.id) || c.kind === 'national');
    for (const p of probes) {
      const listed = (await inject(p, 'GET', '/taxii2/api/collections/', undefined, true)).json() as { collections?: Array<{ id: string }> };
      expect((listed.collections ?? []).map((c) => c.id).sort(), fail(`${p.label} TAXII collections`)).toEqual(collections.filter((c) => member(p.actor, c)).map((c) => c.id).sort());
      for (const c of probed) {
        const base = `/taxii2/api/collections/${c.id}`;
        const inside = all.filter((e) => e.collection_id === c.id);
        if (!member(p.actor, c)) {
          expect((await inject(p, 'GET', `${base}/objects/`, undefined, true)).statusCode, fail(`${p.label} ${c.key}`)).toBe(404);
          expect((await inject(p, 'GET', `${base}/manifest/`, undefined, true)).statusCode).toBe(404);
          continue;
        }
        const got: string[] = [];
        let next: string | undefined;
        do {
          const res = await inject(p, 'GET', `${base}/objects/?match[version]=all&limit=10${next ? `&next=${encodeURIComponent(next)}` : ''}`, undefined, true);
          expect(res.statusCode).toBe(200);
          const env = res.json() as { objects: Obj[]; next?: string; more: boolean };
          for (const x of env.objects) got.push(`${x.id}@${(x['modified'] as string | undefined) ?? ''}`);
          next = env.more ? env.next : undefined;
        } while (next);
        const expected = inside.filter((e) => o.allowed(p.actor, e)).map((e) => `${e.object_id}@${e.version}`);
        expect(got.sort(), fail(`${p.label} TAXII objects of ${c.key}`)).toEqual(expected.sort());

        const manifest = (await inject(p, 'GET', `${base}/manifest/`, undefined, true)).json() as { objects?: Array<{ id: string }> };
        expect((manifest.objects ?? []).map((m) => m.id).sort(), fail(`${p.label} manifest of ${c.key}`)).toEqual(inside.filter((e) => lastFor(p.actor, e, inside) && o.allowed(p.actor, e)).map((e) => e.object_id).sort());

        for (const id of [...new Set(inside.map((e) => e.object_id))].filter(() => r.chance(0.2))) {
          const mine = inside.filter((e) => e.object_id === id && o.allowed(p.actor, e));
          const one = await inject(p, 'GET', `${base}/objects/${id}/?match[version]=all`, undefined, true);
          expect(one.statusCode, fail(`${p.label} TAXII object ${id} in ${c.key}`)).toBe(mine.length ? 200 : 404);
          if (one.statusCode === 200) expect((one.json().objects as Obj[]).length).toBe(mine.length);
          const versions = await inject(p, 'GET', `${base}/objects/${id}/versions/`, undefined, true);
          expect(versions.statusCode, fail(`${p.label} TAXII versions ${id}`)).toBe(mine.length ? 200 : 404);
          if (versions.statusCode === 200) expect((versions.json().versions as string[]).length).toBe(mine.length);
        }
      }
      for (const s of statuses) {
        const res = await inject(p, 'GET', `/taxii2/api/status/${s.id}/`, undefined, true);
        expect(res.statusCode, fail(`${p.label} status`)).toBe(s.orgId === p.actor.orgId ? 200 : 404);
      }
    }
  }, 90_000);

  it('where-seen: counts only visible sightings, names only reporters that allowed it, lists only allowed objects', async () => {
    const o = oracle(await entries());
    const sightings = await w.platform.db
      .selectFrom('intel_sightings as s')
      .innerJoin('intel_observables as ob', 'ob.id', 's.observable_id')
      .select(['ob.kind', 'ob.value', 's.source_id', 's.reporter_org_id', 's.name_reporter', 's.tlp', 's.clearance', 's.owner_org_id', 's.created_by', 's.recipient_org_ids', 's.recipient_sectors', 's.recipient_user_ids'])
      .where('ob.kind', '=', 'ipv4')
      .execute();
    expect(sightings.length).toBeGreaterThan(0);
    for (const p of probes) {
      for (const ip of ips) {
        const visible = sightings.filter((s) => s.value === ip && canReadMarked(p.actor, markingOf(s)));
        const res = await inject(p, 'GET', `/api/intel/observables?kind=ipv4&value=${ip}`);
        expect(res.statusCode, fail(`${p.label} where-seen ${ip}`)).toBe(visible.length ? 200 : 404);
        if (res.statusCode !== 200) continue;
        const body = res.json() as { sightings: number; organisations: number; namedReporters: Array<{ orgId: string }>; objects: Array<{ id: string }> };
        expect(body.sightings, fail(`${p.label} sightings of ${ip}`)).toBe(new Set(visible.map((s) => s.source_id)).size);
        expect(body.organisations).toBe(new Set(visible.map((s) => s.reporter_org_id)).size);
        expect(body.namedReporters.map((n) => n.orgId).sort()).toEqual([...new Set(visible.filter((s) => s.name_reporter).map((s) => s.reporter_org_id))].sort());
        for (const m of body.objects) expect(o.allowedIds(p.actor).has(m.id), fail(`${p.label} mention ${m.id}`)).toBe(true);
      }
    }
    // What an ingest answered named only reporters that allowed it.
    for (const { named, consented } of ingestNamed) for (const n of named) expect(consented.has(n), fail(`ingest named ${n}`)).toBe(true);
    expect(ingestNamed.length).toBeGreaterThan(0);
  }, 60_000);

  it('SSE: an intel event a reader would receive names only objects it may see in that collection', async () => {
    const all = await entries();
    const o = oracle(all);
    const events = await w.platform.db.selectFrom('outbox').select(['type', 'payload', 'visibility']).where('type', 'like', 'intel.%').execute();
    expect(events.some((e) => e.type === 'intel.object.added')).toBe(true);
    let delivered = 0;
    for (const p of probes) {
      for (const e of events) {
        const visibility = (typeof e.visibility === 'string' ? JSON.parse(e.visibility) : e.visibility) as Parameters<typeof canReadMarked>[1];
        // The filter sse.ts applies to every frame.
        if (!can(p.actor, 'read', { type: 'event', marking: visibility })) continue;
        delivered++;
        const payload = (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as { collectionId?: string; ids?: string[] };
        if (e.type !== 'intel.object.added') continue;
        for (const id of payload.ids ?? []) {
          const ok = all.some((x) => x.object_id === id && x.collection_id === payload.collectionId && o.allowed(p.actor, x));
          expect(ok, fail(`${p.label} would receive ${id}`)).toBe(true);
        }
      }
    }
    expect(delivered).toBeGreaterThan(0);
  });
});

/** The TLP an object's own markings give (unmarked counts as GREEN, as the store treats it). */
function tlpOf(o: Obj): Tlp {
  const refs = (o['object_marking_refs'] as string[] | undefined) ?? [];
  const found = TLPS.filter((t) => refs.includes(TLP2_MARKING_IDS[t]));
  return found.length ? found.reduce((a, b) => (TLP_RANK[a] >= TLP_RANK[b] ? a : b)) : 'green';
}

/** What the generator's objects point at (written out by hand, not via the store's referencedIds). */
function referencesOf(o: Obj): string[] {
  const out: string[] = [];
  for (const key of ['source_ref', 'target_ref', 'x_acme_about_ref']) if (typeof o[key] === 'string') out.push(o[key] as string);
  if (Array.isArray(o['object_refs'])) out.push(...(o['object_refs'] as string[]));
  return out.filter((x) => x !== o.id);
}


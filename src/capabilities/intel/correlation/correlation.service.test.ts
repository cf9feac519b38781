import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../../demo/seed.js';
import { loadConfig } from '../../../platform/config.js';
import type { OrgId, UserId } from '../../../platform/identity/ids.js';
import { createLogger, startPlatform, type Platform } from '../../../platform/platform.js';
import { marking, type Actor } from '../../../platform/policy/types.js';
import { dropSchema, testDatabase } from '../../../platform/testing/harness.js';
import { recordSightings, whereSeen, type Sighting } from './index.js';

// The platform and its seeded world without the HTTP app: these tests exercise the functions the
// store calls during ingest, on the database, independent of any route.
let platform: Platform;
const database = testDatabase();
const org: Record<string, OrgId> = {};

async function actor(email: string): Promise<Actor> {
  const u = await platform.db.selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').select(['u.id', 'm.org_id']).where('u.email', '=', email).executeTakeFirstOrThrow();
  return (await platform.actors.resolve(u.id, u.org_id, 'session'))!.actor;
}
function sighting(p: Partial<Sighting> & Pick<Sighting, 'sourceId' | 'reporterOrgId' | 'observables'>): Sighting {
  return { reporterSectors: [], nameReporter: false, marking: marking({ tlp: 'green' }), seenAt: new Date(), ...p };
}
const ip = (value: string) => ({ kind: 'ipv4' as const, value, source: 'value' });
const domain = (value: string) => ({ kind: 'domain' as const, value, source: 'value' });
const one = async (email: string, kind: string, value: string, excludeSourceIds?: string[]) =>
  (await whereSeen(platform.db, await actor(email), [{ kind, value }], { excludeSourceIds }))[0]!;

beforeAll(async () => {
  const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database });
  platform = await startPlatform(config, createLogger(config));
  await seedDemoWorld(platform);
  for (const slug of ['nco', 'sakura-bank', 'hikari-shinkin', 'tokai-power', 'minato-gas', 'komorebi-print', 'fin-isac']) {
    org[slug] = (await platform.db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id as OrgId;
  }
}, 60_000);
afterAll(async () => {
  await platform?.close();
  if (database.kind === 'postgres') await dropSchema(database.schema);
});

describe('recordSightings + whereSeen on the database', () => {
  it('indexes an observable once and counts sources, with CIDR containment both ways', async () => {
    await recordSightings(platform.db, [
      sighting({ sourceId: 'indicator--a1', reporterOrgId: org['sakura-bank']!, reporterSectors: ['finance'], observables: [ip('203.0.113.5')], nameReporter: true }),
      sighting({ sourceId: 'indicator--a2', reporterOrgId: org['tokai-power']!, reporterSectors: ['electricity'], observables: [ip('203.0.113.0/24'), ip(' 203.0.113.5/32 ')] }),
      // The same source twice in one batch (two versions of one object) is folded, not an error.
      sighting({ sourceId: 'indicator--a2', reporterOrgId: org['tokai-power']!, reporterSectors: ['electricity'], observables: [ip('203.0.113.5')] }),
    ]);
    const rows = await platform.db.selectFrom('intel_observables').select(['kind', 'value']).where('value', 'like', '203.0.113.%').execute();
    expect(rows.map((r) => r.value).sort()).toEqual(['203.0.113.0/24', '203.0.113.5']);
    const viewer = await actor('sme@renkei.example');
    const [address, network, wider, outside] = await whereSeen(platform.db, viewer, [
      { kind: 'ipv4', value: '203.0.113.5' },
      { kind: 'ipv4', value: '203.0.113.0/25' },
      { kind: 'ipv4', value: '203.0.0.0/16' },
      { kind: 'ipv4', value: '203.0.114.1' },
    ]);
    expect(address).toMatchObject({ value: '203.0.113.5', sightings: 2, organisations: 2, sectors: 2, sectorCodes: ['electricity', 'finance'] });
    expect(address!.namedReporters).toEqual([{ orgId: org['sakura-bank'], name: expect.any(String) }]);
    expect(network).toMatchObject({ sightings: 2, organisations: 2 });
    expect(wider).toMatchObject({ sightings: 2 });
    // An address outside the network matches neither the /24 nor the address.
    expect(outside).toMatchObject({ sightings: 0, organisations: 0, firstSeen: null, namedReporters: [] });
    // The bundle being ingested does not count as "elsewhere".
    expect(await one('sme@renkei.example', 'ipv4', '203.0.113.5', ['indicator--a2'])).toMatchObject({ sightings: 1, organisations: 1 });
  });

  it('counts only sightings the viewer may see: AMBER+STRICT to the hub stays invisible to companies, even as a number', async () => {
    const hubOnly = marking({ tlp: 'amber+strict', ownerOrgId: org['hikari-shinkin']!, recipientOrgIds: [org['nco']!] });
    await recordSightings(platform.db, [
      sighting({ sourceId: 'indicator--b1', reporterOrgId: org['hikari-shinkin']!, reporterSectors: ['finance'], observables: [domain('Strict.Example.')], marking: hubOnly, nameReporter: true }),
      sighting({ sourceId: 'indicator--b2', reporterOrgId: org['minato-gas']!, reporterSectors: ['gas'], observables: [domain('strict.example')], marking: marking({ tlp: 'amber+strict', ownerOrgId: org['minato-gas']!, recipientOrgIds: [org['nco']!] }) }),
    ]);
    const company = await one('sme@renkei.example', 'domain', 'strict.example');
    expect(company).toMatchObject({ sightings: 0, organisations: 0, sectors: 0, sectorCodes: [], firstSeen: null, lastSeen: null, namedReporters: [] });
    // The reporter sees its own sighting, not the other company's.
    expect(await one('shinkin@renkei.example', 'domain', 'strict.example')).toMatchObject({ sightings: 1, organisations: 1, sectorCodes: ['finance'] });
    // The hub sees both; the non-naming reporter is never named, even to the hub.
    const hub = await one('hub@renkei.example', 'domain', 'STRICT.example');
    expect(hub).toMatchObject({ sightings: 2, organisations: 2, sectors: 2, sectorCodes: ['finance', 'gas'] });
    expect(hub.namedReporters.map((r) => r.orgId)).toEqual([org['hikari-shinkin']]);
    expect(JSON.stringify(hub)).not.toContain(org['minato-gas']);
    expect(hub.firstSeen).not.toBeNull();
  });

  it('applies clearance and TLP:RED like every marked table', async () => {
    const hubAnalyst = await actor('hub@renkei.example');
    await recordSightings(platform.db, [
      sighting({ sourceId: 'indicator--c1', reporterOrgId: org['nco']!, observables: [domain('cleared.example')], marking: marking({ tlp: 'green', clearance: 'sds' }) }),
      sighting({ sourceId: 'indicator--c2', reporterOrgId: org['nco']!, observables: [domain('red.example')], marking: marking({ tlp: 'red', createdBy: hubAnalyst.userId as UserId }) }),
    ]);
    expect(await one('hub@renkei.example', 'domain', 'cleared.example')).toMatchObject({ sightings: 1 });
    expect(await one('hub-viewer@renkei.example', 'domain', 'cleared.example')).toMatchObject({ sightings: 0 });
    expect(await one('hub@renkei.example', 'domain', 'red.example')).toMatchObject({ sightings: 1 });
    expect(await one('hub-admin@renkei.example', 'domain', 'red.example')).toMatchObject({ sightings: 0 });
  });

  it('a later version of the source replaces its marking (raised by the store), an older one does not', async () => {
    const at = (h: number) => new Date(Date.now() - h * 3_600_000);
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--d1', reporterOrgId: org['sakura-bank']!, observables: [domain('raised.example')], seenAt: at(2) })]);
    expect(await one('sme@renkei.example', 'domain', 'raised.example')).toMatchObject({ sightings: 1 });
    const strict = marking({ tlp: 'amber+strict', ownerOrgId: org['sakura-bank']! });
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--d1', reporterOrgId: org['sakura-bank']!, observables: [domain('raised.example')], seenAt: at(1), marking: strict })]);
    expect(await one('sme@renkei.example', 'domain', 'raised.example')).toMatchObject({ sightings: 0 });
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--d1', reporterOrgId: org['sakura-bank']!, observables: [domain('raised.example')], seenAt: at(3) })]);
    expect(await one('sme@renkei.example', 'domain', 'raised.example')).toMatchObject({ sightings: 0 });
  });

  it("another organisation mentioning a source of the same id has a sighting of its own and takes nothing over: the first reporter's marking and first seen stay", async () => {
    const at = (h: number) => new Date(Date.now() - h * 3_600_000);
    const bankOnly = marking({ tlp: 'amber+strict', ownerOrgId: org['sakura-bank']! });
    const powerOnly = marking({ tlp: 'amber+strict', ownerOrgId: org['tokai-power']! });
    const powerAt = at(1);
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--k1', reporterOrgId: org['sakura-bank']!, observables: [ip('100.64.9.9')], seenAt: at(2), marking: bankOnly })]);
    const before = await one('bank@renkei.example', 'ipv4', '100.64.9.9');
    expect(before).toMatchObject({ sightings: 1, organisations: 1 });
    // The same object id (an SCO's id is its value's), sent later by another organisation into its own collection.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--k1', reporterOrgId: org['tokai-power']!, observables: [ip('100.64.9.9')], seenAt: powerAt, marking: powerOnly })]);
    expect(await one('bank@renkei.example', 'ipv4', '100.64.9.9')).toEqual(before);
    expect(await one('power@renkei.example', 'ipv4', '100.64.9.9')).toMatchObject({ sightings: 1, organisations: 1 });
    const rows = await platform.db.selectFrom('intel_sightings').select(['reporter_org_id', 'owner_org_id', 'seen_at']).where('source_id', '=', 'indicator--k1').orderBy('seen_at').execute();
    expect(rows.map((r) => ({ ...r, seen_at: new Date(r.seen_at).toISOString() }))).toEqual([
      { reporter_org_id: org['sakura-bank'], owner_org_id: org['sakura-bank'], seen_at: before.firstSeen },
      { reporter_org_id: org['tokai-power'], owner_org_id: org['tokai-power'], seen_at: powerAt.toISOString() },
    ]);
    // The hub sees neither organisation's private mention.
    expect(await one('hub@renkei.example', 'ipv4', '100.64.9.9')).toMatchObject({ sightings: 0 });
    // The reporter itself still moves its own.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--k1', reporterOrgId: org['sakura-bank']!, observables: [ip('100.64.9.9')], seenAt: at(0.5) })]);
    expect(await one('sme@renkei.example', 'ipv4', '100.64.9.9')).toMatchObject({ sightings: 1, organisations: 1 });
  });

  it('a repeat adds its reporter only to observables already tied to that source, and leaves its own earlier sighting as it was', async () => {
    const bankOnly = marking({ tlp: 'amber+strict', ownerOrgId: org['sakura-bank']! });
    const open = marking({ tlp: 'green' });
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--r1', reporterOrgId: org['sakura-bank']!, observables: [ip('100.64.7.1')], marking: bankOnly })]);
    // Another organisation repeats that version, claiming a second address: only the first is recorded for it.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--r1', reporterOrgId: org['tokai-power']!, observables: [ip('100.64.7.1'), ip('100.64.7.2')], marking: open, repeat: true })]);
    const rows = await platform.db.selectFrom('intel_sightings as s').innerJoin('intel_observables as o', 'o.id', 's.observable_id')
      .select(['o.value', 's.reporter_org_id', 's.tlp']).where('s.source_id', '=', 'indicator--r1').orderBy('s.reporter_org_id').execute();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.value))).toEqual(new Set(['100.64.7.1']));
    expect((await platform.db.selectFrom('intel_observables').select('id').where('value', '=', '100.64.7.2').execute())).toHaveLength(0);
    expect(await one('sme@renkei.example', 'ipv4', '100.64.7.1')).toMatchObject({ sightings: 1, organisations: 1 });
    // The bank repeating its own version under a wider marking moves nothing.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--r1', reporterOrgId: org['sakura-bank']!, observables: [ip('100.64.7.1')], marking: open, repeat: true })]);
    const bankRow = await platform.db.selectFrom('intel_sightings').select(['tlp', 'owner_org_id']).where('source_id', '=', 'indicator--r1').where('reporter_org_id', '=', org['sakura-bank']!).executeTakeFirstOrThrow();
    expect(bankRow).toEqual({ tlp: 'amber+strict', owner_org_id: org['sakura-bank'] });
  });

  it('fires one early warning per observable per window, addressed to the hub and the competent authorities', async () => {
    const reporters = ['sakura-bank', 'hikari-shinkin', 'fin-isac'] as const;
    for (const [i, slug] of reporters.entries()) {
      await platform.db.transaction().execute((trx) =>
        recordSightings(trx, [sighting({ sourceId: `indicator--e${i}`, reporterOrgId: org[slug]!, reporterSectors: ['finance'], observables: [{ kind: 'sha256', value: 'B'.repeat(64), source: 'hashes.SHA-256' }] })]),
      );
      const warnings = await platform.db.selectFrom('intel_early_warnings').selectAll().where('value', '=', 'b'.repeat(64)).execute();
      // Two organisations in one sector: below both thresholds (3 organisations, 2 sectors).
      expect(warnings).toHaveLength(i < 2 ? 0 : 1);
    }
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--e9', reporterOrgId: org['tokai-power']!, reporterSectors: ['electricity'], observables: [{ kind: 'sha256', value: 'b'.repeat(64), source: 'x' }] })]);
    const [warning] = await platform.db.selectFrom('intel_early_warnings').selectAll().where('value', '=', 'b'.repeat(64)).execute();
    expect(warning).toMatchObject({ kind: 'sha256', organisations: 3, sectors: 1, sector_codes: ['finance'], tlp: 'amber+strict' });
    const fsa = (await platform.db.selectFrom('organizations').select('id').where('slug', '=', 'fsa').executeTakeFirstOrThrow()).id;
    expect(warning!.recipient_org_ids.sort()).toEqual([org['nco'], fsa].sort());
    const events = await platform.db.selectFrom('outbox').select(['payload', 'visibility']).where('type', '=', 'intel.early-warning').execute();
    const mine = events.filter((e) => (e.payload as { value: string }).value === 'b'.repeat(64));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.visibility).toMatchObject({ tlp: 'amber+strict', recipientOrgIds: expect.arrayContaining([org['nco'], fsa]) });
    expect(JSON.stringify(mine[0]!.payload)).not.toContain(org['sakura-bank']);
  });

  it('an observable new in one batch that already reaches a threshold there fires; one seen once there is not counted again', async () => {
    const sha = (c: string) => ({ kind: 'sha256' as const, value: c.repeat(64), source: 'hashes.SHA-256' });
    const warned = async (c: string) => (await platform.db.selectFrom('intel_early_warnings').select('id').where('value', '=', c.repeat(64)).execute()).length;
    // Three organisations in the first batch that names it: the observable is created by that very statement.
    await recordSightings(platform.db, (['sakura-bank', 'hikari-shinkin', 'fin-isac'] as const).map((slug, i) => sighting({ sourceId: `indicator--n${i}`, reporterOrgId: org[slug]!, reporterSectors: ['finance'], observables: [sha('c')] })));
    expect(await warned('c')).toBe(1);
    // Two sectors in one batch.
    await recordSightings(platform.db, [
      sighting({ sourceId: 'indicator--s1', reporterOrgId: org['sakura-bank']!, reporterSectors: ['finance'], observables: [sha('d')] }),
      sighting({ sourceId: 'indicator--s2', reporterOrgId: org['tokai-power']!, reporterSectors: ['electricity'], observables: [sha('d')] }),
    ]);
    expect(await warned('d')).toBe(1);
    // Named once, by an organisation in two sectors: the sector rule is met by that one sighting.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--t1', reporterOrgId: org['sakura-bank']!, reporterSectors: ['finance', 'electricity'], observables: [sha('f')] })]);
    expect(await warned('f')).toBe(1);
    // New and named once: nothing, and nothing later until the counts say so.
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--o1', reporterOrgId: org['sakura-bank']!, reporterSectors: ['finance'], observables: [sha('e')] })]);
    expect(await warned('e')).toBe(0);
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--o2', reporterOrgId: org['tokai-power']!, reporterSectors: ['electricity'], observables: [sha('e')] })]);
    expect(await warned('e')).toBe(1);
  });

  /** Runs `fn` in a transaction that stays open (its writes uncommitted) until the returned `commit` is called. */
  async function openTransaction(fn: (trx: Parameters<typeof recordSightings>[0]) => Promise<void>) {
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let ready!: () => void;
    const done = new Promise<void>((r) => (ready = r));
    const finished = platform.db.transaction().execute(async (trx) => {
      await fn(trx);
      ready();
      await held;
    });
    await done;
    return { commit: async () => (commit(), finished) };
  }

  // Two database connections at once: PGlite has one.
  it.runIf(database.kind === 'postgres')('a batch naming an observable already indexed does not wait for another batch that names it too', async () => {
    await recordSightings(platform.db, [sighting({ sourceId: 'indicator--g0', reporterOrgId: org['sakura-bank']!, observables: [domain('popular.example')] })]);
    const first = await openTransaction((trx) => recordSightings(trx, [sighting({ sourceId: 'indicator--g1', reporterOrgId: org['tokai-power']!, observables: [domain('popular.example')] })]));
    try {
      // Before, each batch moved the observable's last-seen time and so held its row until commit.
      await platform.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '2s'`.execute(trx);
        await recordSightings(trx, [sighting({ sourceId: 'indicator--g2', reporterOrgId: org['minato-gas']!, observables: [domain('popular.example')] })]);
      });
    } finally {
      await first.commit();
    }
    expect(await one('hub@renkei.example', 'domain', 'popular.example')).toMatchObject({ sightings: 3, organisations: 3 });
  });

  it.runIf(database.kind === 'postgres')('two batches adding the same new observable at once index it once and keep both sightings', async () => {
    const first = await openTransaction((trx) => recordSightings(trx, [sighting({ sourceId: 'indicator--h1', reporterOrgId: org['sakura-bank']!, observables: [domain('brand-new.example')] })]));
    // This one waits on the first's uncommitted row, then finds it taken: the no-op update hands back its id.
    const second = recordSightings(platform.db, [sighting({ sourceId: 'indicator--h2', reporterOrgId: org['tokai-power']!, observables: [domain('brand-new.example')] })]);
    await new Promise((r) => setTimeout(r, 200));
    await first.commit();
    await second;
    const rows = await platform.db.selectFrom('intel_observables').select('id').where('value', '=', 'brand-new.example').execute();
    expect(rows).toHaveLength(1);
    const sightings = await platform.db.selectFrom('intel_sightings').select('source_id').where('observable_id', '=', rows[0]!.id).execute();
    expect(sightings.map((x) => x.source_id).sort()).toEqual(['indicator--h1', 'indicator--h2']);
  });

  it('old sightings outside the window do not fire', async () => {
    const old = new Date(Date.now() - 30 * 86_400_000);
    await recordSightings(platform.db, ['sakura-bank', 'tokai-power', 'minato-gas'].map((slug, i) =>
      sighting({ sourceId: `indicator--f${i}`, reporterOrgId: org[slug]!, reporterSectors: [`s${i}`], observables: [domain('old.example')], seenAt: old })));
    expect(await platform.db.selectFrom('intel_early_warnings').selectAll().where('value', '=', 'old.example').execute()).toEqual([]);
  });
});

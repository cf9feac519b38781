import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { Marking } from '../../../platform/policy/types.js';
import type { OrgId } from '../../../platform/identity/ids.js';
import type { StixObservable } from '../stix/observables.js';
import { canonicalObservable } from './observable-input.js';
import { earlyWarningRules, fireEarlyWarnings } from './early-warning.js';

export interface Sighting {
  /** STIX id of the object (or `incident-report--<uuid>` for an incident report) that mentions it. */
  sourceId: string;
  observables: StixObservable[];
  reporterOrgId: OrgId; // who contributed it (never shown unless nameReporter)
  reporterSectors: string[];
  nameReporter: boolean; // may correlation name the reporter to others
  marking: Marking; // the source object's marking: where-seen counts only what the viewer may see
  seenAt: Date;
  /**
   * The source is a version stored before (sent again, by its contributor or anyone): the reporter is
   * recorded only for observables already tied to that source, so nobody attaches observables of its
   * own to another's object by repeating its id and version; and a sighting the reporter already has
   * is left as it is (a re-share does not move its marking or times).
   */
  repeat?: boolean;
}

/** A PostgreSQL array literal, so per-row arrays travel inside one `text[]` parameter and are cast back. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Indexes observables once (however many objects mention them); set-based: one statement per call
 * whatever the batch size, plus one for early warnings. The sightings travel as parallel arrays (one element per source), the
 * observables as (source index, kind, value) arrays; a CTE upserts the observables and feeds their
 * ids to the sightings upsert; a second statement fires the early warnings the batch causes
 * (early-warning.ts). Duplicates inside a batch are folded first, because `on conflict do
 * update` may touch a row only once per statement. Each reporter of a source has its own sighting
 * (SCO ids are derived from the value: two organisations sending one address send one id); versions
 * stored before go through recordRepeats.
 */
export async function recordSightings(db: Kysely<Database> | Transaction<Database>, sightings: Sighting[]): Promise<void> {
  const fresh = arraysOf(sightings.filter((x) => !x.repeat));
  const again = arraysOf(sightings.filter((x) => x.repeat));
  const touched = fresh.o.idx.length ? await recordFresh(db, fresh) : [];
  // Repeats touch only observables known before: early warnings always count those in the database.
  const repeated = again.o.idx.length ? await recordRepeats(db, again) : [];
  if (touched.length === 0 && repeated.length === 0) return;
  const rules = earlyWarningRules();
  const couldFire = reachable(fresh.firstIn, fresh.several, rules);
  const candidates = [...new Set([
    ...touched.filter((r) => r.kind === null || couldFire.has(`${r.kind}\u0000${r.value}`)).map((r) => Number(r.observable_id)),
    ...repeated,
  ])];
  await fireEarlyWarnings(db, candidates, rules, new Date());
}

type Arrays = ReturnType<typeof arraysOf>;

/** The sightings as parallel arrays (one element per source) and their observables as (source index, kind, value). */
function arraysOf(sightings: Sighting[]) {
  const s = {
    source: [] as string[], reporter: [] as string[], sectors: [] as string[], named: [] as boolean[], seen: [] as string[],
    tlp: [] as string[], clearance: [] as string[], owner: [] as (string | null)[], createdBy: [] as (string | null)[],
    recOrgs: [] as string[], recSectors: [] as string[], recUsers: [] as string[],
  };
  const o = { idx: [] as number[], kind: [] as string[], value: [] as string[] };
  // Per observable of the batch, its first sighting here; the reporters and sectors of those named by
  // more than one (see reachable()). Most are named once: one map entry each, no sets.
  const firstIn = new Map<string, Sighting>();
  const several = new Map<string, { orgs: Set<string>; sectors: Set<string> }>();
  for (const sighting of sightings) {
    const idx = s.source.length + 1; // `with ordinality` counts from 1
    let hasObservable = false;
    for (const obs of sighting.observables) {
      // The store hands us stix/observables.ts output (already canonical); canonicalising again makes
      // direct callers (incident indicators, tests) safe and costs little next to the insert.
      const c = canonicalObservable(obs.kind, obs.value);
      if (!c.ok) continue;
      o.idx.push(idx);
      o.kind.push(c.observable.kind);
      o.value.push(c.observable.value);
      hasObservable = true;
      const key = `${c.observable.kind}\u0000${c.observable.value}`;
      const first = firstIn.get(key);
      if (!first) firstIn.set(key, sighting);
      else if (first !== sighting) {
        let here = several.get(key);
        if (!here) several.set(key, (here = { orgs: new Set([first.reporterOrgId]), sectors: new Set(first.reporterSectors) }));
        here.orgs.add(sighting.reporterOrgId);
        for (const sector of sighting.reporterSectors) here.sectors.add(sector);
      }
    }
    if (!hasObservable) continue;
    const m = sighting.marking;
    s.source.push(sighting.sourceId);
    s.reporter.push(sighting.reporterOrgId);
    s.sectors.push(arrayLiteral(sighting.reporterSectors));
    s.named.push(sighting.nameReporter);
    s.seen.push(sighting.seenAt.toISOString());
    s.tlp.push(m.tlp);
    s.clearance.push(m.clearance);
    s.owner.push(m.ownerOrgId);
    s.createdBy.push(m.createdBy);
    s.recOrgs.push(arrayLiteral(m.recipientOrgIds));
    s.recSectors.push(arrayLiteral(m.recipientSectors));
    s.recUsers.push(arrayLiteral(m.recipientUserIds));
  }
  return { s, o, firstIn, several };
}

/** The batch as two relations for a WITH: `s` (one row per source, `idx` from 1) and `o` (its observables by `idx`). */
function batchRelations(s: Arrays['s'], o: Arrays['o']) {
  return sql`s as (
      select * from unnest(${s.source}::text[], ${s.reporter}::uuid[], ${s.sectors}::text[], ${s.named}::boolean[],
        ${s.seen}::timestamptz[], ${s.tlp}::text[], ${s.clearance}::text[], ${s.owner}::uuid[], ${s.createdBy}::uuid[],
        ${s.recOrgs}::text[], ${s.recSectors}::text[], ${s.recUsers}::text[])
        with ordinality as s(source_id, reporter, sectors, named, seen_at, tlp, clearance, owner, created_by,
          rec_orgs, rec_sectors, rec_users, idx)
    ),
    o as (select * from unnest(${o.idx}::int[], ${o.kind}::text[], ${o.value}::text[]) as o(idx, kind, value))`;
}

async function recordFresh(db: Kysely<Database> | Transaction<Database>, { s, o }: Arrays) {
  // The planner's estimates for these batch joins are far off; connections run without JIT, which
  // compiled them for longer than they ran (platform/db/database.ts, where-seen.ts).
  const touched = await sql<{ observable_id: number; kind: string | null; value: string | null }>`
    with ${batchRelations(s, o)},
    wanted as (
      select distinct kind, value from o
    ),
    -- Observables already indexed are only read: no row lock, no new row version, so concurrent
    -- batches that mention the same popular observable do not queue behind each other's commits.
    -- One probe of the (kind, value) index per observable: as a plain join the planner hashed the whole
    -- table for a batch's thousand values (its estimate of an unnest is far off); "limit 1" keeps the
    -- lateral subquery from being flattened into that join.
    known as (
      select t.id, w.kind, w.value from wanted w
      cross join lateral (select id from intel_observables i where i.kind = w.kind and i.value = w.value limit 1) t
    ),
    added as (
      insert into intel_observables as t (kind, value, ip)
      select w.kind, w.value, case when w.kind in ('ipv4', 'ipv6') then w.value::inet end
      from wanted w
      where not exists (select 1 from known k where k.kind = w.kind and k.value = w.value)
      -- A fixed order, so two concurrent batches adding the same observables wait in the same order (no deadlock).
      order by w.kind, w.value
      -- Added by a concurrent batch after this statement's snapshot: the no-op update hands back its id.
      on conflict (kind, value) do update set kind = excluded.kind
      returning t.id, t.kind, t.value
    ),
    up as (
      select id, kind, value from known union all select id, kind, value from added
    ),
    recorded as (
    insert into intel_sightings as t (observable_id, source_id, reporter_org_id, reporter_sectors, name_reporter, seen_at,
      tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
    select distinct on (up.id, s.source_id, s.reporter)
      up.id, s.source_id, s.reporter, s.sectors::text[], s.named, s.seen_at,
      s.tlp, s.clearance, s.owner, s.created_by, s.rec_orgs::uuid[], s.rec_sectors::text[], s.rec_users::uuid[]
    from o join s on s.idx = o.idx join up on up.kind = o.kind and up.value = o.value
    -- Within a batch the latest mention of a source wins (a later version of the same object).
    order by up.id, s.source_id, s.reporter, s.seen_at desc, s.idx desc
    -- One sighting per reporter (migration 0077): another organisation's mention of the same source
    -- is a row of its own, and never moves this one.
    on conflict (observable_id, source_id, reporter_org_id) do update set
      -- A newer version of the source replaces the sighting (its marking may only have been raised by
      -- the store); an older one arriving late changes nothing but first seen.
      seen_at = greatest(t.seen_at, excluded.seen_at),
      reporter_sectors = case when excluded.seen_at >= t.seen_at then excluded.reporter_sectors else t.reporter_sectors end,
      name_reporter = case when excluded.seen_at >= t.seen_at then excluded.name_reporter else t.name_reporter end,
      tlp = case when excluded.seen_at >= t.seen_at then excluded.tlp else t.tlp end,
      clearance = case when excluded.seen_at >= t.seen_at then excluded.clearance else t.clearance end,
      owner_org_id = case when excluded.seen_at >= t.seen_at then excluded.owner_org_id else t.owner_org_id end,
      created_by = case when excluded.seen_at >= t.seen_at then excluded.created_by else t.created_by end,
      recipient_org_ids = case when excluded.seen_at >= t.seen_at then excluded.recipient_org_ids else t.recipient_org_ids end,
      recipient_sectors = case when excluded.seen_at >= t.seen_at then excluded.recipient_sectors else t.recipient_sectors end,
      recipient_user_ids = case when excluded.seen_at >= t.seen_at then excluded.recipient_user_ids else t.recipient_user_ids end
    returning t.observable_id
    )
    -- Observables this statement created come back with their kind and value (see below).
    select r.observable_id, a.kind, a.value from recorded r left join added a on a.id = r.observable_id
  `.execute(db);
  return touched.rows;
}

/**
 * Sightings of versions stored before: this reporter is added to the observables already tied to the
 * source (by whoever stored it), nothing else — no observable is created, no other source or reporter
 * touched, and a sighting this reporter already has stays as it is. Returns the observables whose
 * sightings grew.
 */
async function recordRepeats(db: Kysely<Database> | Transaction<Database>, { s, o }: Arrays): Promise<number[]> {
  const { rows } = await sql<{ observable_id: number }>`
    with ${batchRelations(s, o)}
    insert into intel_sightings (observable_id, source_id, reporter_org_id, reporter_sectors, name_reporter, seen_at,
      tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
    select distinct on (i.id, s.source_id, s.reporter)
      i.id, s.source_id, s.reporter, s.sectors::text[], s.named, s.seen_at,
      s.tlp, s.clearance, s.owner, s.created_by, s.rec_orgs::uuid[], s.rec_sectors::text[], s.rec_users::uuid[]
    from o join s on s.idx = o.idx
    -- One probe of the (kind, value) key per mention ("limit 1": not flattened into a hash of the table).
    cross join lateral (select x.id from intel_observables x where x.kind = o.kind and x.value = o.value limit 1) i
    where exists (select 1 from intel_sightings t where t.observable_id = i.id and t.source_id = s.source_id)
    order by i.id, s.source_id, s.reporter, s.seen_at desc, s.idx desc
    on conflict (observable_id, source_id, reporter_org_id) do nothing
    returning observable_id`.execute(db);
  return rows.map((r) => Number(r.observable_id));
}

/**
 * The observables of this batch that could fire an early warning if they were new: every sighting of
 * an observable this statement created is in the batch, so it reaches the thresholds only if the
 * batch's own reporters do. Most of an ingest's observables are new and seen once, and counting their
 * sightings in the database again (fireEarlyWarnings) was most of its statement's cost; observables
 * known before are always counted there.
 */
function reachable(
  firstIn: Map<string, Sighting>,
  several: Map<string, { orgs: Set<string>; sectors: Set<string> }>,
  rules: { minOrganisations: number; minSectors: number },
): Set<string> {
  const out = new Set<string>();
  for (const [key, e] of several) if (e.orgs.size >= rules.minOrganisations || e.sectors.size >= rules.minSectors) out.add(key);
  // Named once: one organisation, and its own sectors (an organisation may belong to two).
  if (rules.minOrganisations <= 1 || rules.minSectors <= 1) for (const key of firstIn.keys()) out.add(key);
  else for (const [key, s] of firstIn) if (!several.has(key) && new Set(s.reporterSectors).size >= rules.minSectors) out.add(key);
  return out;
}

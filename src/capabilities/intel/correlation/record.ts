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
  /**
   * The observables are already in canonical spelling, made by the same normaliser canonicalObservable
   * uses (the store's stix/observables.ts output, an incident report's normalised indicators), so they
   * are not normalised a second time. Other callers leave it unset.
   */
  canonical?: boolean;
}

/** A PostgreSQL array literal, so per-row arrays travel inside one `text[]` parameter and are cast back. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Indexes observables once (however many objects mention them); set-based: one statement per call
 * whatever the batch size, plus one for early warnings. The batch travels as parallel arrays folded
 * in Node (arraysOf: each source once, each observable once, the pairs between them by position); a
 * CTE upserts the observables and feeds their ids to the sightings upsert; a second statement fires
 * the early warnings the batch causes (early-warning.ts). Each reporter of a source has its own sighting
 * (SCO ids are derived from the value: two organisations sending one address send one id); versions
 * stored before go through recordRepeats.
 */
export async function recordSightings(db: Kysely<Database> | Transaction<Database>, sightings: Sighting[]): Promise<void> {
  const fresh = arraysOf(sightings.filter((x) => !x.repeat));
  const again = arraysOf(sightings.filter((x) => x.repeat));
  const rules = earlyWarningRules();
  const couldFire = reachable(fresh.firstIn, fresh.several, rules);
  const mayFire = fresh.w.kind.map((_, i) => couldFire.has(i + 1));
  const touched = fresh.p.w.length ? await recordFresh(db, fresh, mayFire) : [];
  // Repeats touch only observables known before: early warnings always count those in the database.
  const repeated = again.p.w.length ? await recordRepeats(db, again) : [];
  const candidates = [...new Set([...touched, ...repeated])];
  if (candidates.length) await fireEarlyWarnings(db, candidates, rules, new Date());
}

type Arrays = ReturnType<typeof arraysOf>;

/**
 * The batch as parallel arrays, folded in Node so the statement joins on small integers only:
 * `s` one element per source, `w` each distinct observable once, and `p` the (observable, source)
 * pairs to record, by position in those (1-based, as `with ordinality` counts). A source mentioned
 * twice in the batch by the same reporter (two versions of one object) keeps, per observable, its
 * latest mention (`on conflict do update` may touch a row only once per statement).
 */
function arraysOf(sightings: Sighting[]) {
  const s = {
    source: [] as string[], reporter: [] as string[], sectors: [] as string[], named: [] as boolean[], seen: [] as string[],
    tlp: [] as string[], clearance: [] as string[], owner: [] as (string | null)[], createdBy: [] as (string | null)[],
    recOrgs: [] as string[], recSectors: [] as string[], recUsers: [] as string[],
  };
  const w = { kind: [] as string[], value: [] as string[] };
  const p = { w: [] as number[], s: [] as number[] };
  const widxOf = new Map<string, number>();
  // Per observable of the batch (by widx), its first sighting here; the reporters and sectors of those
  // named by more than one (see reachable()). Most are named once: one entry each, no sets.
  const firstIn = new Map<number, Sighting>();
  const several = new Map<number, { orgs: Set<string>; sectors: Set<string> }>();
  // Each kept sighting's distinct observables, and its position in `s`.
  const kept: { sighting: Sighting; sidx: number; widxs: number[] }[] = [];
  for (const sighting of sightings) {
    const widxs: number[] = [];
    const named = new Set<number>(); // two spellings may canonicalise to one observable
    for (const obs of sighting.observables) {
      let kind: string = obs.kind;
      let value = obs.value;
      if (!sighting.canonical) {
        const c = canonicalObservable(obs.kind, obs.value);
        if (!c.ok) continue;
        ({ kind, value } = c.observable);
      }
      const key = `${kind}\u0000${value}`;
      let widx = widxOf.get(key);
      if (widx === undefined) {
        widx = w.kind.length + 1;
        widxOf.set(key, widx);
        w.kind.push(kind);
        w.value.push(value);
      }
      if (named.has(widx)) continue;
      named.add(widx);
      widxs.push(widx);
      const first = firstIn.get(widx);
      if (!first) firstIn.set(widx, sighting);
      else if (first !== sighting) {
        let here = several.get(widx);
        if (!here) several.set(widx, (here = { orgs: new Set([first.reporterOrgId]), sectors: new Set(first.reporterSectors) }));
        here.orgs.add(sighting.reporterOrgId);
        for (const sector of sighting.reporterSectors) here.sectors.add(sector);
      }
    }
    if (widxs.length === 0) continue;
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
    kept.push({ sighting, sidx: s.source.length, widxs });
  }
  // Sources mentioned more than once by the same reporter: the latest mention (then the later in the batch) wins per observable.
  const bySource = new Map<string, (typeof kept)[number][]>();
  for (const k of kept) {
    const key = `${k.sighting.sourceId}\u0000${k.sighting.reporterOrgId}`;
    const group = bySource.get(key);
    if (group) group.push(k);
    else bySource.set(key, [k]);
  }
  for (const group of bySource.values()) {
    if (group.length === 1) {
      const only = group[0]!;
      for (const widx of only.widxs) p.w.push(widx), p.s.push(only.sidx);
      continue;
    }
    group.sort((a, b) => b.sighting.seenAt.getTime() - a.sighting.seenAt.getTime() || b.sidx - a.sidx);
    const done = new Set<number>();
    for (const k of group) for (const widx of k.widxs) if (!done.has(widx)) done.add(widx), p.w.push(widx), p.s.push(k.sidx);
  }
  return { s, w, p, firstIn, several };
}

/** The batch as three relations for a WITH: `s` (one row per source), `w` (each observable once) and `p` (the pairs to record). */
function batchRelations({ s, w, p }: Arrays) {
  return sql`s as (
      select * from unnest(${s.source}::text[], ${s.reporter}::uuid[], ${s.sectors}::text[], ${s.named}::boolean[],
        ${s.seen}::timestamptz[], ${s.tlp}::text[], ${s.clearance}::text[], ${s.owner}::uuid[], ${s.createdBy}::uuid[],
        ${s.recOrgs}::text[], ${s.recSectors}::text[], ${s.recUsers}::text[])
        with ordinality as s(source_id, reporter, sectors, named, seen_at, tlp, clearance, owner, created_by,
          rec_orgs, rec_sectors, rec_users, idx)
    ),
    w as (select * from unnest(${w.kind}::text[], ${w.value}::text[]) with ordinality as w(kind, value, widx)),
    p as (select * from unnest(${p.w}::int[], ${p.s}::int[]) as p(widx, sidx))`;
}

/**
 * The sightings of the pairs `p`, with each observable's id from `up` (widx → id) and its source's
 * row from `s`: the part both recordFresh statements share.
 */
const recordPairs = sql`
    insert into intel_sightings as t (observable_id, source_id, reporter_org_id, reporter_sectors, name_reporter, seen_at,
      tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
    select up.id, s.source_id, s.reporter, s.sectors::text[], s.named, s.seen_at,
      s.tlp, s.clearance, s.owner, s.created_by, s.rec_orgs::uuid[], s.rec_sectors::text[], s.rec_users::uuid[]
    from p join up on up.widx = p.widx join s on s.idx = p.sidx
    -- A fixed order again, for two batches recording the same sightings (the same source sent twice at once).
    order by up.id, s.source_id, s.reporter
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
`;

/**
 * Records new sightings; returns the observables whose sightings may now reach an early warning: every
 * one known before, and those this call created only where `mayFire` (by widx) says the batch alone
 * could make them reach it (reachable()).
 *
 * New observables are inserted first (`on conflict do nothing`) and only the rest looked up, so a new
 * observable costs one index probe, not two. An observable a concurrent batch committed after this
 * statement began is neither inserted nor visible to the lookup: its sightings are left out here and
 * recorded by the upsert (recordFreshUpserting), which sees it. That happens only when two batches
 * add the same observable at the same moment.
 */
async function recordFresh(db: Kysely<Database> | Transaction<Database>, arrays: Arrays, mayFire: boolean[]): Promise<number[]> {
  const { rows } = await sql<{ observable_id: number | null; missing: number | null }>`/* prepared: intel_record_fresh */
    with ${batchRelations(arrays)},
    -- Existing rows are skipped, neither locked nor given a new version: concurrent batches that
    -- mention the same popular observable do not queue behind each other's commits.
    added as (
      insert into intel_observables as t (kind, value, ip)
      select w.kind, w.value, case when w.kind in ('ipv4', 'ipv6') then w.value::inet end
      from w
      -- A fixed order, so two concurrent batches adding the same observables wait in the same order (no deadlock).
      order by w.kind, w.value
      on conflict (kind, value) do nothing
      returning t.id, t.kind, t.value
    ),
    added_w as (
      select w.widx, a.id from added a join w on w.kind = a.kind and w.value = a.value
    ),
    -- The statement's own inserts are invisible to it, so this finds only rows that were there before.
    -- One probe of the (kind, value) index per observable: as a plain join the planner hashed the whole
    -- table for a batch's thousand values (its estimate of an unnest is far off); "limit 1" keeps the
    -- lateral subquery from being flattened into that join.
    known as (
      select w.widx, t.id from w
      cross join lateral (select id from intel_observables i where i.kind = w.kind and i.value = w.value limit 1) t
      where not exists (select 1 from added_w n where n.widx = w.widx)
    ),
    up as (
      select widx, id, false as created from known
      union all
      select widx, id, true from added_w
    ),
    recorded as (${recordPairs})
    select distinct r.observable_id, null::int as missing from recorded r join up on up.id = r.observable_id
    where not up.created or (${mayFire}::boolean[])[up.widx]
    union all
    select null, w.widx from w where not exists (select 1 from up where up.widx = w.widx)
  `.execute(db);
  const candidates = rows.flatMap((r) => (r.observable_id === null ? [] : [Number(r.observable_id)]));
  const missing = rows.flatMap((r) => (r.missing === null ? [] : [r.missing]));
  if (missing.length === 0) return candidates;
  const rest = restrictTo(arrays, mayFire, missing);
  return [...candidates, ...(await recordFreshUpserting(db, rest.arrays, rest.mayFire))];
}

/** The batch narrowed to some of its observables (by widx) and their pairs, renumbered. */
function restrictTo(arrays: Arrays, mayFire: boolean[], widxs: number[]): { arrays: Arrays; mayFire: boolean[] } {
  const renumbered = new Map<number, number>();
  const w = { kind: [] as string[], value: [] as string[] };
  const fire: boolean[] = [];
  for (const widx of widxs) {
    renumbered.set(widx, w.kind.length + 1);
    w.kind.push(arrays.w.kind[widx - 1]!);
    w.value.push(arrays.w.value[widx - 1]!);
    fire.push(mayFire[widx - 1] ?? false);
  }
  const p = { w: [] as number[], s: [] as number[] };
  arrays.p.w.forEach((widx, i) => {
    const to = renumbered.get(widx);
    if (to !== undefined) p.w.push(to), p.s.push(arrays.p.s[i]!);
  });
  return { arrays: { ...arrays, w, p }, mayFire: fire };
}

/**
 * recordFresh's fallback for observables another batch added after the first statement began: an
 * upsert, whose no-op update hands back the id of a row the statement's snapshot cannot see.
 */
async function recordFreshUpserting(db: Kysely<Database> | Transaction<Database>, arrays: Arrays, mayFire: boolean[]): Promise<number[]> {
  // The planner's estimates for these batch joins are far off; connections run without JIT, which
  // compiled them for longer than they ran (platform/db/database.ts, where-seen.ts).
  const { rows } = await sql<{ observable_id: number }>`/* prepared: intel_record_fresh_upserting */
    with ${batchRelations(arrays)},
    -- Observables already indexed are only read (no row lock, no new row version), each by one index
    -- probe kept lateral by "limit 1", as in recordFresh.
    known as (
      select w.widx, t.id from w
      cross join lateral (select id from intel_observables i where i.kind = w.kind and i.value = w.value limit 1) t
    ),
    added as (
      insert into intel_observables as t (kind, value, ip)
      select w.kind, w.value, case when w.kind in ('ipv4', 'ipv6') then w.value::inet end
      from w
      where not exists (select 1 from known k where k.widx = w.widx)
      -- A fixed order, so two concurrent batches adding the same observables wait in the same order (no deadlock).
      order by w.kind, w.value
      -- Added by a concurrent batch after this statement's snapshot: the no-op update hands back its id.
      on conflict (kind, value) do update set kind = excluded.kind
      returning t.id, t.kind, t.value
    ),
    up as (
      select widx, id, false as created from known
      union all
      select w.widx, a.id, true from added a join w on w.kind = a.kind and w.value = a.value
    ),
    recorded as (${recordPairs})
    select distinct r.observable_id from recorded r join up on up.id = r.observable_id
    where not up.created or (${mayFire}::boolean[])[up.widx]
  `.execute(db);
  return rows.map((r) => Number(r.observable_id));
}

/**
 * Sightings of versions stored before: this reporter is added to the observables already tied to the
 * source (by whoever stored it), nothing else — no observable is created, no other source or reporter
 * touched, and a sighting this reporter already has stays as it is. Returns the observables whose
 * sightings grew.
 */
async function recordRepeats(db: Kysely<Database> | Transaction<Database>, arrays: Arrays): Promise<number[]> {
  const { rows } = await sql<{ observable_id: number }>`
    with ${batchRelations(arrays)}
    insert into intel_sightings (observable_id, source_id, reporter_org_id, reporter_sectors, name_reporter, seen_at,
      tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
    select i.id, s.source_id, s.reporter, s.sectors::text[], s.named, s.seen_at,
      s.tlp, s.clearance, s.owner, s.created_by, s.rec_orgs::uuid[], s.rec_sectors::text[], s.rec_users::uuid[]
    from p join s on s.idx = p.sidx join w on w.widx = p.widx
    -- One probe of the (kind, value) key per mention ("limit 1": not flattened into a hash of the table).
    cross join lateral (select x.id from intel_observables x where x.kind = w.kind and x.value = w.value limit 1) i
    where exists (select 1 from intel_sightings t where t.observable_id = i.id and t.source_id = s.source_id)
    order by i.id, s.source_id, s.reporter
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
  firstIn: Map<number, Sighting>,
  several: Map<number, { orgs: Set<string>; sectors: Set<string> }>,
  rules: { minOrganisations: number; minSectors: number },
): Set<number> {
  const out = new Set<number>();
  for (const [key, e] of several) if (e.orgs.size >= rules.minOrganisations || e.sectors.size >= rules.minSectors) out.add(key);
  // Named once: one organisation, and its own sectors (an organisation may belong to two).
  if (rules.minOrganisations <= 1 || rules.minSectors <= 1) for (const key of firstIn.keys()) out.add(key);
  else for (const [key, s] of firstIn) if (!several.has(key) && new Set(s.reporterSectors).size >= rules.minSectors) out.add(key);
  return out;
}

import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { newestVisible } from '../intel/store/queries.js';
import { referencesVisibleTo } from '../intel/store/references.js';
import { currentLevels } from '../supply-chain/repository.js';

/**
 * The dashboard's cross-table aggregates. Each one repeats, in SQL, exactly the filter of the list it
 * summarises (named beside it), so a tile's figure and the list behind it cannot drift apart; the
 * HTTP test pages through every list and compares.
 */

/** Where a report stands for the caller: like GET /api/incidents?box=… (null = every visible report). */
function incidentBox(actor: Actor, box: 'sent' | 'inbox' | null): RawBuilder<SqlBool> {
  if (box === 'sent') return sql<SqlBool>`r.reporter_org_id = ${actor.orgId}::uuid`;
  if (box === 'inbox') return sql<SqlBool>`r.reporter_org_id <> ${actor.orgId}::uuid`;
  return sql<SqlBool>`true`;
}

const rows = async <T>(db: Db, q: RawBuilder<T>): Promise<T[]> => (await q.execute(db)).rows;

export const dashboardRepository = {
  /**
   * Reports the caller may see (GET /api/incidents, narrowed like its `box`), in one pass over the
   * reports: per type × stage (each report once), per week × type since `since`, and per reporter
   * sector × type (a report of a two-sector reporter counts in both; 'none' for reporters without one).
   */
  async incidentFigures(db: Db, actor: Actor, box: 'sent' | 'inbox' | null, since: Date) {
    return rows(
      db,
      sql<{ k: 'total' | 'week' | 'sector'; sector: string | null; type: string; stage: string | null; week: Date | null; n: number }>`
        with agg as materialized (
          select r.reporter_org_id, r.type, r.current_stage as stage,
            case when r.submitted_at >= date_trunc('week', ${since}::timestamptz) then date_trunc('week', r.submitted_at) end as week, count(*)::int as n
          from incident_reports r
          where ${visibleTo(actor, 'r')} and ${incidentBox(actor, box)}
          group by 1, 2, 3, 4)
        select 'total' as k, null as sector, type, stage, null::timestamptz as week, sum(n)::int as n from agg group by type, stage
        union all
        select 'week', null, type, null, week, sum(n)::int from agg where week is not null group by type, week
        union all
        select 'sector', s.sector, a.type, null, null, sum(a.n)::int
        from agg a join organizations o on o.id = a.reporter_org_id
        left join lateral unnest(case when cardinality(o.sectors) = 0 then array[null]::text[] else o.sectors end) as s(sector) on true
        group by s.sector, a.type`,
    );
  },

  /**
   * The same figures as incidentFigures for a government caller, read from the trigger-kept counts
   * (migrations/0056): one row per marking × reporter sectors × type × stage, filtered by the same
   * visibleTo(); only valid for callers that own no reports and operate no one's systems.
   */
  async incidentFiguresFromCounts(db: Db, actor: Actor, since: Date) {
    return rows(
      db,
      sql<{ k: 'total' | 'week' | 'sector'; sector: string | null; type: string; stage: string | null; week: Date | null; n: number }>`
        with t as materialized (
          select c.reporter_sectors, c.type, c.stage, c.n from dashboard_incident_totals c where c.n <> 0 and ${visibleTo(actor, 'c')})
        select 'total' as k, null as sector, type, stage, null::timestamptz as week, sum(n)::int as n from t group by type, stage
        union all
        select 'week', null, c.type, null, c.week, sum(c.n)::int from dashboard_incident_weeks c
        where c.week >= date_trunc('week', ${since}::timestamptz) and c.n <> 0 and ${visibleTo(actor, 'c')} group by c.type, c.week
        union all
        select 'sector', s.sector, t.type, null, null, sum(t.n)::int
        from t left join lateral unnest(case when cardinality(t.reporter_sectors) = 0 then array[null]::text[] else t.reporter_sectors end) as s(sector) on true
        group by s.sector, t.type`,
    );
  },

  /**
   * Open report stages past their deadline: for a recipient, the stages owed to it (what its view of
   * each report marks overdue); for a reporter, those it owes anyone.
   */
  async overdueStages(db: Db, actor: Actor, side: 'recipient' | 'reporter', now: Date, limit: number) {
    const scope = side === 'reporter' ? sql`r.reporter_org_id = ${actor.orgId}::uuid` : sql`d.recipient_org_id = ${actor.orgId}::uuid`;
    return rows(
      db,
      sql<{ report_id: string; reference: string; title: string; type: string; regime: string; stage: string; due_at: Date; total: number }>`
        select r.id as report_id, r.reference, r.title, r.type, d.regime, s.stage, s.due_at, count(*) over ()::int as total
        from incident_delivery_stages s
        join incident_deliveries d on d.id = s.delivery_id
        join incident_reports r on r.id = d.report_id
        where s.satisfied_at is null and s.due_at < ${now} and ${scope} and ${visibleTo(actor, 'r')}
        order by s.due_at, r.id, d.regime, s.stage
        limit ${limit}`,
    );
  },

  /** overdueStages from the trigger-kept owed stages (migrations/0059): one index range, no joins but for the rows shown. */
  async overdueStagesFromOpen(db: Db, actor: Actor, side: 'recipient' | 'reporter', now: Date, limit: number) {
    const scope = side === 'reporter' ? sql`o.reporter_org_id = ${actor.orgId}::uuid` : sql`o.recipient_org_id = ${actor.orgId}::uuid`;
    return rows(
      db,
      sql<{ report_id: string; reference: string; title: string; type: string; regime: string; stage: string; due_at: Date; total: number }>`
        with hits as (
          select o.report_id, o.delivery_id, o.stage, o.due_at, count(*) over ()::int as total
          from dashboard_open_stages o
          where ${scope} and o.due_at < ${now} and ${visibleTo(actor, 'o')}
          order by o.due_at, o.report_id, o.delivery_id, o.stage
          limit ${limit})
        select h.report_id, r.reference, r.title, r.type, d.regime, h.stage, h.due_at, h.total
        from hits h join incident_reports r on r.id = h.report_id join incident_deliveries d on d.id = h.delivery_id
        order by h.due_at, h.report_id, h.delivery_id, h.stage`,
    );
  },

  /**
   * Open exposures (notified / acknowledged) per owning organisation's sector, split by known
   * exploitation and overdue: the population of GET /api/exposure for the national (`ownerOrgIds`
   * null) or sector scope. Read from the exposures alone: an exposure carries its asset's owner as
   * owner_org_id (advisories copies the asset's marking), so no pass over a million assets is needed.
   * `sectors` limits the breakdown to a ministry's own sectors.
   */
  async exposureFigures(db: Db, ownerOrgIds: string[] | null, sectors: string[] | null) {
    const scope = ownerOrgIds === null ? sql`true` : sql`e.owner_org_id = any(${sql.val(ownerOrgIds)}::uuid[])`;
    const sectorFilter = sectors === null ? sql`true` : sql`(g.sector is null or g.sector = any(${sql.val(sectors)}::text[]))`;
    return rows(
      db,
      sql<{ sector: string | null; total: boolean; known_exploited: boolean; overdue: boolean; n: number }>`
        with per_org as materialized (
          select e.owner_org_id, e.known_exploited, e.due_at < now() as overdue, count(*)::int as n
          from exposures e
          where e.status in ('notified', 'acknowledged') and ${scope}
          group by 1, 2, 3)
        select null as sector, true as total, known_exploited, overdue, sum(n)::int as n from per_org group by known_exploited, overdue
        union all
        select g.sector, false, p.known_exploited, p.overdue, sum(p.n)::int
        from per_org p join organizations o on o.id = p.owner_org_id
        left join lateral unnest(case when cardinality(o.sectors) = 0 then array[null]::text[] else o.sectors end) as g(sector) on true
        where ${sectorFilter}
        group by g.sector, p.known_exploited, p.overdue`,
    );
  },

  /**
   * The same population as exposureFigures, from the trigger-kept counts (migrations/0058): per
   * owner-sector set and known exploitation, open and overdue. Whole day buckets before now are
   * overdue; in today's bucket only the exposures already past their due time (read through
   * exposures_open_due). `sectors` null = national, else owners in any of those sectors.
   */
  async exposureFiguresFromCounts(db: Db, sectors: string[] | null) {
    const inScope = (col: string) => (sectors === null ? sql`true` : sql`${sql.ref(col)} && ${sql.val(sectors)}::text[]`);
    return rows(
      db,
      sql<{ owner_sectors: string[]; known_exploited: boolean; open: number; overdue: number }>`
        select owner_sectors, known_exploited, sum(n)::int as open, coalesce(sum(n) filter (where due_day + interval '1 day' <= now()), 0)::int as overdue
        from dashboard_exposure_counts c where c.n <> 0 and ${inScope('c.owner_sectors')}
        group by 1, 2
        union all
        select o.sectors, e.known_exploited, 0, count(*)::int
        from exposures e join organizations o on o.id = e.owner_org_id
        where e.status in ('notified', 'acknowledged') and e.due_at >= date_trunc('day', now(), 'UTC') and e.due_at < now() and ${inScope('o.sectors')}
        group by 1, 2`,
    );
  },

  /**
   * The caller's open notifications (GET /api/notifications?status=open): counts and the soonest due,
   * from ONE pass over open exposures. The visibility filter is an OR that no index answers (migration
   * 0061), so the counts scan the open exposures anyway; the soonest five used to be a second query
   * walking the due-date index, which for an organisation with few or no notifications (a small
   * supplier) read every open exposure in due order to find none: 122 of 188 ms over 170,000 open
   * exposures (bench/dashboard world, EXPLAIN ANALYZE), 63–65 ms for both parts this way.
   */
  async openNotifications(db: Db, actor: Actor, now: Date, soonUntil: Date) {
    const found = await rows(
      db,
      sql<{ open: number; overdue: number; due_soon: number; known_exploited: number; id: string | null; due_at: Date | null; severity: string | null; next_known_exploited: boolean | null; title: string | null; asset_name: string | null }>`
        with v as materialized (
          select e.id, e.due_at, e.severity, e.known_exploited, e.advisory_id, e.asset_id
          from exposures e
          where e.status in ('notified', 'acknowledged') and ${visibleTo(actor, 'e')}
        ),
        c as (
          select count(*)::int as open,
            count(*) filter (where v.due_at < ${now})::int as overdue,
            count(*) filter (where v.due_at >= ${now} and v.due_at < ${soonUntil})::int as due_soon,
            count(*) filter (where v.known_exploited)::int as known_exploited
          from v
        )
        select c.open, c.overdue, c.due_soon, c.known_exploited,
          t.id, t.due_at, t.severity, t.known_exploited as next_known_exploited, t.title, t.asset_name
        from c
        left join lateral (
          select v.id, v.due_at, v.severity, v.known_exploited, a.title, s.name as asset_name
          from v join advisories a on a.id = v.advisory_id join assets s on s.id = v.asset_id
          order by v.due_at, v.id limit 5
        ) t on true
        order by t.due_at, t.id`,
    );
    const first = found[0];
    const counts = first ? { open: first.open, overdue: first.overdue, due_soon: first.due_soon, known_exploited: first.known_exploited } : { open: 0, overdue: 0, due_soon: 0, known_exploited: 0 };
    const next = found
      .filter((r) => r.id !== null)
      .map((r) => ({ id: r.id!, due_at: r.due_at!, severity: r.severity!, known_exploited: r.next_known_exploited!, title: r.title!, asset_name: r.asset_name! }));
    return { counts, next };
  },

  /** Early warnings the caller may see (GET /api/intel/early-warnings), per day since `since`, and in total. */
  async warnings(db: Db, actor: Actor, since: Date) {
    const [t] = await rows(db, sql<{ n: number }>`select count(*)::int as n from intel_early_warnings w where ${visibleTo(actor, 'w')}`);
    const byDay = await rows(
      db,
      sql<{ day: Date; n: number }>`
        select date_trunc('day', w.fired_at) as day, count(*)::int as n from intel_early_warnings w
        where w.fired_at >= ${since} and ${visibleTo(actor, 'w')} group by 1 order by 1`,
    );
    const bySector = await rows(
      db,
      sql<{ sector: string; n: number }>`
        select s.sector, count(*)::int as n from intel_early_warnings w, unnest(w.sector_codes) as s(sector)
        where ${visibleTo(actor, 'w')} group by 1`,
    );
    return { total: t?.n ?? 0, byDay, bySector };
  },

  /**
   * Real alerts the caller may see (GET /api/alerts: never an exercise's), those addressed to it and
   * still unacknowledged, and the acknowledgement figures the list shows (the issuer's, or the hub's).
   */
  async alerts(db: Db, actor: Actor, fromCounts = true) {
    // The trigger-kept per-alert counts, or (the bench's baseline) the same counted from every recipient row.
    const acks = fromCounts
      ? sql`dashboard_alert_acks`
      : sql`(select alert_id, count(*)::int as recipients, count(acknowledged_at)::int as acknowledged from alert_recipients group by alert_id)`;
    const figuresOf = actor.orgKind === 'national_hub' ? sql`true` : sql`a.issuer_org_id = ${actor.orgId}::uuid`;
    const [r] = await rows(
      db,
      sql<{ total: number; received: number; unacknowledged: number; issued: number; recipients: number; acknowledged: number }>`
        with visible as materialized (
          select a.id, a.issuer_org_id, ${figuresOf} as with_figures
          from alerts a where a.exercise_id is null and ${visibleTo(actor, 'a')}),
        mine as materialized (
          select m.acknowledged_at from alert_recipients m join visible v on v.id = m.alert_id where m.org_id = ${actor.orgId}::uuid)
        select
          (select count(*)::int from visible) as total,
          (select count(*)::int from mine) as received,
          (select count(*)::int from mine where acknowledged_at is null) as unacknowledged,
          (select count(*)::int from visible v where v.issuer_org_id = ${actor.orgId}::uuid) as issued,
          -- Per-alert counts kept by triggers (migrations/0057), the same numbers as the list's figures.
          (select coalesce(sum(k.recipients), 0)::int from visible v join ${acks} k on k.alert_id = v.id where v.with_figures) as recipients,
          (select coalesce(sum(k.acknowledged), 0)::int from visible v join ${acks} k on k.alert_id = v.id where v.with_figures) as acknowledged`,
    );
    return r!;
  },

  /**
   * Supply-chain hot spots: suppliers on which the most organisations depend directly (links not
   * rejected), with how many of those links ask for more than the supplier's current level.
   */
  async hotSpots(db: Db, limit: number) {
    return rows(
      db,
      sql<{ org_id: string; name: string; name_en: string; kind: string; customers: number; below_required: number; level: number; alerts: number }>`
        with lv as (select org_id, max(level)::int as level from supply_ratings where status = 'active' and expires_at > now() group by org_id),
        top as (
          select l.supplier_org_id, count(*)::int as customers,
            count(*) filter (where coalesce(lv.level, 0) < l.required_level)::int as below_required
          from supply_links l left join lv on lv.org_id = l.supplier_org_id
          where l.status <> 'rejected'
          group by l.supplier_org_id
          order by below_required desc, customers desc, l.supplier_org_id
          limit ${limit})
        select t.supplier_org_id as org_id, o.name, o.name_en, o.kind, t.customers, t.below_required, coalesce(lv.level, 0)::int as level,
          (select count(*)::int from supply_alerts sa where sa.source_org_id = t.supplier_org_id) as alerts
        from top t join organizations o on o.id = t.supplier_org_id left join lv on lv.org_id = t.supplier_org_id
        order by t.below_required desc, t.customers desc, t.supplier_org_id`,
    );
  },

  /** The caller's own suppliers (links it declared, not rejected) by the supplier's current level. */
  async supplierLevels(db: Db, orgId: string) {
    return rows(
      db,
      sql<{ level: number; links: number; below_required: number }>`
        with lv as (${currentLevels})
        select coalesce(lv.level, 0)::int as level, count(*)::int as links,
          count(*) filter (where coalesce(lv.level, 0) < l.required_level)::int as below_required
        from supply_links l left join lv on lv.org_id = l.supplier_org_id
        where l.customer_org_id = ${orgId}::uuid and l.status <> 'rejected'
        group by 1 order by 1`,
    );
  },

  /**
   * The other side: customers that declared the caller as their supplier (links not rejected), the
   * caller's own current level, the highest level they require and how many require more than it has.
   */
  async customerDemands(db: Db, orgId: string) {
    const r = await rows(
      db,
      sql<{ customers: number; own_level: number; highest_required: number; above_own: number }>`
        with own as (select coalesce(max(level), 0)::int as level from (${currentLevels}) lv where org_id = ${orgId}::uuid)
        select count(l.id)::int as customers, own.level as own_level, coalesce(max(l.required_level), 0)::int as highest_required,
          count(l.id) filter (where l.required_level > own.level)::int as above_own
        from own left join supply_links l on l.supplier_org_id = ${orgId}::uuid and l.status <> 'rejected'
        group by own.level`,
    );
    return r[0]!;
  },

  /** What the caller was told about suppliers below it (GET /api/supply-chain/alerts), by kind. */
  async supplyAlerts(db: Db, orgId: string) {
    return rows(db, sql<{ kind: string; n: number }>`select source_kind as kind, count(*)::int as n from supply_alerts where recipient_org_id = ${orgId}::uuid group by 1`);
  },

  /** The ISAC collections the caller belongs to (owned by its ISAC, or listing it as a member). */
  async communityCollections(db: Db, actor: Actor) {
    return rows(
      db,
      sql<{ id: string; title: string; sector: string | null }>`
        select c.id, c.title, c.sector from stix_collections c
        where c.kind = 'isac' and (c.org_id = ${actor.orgId}::uuid or ${actor.orgId}::uuid = any(c.member_org_ids))
        order by c.title`,
    );
  },

  /**
   * Objects the caller may see in the given collections, per collection and type, and per day of
   * addition since `since`: what GET /api/intel/objects?collection=… lists, i.e. each object's newest
   * version the caller may see (not the stored last, which may be hidden from it) whose references it
   * may see too.
   */
  async communityObjects(db: Db, actor: Actor, collectionIds: string[], since: Date) {
    if (collectionIds.length === 0) return { byCollection: [], byDay: [] };
    const where = sql<SqlBool>`e.collection_id = any(${sql.val(collectionIds)}::uuid[]) and ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')} and ${newestVisible(actor, 'e')}`;
    const byCollection = await rows(
      db,
      sql<{ collection_id: string; type: string; n: number }>`select e.collection_id, e.type, count(*)::int as n from stix_collection_objects e where ${where} group by 1, 2`,
    );
    const byDay = await rows(
      db,
      sql<{ day: Date; n: number }>`
        select date_trunc('day', e.date_added) as day, count(*)::int as n from stix_collection_objects e
        where e.date_added >= ${since} and ${where} group by 1 order by 1`,
    );
    return { byCollection, byDay };
  },

  /**
   * Correlations in the community: observables mentioned by objects of the collections that the
   * caller can see (as communityObjects counts them) sighted by two or more organisations (counted
   * over sightings it may see only).
   */
  async communityCorrelations(db: Db, actor: Actor, collectionIds: string[], limit: number) {
    if (collectionIds.length === 0) return [];
    return rows(
      db,
      sql<{ kind: string; value: string; organisations: number; sightings: number; last_seen: Date; total: number }>`
        with mine as (
          select distinct si.observable_id
          from stix_collection_objects e
          join intel_sightings si on si.source_id = e.object_id
          where e.collection_id = any(${sql.val(collectionIds)}::uuid[]) and ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')} and ${newestVisible(actor, 'e')}
            and ${visibleTo(actor, 'si')})
        select ob.kind, ob.value, count(distinct s.reporter_org_id)::int as organisations, count(*)::int as sightings, max(s.seen_at) as last_seen,
          count(*) over ()::int as total
        from mine join intel_observables ob on ob.id = mine.observable_id
        join intel_sightings s on s.observable_id = mine.observable_id and ${visibleTo(actor, 's')}
        group by ob.id, ob.kind, ob.value
        having count(distinct s.reporter_org_id) >= 2
        order by organisations desc, last_seen desc, ob.kind, ob.value
        limit ${limit}`,
    );
  },
};

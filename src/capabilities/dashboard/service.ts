import type { Platform } from '../../platform/platform.js';
import { authorize, can, orgKindIs } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { advisoriesRepository } from '../advisories/repository.js';
import { supplyChainRepository } from '../supply-chain/repository.js';
import { presentCorrelation, presentOverdue } from './present.js';
import { dashboardRepository as repo } from './repository.js';
import type { Audience, Tile } from './schema.js';

const DAY = 86_400_000;
/** How far back the time series reach; totals always cover everything the list shows. */
export const SERIES_WEEKS = 12;
export const SERIES_DAYS = 30;
const SOON_DAYS = 7;

/** Which home an organisation kind gets. */
export function audienceOf(actor: Actor): Audience {
  if (orgKindIs(actor, 'national_hub')) return 'national';
  if (orgKindIs(actor, 'ministry', 'police', 'regulator')) return 'ministry';
  if (orgKindIs(actor, 'isac')) return 'isac';
  return 'company';
}

const TILES_BY_AUDIENCE: Record<Audience, readonly Tile[]> = {
  national: ['incidents', 'overdue', 'exposure', 'warnings', 'alerts', 'supplyChain'],
  ministry: ['incidents', 'overdue', 'exposure', 'warnings', 'alerts'],
  company: ['notifications', 'incidents', 'overdue', 'suppliers', 'alerts'],
  isac: ['community', 'alerts'],
};

/** The tiles this caller's home shows, each one also allowed by platform/policy for this caller. */
export function tilesFor(actor: Actor): Tile[] {
  return TILES_BY_AUDIENCE[audienceOf(actor)].filter((t) => mayRead(actor, t));
}

/** The capability-level policy check behind each tile (the figures themselves are filtered in SQL). */
function mayRead(actor: Actor, tile: Tile): boolean {
  switch (tile) {
    case 'incidents':
    case 'overdue':
      return can(actor, 'list', { type: 'incidents' });
    case 'exposure': {
      // The sector / national figure; a company's own exposure is its notifications tile.
      const scope = exposureScope(actor);
      return scope !== 'organization' && can(actor, 'read', { type: 'exposure_summary', scope });
    }
    case 'notifications':
      return can(actor, 'list', { type: 'advisories' });
    case 'warnings':
    case 'community':
      return can(actor, 'list', { type: 'intel' });
    case 'alerts':
      return can(actor, 'list', { type: 'alerts' });
    case 'supplyChain':
      return can(actor, 'read', { type: 'supply_chain' });
    case 'suppliers':
      return can(actor, 'list', { type: 'supply_chain' });
  }
}

function exposureScope(actor: Actor): 'organization' | 'sector' | 'national' {
  return orgKindIs(actor, 'national_hub') ? 'national' : orgKindIs(actor, 'ministry') ? 'sector' : 'organization';
}

/** The incidents list box a tile summarises: a company its own reports, authorities everything they received. */
function incidentBox(actor: Actor): 'sent' | null {
  return audienceOf(actor) === 'company' ? 'sent' : null;
}

const iso = (d: Date) => new Date(d).toISOString();

/**
 * Government bodies read incident figures from the trigger-kept counts: they never own a report
 * (only companies file) and operate no one's systems, the two facts the counts leave out.
 */
function usesCounts(actor: Actor): boolean {
  return orgKindIs(actor, 'national_hub', 'ministry', 'police', 'regulator') && actor.operatesForOrgIds.length === 0;
}

/**
 * Figures for the home dashboard: every one the count of a list the caller can open. `fromCounts:
 * false` computes incident figures from the reports themselves (the bench's full-scan baseline).
 */
export function dashboardService(platform: Platform, options: { fromCounts?: boolean } = {}) {
  const fromCounts = options.fromCounts ?? true;
  const { db } = platform;

  const tiles: Record<Tile, (actor: Actor, now: Date) => Promise<Record<string, unknown>>> = {
    async incidents(actor, now) {
      const box = incidentBox(actor);
      const since = new Date(now.getTime() - SERIES_WEEKS * 7 * DAY);
      const figures = fromCounts && usesCounts(actor) ? await repo.incidentFiguresFromCounts(db, actor, since) : await repo.incidentFigures(db, actor, box, since);
      const byType: Record<string, number> = {};
      const byStage: Record<string, number> = {};
      const bySector: Record<string, Record<string, number>> = {};
      const weeks: { week: string; type: string; n: number }[] = [];
      for (const r of figures) {
        if (r.k === 'total') {
          byType[r.type] = (byType[r.type] ?? 0) + r.n;
          byStage[r.stage!] = (byStage[r.stage!] ?? 0) + r.n;
        } else if (r.k === 'week') weeks.push({ week: iso(r.week!), type: r.type, n: r.n });
        else (bySector[r.sector ?? 'none'] ??= {})[r.type] = r.n;
      }
      weeks.sort((a, b) => a.week.localeCompare(b.week) || a.type.localeCompare(b.type));
      return { box, total: Object.values(byType).reduce((a, n) => a + n, 0), byType, byStage, bySector, series: { since: since.toISOString(), weeks } };
    },

    async overdue(actor, now) {
      const side = audienceOf(actor) === 'company' ? 'reporter' : 'recipient';
      const items = await (fromCounts ? repo.overdueStagesFromOpen : repo.overdueStages)(db, actor, side, now, 5);
      return { side, total: items[0]?.total ?? 0, oldest: items.map(presentOverdue) };
    },

    async exposure(actor) {
      const scope = exposureScope(actor);
      authorize(actor, 'read', { type: 'exposure_summary', scope });
      // The populations of advisories' GET /api/exposure for the national and sector scopes (a
      // company's home shows its notifications instead).
      let owners: string[] | null = null;
      let sectors: string[] | null = null;
      if (scope === 'sector') {
        sectors = [...actor.competentSectors];
        if (!fromCounts) owners = (await advisoriesRepository.orgIdsInSectors(db, sectors)).map((o) => o.id);
      } else if (scope === 'organization') throw new NotFoundError();
      const totals = { open: 0, knownExploited: 0, overdue: 0 };
      const bySector: Record<string, { open: number; knownExploited: number; overdue: number }> = {};
      const add = (into: typeof totals, open: number, kev: boolean, overdue: number) => {
        into.open += open;
        if (kev) into.knownExploited += open;
        into.overdue += overdue;
      };
      if (fromCounts) {
        for (const r of await repo.exposureFiguresFromCounts(db, sectors)) {
          add(totals, r.open, r.known_exploited, r.overdue);
          const own = r.owner_sectors.length === 0 ? ['none'] : r.owner_sectors.filter((x) => sectors === null || sectors.includes(x));
          for (const x of own) add((bySector[x] ??= { open: 0, knownExploited: 0, overdue: 0 }), r.open, r.known_exploited, r.overdue);
        }
      } else {
        for (const r of await repo.exposureFigures(db, owners, sectors)) {
          const into = r.total ? totals : (bySector[r.sector ?? 'none'] ??= { open: 0, knownExploited: 0, overdue: 0 });
          add(into, r.n, r.known_exploited, r.overdue ? r.n : 0);
        }
      }
      return { scope, ...totals, bySector };
    },

    async notifications(actor, now) {
      const { counts, next } = await repo.openNotifications(db, actor, now, new Date(now.getTime() + SOON_DAYS * DAY));
      return {
        open: counts.open,
        overdue: counts.overdue,
        dueSoon: counts.due_soon,
        knownExploited: counts.known_exploited,
        soonDays: SOON_DAYS,
        next: next.map((n) => ({ id: n.id, dueAt: iso(n.due_at), severity: n.severity, knownExploited: n.known_exploited, title: n.title, asset: n.asset_name, overdue: n.due_at < now })),
      };
    },

    async warnings(actor, now) {
      const since = new Date(now.getTime() - SERIES_DAYS * DAY);
      const w = await repo.warnings(db, actor, since);
      return { total: w.total, since: since.toISOString(), byDay: w.byDay.map((d) => ({ day: iso(d.day), n: d.n })), bySector: Object.fromEntries(w.bySector.map((s) => [s.sector, s.n])) };
    },

    async alerts(actor) {
      const a = await repo.alerts(db, actor, fromCounts);
      return {
        total: a.total,
        received: a.received,
        unacknowledged: a.unacknowledged,
        issued: a.issued,
        acknowledgement: { recipients: a.recipients, acknowledged: a.acknowledged, rate: a.recipients === 0 ? null : Math.round((a.acknowledged / a.recipients) * 1000) / 1000 },
      };
    },

    async supplyChain() {
      const [summary, hot] = await Promise.all([supplyChainRepository.mismatchSummary(db), repo.hotSpots(db, 8)]);
      return {
        mismatches: summary.map((r) => ({ requiredLevel: r.required_level, actualLevel: r.actual_level, links: r.links, suppliers: r.suppliers })),
        mismatchedLinks: summary.reduce((a, r) => a + r.links, 0),
        hotSpots: hot.map((h) => ({ orgId: h.org_id, name: h.name, nameEn: h.name_en, kind: h.kind, level: h.level, customers: h.customers, belowRequired: h.below_required, alerts: h.alerts })),
      };
    },

    async suppliers(actor) {
      const [levels, alerts, demands] = await Promise.all([repo.supplierLevels(db, actor.orgId), repo.supplyAlerts(db, actor.orgId), repo.customerDemands(db, actor.orgId)]);
      return {
        suppliers: levels.reduce((a, r) => a + r.links, 0),
        belowRequired: levels.reduce((a, r) => a + r.below_required, 0),
        byLevel: Object.fromEntries(levels.map((r) => [String(r.level), r.links])),
        alerts: Object.fromEntries(alerts.map((r) => [r.kind, r.n])),
        alertsTotal: alerts.reduce((a, r) => a + r.n, 0),
        // As a supplier: what its customers require of it (a small supplier's first question).
        asSupplier: { customers: demands.customers, ownLevel: demands.own_level, highestRequired: demands.highest_required, aboveOwn: demands.above_own },
      };
    },

    async community(actor, now) {
      const since = new Date(now.getTime() - SERIES_DAYS * DAY);
      const collections = await repo.communityCollections(db, actor);
      const ids = collections.map((c) => c.id);
      const [objects, correlations] = await Promise.all([repo.communityObjects(db, actor, ids, since), repo.communityCorrelations(db, actor, ids, 5)]);
      return {
        collections: collections.map((c) => {
          const rows = objects.byCollection.filter((r) => r.collection_id === c.id);
          return { id: c.id, title: c.title, objects: rows.reduce((a, r) => a + r.n, 0), byType: Object.fromEntries(rows.map((r) => [r.type, r.n])) };
        }),
        since: since.toISOString(),
        byDay: objects.byDay.map((d) => ({ day: iso(d.day), n: d.n })),
        correlations: { total: correlations[0]?.total ?? 0, top: correlations.map(presentCorrelation) },
      };
    },
  };

  return {
    home(actor: Actor) {
      return { audience: audienceOf(actor), tiles: tilesFor(actor) };
    },

    /** One tile's figures; a tile outside the caller's home is answered as missing (404). */
    async tile(actor: Actor, tile: Tile) {
      if (!tilesFor(actor).includes(tile)) throw new NotFoundError();
      const now = new Date();
      return { tile, asOf: now.toISOString(), data: await tiles[tile](actor, now) };
    },

    /** The full list behind the overdue tile. */
    async overdueList(actor: Actor, limit: number) {
      if (!tilesFor(actor).includes('overdue')) throw new NotFoundError();
      const side = audienceOf(actor) === 'company' ? 'reporter' : 'recipient';
      const items = await repo.overdueStagesFromOpen(db, actor, side, new Date(), limit);
      return { total: items[0]?.total ?? 0, items: items.map(presentOverdue) };
    },

    /** The full list behind the community correlation figure. */
    async correlationList(actor: Actor, limit: number) {
      if (!tilesFor(actor).includes('community')) throw new NotFoundError();
      const collections = await repo.communityCollections(db, actor);
      const items = await repo.communityCorrelations(db, actor, collections.map((c) => c.id), limit);
      // Observable values read from community objects: recorded like intel's own lookups.
      if (items.length) await platform.audit.record({ actor, action: 'dashboard.correlations.list', resourceType: 'intel_observable', detail: { count: items.length } });
      return { total: items[0]?.total ?? 0, items: items.map(presentCorrelation) };
    },
  };
}

export type DashboardService = ReturnType<typeof dashboardService>;

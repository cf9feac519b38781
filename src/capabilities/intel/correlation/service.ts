import { sql } from 'kysely';
import type { DomainEvent } from '../../../platform/events/types.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import type { OrgId } from '../../../platform/identity/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { authorize, visibleTo } from '../../../platform/policy/index.js';
import { isRestricted, marking, type Actor, type Marking, type Tlp } from '../../../platform/policy/types.js';
import { referencesVisibleTo } from '../store/references.js';
import { earlyWarningRules } from './early-warning.js';
import type { CanonicalObservable } from './observable-input.js';
import { recordSightings, type Sighting } from './record.js';
import { whereSeen, type WhereSeen } from './where-seen.js';

/** The incidents capability's event carrying a report's normalised indicators (incidents/service.ts). */
export const INCIDENT_INDICATORS_EVENT = 'incident.indicators';
export const INCIDENT_SOURCE_PREFIX = 'incident-report--';
/** Objects listed beside a where-seen figure: a page, not an export. */
const MENTION_LIMIT = 100;

export interface Mention {
  id: string;
  type: string;
  name: string | null;
}

export function correlationService(platform: Platform) {
  const db = platform.db;
  // Validated at start: an invalid law/early-warning.json stops the node here, not at the first ingest.
  const rules = earlyWarningRules();

  /** Visible sources mentioning the observable (IP lookups include overlapping networks). */
  async function mentions(actor: Actor, o: CanonicalObservable) {
    const ip = o.kind === 'ipv4' || o.kind === 'ipv6' ? o.value : null;
    const match = ip === null
      ? sql`o.kind = ${o.kind} and o.value = ${o.value}`
      : sql`o.ip && ${ip}::inet`;
    const rows = await sql<{ source_id: string; tlp: string; clearance: string; seen_at: Date }>`
      select s.source_id, s.tlp, s.clearance, s.seen_at
      from intel_observables o join intel_sightings s on s.observable_id = o.id
      where ${match} and ${visibleTo(actor, 's')}
      order by s.seen_at desc, s.source_id
      limit ${MENTION_LIMIT}
    `.execute(db);
    return rows.rows;
  }

  /**
   * Names and types of the STIX objects among the sources, as the store holds their latest visible
   * version; incident reports are listed by their own kind only (their content is the incidents
   * capability's to show, to those it was delivered to).
   */
  async function describe(actor: Actor, sourceIds: string[]): Promise<Mention[]> {
    const stixIds = sourceIds.filter((id) => !id.startsWith(INCIDENT_SOURCE_PREFIX));
    const described = new Map<string, Mention>();
    if (stixIds.length) {
      const rows = await sql<{ id: string; type: string; name: string | null }>`
        select distinct on (o.id) o.id, o.type, o.name
        from stix_objects o
        where o.id = any(${stixIds}::text[])
          and exists (select 1 from stix_collection_objects c
                      where c.object_id = o.id and c.version = o.version and ${visibleTo(actor, 'c')} and ${referencesVisibleTo(actor, 'c')})
        order by o.id, o.version_at desc nulls last
      `.execute(db);
      for (const r of rows.rows) described.set(r.id, r);
    }
    return sourceIds.flatMap((id): Mention[] => {
      if (id.startsWith(INCIDENT_SOURCE_PREFIX)) return [{ id, type: 'incident-report', name: null }];
      const d = described.get(id);
      return d ? [d] : [];
    });
  }

  return {
    rules,

    /**
     * Where-seen for one observable and the visible objects that mention it. Nothing visible looks
     * exactly like never seen (404), so a search cannot probe for sightings the caller may not see.
     */
    async lookup(actor: Actor, o: CanonicalObservable): Promise<WhereSeen & { objects: Mention[] }> {
      authorize(actor, 'list', { type: 'intel' });
      const [seen] = await whereSeen(db, actor, [o]);
      if (!seen || seen.sightings === 0) throw new NotFoundError();
      const sources = await mentions(actor, o);
      if (sources.some((s) => isRestricted({ tlp: s.tlp as Tlp, clearance: s.clearance as Marking['clearance'] }))) {
        await platform.audit.record({ actor, action: 'intel.observable.read', resourceType: 'intel_observable', resourceId: `${o.kind}:${o.value}`, detail: { sightings: seen.sightings } });
      }
      return { ...seen, objects: await describe(actor, [...new Set(sources.map((s) => s.source_id))]) };
    },

    /** Early warnings addressed to the caller (the hub, the competent authorities), newest first. */
    async listWarnings(actor: Actor, opts: { limit: number; before?: { at: Date; id: string } }) {
      authorize(actor, 'list', { type: 'intel' });
      let q = db
        .selectFrom('intel_early_warnings as w')
        .select(['w.id', 'w.kind', 'w.value', 'w.organisations', 'w.sectors', 'w.sector_codes', 'w.window_hours', 'w.fired_at'])
        .where(visibleTo(actor, 'w'))
        .orderBy('w.fired_at', 'desc')
        .orderBy('w.id', 'desc')
        .limit(opts.limit);
      const before = opts.before;
      if (before) q = q.where((eb) => eb.or([eb('w.fired_at', '<', before.at), eb.and([eb('w.fired_at', '=', before.at), eb('w.id', '<', before.id)])]));
      const rows = await q.execute();
      // Every warning is AMBER+STRICT: reading them is an audited, restricted read.
      if (rows.length) await platform.audit.record({ actor, action: 'intel.early_warning.list', resourceType: 'intel_early_warning', detail: { count: rows.length } });
      return rows;
    },

    /**
     * An incident report's indicators (the `incident.indicators` event) become sightings of source
     * `incident-report--<id>`, marked as the event is (AMBER+STRICT to the hub) and owned by the
     * reporter, who may see its own report. The reporter organisation is read from the report,
     * because counting distinct organisations needs it even when the event withholds it; it is
     * named only when the event carries it (the reporter allowed naming).
     */
    async recordIncidentIndicators(events: DomainEvent | DomainEvent[]): Promise<void> {
      type Payload = { reportId?: string; indicators?: { kind: string; value: string }[]; sectors?: string[]; reporterOrgId?: string | null; readers?: string[] };
      const wanted = (Array.isArray(events) ? events : [events]).filter((e) => {
        const p = e.payload as Payload;
        return Boolean(p.reportId && p.indicators?.length);
      });
      if (wanted.length === 0) return;
      const ids = [...new Set(wanted.map((e) => (e.payload as Payload).reportId!))];
      const reports = await db.selectFrom('incident_reports').select(['id', 'reporter_org_id']).where('id', 'in', ids).execute();
      const reporterOf = new Map(reports.map((r) => [r.id as string, r.reporter_org_id as OrgId]));
      const sightings: Sighting[] = [];
      for (const event of wanted) {
        const p = event.payload as Payload;
        const reporter = reporterOf.get(p.reportId!);
        if (!reporter) continue;
        sightings.push({
          sourceId: `${INCIDENT_SOURCE_PREFIX}${p.reportId}`,
          // Normalised by the report's schema (incidents/indicators.ts, platform/observables), as stored.
          observables: p.indicators!.map((i) => ({ kind: i.kind as Sighting['observables'][number]['kind'], value: i.value, source: 'incident-report' })),
          canonical: true,
          reporterOrgId: reporter,
          reporterSectors: p.sectors ?? [],
          nameReporter: p.reporterOrgId != null && p.reporterOrgId === reporter,
          // The report's recipients shown its indicators count it too, not only the hub the event is for.
          marking: marking({ ...event.visibility, tlp: event.visibility.tlp, ownerOrgId: reporter, recipientOrgIds: [...new Set([...event.visibility.recipientOrgIds, ...((p.readers ?? []) as OrgId[])])] }),
          seenAt: new Date(event.createdAt),
        });
      }
      if (sightings.length) await db.transaction().execute((trx) => recordSightings(trx, sightings));
    },
  };
}
export type CorrelationService = ReturnType<typeof correlationService>;

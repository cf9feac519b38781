import crypto from 'node:crypto';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/request-helpers.js';
import type { OrgId, UserId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, can } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { INCIDENT_SOURCE_PREFIX } from '../intel/correlation/service.js';
import { whereSeenWithSources } from '../intel/correlation/index.js';
import { diffJson } from './diff.js';
import { deliveryMarking, reportMarking } from './marking.js';
import { presentListClock, presentStage, presentSummary, tailorReport, type DeliveryView } from './present.js';
import type { Regime } from './regimes.js';
import { incidentsRepository as repo } from './repository.js';
import type { ReportBody } from './schema.js';

/** Reading reports, their threads and statuses, each caller seeing only its part. */
export function incidentViews(platform: Platform, regimes: Regime[]) {
  const { db } = platform;
  const regimeByCode = new Map(regimes.map((r) => [r.code, r]));

  /** Loads a report the actor may see (404 otherwise) and records the read in the audit chain. */
  async function load(actor: Actor, id: string, action = 'incident.read') {
    const row = await repo.findVisible(db, id, actor);
    if (!row) throw new NotFoundError();
    authorize(actor, 'read', { type: 'incident', reporterOrgId: row.reporter_org_id as OrgId, marking: reportMarking(row) });
    await platform.audit.record({ actor, action, resourceType: 'incident', resourceId: id });
    const isReporter = row.reporter_org_id === actor.orgId;
    const allDeliveries = await repo.deliveriesOf(db, id);
    const mine = isReporter ? allDeliveries : allDeliveries.filter((d) => d.recipient_org_id === actor.orgId);
    const via = mine.map((d) => regimeByCode.get(d.regime)).filter((r): r is Regime => r !== undefined);
    return { row, isReporter, deliveries: mine, via };
  }

  async function versionBody(id: string, version: number): Promise<ReportBody> {
    const v = await repo.version(db, id, version);
    if (!v) throw new NotFoundError();
    return v.body as unknown as ReportBody;
  }

  return {
    async list(actor: Actor, opts: { box?: 'sent' | 'inbox'; limit: number; cursor?: string }) {
      authorize(actor, 'list', { type: 'incidents' });
      const c = decodeCursor(opts.cursor);
      const before = c && { updatedAt: c.at, id: c.id };
      const rows = await repo.listVisible(db, actor, { box: opts.box, limit: opts.limit, before });
      const last = rows.at(-1);
      const now = new Date();
      const clocks = new Map<string, Awaited<ReturnType<typeof repo.listClocks>>>();
      for (const c of await repo.listClocks(db, actor.orgId, rows.map((r) => r.id))) {
        const of = clocks.get(c.report_id);
        if (of) of.push(c);
        else clocks.set(c.report_id, [c]);
      }
      return {
        items: rows.map((r) => {
          const sent = r.reporter_org_id === actor.orgId;
          // The reporter sees every recipient's clock; a recipient only its own delivery's.
          const stages = (clocks.get(r.id) ?? []).filter((c) => sent || c.recipient_org_id === actor.orgId);
          return { ...presentSummary(r), direction: sent ? ('sent' as const) : ('received' as const), clock: presentListClock(stages, sent, regimeByCode, now) };
        }),
        nextCursor: rows.length === opts.limit && last ? encodeCursor(last.updated_at, last.id) : null,
      };
    },

    /** The caller's view of one report: body tailored per recipient, its deliveries, clocks and threads. */
    async view(actor: Actor, id: string) {
      const { row, isReporter, deliveries, via } = await load(actor, id);
      const now = new Date();
      const body = await versionBody(id, row.version);
      const stages = await repo.stagesOf(db, deliveries.map((d) => d.id));
      const messages = await repo.messages(db, deliveries.map((d) => d.id));
      const reporter = await repo.reporterOrg(db, row.reporter_org_id);
      const marking = reportMarking(row);
      const deliveryViews: DeliveryView[] = deliveries.map((d) => {
        const regime = regimeByCode.get(d.regime);
        const resource = { type: 'incident_delivery' as const, reporterOrgId: row.reporter_org_id as OrgId, recipientOrgId: d.recipient_org_id as OrgId | null, marking };
        return {
          id: d.id,
          regime: d.regime,
          regimeName: regime?.name ?? d.regime,
          regimeNameEn: regime?.nameEn ?? d.regime,
          toConfirm: regime?.toConfirm ?? false,
          recipient: { orgId: d.recipient_org_id, name: d.recipient_name ?? d.external_recipient ?? '', nameEn: d.recipient_name_en ?? d.external_recipient ?? '', external: d.recipient_org_id === null },
          status: d.status,
          statusChangedAt: d.status_changed_at?.toISOString() ?? null,
          stages: stages.filter((s) => s.delivery_id === d.id).map((s) => presentStage(regime, s, now)),
          abilities: { setStatus: can(actor, 'update', resource), message: d.recipient_org_id !== null && can(actor, 'create', resource) },
          messages: messages
            .filter((m) => m.delivery_id === d.id)
            .map((m) => ({ id: m.id, authorOrgId: m.author_org_id, authorOrgName: m.org_name, authorOrgNameEn: m.org_name_en, authorName: m.author_name, body: m.body, createdAt: m.created_at.toISOString() })),
        };
      });
      const versions = await repo.versions(db, id);
      const report = tailorReport(body, isReporter, via);
      // Seen elsewhere = the intelligence hub's where-seen for this caller: every other source (STIX
      // object, incident report) it may see that carries one of the indicators; this report's own
      // sighting excluded. Counts only what the caller may see, as /intel/search does, so a report
      // marked for others is not even counted. Per-indicator counts name the indicator: only for
      // callers entitled to the indicators themselves.
      const indicators = body.indicators ?? [];
      const seen = await whereSeenWithSources(db, actor, indicators, { excludeSourceIds: [`${INCIDENT_SOURCE_PREFIX}${id}`] });
      const seenIndicators = 'indicators' in report
        ? indicators.flatMap((ind, i) => ((seen.each[i]?.sightings ?? 0) > 0 ? [{ kind: ind.kind, value: ind.value, reports: seen.each[i]!.sightings }] : []))
        : [];
      return {
        id: row.id,
        reference: row.reference,
        stage: row.current_stage,
        version: row.version,
        submittedAt: row.submitted_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
        reporter: { orgId: reporter.id, name: reporter.name, nameEn: reporter.name_en, sectors: reporter.sectors },
        role: isReporter ? ('reporter' as const) : ('recipient' as const),
        sharing: isReporter ? row.sharing : null,
        tlp: row.tlp,
        report,
        deliveries: deliveryViews,
        versions: versions.map((v) => ({ version: v.version, stage: v.stage, submittedAt: v.submitted_at.toISOString() })),
        seenElsewhere: { otherReports: seen.sources, indicators: seenIndicators },
        abilities: {
          submitStage: row.current_stage !== 'final' && can(actor, 'update', { type: 'incident', reporterOrgId: row.reporter_org_id as OrgId, marking }),
        },
      };
    },

    async version(actor: Actor, id: string, version: number) {
      const { isReporter, via } = await load(actor, id);
      const v = await repo.version(db, id, version);
      if (!v) throw new NotFoundError();
      return { version: v.version, stage: v.stage, submittedAt: v.submitted_at.toISOString(), report: tailorReport(v.body as unknown as ReportBody, isReporter, via) };
    },

    /** What changed between two stages, as the caller may see them. */
    async diff(actor: Actor, id: string, from: number, to: number) {
      const { isReporter, via } = await load(actor, id);
      const a = tailorReport(await versionBody(id, from), isReporter, via);
      const b = tailorReport(await versionBody(id, to), isReporter, via);
      return { from, to, changes: diffJson(a, b) };
    },

    /** Export data: the caller's view plus what the STIX export needs to name or anonymise the reporter. */
    async exportData(actor: Actor, id: string) {
      const { row, isReporter, via } = await load(actor, id, 'incident.export');
      const body = await versionBody(id, row.version);
      const reporter = await repo.reporterOrg(db, row.reporter_org_id);
      return { row, reporter, report: tailorReport(body, isReporter, via), mayName: row.sharing.nameInIntel };
    },

    async setStatus(actor: Actor, id: string, deliveryId: string, status: string) {
      const { row, deliveries } = await load(actor, id);
      const d = deliveries.find((x) => x.id === deliveryId);
      if (!d) throw new NotFoundError();
      authorize(actor, 'update', { type: 'incident_delivery', reporterOrgId: row.reporter_org_id as OrgId, recipientOrgId: d.recipient_org_id as OrgId | null, marking: reportMarking(row) });
      await platform.transaction(async (trx) => {
        const now = new Date();
        await repo.setStatus(trx, deliveryId, status, now);
        await repo.touchReport(trx, id, now);
        await platform.audit.inTransaction(trx, [{ actor, action: 'incident.status', resourceType: 'incident_delivery', resourceId: deliveryId, detail: { status } }]);
        await emit(trx, [{ type: 'incident.status_changed', payload: { reportId: id, deliveryId, status }, visibility: deliveryMarking(row.reporter_org_id, d.recipient_org_id) }]);
      });
    },

    async postMessage(actor: Actor, id: string, deliveryId: string, body: string) {
      const { row, deliveries } = await load(actor, id);
      const d = deliveries.find((x) => x.id === deliveryId);
      if (!d || d.recipient_org_id === null) throw new NotFoundError();
      authorize(actor, 'create', { type: 'incident_delivery', reporterOrgId: row.reporter_org_id as OrgId, recipientOrgId: d.recipient_org_id as OrgId, marking: reportMarking(row) });
      const message = { id: crypto.randomUUID(), delivery_id: deliveryId, author_org_id: actor.orgId, author_user_id: actor.userId as UserId, body, created_at: new Date() };
      await platform.transaction(async (trx) => {
        await repo.insertMessage(trx, message);
        await repo.touchReport(trx, id, message.created_at);
        await platform.audit.inTransaction(trx, [{ actor, action: 'incident.message', resourceType: 'incident_delivery', resourceId: deliveryId }]);
        await emit(trx, [{ type: 'incident.message', payload: { reportId: id, deliveryId, messageId: message.id }, visibility: deliveryMarking(row.reporter_org_id, d.recipient_org_id) }]);
      });
      return { id: message.id, createdAt: message.created_at.toISOString() };
    },
  };
}

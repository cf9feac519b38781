import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Db } from '../../platform/db/database.js';
import { auditPendingRows } from '../../platform/audit/audit-log.js';
import { committedEvents, emit, outboxRows, type NewEvent } from '../../platform/events/outbox.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import type { IdempotencyKeyRow } from '../../platform/http/idempotency.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { uniqueIndicators } from './indicators.js';
import { deliveryMarking, reportMarking } from './marking.js';
import { dueAt, planDeliveries, stageSatisfiedBy, type PlannedDelivery, type Regime } from './regimes.js';
import { GroupCommit } from './group-commit.js';
import { incidentsRepository as repo, type Submission } from './repository.js';
import type { ReportBody, ReportStage, Sharing, SubmitReport } from './schema.js';

/**
 * Group commit of filings (group-commit.ts). On PostgreSQL two statements may run at once: one being
 * executed while the next batch gathers. Embedded PGlite runs one statement at a time, on this thread:
 * filings there gather for one event-loop turn instead, and a second statement in flight would only
 * wait in its queue.
 * RENKEI_INCIDENTS_GROUP_COMMIT=off files one by one, as before (for comparisons).
 */
function groupCommitOptions(kind: 'pglite' | 'postgres') {
  if (process.env.RENKEI_INCIDENTS_GROUP_COMMIT === 'off') return { maxInFlight: Infinity, maxBatch: 1, rolledBack };
  return kind === 'postgres' ? { maxInFlight: 2, maxBatch: 64, rolledBack } : { maxInFlight: 1, maxBatch: 64, gatherOneTurn: true, rolledBack };
}

/**
 * For a report's update or final report submitted at `now`: when a later stage first made each regime
 * apply (its first delivery's creation; `now` for a regime this one brings in), undefined for those
 * that applied from filing. A `notBeforeReported` clock starts no earlier, on this version and every
 * later one. A regime of the filing itself needs no floor: the report's times precede its filing.
 */
function laterStageReportedAt(deliveries: { regime: string; created_at: Date }[], filedAt: Date, now: Date): (regimeCode: string) => Date | undefined {
  const first = new Map<string, Date>();
  for (const d of deliveries) {
    const seen = first.get(d.regime);
    if (!seen || d.created_at < seen) first.set(d.regime, d.created_at);
  }
  return (code) => {
    const at = first.get(code);
    if (!at) return now;
    return at > filedAt ? at : undefined;
  };
}

/**
 * PostgreSQL answered the statement with an error (an SQLSTATE): it rolled back whole. A lost
 * connection carries no SQLSTATE, and the statement may have committed.
 */
function rolledBack(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export interface SubmitResult {
  id: string;
  reference: string;
  version: number;
  deliveries: { regime: string; recipientOrgId: string | null; externalRecipient: string | null }[];
}

/** Filing and updating reports: one submission, one delivery per recipient, each on its own clock. */
export function incidentsService(platform: Platform, regimes: Regime[]) {
  const { db, law } = platform;
  const regimeByCode = new Map(regimes.map((r) => [r.code, r]));
  // Organisations and authority holders change rarely; every filing needs them. A few seconds of
  // staleness only delays a directory change reaching routing, never a report.
  const orgCache = new LRUCache<string, { id: string; name: string; name_en: string; sectors: string[]; kind: string }>({ max: 10_000, ttl: 10_000 });
  const authorityCache = new LRUCache<string, { id: string; authority: string | null }[]>({ max: 1_000, ttl: 10_000 });
  // Report numbers come from the database sequence, reserved a block at a time, so a filing needs no
  // round trip of its own to learn its reference.
  // Concurrent filings that find the block empty wait for one refill instead of each reserving one.
  let numbers: number[] = [];
  let refill: Promise<void> | null = null;
  async function nextReference(q: Db): Promise<string> {
    while (numbers.length === 0) {
      refill ??= repo
        .reserveReferenceNumbers(q, 100)
        .then((block) => void numbers.push(...block))
        .finally(() => (refill = null));
      await refill;
    }
    return `RK-${new Date().getUTCFullYear()}-${String(numbers.shift()!).padStart(6, '0')}`;
  }
  async function reporterOrg(q: Db, orgId: string) {
    const hit = orgCache.get(orgId);
    if (hit) return hit;
    const org = await repo.reporterOrg(q, orgId);
    orgCache.set(orgId, org);
    return org;
  }

  // Filings in flight at the same moment share one statement and one COMMIT (group-commit.ts).
  const filers = new WeakMap<Db, GroupCommit<Submission, { seq: number; id: string; created_at: Date }[]>>();
  function filer(q: Db) {
    let f = filers.get(q);
    if (!f) {
      f = new GroupCommit(async (batch: Submission[]) => {
        const stored = await repo.insertSubmissions(q, batch);
        // Each filing gets back the outbox rows of its own events.
        const byId = new Map(stored.map((s) => [s.id, s]));
        return batch.map((b) => b.outbox.map((o) => byId.get(o.id)!));
      }, groupCommitOptions(platform.database.kind));
      filers.set(q, f);
    }
    return f;
  }

  function checkSharing(sharing: Sharing, lang: Lang) {
    const fields = sharing.optionalRegimes
      .map((code, i) => ({ code, i, regime: regimeByCode.get(code) }))
      .filter((x) => !x.regime?.optional)
      .map((x) => ({ path: `sharing.optionalRegimes[${x.i}]`, message: lang === 'ja' ? `選択できる任意の報告先ではありません: ${x.code}` : `Not an optional recipient: ${x.code}` }));
    if (fields.length) throw new ValidationError(fields);
  }

  /**
   * An update may add optional recipients, never drop one: the report they received cannot be
   * withdrawn. Leaving one out is refused rather than quietly ignored, since whoever sent the request
   * believes they withdrew it.
   */
  function checkNotWithdrawn(before: Sharing, requested: Sharing, lang: Lang) {
    const dropped = before.optionalRegimes.filter((code) => !requested.optionalRegimes.includes(code));
    if (dropped.length === 0) return;
    const names = dropped.map((code) => {
      const regime = regimeByCode.get(code);
      return (lang === 'ja' ? regime?.name : regime?.nameEn) ?? code;
    });
    throw new ValidationError([
      {
        path: 'sharing.optionalRegimes',
        message:
          lang === 'ja'
            ? `共有済みの報告先は外せません（届いた報告は取り消せません）: ${names.join('、')}`
            : `Recipients already shared with cannot be removed (a delivered report cannot be withdrawn): ${names.join(', ')}`,
      },
    ]);
  }

  /**
   * A linked asset must be one the reporter owns or operates (assets capability): an id of someone
   * else's asset, or of none, was stored as given and shown to recipients as a link to nothing. One
   * query, only when the report links assets.
   */
  async function checkAssets(q: Db, reporterOrgId: string, report: ReportBody, lang: Lang) {
    const linked = report.affectedSystems.flatMap((s, i) => (s.assetId ? [{ id: s.assetId, i }] : []));
    if (linked.length === 0) return;
    const known = new Set(await repo.reporterAssetIds(q, reporterOrgId, [...new Set(linked.map((l) => l.id))]));
    const fields = linked
      .filter((l) => !known.has(l.id))
      .map((l) => ({ path: `report.affectedSystems[${l.i}].assetId`, message: lang === 'ja' ? '自組織が登録・運用している資産ではありません。' : 'Not an asset your organisation has registered or operates.' }));
    if (fields.length) throw new ValidationError(fields);
  }

  /** Turns planned regimes into concrete recipients: authority codes become the organisations that hold them. */
  async function resolve(trx: Db, plans: PlannedDelivery[]) {
    const codes = [...new Set(plans.flatMap((p) => ('authorities' in p.recipient ? p.recipient.authorities : [])))].sort();
    const cacheKey = codes.join(',');
    let orgs = authorityCache.get(cacheKey);
    if (!orgs) {
      orgs = await repo.authorityOrgs(trx, codes);
      authorityCache.set(cacheKey, orgs);
    }
    const out: { plan: PlannedDelivery; recipientOrgId: string | null; external: string | null }[] = [];
    for (const plan of plans) {
      const spec = plan.recipient;
      if ('external' in spec) out.push({ plan, recipientOrgId: null, external: spec.external });
      else for (const o of orgs.filter((g) => spec.authorities.includes(g.authority!))) out.push({ plan, recipientOrgId: o.id, external: null });
    }
    return out;
  }

  /**
   * The deadlines a new version moves: every stage still owed is due by the same rules as at filing,
   * now read from this version (another incident type, an earlier detection time); a satisfied stage
   * keeps the deadline it was met or missed against. A stage whose regime no longer applies is still
   * owed (nothing delivered is withdrawn) and moves with it.
   */
  function rescheduled(
    deliveries: { id: string; regime: string }[],
    stages: { delivery_id: string; stage: string; due_at: Date | null; satisfied_at: Date | null }[],
    report: ReportBody,
    reportedAt: (regimeCode: string) => Date | undefined,
  ) {
    const regimeOf = new Map(deliveries.map((d) => [d.id, regimeByCode.get(d.regime)]));
    return stages.flatMap((s) => {
      const regime = regimeOf.get(s.delivery_id);
      const def = regime?.stages.find((x) => x.code === s.stage);
      if (s.satisfied_at || !regime || !def) return [];
      const due = dueAt(def, report, reportedAt(regime.code));
      if ((due?.getTime() ?? null) === (s.due_at?.getTime() ?? null)) return [];
      // An overdue notice named the old deadline; a later one (or none) may fall due again and deserves its own notice.
      const later = !due || (s.due_at !== null && due > s.due_at);
      return [{ deliveryId: s.delivery_id, stage: s.stage, dueAt: due, clearOverdueNotice: later }];
    });
  }

  /** The recipient organisations whose regime shows them a report's indicators. */
  function indicatorReaders(deliveries: { regime: string; recipientOrgId: string | null }[]): string[] {
    const sees = (code: string) => {
      const fields = regimeByCode.get(code)?.fields;
      return fields === '*' || (fields?.includes('indicators') ?? false);
    };
    return [...new Set(deliveries.flatMap((d) => (d.recipientOrgId && sees(d.regime) ? [d.recipientOrgId] : [])))];
  }

  function submittedEvent(row: { id: string; reference: string; owner_org_id: string } & Parameters<typeof reportMarking>[0], stage: ReportStage, version: number, report: ReportBody, nameInIntel: boolean): NewEvent {
    return {
      type: 'incident.submitted',
      // nameInIntel: whether derived notices (supply-chain alerts to the reporter's customers) may name the reporter.
      payload: { id: row.id, reference: row.reference, stage, version, type: report.type, title: report.title, reporterOrgId: row.owner_org_id, nameInIntel },
      visibility: reportMarking(row),
    };
  }

  /**
   * Indicators for the intelligence hub, visible to the national hub only; the reporter is named only
   * when it allowed derived intelligence to name it.
   */
  function indicatorsEvent(
    reportId: string,
    reporter: { id: string; sectors: string[] },
    sharing: Sharing,
    indicators: { kind: string; value: string }[],
    hubOrgIds: string[],
    deliveries: { regime: string; recipientOrgId: string | null }[],
  ): NewEvent | null {
    if (indicators.length === 0 || hubOrgIds.length === 0) return null;
    return {
      type: 'incident.indicators',
      // `readers`: who may count this report's sightings in where-seen — the recipients shown its
      // indicators (a ministry that received two reports naming one address sees that; the PPC, not
      // shown indicators, does not). The event itself stays the hub's.
      payload: { reportId, indicators, sectors: reporter.sectors, reporterOrgId: sharing.nameInIntel ? reporter.id : null, readers: indicatorReaders(deliveries) },
      visibility: marking({ tlp: 'amber+strict', recipientOrgIds: hubOrgIds as OrgId[] }),
    };
  }

  return {
    regimes,

    /**
     * Files a new report (stage `initial`) in ONE statement on `q` (atomic without a transaction);
     * `keyRows` gives the stored answer to the request's Idempotency-Key, written in that statement.
     */
    async submit(actor: Actor, q: Db, input: SubmitReport, lang: Lang, keyRows: (result: SubmitResult) => IdempotencyKeyRow[] = () => []): Promise<SubmitResult> {
      // Its events are delivered as soon as the statement returns: that must be the commit.
      if (q.isTransaction) throw new Error('submit runs as one statement, outside a transaction');
      authorize(actor, 'create', { type: 'incidents' });
      checkSharing(input.sharing, lang);
      await checkAssets(q, actor.orgId, input.report, lang);
      const indicators = uniqueIndicators(input.report.indicators);
      const report: ReportBody = { ...input.report, indicators };
      const reporter = await reporterOrg(q, actor.orgId);
      const plans = planDeliveries(regimes, law, { report, reporterSectors: reporter.sectors, optionalRegimes: input.sharing.optionalRegimes });
      const recipients = await resolve(q, plans);
      const now = new Date();
      const id = crypto.randomUUID();
      const reference = await nextReference(q);
      const recipientOrgIds = [...new Set(recipients.flatMap((r) => (r.recipientOrgId ? [r.recipientOrgId] : [])))];
      const row = {
        id,
        reference,
        reporter_org_id: actor.orgId,
        created_by: actor.userId,
        type: report.type,
        title: report.title,
        current_stage: 'initial',
        version: 1,
        detected_at: new Date(report.detectedAt),
        personal_data: report.personalData.involved,
        business_impact: report.businessImpact,
        sharing: JSON.stringify(input.sharing),
        submitted_at: now,
        updated_at: now,
        tlp: 'amber+strict',
        clearance: 'none',
        owner_org_id: actor.orgId,
        recipient_org_ids: recipientOrgIds,
        recipient_sectors: [],
        recipient_user_ids: [],
      };
      const deliveries = recipients.map((r) => ({ id: crypto.randomUUID(), report_id: id, regime: r.plan.regime.code, recipient_org_id: r.recipientOrgId, external_recipient: r.external, created_at: now, plan: r.plan }));
      const stages = deliveries.flatMap((d) =>
        d.plan.stages.map(({ stage, dueAt }) => {
          const done = stageSatisfiedBy(stage, 'initial', report);
          return { delivery_id: d.id, stage: stage.code, due_at: dueAt, satisfied_version: done ? 1 : null, satisfied_at: done ? now : null, overdue_notified_at: null };
        }),
      );
      const hubOrgIds = recipients.filter((r) => r.plan.regime.code === 'nco' && r.recipientOrgId).map((r) => r.recipientOrgId!);
      const events = [submittedEvent(row, 'initial', 1, report, input.sharing.nameInIntel), indicatorsEvent(id, reporter, input.sharing, indicators, hubOrgIds, deliveries.map((d) => ({ regime: d.regime, recipientOrgId: d.recipient_org_id })))].filter((e): e is NewEvent => e !== null);
      const result: SubmitResult = {
        id,
        reference,
        version: 1,
        deliveries: deliveries.map((d) => ({ regime: d.regime, recipientOrgId: d.recipient_org_id, externalRecipient: d.external_recipient })),
      };
      // The report, its deliveries, clocks, events (its indicators among them), audit entry, draft and answer: one statement.
      const outbox = outboxRows(events);
      const stored = await filer(q).submit({
        report: row,
        version: { report_id: id, version: 1, stage: 'initial', body: JSON.stringify(report), submitted_at: now, submitted_by: actor.userId },
        deliveries: deliveries.map(({ plan: _plan, ...d }) => d),
        stages,
        outbox,
        audit: auditPendingRows([{ actor, action: 'incident.submit', resourceType: 'incident', resourceId: id, detail: { reference, stage: 'initial', recipients: deliveries.map((d) => d.regime) } }], now),
        idempotency: keyRows(result),
        // Only the caller's own draft: another user's draft id is ignored, as before.
        draft: input.draftId ? { id: input.draftId, userId: actor.userId } : null,
      });
      // Committed (one statement, no transaction): recipients hear of it now, without an outbox round.
      platform.events.deliverCommitted(committedEvents(outbox, stored));
      return result;
    },

    /**
     * Adds an update or the final report. New regimes that now apply (personal data found, a ransom
     * paid) get their deliveries and clocks; nothing already delivered is withdrawn.
     */
    async submitStage(actor: Actor, trx: Db, reportId: string, input: { stage: 'update' | 'final'; report: ReportBody; sharing?: Sharing }, lang: Lang): Promise<SubmitResult> {
      const current = await repo.findVisible(trx, reportId, actor);
      if (!current) throw new NotFoundError();
      authorize(actor, 'update', { type: 'incident', reporterOrgId: current.reporter_org_id as OrgId, marking: reportMarking(current) });
      if (current.current_stage === 'final') throw new ConflictError('report_final');
      const previousSharing = current.sharing;
      // Sharing can be widened, never narrowed: what was delivered stays delivered. Without `sharing`
      // the choices stand as they were.
      if (input.sharing) checkNotWithdrawn(previousSharing, input.sharing, lang);
      const sharing: Sharing = {
        optionalRegimes: [...new Set([...previousSharing.optionalRegimes, ...(input.sharing?.optionalRegimes ?? [])])],
        nameInIntel: input.sharing?.nameInIntel ?? previousSharing.nameInIntel,
      };
      checkSharing(sharing, lang);
      await checkAssets(trx, current.reporter_org_id, input.report, lang);
      const indicators = uniqueIndicators(input.report.indicators);
      const report: ReportBody = { ...input.report, indicators };
      const version = current.version + 1;
      const now = new Date();
      const reporter = await reporterOrg(trx, current.reporter_org_id);
      const existing = await repo.deliveriesOf(trx, reportId);
      const existingStages = await repo.stagesOf(trx, existing.map((d) => d.id));
      const reportedAt = laterStageReportedAt(existing, current.submitted_at, now);
      const plans = planDeliveries(regimes, law, { report, reporterSectors: reporter.sectors, optionalRegimes: sharing.optionalRegimes, reportedAt });
      const recipients = await resolve(trx, plans);
      const key = (regime: string, org: string | null, ext: string | null) => `${regime}|${org ?? ext}`;
      const byKey = new Map(existing.map((d) => [key(d.regime, d.recipient_org_id, d.external_recipient), d]));

      const newDeliveries: { id: string; report_id: string; regime: string; recipient_org_id: string | null; external_recipient: string | null; created_at: Date }[] = [];
      const newStages: { delivery_id: string; stage: string; due_at: Date | null; satisfied_version: number | null; satisfied_at: Date | null }[] = [];
      const satisfy: { deliveryId: string; stage: string }[] = [];
      for (const r of recipients) {
        const found = byKey.get(key(r.plan.regime.code, r.recipientOrgId, r.external));
        const deliveryId = found?.id ?? crypto.randomUUID();
        if (!found) newDeliveries.push({ id: deliveryId, report_id: reportId, regime: r.plan.regime.code, recipient_org_id: r.recipientOrgId, external_recipient: r.external, created_at: now });
        for (const { stage, dueAt } of r.plan.stages) {
          const have = existingStages.find((s) => s.delivery_id === deliveryId && s.stage === stage.code);
          const done = stageSatisfiedBy(stage, input.stage, report);
          if (!have) newStages.push({ delivery_id: deliveryId, stage: stage.code, due_at: dueAt, satisfied_version: done ? version : null, satisfied_at: done ? now : null });
          else if (!have.satisfied_at && done) satisfy.push({ deliveryId, stage: stage.code });
        }
      }
      await repo.insertDeliveries(trx, newDeliveries);
      await repo.insertStages(trx, newStages);
      // Before satisfying: a stage this submission satisfies is judged late or not against its deadline
      // under this version (a final report on day 45 that shows an attack meets the PPC's 60 days).
      for (const r of rescheduled(existing, existingStages, report, reportedAt)) await repo.rescheduleStage(trx, r.deliveryId, r.stage, r.dueAt, r.clearOverdueNotice);
      for (const s of satisfy) await repo.satisfyStage(trx, s.deliveryId, s.stage, version, now);
      const recipientOrgIds = [...new Set([...current.recipient_org_ids, ...recipients.flatMap((r) => (r.recipientOrgId ? [r.recipientOrgId] : []))])];
      await repo.updateReport(trx, reportId, {
        current_stage: input.stage,
        version,
        title: report.title,
        type: report.type,
        detected_at: new Date(report.detectedAt),
        personal_data: report.personalData.involved,
        business_impact: report.businessImpact,
        sharing: JSON.stringify(sharing),
        updated_at: now,
        recipient_org_ids: recipientOrgIds,
      });
      await repo.insertVersion(trx, { report_id: reportId, version, stage: input.stage, body: JSON.stringify(report), submitted_at: now, submitted_by: actor.userId });
      await platform.audit.inTransaction(trx, [
        { actor, action: 'incident.submit', resourceType: 'incident', resourceId: reportId, detail: { reference: current.reference, stage: input.stage, version, newRecipients: newDeliveries.map((d) => d.regime) } },
      ]);
      const updatedRow = { ...current, owner_org_id: current.reporter_org_id, recipient_org_ids: recipientOrgIds };
      const hubOrgIds = recipients.filter((r) => r.plan.regime.code === 'nco' && r.recipientOrgId).map((r) => r.recipientOrgId!);
      const all = [...existing.map((d) => ({ regime: d.regime, recipientOrgId: d.recipient_org_id, externalRecipient: d.external_recipient })), ...newDeliveries.map((d) => ({ regime: d.regime, recipientOrgId: d.recipient_org_id, externalRecipient: d.external_recipient }))];
      const events = [submittedEvent(updatedRow, input.stage, version, report, sharing.nameInIntel), indicatorsEvent(reportId, reporter, sharing, indicators, hubOrgIds, all)];
      await emit(trx, events.filter((e): e is NewEvent => e !== null));
      return { id: reportId, reference: current.reference, version, deliveries: all };
    },

    /** Flags stages past their deadline, once each, and tells the reporter and that recipient. */
    async checkOverdue(now = new Date()): Promise<number> {
      return platform.transaction(async (trx) => {
        const rows = await repo.claimOverdue(trx, now);
        if (rows.length === 0) return 0;
        const reports = new Map<string, string>();
        for (const r of rows) {
          if (!reports.has(r.report_id)) reports.set(r.report_id, (await repo.findReport(trx, r.report_id))!.reporter_org_id);
        }
        await emit(
          trx,
          rows.map((r) => ({
            type: 'incident.stage_overdue',
            payload: { reportId: r.report_id, regime: r.regime, stage: r.stage, dueAt: r.due_at.toISOString() },
            visibility: deliveryMarking(reports.get(r.report_id)!, r.recipient_org_id),
          })),
        );
        await platform.audit.inTransaction(trx, rows.map((r) => ({ actor: null, action: 'incident.stage_overdue', resourceType: 'incident', resourceId: r.report_id, detail: { regime: r.regime, stage: r.stage } })));
        return rows.length;
      });
    },
  };
}

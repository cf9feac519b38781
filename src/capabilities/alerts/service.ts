import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { OrgId, UserId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, can, isRestricted, marking, markingOf, type Marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { toCapXml } from './cap.js';
import { loadEscalationPolicy, nextEscalationAt, type EscalationPolicy } from './escalation.js';
import { ackFigures, capAlertOf, infosOf, presentAlert, type AlertRow } from './present.js';
import { alertsRepository as repo } from './repository.js';
import type { IssueAlert, Severity } from './schema.js';
import { invalid, type AlertText } from './texts.js';

/** Who may see an alert: Public → every member; otherwise the addressees, their overseers and the issuer. */
export function alertMarking(a: { scope: string; issuerOrgId: string; sectors: readonly string[]; orgIds: readonly string[]; overseerOrgIds: readonly string[] }): Marking {
  return marking({
    tlp: a.scope === 'Public' ? 'green' : 'amber+strict',
    ownerOrgId: a.issuerOrgId as OrgId,
    recipientOrgIds: [...new Set([...a.orgIds, ...a.overseerOrgIds])] as OrgId[],
    recipientSectors: a.scope === 'Private' ? [] : [...a.sectors],
  });
}

export interface IssueOptions {
  /** Set by an exercise: the alert carries CAP status Exercise and the exercise's id. */
  exerciseId?: string;
  sentAt?: Date;
}

/** National alerts: issued by the hub or a ministry, acknowledged per recipient organisation, escalated when not. */
export function alertsService(platform: Platform, policy: EscalationPolicy = loadEscalationPolicy()) {
  const { db, law } = platform;

  async function loadVisible(actor: Actor, id: string): Promise<AlertRow> {
    const row = await repo.find(db, id);
    if (!row) throw new NotFoundError();
    authorize(actor, 'read', { type: 'alert', issuerOrgId: row.issuer_org_id as OrgId, marking: markingOf(row) });
    return row;
  }

  async function issuerOf(row: AlertRow) {
    const [o] = await repo.orgsByIds(db, [row.issuer_org_id]);
    return { slug: o!.slug, name: o!.name, nameEn: o!.name_en };
  }

  /** Checks the request against law and policy; returns the addressees and who oversees them. */
  async function resolveAddressing(trx: Db, actor: Actor, input: IssueAlert, lang: Lang) {
    const errors: { path: string; text: AlertText }[] = [];
    input.sectors.forEach((s, i) => law.sector(s) || errors.push({ path: `sectors.${i}`, text: 'unknown_sector' }));
    const named = await repo.orgsByIds(trx, input.organizations);
    input.organizations.forEach((id, i) => named.some((o) => o.id === id) || errors.push({ path: `organizations.${i}`, text: 'unknown_org' }));
    if (input.sectors.length === 0 && input.organizations.length === 0) errors.push({ path: 'sectors', text: 'no_addressee' });
    if (input.scope === 'Private' && input.sectors.length) errors.push({ path: 'scope', text: 'private_orgs_only' });
    if (input.msgType === 'Alert' && input.references.length) errors.push({ path: 'references', text: 'references_not_allowed' });
    if (input.msgType !== 'Alert' && input.references.length === 0) errors.push({ path: 'references', text: 'references_required' });
    if (input.expiresAt && new Date(input.expiresAt) <= new Date()) errors.push({ path: 'expiresAt', text: 'expires_past' });
    if (errors.length) throw invalid(lang, errors);
    // A ministry addresses only its competent sectors and organisations inside them (platform/policy).
    authorize(actor, 'issue', { type: 'alert_addressing', sectors: input.sectors, orgSectors: named.map((o) => o.sectors) });
    const inSectors = await repo.companiesInSectors(trx, input.sectors);
    const recipients = new Map([...named, ...inSectors].filter((o) => o.id !== actor.orgId).map((o) => [o.id, o]));
    const authorities = new Set([...recipients.values()].flatMap((o) => o.sectors).flatMap((s) => law.sector(s)?.competentAuthorities ?? []));
    const overseers = await repo.overseers(trx, [...authorities]);
    return { named, recipients: [...recipients.values()], overseerOrgIds: overseers.map((o) => o.id) };
  }

  /** Update / Cancel refer to earlier alerts of the same issuer, of the same kind (real or exercise). */
  async function checkReferences(trx: Db, actor: Actor, ids: string[], exerciseId: string | null) {
    const rows = await repo.findMany(trx, ids);
    for (const id of ids) {
      const r = rows.find((x) => x.id === id);
      if (!r || r.exercise_id !== exerciseId) throw new NotFoundError();
      authorize(actor, 'update', { type: 'alert', issuerOrgId: r.issuer_org_id as OrgId, marking: markingOf(r) });
    }
    return rows;
  }

  return {
    /** Issues an alert (or an Update / Cancel) in the caller's transaction; webhooks are queued with it. */
    async issue(actor: Actor, trx: Db, input: IssueAlert, lang: Lang, opts: IssueOptions = {}) {
      authorize(actor, 'issue', { type: 'alerts' });
      const exerciseId = opts.exerciseId ?? null;
      await checkReferences(trx, actor, input.references, exerciseId);
      const { named, recipients, overseerOrgIds } = await resolveAddressing(trx, actor, input, lang);
      const id = crypto.randomUUID();
      const sentAt = opts.sentAt ?? new Date();
      const status = exerciseId ? 'Exercise' : input.status;
      const m = alertMarking({ scope: input.scope, issuerOrgId: actor.orgId, sectors: input.sectors, orgIds: named.map((o) => o.id), overseerOrgIds });
      await repo.insertAlert(trx, {
        id,
        status,
        msg_type: input.msgType,
        references_ids: input.references,
        scope: input.scope,
        category: input.category,
        severity: input.severity,
        urgency: input.urgency,
        certainty: input.certainty,
        response_type: input.responseType,
        infos: JSON.stringify(input.info),
        addressed_sectors: input.sectors,
        addressed_org_ids: named.map((o) => o.id),
        issuer_org_id: actor.orgId,
        issued_by: actor.userId,
        sent_at: sentAt,
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
        exercise_id: exerciseId,
        tlp: m.tlp,
        clearance: m.clearance,
        owner_org_id: actor.orgId,
        created_by: actor.userId,
        recipient_org_ids: [...m.recipientOrgIds],
        recipient_sectors: [...m.recipientSectors],
        recipient_user_ids: [],
      });
      // Test messages are for checking the pipes: nobody is chased for not acknowledging them.
      const firstStep = status === 'Test' ? null : nextEscalationAt(policy, input.severity as Severity, sentAt, 0);
      await repo.insertRecipients(trx, recipients.map((o) => ({ alert_id: id, org_id: o.id, org_sectors: o.sectors, escalate_at: firstStep })));
      await repo.stopEscalating(trx, input.references);
      const webhooks = await repo.queueDeliveries(trx, id, recipients.map((o) => o.id), () => crypto.randomUUID());
      await emit(trx, [{ type: 'alert.issued', payload: { alertId: id, status, msgType: input.msgType, severity: input.severity, headline: input.info.ja.headline, exerciseId }, visibility: m }]);
      await platform.audit.inTransaction(trx, [{ actor, action: 'alert.issue', resourceType: 'alert', resourceId: id, detail: { status, msgType: input.msgType, severity: input.severity, recipients: recipients.length, webhooks, exerciseId } }]);
      return { id, status, msgType: input.msgType, sentAt: sentAt.toISOString(), recipients: recipients.length };
    },

    async list(actor: Actor, f: Parameters<typeof repo.listVisible>[2]) {
      authorize(actor, 'list', { type: 'alerts' });
      return repo.listVisible(db, actor, f);
    },

    /** One alert as the caller may see it, with its acknowledgements when the caller may manage them. */
    async get(actor: Actor, id: string) {
      const row = await loadVisible(actor, id);
      if (isRestricted(markingOf(row))) await platform.audit.record({ actor, action: 'alert.read', resourceType: 'alert', resourceId: id });
      const resource = { type: 'alert' as const, issuerOrgId: row.issuer_org_id as OrgId, marking: markingOf(row) };
      const manage = can(actor, 'manage', resource);
      // A competent ministry sees the acknowledgement of the organisations in its sectors only.
      const scope = manage ? undefined : actor.orgKind === 'ministry' ? { sectors: actor.competentSectors } : { orgId: actor.orgId };
      const recipients = await repo.recipients(db, id, scope);
      const all = manage ? recipients : await repo.recipients(db, id);
      const mine = recipients.find((r) => r.org_id === actor.orgId) ?? null;
      const successors = await repo.successors(db, id, actor);
      return {
        ...presentAlert(row, await issuerOf(row)),
        cancelled: successors.some((s) => s.msg_type === 'Cancel'),
        successors: successors.map((s) => ({ id: s.id, msgType: s.msg_type, sentAt: s.sent_at.toISOString() })),
        acknowledgement: mine && { acknowledgedAt: mine.acknowledged_at?.toISOString() ?? null, by: mine.acknowledged_by_name, note: mine.note },
        figures: manage ? ackFigures(all.length, all.filter((r) => r.acknowledged_at).length) : null,
        recipients:
          manage || actor.orgKind === 'ministry'
            ? recipients.map((r) => ({
                orgId: r.org_id,
                slug: r.slug,
                name: r.name,
                nameEn: r.name_en,
                sectors: r.org_sectors,
                acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
                by: r.acknowledged_by_name,
                note: r.note,
                escalationLevel: r.escalation_level,
              }))
            : null,
        abilities: {
          acknowledge: mine !== null && mine.acknowledged_at === null && can(actor, 'update', { type: 'alert_acknowledgement', recipientOrgId: actor.orgId, marking: markingOf(row) }),
          update: can(actor, 'update', resource),
          manage,
        },
      };
    },

    /** The recipient organisation acknowledges (once; a repeat answers with the first acknowledgement). */
    async acknowledge(actor: Actor, id: string, note: string | undefined, now = new Date()) {
      const row = await loadVisible(actor, id);
      const mine = await repo.recipient(db, id, actor.orgId);
      if (!mine) throw new NotFoundError();
      authorize(actor, 'update', { type: 'alert_acknowledgement', recipientOrgId: actor.orgId, marking: markingOf(row) });
      return platform.transaction(async (trx) => {
        const at = now;
        const done = await repo.acknowledge(trx, id, actor.orgId, actor.userId, note ?? null, at);
        if (!done) return { alertId: id, acknowledgedAt: mine.acknowledged_at!.toISOString(), already: true };
        const visibility = marking({ tlp: 'amber+strict', ownerOrgId: row.issuer_org_id as OrgId, recipientOrgIds: [actor.orgId, ...(markingOf(row).recipientOrgIds)] });
        await emit(trx, [{ type: 'alert.acknowledged', payload: { alertId: id, orgId: actor.orgId, acknowledgedAt: at.toISOString(), exerciseId: row.exercise_id }, visibility }]);
        await platform.audit.inTransaction(trx, [{ actor, action: 'alert.acknowledge', resourceType: 'alert', resourceId: id, detail: { note: note ?? null } }]);
        return { alertId: id, acknowledgedAt: at.toISOString(), already: false };
      });
    },

    /** The alert as CAP 1.2 XML (valid against cap-schema/CAP-v1.2.xsd). */
    async capXml(actor: Actor, id: string): Promise<string> {
      const row = await loadVisible(actor, id);
      if (isRestricted(markingOf(row))) await platform.audit.record({ actor, action: 'alert.export', resourceType: 'alert', resourceId: id, detail: { format: 'cap-1.2' } });
      return capXmlOf(row);
    },

    /** CAP XML of a stored alert, for the system itself (webhook deliveries): no reader to check. */
    capXmlOf,

    /** Escalated, unacknowledged recipients the caller answers for (ministry: its sectors; hub: all; company: itself). */
    async escalations(actor: Actor) {
      authorize(actor, 'list', { type: 'alerts' });
      const scope =
        actor.orgKind === 'national_hub'
          ? { sectors: null, orgId: null, minLevel: 2 }
          : actor.orgKind === 'ministry'
            ? { sectors: actor.competentSectors, orgId: null, minLevel: 2 }
            : { sectors: null, orgId: actor.orgId, minLevel: 1 };
      return repo.escalated(db, actor, scope);
    },

    /** Sent and acknowledgement times of an exercise's alerts, per recipient (the exercise checks who may read them). */
    exerciseAcknowledgements(exerciseId: string) {
      return repo.exerciseAcknowledgements(db, exerciseId);
    },

    /** Moves every due, unacknowledged recipient one step: first its admins, then its ministry's view. */
    async escalateDue(now = new Date()): Promise<number> {
      return platform.transaction(async (trx) => {
        const due = await repo.claimEscalations(trx, now);
        for (const r of due) {
          const level = r.escalation_level + 1;
          await repo.setEscalation(trx, r.alert_id, r.org_id, level, now, nextEscalationAt(policy, r.severity as Severity, r.sent_at, level));
          const visibility =
            level === 1
              ? // Only the organisation's admins (TLP:RED to named people).
                marking({ tlp: 'red', recipientUserIds: (await repo.adminUserIds(trx, r.org_id)).map((u) => u.user_id as UserId) })
              : marking({
                  tlp: 'amber+strict',
                  ownerOrgId: r.issuer_org_id as OrgId,
                  recipientOrgIds: (await repo.overseers(trx, r.org_sectors.flatMap((s) => law.sector(s)?.competentAuthorities ?? []))).map((o) => o.id as OrgId),
                });
          await emit(trx, [{ type: 'alert.escalated', payload: { alertId: r.alert_id, orgId: r.org_id, level, exerciseId: r.exercise_id }, visibility }]);
        }
        if (due.length) await platform.audit.inTransaction(trx, [{ actor: null, action: 'alert.escalate', resourceType: 'alert', detail: { count: due.length } }]);
        return due.length;
      });
    },
  };

  async function capXmlOf(row: AlertRow): Promise<string> {
    const refs = await repo.findMany(db, row.references_ids);
    const orgs = await repo.orgsByIds(db, [...new Set([...row.addressed_org_ids, ...refs.map((r) => r.issuer_org_id)])]);
    const slug = (id: string) => orgs.find((o) => o.id === id)?.slug ?? id;
    return toCapXml(
      capAlertOf(row, {
        issuer: await issuerOf(row),
        orgSlugs: row.addressed_org_ids.map(slug),
        references: refs.map((r) => ({ id: r.id, issuerSlug: slug(r.issuer_org_id), sentAt: r.sent_at })),
        publicUrl: platform.config.publicUrl,
      }),
    );
  }
}

export type AlertsService = ReturnType<typeof alertsService>;
export { infosOf };

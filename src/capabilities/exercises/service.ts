import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, can, marking, markingOf, type Marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { IssueAlert } from '../alerts/schema.js';
import { alertsService, type AlertsService } from '../alerts/service.js';
import { presentExercise, presentInject, type ExerciseRow } from './present.js';
import { perOrgFigures, type ResponseItem } from './report.js';
import { exercisesRepository as repo } from './repository.js';
import type { CreateExercise, Inject, InjectKind, Respond } from './schema.js';
import { invalid } from './texts.js';

type Log = { error(obj: object, msg: string): void };

/** Who sees an exercise and its events: the organising body and the participants, nobody else. */
const exerciseMarking = (row: Pick<ExerciseRow, 'owner_org_id' | 'participant_org_ids'>): Marking =>
  marking({ tlp: 'amber+strict', ownerOrgId: row.owner_org_id as OrgId, recipientOrgIds: row.participant_org_ids as OrgId[] });

/** The alert an alert inject issues: addressed to the participants, carrying the exercise mark. */
function alertOf(content: Inject, participants: readonly string[]): IssueAlert {
  const ja = { event: content.headline.slice(0, 200), headline: content.headline, description: content.description, ...(content.instruction ? { instruction: content.instruction } : {}) };
  const en = content.headlineEn ? { event: content.headlineEn.slice(0, 200), headline: content.headlineEn, description: content.description } : undefined;
  return IssueAlert.parse({ severity: content.severity, urgency: 'Immediate', certainty: 'Observed', info: { ja, ...(en ? { en } : {}) }, organizations: participants, scope: 'Restricted' });
}

/**
 * Exercises: scenarios of timed injects run by the hub or a ministry against participating
 * organisations. Injects fire from the database's clock (fire_at), so a restart loses none and fires
 * none twice; everything they produce carries the exercise mark.
 */
export function exercisesService(platform: Platform, alerts: AlertsService = alertsService(platform)) {
  const { db } = platform;

  async function loadVisible(actor: Actor, id: string): Promise<ExerciseRow> {
    const row = await repo.find(db, id);
    if (!row) throw new NotFoundError();
    authorize(actor, 'read', { type: 'exercise', ownerOrgId: row.owner_org_id as OrgId, marking: markingOf(row) });
    return row;
  }
  const resourceOf = (row: ExerciseRow) => ({ type: 'exercise' as const, ownerOrgId: row.owner_org_id as OrgId, marking: markingOf(row) });

  /** Fires one claimed inject in the caller's transaction. */
  async function fire(trx: Db, inj: NonNullable<Awaited<ReturnType<typeof repo.claim>>>, issuer: Actor | null, now: Date) {
    const content = inj.content as unknown as Inject;
    let alertId: string | null = null;
    if (inj.kind === 'alert') {
      if (!issuer) throw new Error(`exercise ${inj.exercise_id}: its creator can no longer issue alerts`);
      alertId = (await alerts.issue(issuer, trx, alertOf(content, inj.participant_org_ids), 'ja', { exerciseId: inj.exercise_id, sentAt: now })).id;
    } else {
      await repo.insertResponses(trx, inj.participant_org_ids.map((org_id) => ({ inject_id: inj.id, exercise_id: inj.exercise_id, org_id, delivered_at: now })));
    }
    await repo.markFired(trx, inj.id, now, alertId);
    await emit(trx, [
      {
        type: 'exercise.inject',
        payload: { exerciseId: inj.exercise_id, injectId: inj.id, seq: inj.seq, kind: inj.kind, headline: content.headline, alertId },
        visibility: exerciseMarking(inj),
      },
    ]);
  }

  return {
    async create(actor: Actor, trx: Db, input: CreateExercise, lang: Lang) {
      authorize(actor, 'create', { type: 'exercises' });
      const named = await repo.orgsByIds(trx, input.participants);
      const errors: Parameters<typeof invalid>[1] = [];
      input.participants.forEach((id, i) => {
        if (id === actor.orgId) errors.push({ path: `participants[${i}]`, text: 'own_org' });
        else if (!named.some((o) => o.id === id)) errors.push({ path: `participants[${i}]`, text: 'unknown_org' });
      });
      if (errors.length) throw invalid(lang, errors);
      // A ministry exercises the organisations of its competent sectors only (the alert addressing rule).
      authorize(actor, 'issue', { type: 'alert_addressing', sectors: [], orgSectors: named.map((o) => o.sectors) });
      const id = crypto.randomUUID();
      const participants = [...new Set(input.participants)];
      const m = exerciseMarking({ owner_org_id: actor.orgId, participant_org_ids: participants });
      await repo.insertExercise(trx, {
        id,
        name: input.name,
        description: input.description,
        participant_org_ids: participants,
        tlp: m.tlp,
        clearance: m.clearance,
        owner_org_id: actor.orgId,
        created_by: actor.userId,
        recipient_org_ids: participants,
        recipient_sectors: [],
        recipient_user_ids: [],
      });
      await repo.insertInjects(
        trx,
        input.injects.map((inj, seq) => ({ id: crypto.randomUUID(), exercise_id: id, seq, offset_seconds: inj.offsetSeconds, kind: inj.kind, content: JSON.stringify(inj) })),
      );
      await platform.audit.inTransaction(trx, [{ actor, action: 'exercise.create', resourceType: 'exercise', resourceId: id, detail: { participants: participants.length, injects: input.injects.length } }]);
      return { id, state: 'draft' };
    },

    async list(actor: Actor) {
      authorize(actor, 'list', { type: 'exercises' });
      const rows = await repo.listVisible(db, actor, 200);
      return rows.map((r) => ({
        ...presentExercise(r, { slug: r.owner_slug, name: r.owner_name, nameEn: r.owner_name_en }),
        injects: r.inject_count,
        fired: r.fired_count,
        organiser: r.owner_org_id === actor.orgId,
      }));
    },

    /** The exercise as the caller may see it: the organiser sees the whole scenario, a participant what has fired. */
    async get(actor: Actor, id: string) {
      const row = await loadVisible(actor, id);
      // Exercises are TLP:AMBER+STRICT (the organiser and the participants): every read is audited.
      await platform.audit.record({ actor, action: 'exercise.read', resourceType: 'exercise', resourceId: id });
      const manage = can(actor, 'manage', resourceOf(row));
      const injects = await repo.injects(db, id, !manage);
      const mine = await repo.responses(db, id, actor.orgId);
      // The organiser reads every participant's answer (the synthetic reports); a participant its own.
      const all = manage ? await repo.responses(db, id) : [];
      const acks = (await alerts.exerciseAcknowledgements(id)).filter((a) => a.org_id === actor.orgId);
      const [owner] = await repo.orgsByIds(db, [row.owner_org_id!]);
      const participants = await repo.orgsByIds(db, row.participant_org_ids);
      const participating = row.participant_org_ids.includes(actor.orgId);
      return {
        ...presentExercise(row, { slug: owner!.slug, name: owner!.name, nameEn: owner!.name_en }),
        participants: participants.map((o) => ({ id: o.id, slug: o.slug, name: o.name, nameEn: o.name_en })),
        injects: injects.map((i) => {
          const r = mine.find((x) => x.inject_id === i.id);
          const ack = acks.find((a) => a.alert_id === i.alert_id);
          const answered = i.kind === 'alert' ? (ack?.acknowledged_at ?? null) : (r?.responded_at ?? null);
          return {
            ...presentInject(i),
            mine: participating && i.fired_at ? { respondedAt: answered?.toISOString() ?? null, note: r?.note ?? null, report: r?.report ?? null } : null,
            responses: manage
              ? all
                  .filter((x) => x.inject_id === i.id && x.responded_at)
                  .map((x) => {
                    const o = participants.find((p) => p.id === x.org_id);
                    return { orgId: x.org_id, name: o?.name ?? '', nameEn: o?.name_en ?? '', respondedAt: x.responded_at!.toISOString(), note: x.note, report: x.report };
                  })
              : null,
            canRespond:
              participating && row.state === 'running' && i.fired_at !== null && answered === null && (i.kind !== 'alert' ? r !== undefined : ack !== undefined) &&
              can(actor, 'update', { type: 'exercise_response', orgId: actor.orgId, marking: markingOf(row) }),
          };
        }),
        abilities: { manage, start: manage && row.state === 'draft', end: manage && row.state === 'running' },
      };
    },

    async start(actor: Actor, id: string, lang: Lang, now = new Date()) {
      const row = await loadVisible(actor, id);
      authorize(actor, 'manage', resourceOf(row));
      return platform.transaction(async (trx) => {
        if (!(await repo.start(trx, id, now))) throw invalid(lang, [{ path: 'state', text: 'not_draft' }]);
        await emit(trx, [{ type: 'exercise.started', payload: { exerciseId: id, startedAt: now.toISOString() }, visibility: exerciseMarking(row) }]);
        await platform.audit.inTransaction(trx, [{ actor, action: 'exercise.start', resourceType: 'exercise', resourceId: id }]);
        return { id, state: 'running', startedAt: now.toISOString() };
      });
    },

    async end(actor: Actor, id: string, lang: Lang, now = new Date()) {
      const row = await loadVisible(actor, id);
      authorize(actor, 'manage', resourceOf(row));
      return platform.transaction(async (trx) => {
        if (!(await repo.end(trx, id, now))) throw invalid(lang, [{ path: 'state', text: 'not_running' }]);
        await emit(trx, [{ type: 'exercise.ended', payload: { exerciseId: id, endedAt: now.toISOString() }, visibility: exerciseMarking(row) }]);
        await platform.audit.inTransaction(trx, [{ actor, action: 'exercise.end', resourceType: 'exercise', resourceId: id }]);
        return { id, state: 'ended', endedAt: now.toISOString() };
      });
    },

    /** A participant acknowledges an advisory inject or files the synthetic report an incident inject asks for. */
    async respond(actor: Actor, id: string, injectId: string, input: Respond, lang: Lang, now = new Date()) {
      const row = await loadVisible(actor, id);
      authorize(actor, 'update', { type: 'exercise_response', orgId: actor.orgId, marking: markingOf(row) });
      const inj = await repo.inject(db, id, injectId);
      if (!inj || !inj.fired_at || inj.kind === 'alert' || !row.participant_org_ids.includes(actor.orgId)) throw new NotFoundError();
      if (row.state !== 'running') throw invalid(lang, [{ path: 'state', text: 'not_running' }]);
      if (inj.kind === 'incident' && !input.report) throw invalid(lang, [{ path: 'report.summary', text: 'report_required' }]);
      return platform.transaction(async (trx) => {
        const done = await repo.respond(trx, injectId, actor.orgId, { at: now, by: actor.userId, note: input.note ?? null, report: input.report ? JSON.stringify(input.report) : null });
        if (!done) {
          const [earlier] = await repo.responses(trx, id, actor.orgId).then((rs) => rs.filter((r) => r.inject_id === injectId));
          if (!earlier) throw new NotFoundError();
          return { injectId, respondedAt: earlier.responded_at!.toISOString(), already: true };
        }
        const visibility = marking({ tlp: 'amber+strict', ownerOrgId: row.owner_org_id as OrgId, recipientOrgIds: [actor.orgId] });
        await emit(trx, [{ type: 'exercise.responded', payload: { exerciseId: id, injectId, orgId: actor.orgId, kind: inj.kind, respondedAt: now.toISOString() }, visibility }]);
        await platform.audit.inTransaction(trx, [{ actor, action: 'exercise.respond', resourceType: 'exercise', resourceId: id, detail: { injectId, kind: inj.kind } }]);
        return { injectId, respondedAt: now.toISOString(), already: false };
      });
    },

    /** The after-action report: per organisation, acknowledgement and reporting times. A participant sees its own row. */
    async report(actor: Actor, id: string) {
      const row = await loadVisible(actor, id);
      await platform.audit.record({ actor, action: 'exercise.report', resourceType: 'exercise', resourceId: id });
      const manage = can(actor, 'manage', resourceOf(row));
      const orgIds = manage ? row.participant_org_ids : row.participant_org_ids.filter((o) => o === actor.orgId);
      const items: ResponseItem[] = [
        ...(await alerts.exerciseAcknowledgements(id)).map((a) => ({ orgId: a.org_id, kind: 'alert' as InjectKind, deliveredAt: a.sent_at, respondedAt: a.acknowledged_at })),
        ...(await repo.responses(db, id)).map((r) => ({ orgId: r.org_id, kind: r.kind as InjectKind, deliveredAt: r.delivered_at, respondedAt: r.responded_at })),
      ];
      const orgs = await repo.orgsByIds(db, orgIds);
      return {
        exerciseId: id,
        state: row.state,
        startedAt: row.started_at?.toISOString() ?? null,
        endedAt: row.ended_at?.toISOString() ?? null,
        organizations: perOrgFigures(orgIds, items).map((f) => {
          const o = orgs.find((x) => x.id === f.orgId)!;
          return { ...f, slug: o.slug, name: o.name, nameEn: o.name_en };
        }),
      };
    },

    /**
     * Fires every due inject, one transaction each (an inject that cannot fire is logged and set
     * aside, never retried forever). Returns how many fired. `now` is the clock tests advance.
     */
    async fireDue(now = new Date(), log?: Log): Promise<number> {
      let fired = 0;
      for (let i = 0; i < 200; i++) {
        const next = await repo.nextDue(db, now);
        if (!next) break;
        // Alerts are issued as the person who created the exercise (the issuer is the organising body);
        // resolved before the transaction, which must hold no other connection.
        const issuer = next.created_by ? ((await platform.actors.resolve(next.created_by, next.owner_org_id!, 'session'))?.actor ?? null) : null;
        let claimed: string | null = null;
        try {
          await platform.transaction(async (trx) => {
            const inj = await repo.claim(trx, next.id, now);
            if (!inj) return;
            claimed = inj.id;
            await fire(trx, inj, issuer, now);
            fired += 1;
          });
        } catch (err) {
          if (!claimed) throw err;
          log?.error({ err, injectId: claimed }, 'exercise inject failed');
          const failed: string = claimed;
          await platform.transaction(async (trx) => {
            await repo.markFired(trx, failed, now, null);
            await platform.audit.inTransaction(trx, [{ actor: null, action: 'exercise.inject_failed', resourceType: 'exercise_inject', resourceId: failed, outcome: 'failure', detail: { error: String(err) } }]);
          });
        }
      }
      return fired;
    },
  };
}

export type ExercisesService = ReturnType<typeof exercisesService>;

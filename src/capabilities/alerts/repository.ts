import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { AlertTables } from './tables.js';

const COMPANY_KINDS = ['operator', 'vendor', 'isac', 'sme'];

/** Counts of acknowledgement per alert, as one lateral subquery (the issuer's figure). */
const ackCounts = sql<number>`(select count(*)::int from alert_recipients r where r.alert_id = a.id)`;
const ackedCounts = sql<number>`(select count(*)::int from alert_recipients r where r.alert_id = a.id and r.acknowledged_at is not null)`;

/** Every SQL statement of the alerts capability. */
export const alertsRepository = {
  orgsByIds(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organizations').select(['id', 'slug', 'name', 'name_en', 'kind', 'sectors', 'authority']).where('id', 'in', [...ids]).execute();
  },

  /** The companies inside the addressed sectors: they are the ones who must acknowledge. */
  companiesInSectors(db: Db, sectors: readonly string[]) {
    if (sectors.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('organizations')
      .select(['id', 'slug', 'name', 'name_en', 'kind', 'sectors', 'authority'])
      .where('kind', 'in', COMPANY_KINDS)
      .where(sql<boolean>`sectors && ${sql.val([...sectors])}::text[]`)
      .execute();
  },

  /** Government organisations by authority code (competent ministries) plus the national hub. */
  async overseers(db: Db, authorityCodes: readonly string[]) {
    return db
      .selectFrom('organizations')
      .select(['id', 'kind', 'authority'])
      .where((eb) => eb.or([eb('kind', '=', 'national_hub'), ...(authorityCodes.length ? [eb('authority', 'in', [...authorityCodes])] : [])]))
      .execute();
  },

  adminUserIds(db: Db, orgId: string) {
    return db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('role', '=', 'admin').execute();
  },

  insertAlert(trx: Db, row: Insertable<AlertTables['alerts']>) {
    return trx.insertInto('alerts').values(row).execute();
  },

  insertRecipients(trx: Db, rows: Insertable<AlertTables['alert_recipients']>[]) {
    if (rows.length === 0) return Promise.resolve();
    return trx.insertInto('alert_recipients').values(rows).execute();
  },

  /** Queues one delivery per webhook of the recipients (the unique key makes a repeat a no-op). */
  async queueDeliveries(trx: Db, alertId: string, orgIds: readonly string[], newId: () => string) {
    if (orgIds.length === 0) return 0;
    const hooks = await trx.selectFrom('alert_webhooks').select('id').where('org_id', 'in', [...orgIds]).execute();
    if (hooks.length === 0) return 0;
    await trx
      .insertInto('alert_webhook_deliveries')
      .values(hooks.map((h) => ({ id: newId(), alert_id: alertId, webhook_id: h.id })))
      .onConflict((oc) => oc.columns(['alert_id', 'webhook_id']).doNothing())
      .execute();
    return hooks.length;
  },

  /** Superseded alerts (Update / Cancel) stop escalating: their recipients have the newer message. */
  stopEscalating(trx: Db, alertIds: readonly string[]) {
    if (alertIds.length === 0) return Promise.resolve();
    return trx.updateTable('alert_recipients').set({ escalate_at: null }).where('alert_id', 'in', [...alertIds]).execute();
  },

  find(db: Db, id: string) {
    return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findMany(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('alerts').selectAll().where('id', 'in', [...ids]).execute();
  },

  /** The later alerts that update or cancel this one, as far as the caller may see them. */
  successors(db: Db, id: string, actor: Actor) {
    return db
      .selectFrom('alerts as a')
      .select(['a.id', 'a.msg_type', 'a.sent_at'])
      .where(sql<boolean>`a.references_ids @> array[${id}]::uuid[]`)
      .where(visibleTo(actor, 'a'))
      .orderBy('a.sent_at')
      .execute();
  },

  /**
   * Real alerts the caller may see (never an exercise's: the mark is filtered here, in SQL), newest
   * first, with the caller's own acknowledgement and every alert's acknowledgement counts.
   */
  listVisible(db: Db, actor: Actor, f: { box: 'all' | 'issued' | 'received'; limit: number; before?: { at: Date; id: string } }) {
    let q = db
      .selectFrom('alerts as a')
      .innerJoin('organizations as o', 'o.id', 'a.issuer_org_id')
      .leftJoin('alert_recipients as mine', (j) => j.onRef('mine.alert_id', '=', 'a.id').on('mine.org_id', '=', actor.orgId))
      .selectAll('a')
      .select(['o.slug as issuer_slug', 'o.name as issuer_name', 'o.name_en as issuer_name_en', 'mine.org_id as my_org_id', 'mine.acknowledged_at as my_acknowledged_at', 'mine.escalation_level as my_escalation_level'])
      .select([ackCounts.as('recipient_count'), ackedCounts.as('acknowledged_count')])
      .where('a.exercise_id', 'is', null)
      .where(visibleTo(actor, 'a'))
      .orderBy('a.sent_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(f.limit);
    if (f.box === 'issued') q = q.where('a.issuer_org_id', '=', actor.orgId);
    if (f.box === 'received') q = q.where('mine.org_id', 'is not', null);
    if (f.before) {
      const { at, id } = f.before;
      q = q.where((eb) => eb.or([eb('a.sent_at', '<', at), eb.and([eb('a.sent_at', '=', at), eb('a.id', '<', id)])]));
    }
    return q.execute();
  },

  /** Per-recipient acknowledgement of one alert; `sectors` narrows it to a ministry's (null: all). */
  recipients(db: Db, alertId: string, only?: { orgId?: string; sectors?: readonly string[] }) {
    let q = db
      .selectFrom('alert_recipients as r')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .leftJoin('users as u', 'u.id', 'r.acknowledged_by')
      .select(['r.org_id', 'r.org_sectors', 'r.acknowledged_at', 'r.note', 'r.escalation_level', 'r.escalated_at', 'o.slug', 'o.name', 'o.name_en', 'u.display_name as acknowledged_by_name'])
      .where('r.alert_id', '=', alertId)
      .orderBy('o.slug');
    if (only?.orgId) q = q.where('r.org_id', '=', only.orgId);
    if (only?.sectors) q = q.where(sql<boolean>`r.org_sectors && ${sql.val([...only.sectors])}::text[]`);
    return q.execute();
  },

  recipient(db: Db, alertId: string, orgId: string) {
    return db.selectFrom('alert_recipients').selectAll().where('alert_id', '=', alertId).where('org_id', '=', orgId).executeTakeFirst();
  },

  /** Records the first acknowledgement; a repeat changes nothing and returns undefined. */
  acknowledge(trx: Db, alertId: string, orgId: string, userId: string, note: string | null, at: Date) {
    return trx
      .updateTable('alert_recipients')
      .set({ acknowledged_at: at, acknowledged_by: userId, note, escalate_at: null })
      .where('alert_id', '=', alertId)
      .where('org_id', '=', orgId)
      .where('acknowledged_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  /** Unacknowledged recipients whose next escalation step is due, claimed so that one node escalates each. */
  async claimEscalations(trx: Db, now: Date, limit = 500) {
    const { rows } = await sql<{ alert_id: string; org_id: string; org_sectors: string[]; escalation_level: number; severity: string; sent_at: Date; exercise_id: string | null; issuer_org_id: string }>`
      select r.alert_id, r.org_id, r.org_sectors, r.escalation_level, a.severity, a.sent_at, a.exercise_id, a.issuer_org_id
      from alert_recipients r join alerts a on a.id = r.alert_id
      where r.acknowledged_at is null and r.escalate_at is not null and r.escalate_at <= ${now}
      order by r.escalate_at limit ${limit}
      for update of r skip locked`.execute(trx);
    return rows;
  },

  setEscalation(trx: Db, alertId: string, orgId: string, level: number, at: Date, next: Date | null) {
    return trx.updateTable('alert_recipients').set({ escalation_level: level, escalated_at: at, escalate_at: next }).where('alert_id', '=', alertId).where('org_id', '=', orgId).execute();
  },

  /**
   * Escalated, still unacknowledged real alerts: for a ministry those of organisations in its sectors,
   * for the hub all of them, for a company its own (level 1 and up).
   */
  escalated(db: Db, actor: Actor, scope: { sectors: readonly string[] | null; orgId: string | null; minLevel: number }) {
    let q = db
      .selectFrom('alert_recipients as r')
      .innerJoin('alerts as a', 'a.id', 'r.alert_id')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .select(['a.id as alert_id', 'a.severity', 'a.sent_at', 'a.infos', 'r.org_id', 'o.slug', 'o.name', 'o.name_en', 'r.escalation_level', 'r.escalated_at'])
      .where('r.acknowledged_at', 'is', null)
      .where('r.escalation_level', '>=', scope.minLevel)
      .where('a.exercise_id', 'is', null)
      .where(visibleTo(actor, 'a'))
      .orderBy('a.sent_at', 'desc')
      .limit(500);
    if (scope.sectors) q = q.where(sql<boolean>`r.org_sectors && ${sql.val([...scope.sectors])}::text[]`);
    if (scope.orgId) q = q.where('r.org_id', '=', scope.orgId);
    return q.execute();
  },

  /** Every recipient of an exercise's alerts with when it was sent and acknowledged (its after-action report). */
  exerciseAcknowledgements(db: Db, exerciseId: string) {
    return db
      .selectFrom('alert_recipients as r')
      .innerJoin('alerts as a', 'a.id', 'r.alert_id')
      .select(['a.id as alert_id', 'a.sent_at', 'r.org_id', 'r.acknowledged_at'])
      .where('a.exercise_id', '=', exerciseId)
      .execute();
  },

  // --- webhooks -------------------------------------------------------------------------------

  webhookOf(db: Db, orgId: string) {
    return db.selectFrom('alert_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  },

  upsertWebhook(trx: Db, row: { id: string; org_id: string; url: string; secret: string; created_by: string }) {
    return trx
      .insertInto('alert_webhooks')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ url: row.url, secret: row.secret, created_by: row.created_by, updated_at: new Date() }))
      .returning(['id', 'url', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
  },

  deleteWebhook(trx: Db, orgId: string) {
    return trx.deleteFrom('alert_webhooks').where('org_id', '=', orgId).executeTakeFirst();
  },

  /**
   * Claims due deliveries for `leaseMs`: the attempt is counted and the row pushed into the future
   * before the HTTP call, so a crash mid-call means a retry after the lease, never a lost delivery.
   */
  async claimDeliveries(trx: Db, now: Date, leaseMs: number, limit = 20) {
    const { rows } = await sql<{ id: string; alert_id: string; webhook_id: string; attempts: number; url: string; secret: string; org_id: string }>`
      with due as (
        select d.id from alert_webhook_deliveries d
        where d.status = 'pending' and d.next_attempt_at <= ${now}
        order by d.next_attempt_at limit ${limit}
        for update skip locked)
      update alert_webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      from due, alert_webhooks w
      where d.id = due.id and w.id = d.webhook_id
      returning d.id, d.alert_id, d.webhook_id, d.attempts, w.url, w.secret, w.org_id`.execute(trx);
    return rows;
  },

  deliveryResult(db: Db, id: string, set: { status: 'pending' | 'delivered' | 'failed'; lastStatus: number | null; lastError: string | null; nextAttemptAt?: Date; deliveredAt?: Date }) {
    return db
      .updateTable('alert_webhook_deliveries')
      .set({
        status: set.status,
        last_status: set.lastStatus,
        last_error: set.lastError,
        ...(set.nextAttemptAt ? { next_attempt_at: set.nextAttemptAt } : {}),
        ...(set.deliveredAt ? { delivered_at: set.deliveredAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  },

  deliveries(db: Db, alertId: string) {
    return db.selectFrom('alert_webhook_deliveries').selectAll().where('alert_id', '=', alertId).orderBy('created_at').execute();
  },
};

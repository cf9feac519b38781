import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { IncidentTables } from './tables.js';

/** Every SQL statement of the incidents capability. */
export const incidentsRepository = {
  /** Reserves a block of report numbers (gaps after a restart are harmless; numbers are never reused). */
  async reserveReferenceNumbers(db: Db, count: number): Promise<number[]> {
    const { rows } = await sql<{ n: number }>`select nextval('incident_reference_seq')::int as n from generate_series(1, ${count})`.execute(db);
    return rows.map((r) => r.n);
  },

  authorityOrgs(db: Db, codes: string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return db.selectFrom('organizations').select(['id', 'authority']).where('authority', 'in', codes).execute();
  },

  reporterOrg(db: Db, orgId: string) {
    return db.selectFrom('organizations').select(['id', 'name', 'name_en', 'sectors', 'kind']).where('id', '=', orgId).executeTakeFirstOrThrow();
  },

  /**
   * Files a new report in one statement: the report, its first version, its deliveries, their stages,
   * its indicators, events and audit entry, the draft it came from and the stored answer to its
   * Idempotency-Key. One statement is atomic without BEGIN/COMMIT, so filing is one round trip: it is
   * the hot path when an incident hits many organisations at once.
   */
  async insertSubmission(
    trx: Db,
    s: {
      report: Insertable<IncidentTables['incident_reports']>;
      version: Insertable<IncidentTables['incident_versions']>;
      deliveries: Insertable<IncidentTables['incident_deliveries']>[];
      stages: Insertable<IncidentTables['incident_delivery_stages']>[];
      indicators: { kind: string; value: string }[];
      /** Rows from outboxRows() and auditPendingRows(): the events and audit entries commit with the report. */
      outbox: Insertable<Database['outbox']>[];
      audit: Insertable<Database['audit_pending']>[];
      /** The answer to the request's Idempotency-Key; its primary key refuses a second filing. */
      idempotency: Insertable<Database['idempotency_keys']>[];
      /** The caller's draft this report was written in, discarded with the filing. */
      draft: { id: string; userId: string } | null;
    },
  ): Promise<string> {
    let q = trx
      .with('r', (db) => db.insertInto('incident_reports').values(s.report).returning('reference'))
      .with('v', (db) => db.insertInto('incident_versions').values(s.version));
    if (s.deliveries.length) q = q.with('d', (db) => db.insertInto('incident_deliveries').values(s.deliveries)) as unknown as typeof q;
    if (s.stages.length) q = q.with('s', (db) => db.insertInto('incident_delivery_stages').values(s.stages)) as unknown as typeof q;
    if (s.indicators.length) {
      const rows = s.indicators.map((i) => ({ report_id: s.report.id, kind: i.kind, value: i.value }));
      q = q.with('i', (db) => db.insertInto('incident_indicators').values(rows)) as unknown as typeof q;
    }
    if (s.outbox.length) q = q.with('o', (db) => db.insertInto('outbox').values(s.outbox)) as unknown as typeof q;
    if (s.audit.length) q = q.with('a', (db) => db.insertInto('audit_pending').values(s.audit)) as unknown as typeof q;
    if (s.idempotency.length) q = q.with('k', (db) => db.insertInto('idempotency_keys').values(s.idempotency)) as unknown as typeof q;
    const draft = s.draft;
    if (draft) q = q.with('x', (db) => db.deleteFrom('incident_drafts').where('id', '=', draft.id).where('user_id', '=', draft.userId)) as unknown as typeof q;
    const row = await q.selectFrom('r').select('reference').executeTakeFirstOrThrow();
    return row.reference;
  },

  insertVersion(trx: Db, row: { report_id: string; version: number; stage: string; body: string; submitted_at: Date; submitted_by: string }) {
    return trx.insertInto('incident_versions').values(row).execute();
  },

  async insertDeliveries(
    trx: Db,
    rows: { id: string; report_id: string; regime: string; recipient_org_id: string | null; external_recipient: string | null; created_at: Date }[],
  ) {
    if (rows.length) await trx.insertInto('incident_deliveries').values(rows).execute();
  },

  async insertStages(trx: Db, rows: { delivery_id: string; stage: string; due_at: Date | null; satisfied_version: number | null; satisfied_at: Date | null }[]) {
    if (rows.length) await trx.insertInto('incident_delivery_stages').values(rows.map((r) => ({ ...r, overdue_notified_at: null }))).execute();
  },

  async insertIndicators(trx: Db, reportId: string, indicators: { kind: string; value: string }[]) {
    if (indicators.length === 0) return;
    await trx
      .insertInto('incident_indicators')
      .values(indicators.map((i) => ({ report_id: reportId, kind: i.kind, value: i.value })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  },

  updateReport(trx: Db, id: string, set: { current_stage: string; version: number; title: string; type: string; detected_at: Date; personal_data: boolean; business_impact: string; sharing: string; updated_at: Date; recipient_org_ids: string[] }) {
    return trx.updateTable('incident_reports').set(set).where('id', '=', id).execute();
  },

  findReport(db: Db, id: string) {
    return db.selectFrom('incident_reports').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The report if the actor may see it: the policy's SQL filter, so a denied read finds nothing. */
  findVisible(db: Db, id: string, actor: Actor) {
    return db.selectFrom('incident_reports as r').selectAll().where('r.id', '=', id).where(visibleTo(actor, 'r')).executeTakeFirst();
  },

  /** Reports the actor may see, newest activity first; `box` narrows to its own reports or its inbox. */
  listVisible(db: Db, actor: Actor, opts: { box?: 'sent' | 'inbox'; limit: number; before?: { updatedAt: Date; id: string } }) {
    let q = db
      .selectFrom('incident_reports as r')
      .innerJoin('organizations as o', 'o.id', 'r.reporter_org_id')
      .select(['r.id', 'r.reference', 'r.type', 'r.title', 'r.current_stage', 'r.version', 'r.detected_at', 'r.submitted_at', 'r.updated_at', 'r.reporter_org_id', 'r.personal_data', 'r.business_impact', 'o.name as reporter_name', 'o.name_en as reporter_name_en', 'o.sectors as reporter_sectors'])
      .where(visibleTo(actor, 'r'))
      .orderBy('r.updated_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(opts.limit);
    if (opts.box === 'sent') q = q.where('r.reporter_org_id', '=', actor.orgId);
    if (opts.box === 'inbox') q = q.where('r.reporter_org_id', '<>', actor.orgId);
    if (opts.before) {
      const { updatedAt, id } = opts.before;
      q = q.where((eb) => eb.or([eb('r.updated_at', '<', updatedAt), eb.and([eb('r.updated_at', '=', updatedAt), eb('r.id', '<', id)])]));
    }
    return q.execute();
  },

  deliveriesOf(db: Db, reportId: string) {
    return db
      .selectFrom('incident_deliveries as d')
      .leftJoin('organizations as o', 'o.id', 'd.recipient_org_id')
      .select(['d.id', 'd.regime', 'd.recipient_org_id', 'd.external_recipient', 'd.status', 'd.status_changed_at', 'd.created_at', 'o.name as recipient_name', 'o.name_en as recipient_name_en'])
      .where('d.report_id', '=', reportId)
      .orderBy('d.created_at')
      .orderBy('d.regime')
      .execute();
  },

  stagesOf(db: Db, deliveryIds: string[]) {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('incident_delivery_stages').selectAll().where('delivery_id', 'in', deliveryIds).execute();
  },

  satisfyStage(trx: Db, deliveryId: string, stage: string, version: number, at: Date) {
    return trx
      .updateTable('incident_delivery_stages')
      .set({ satisfied_version: version, satisfied_at: at })
      .where('delivery_id', '=', deliveryId)
      .where('stage', '=', stage)
      .where('satisfied_at', 'is', null)
      .execute();
  },

  versions(db: Db, reportId: string) {
    return db.selectFrom('incident_versions').select(['version', 'stage', 'submitted_at', 'submitted_by']).where('report_id', '=', reportId).orderBy('version').execute();
  },

  version(db: Db, reportId: string, version: number) {
    return db.selectFrom('incident_versions').selectAll().where('report_id', '=', reportId).where('version', '=', version).executeTakeFirst();
  },

  /** For each indicator of the report, how many other reports carry it (no identities). */
  async seenElsewhere(db: Db, reportId: string) {
    const { rows } = await sql<{ kind: string; value: string; reports: number }>`
      select i.kind, i.value, count(distinct o.report_id)::int as reports
      from incident_indicators i
      join incident_indicators o on o.kind = i.kind and o.value = i.value and o.report_id <> i.report_id
      where i.report_id = ${reportId}
      group by i.kind, i.value`.execute(db);
    const total = await sql<{ n: number }>`
      select count(distinct o.report_id)::int as n
      from incident_indicators i
      join incident_indicators o on o.kind = i.kind and o.value = i.value and o.report_id <> i.report_id
      where i.report_id = ${reportId}`.execute(db);
    return { perIndicator: rows, otherReports: total.rows[0]?.n ?? 0 };
  },

  messages(db: Db, deliveryIds: string[]) {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('incident_messages as m')
      .innerJoin('organizations as o', 'o.id', 'm.author_org_id')
      .leftJoin('users as u', 'u.id', 'm.author_user_id')
      .select(['m.id', 'm.delivery_id', 'm.author_org_id', 'm.body', 'm.created_at', 'o.name as org_name', 'o.name_en as org_name_en', 'u.display_name as author_name'])
      .where('m.delivery_id', 'in', deliveryIds)
      .orderBy('m.created_at')
      .execute();
  },

  insertMessage(trx: Db, row: { id: string; delivery_id: string; author_org_id: string; author_user_id: string; body: string; created_at: Date }) {
    return trx.insertInto('incident_messages').values(row).execute();
  },

  setStatus(trx: Db, deliveryId: string, status: string, at: Date) {
    return trx.updateTable('incident_deliveries').set({ status, status_changed_at: at }).where('id', '=', deliveryId).execute();
  },

  touchReport(trx: Db, id: string, at: Date) {
    return trx.updateTable('incident_reports').set({ updated_at: at }).where('id', '=', id).execute();
  },

  /** Open stages past their deadline, claimed so that one node notifies each exactly once. */
  async claimOverdue(trx: Db, now: Date, limit = 200) {
    const { rows } = await sql<{ delivery_id: string; stage: string; due_at: Date; report_id: string; regime: string; recipient_org_id: string | null }>`
      select s.delivery_id, s.stage, s.due_at, d.report_id, d.regime, d.recipient_org_id
      from incident_delivery_stages s join incident_deliveries d on d.id = s.delivery_id
      where s.satisfied_at is null and s.overdue_notified_at is null and s.due_at < ${now}
      order by s.due_at limit ${limit}
      for update of s skip locked`.execute(trx);
    for (const r of rows) {
      await trx.updateTable('incident_delivery_stages').set({ overdue_notified_at: now }).where('delivery_id', '=', r.delivery_id).where('stage', '=', r.stage).execute();
    }
    return rows;
  },

  drafts: {
    list: (db: Db, userId: string) =>
      db.selectFrom('incident_drafts').select(['id', 'content', 'created_at', 'updated_at']).where('user_id', '=', userId).orderBy('updated_at', 'desc').limit(50).execute(),
    find: (db: Db, id: string) => db.selectFrom('incident_drafts').selectAll().where('id', '=', id).executeTakeFirst(),
    insert: (db: Db, row: { id: string; org_id: string; user_id: string; content: string }) => db.insertInto('incident_drafts').values(row).execute(),
    update: (db: Db, id: string, content: string) => db.updateTable('incident_drafts').set({ content, updated_at: new Date() }).where('id', '=', id).execute(),
    remove: (db: Db, id: string) => db.deleteFrom('incident_drafts').where('id', '=', id).execute(),
  },
};

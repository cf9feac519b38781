import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { IncidentTables } from './tables.js';

/** A new row of incident_reports, every column given (filing writes them all). */
export interface NewReport {
  id: string;
  reference: string;
  reporter_org_id: string;
  created_by: string;
  type: string;
  title: string;
  current_stage: string;
  version: number;
  detected_at: Date;
  personal_data: boolean;
  business_impact: string;
  sharing: string;
  submitted_at: Date;
  updated_at: Date;
  tlp: string;
  clearance: string;
  owner_org_id: string;
  recipient_org_ids: string[];
  recipient_sectors: string[];
  recipient_user_ids: string[];
}

/** Everything one filing writes (see insertSubmissions). */
export interface Submission {
  report: NewReport;
  version: { report_id: string; version: number; stage: string; body: string; submitted_at: Date; submitted_by: string | null };
  deliveries: { id: string; report_id: string; regime: string; recipient_org_id: string | null; external_recipient: string | null; created_at: Date }[];
  stages: { delivery_id: string; stage: string; due_at: Date | null; satisfied_version: number | null; satisfied_at: Date | null }[];
  /** Rows from outboxRows() and auditPendingRows(): the events and audit entries commit with the report. */
  outbox: { id: string; type: string; payload: string; visibility: string }[];
  audit: Omit<Insertable<Database['audit_pending']>, 'id'>[];
  /** The answer to the request's Idempotency-Key; its primary key refuses a second filing. */
  idempotency: { scope: string; key: string; request_hash: string; status: number; body: string }[];
  /** The caller's draft this report was written in, discarded with the filing. */
  draft: { id: string; userId: string } | null;
}

/** A PostgreSQL array literal of text elements (`{"a","b"}`), cast to uuid[] or text[] in SQL. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

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

  /** Which of `ids` are assets the organisation owns or operates. */
  async reporterAssetIds(db: Db, orgId: string, ids: string[]): Promise<string[]> {
    const rows = await db
      .selectFrom('assets')
      .select('id')
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('org_id', '=', orgId), eb('operator_org_id', '=', orgId)]))
      .execute();
    return rows.map((r) => r.id);
  },

  reporterOrg(db: Db, orgId: string) {
    return db.selectFrom('organizations').select(['id', 'name', 'name_en', 'sectors', 'kind']).where('id', '=', orgId).executeTakeFirstOrThrow();
  },

  /**
   * Files new reports in one statement: for each, the report, its first version, its deliveries, their
   * stages, its events (the indicators go to the intel capability as one) and audit entry, the draft it came from and the stored answer to its
   * Idempotency-Key. One statement is atomic without BEGIN/COMMIT, so filing is one round trip: it is
   * the hot path when an incident hits many organisations at once. Several filings that arrive
   * together go in the same statement (group-commit.ts), sharing its round trip and its COMMIT.
   * Returns the outbox rows' seq and id (every filing's events, in no particular order).
   *
   * Hand-written with one array parameter per column (unnest) instead of built with Kysely: the text is
   * the same for every call whatever its counts, so nothing is compiled per request (compiling the
   * multi-row CTE cost more Node time than any other step of a filing), and PostgreSQL can keep it as a
   * named prepared statement (parse and parameter description once per connection: ~0.8 ms less
   * PostgreSQL CPU per 16-report statement, measured with log_statement_stats).
   */
  async insertSubmissions(db: Db, batch: Submission[]): Promise<{ seq: number; id: string; created_at: Date }[]> {
    const reports = batch.map((s) => s.report);
    const versions = batch.map((s) => s.version);
    const deliveries = batch.flatMap((s) => s.deliveries);
    const stages = batch.flatMap((s) => s.stages);
    const outbox = batch.flatMap((s) => s.outbox);
    const audit = batch.flatMap((s) => s.audit);
    const keys = batch.flatMap((s) => s.idempotency);
    const drafts = batch.flatMap((s) => (s.draft ? [s.draft] : []));
    const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((row) => row[k] ?? null);
    // uuid[] and text[] columns travel as one array literal per report (unnest would flatten arrays of arrays).
    const arrays = (k: 'recipient_org_ids' | 'recipient_sectors' | 'recipient_user_ids') => reports.map((r) => arrayLiteral(r[k]));
    // JSON documents travel as ONE JSON array per column, spliced from their texts as they are: no
    // array-literal escaping here, no unescaping and second parse in PostgreSQL (jsonb[] cost both).
    const json = <T, K extends keyof T>(rows: T[], k: K) => `[${rows.map((row) => (typeof row[k] === 'string' ? row[k] : JSON.stringify(row[k]))).join(',')}]`;
    // Prepared by name (platform/db/prepared.ts): parsed once per connection, its text sent once.
    const { rows } = await sql<{ seq: number; id: string; created_at: Date }>`/* prepared: incidents_file */
      with r as (
        insert into incident_reports (id, reference, reporter_org_id, created_by, type, title, current_stage, version, detected_at,
          personal_data, business_impact, sharing, submitted_at, updated_at, tlp, clearance, owner_org_id,
          recipient_org_ids, recipient_sectors, recipient_user_ids)
        select id, reference, reporter_org_id, created_by, type, title, current_stage, version, detected_at,
          personal_data, business_impact, sharing, submitted_at, updated_at, tlp, clearance, owner_org_id,
          recipient_org_ids::uuid[], recipient_sectors::text[], recipient_user_ids::uuid[]
        from rows from (unnest(${col(reports, 'id')}::uuid[], ${col(reports, 'reference')}::text[], ${col(reports, 'reporter_org_id')}::uuid[],
          ${col(reports, 'created_by')}::uuid[], ${col(reports, 'type')}::text[], ${col(reports, 'title')}::text[], ${col(reports, 'current_stage')}::text[],
          ${col(reports, 'version')}::int[], ${col(reports, 'detected_at')}::timestamptz[], ${col(reports, 'personal_data')}::bool[],
          ${col(reports, 'business_impact')}::text[]), jsonb_array_elements(${json(reports, 'sharing')}::jsonb), unnest(${col(reports, 'submitted_at')}::timestamptz[],
          ${col(reports, 'updated_at')}::timestamptz[], ${col(reports, 'tlp')}::text[], ${col(reports, 'clearance')}::text[], ${col(reports, 'owner_org_id')}::uuid[],
          ${arrays('recipient_org_ids')}::text[], ${arrays('recipient_sectors')}::text[], ${arrays('recipient_user_ids')}::text[]))
          as u (id, reference, reporter_org_id, created_by, type, title, current_stage, version, detected_at, personal_data, business_impact,
            sharing, submitted_at, updated_at, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids)
      ), o as (
        insert into outbox (id, type, payload, visibility)
        select * from rows from (unnest(${col(outbox, 'id')}::uuid[], ${col(outbox, 'type')}::text[]), jsonb_array_elements(${json(outbox, 'payload')}::jsonb),
          jsonb_array_elements(${json(outbox, 'visibility')}::jsonb))
        returning seq, id, created_at
      ), v as (
        insert into incident_versions (report_id, version, stage, body, submitted_at, submitted_by)
        select * from rows from (unnest(${col(versions, 'report_id')}::uuid[], ${col(versions, 'version')}::int[], ${col(versions, 'stage')}::text[]),
          jsonb_array_elements(${json(versions, 'body')}::jsonb), unnest(${col(versions, 'submitted_at')}::timestamptz[], ${col(versions, 'submitted_by')}::uuid[]))
      ), d as (
        insert into incident_deliveries (id, report_id, regime, recipient_org_id, external_recipient, created_at)
        select * from unnest(${col(deliveries, 'id')}::uuid[], ${col(deliveries, 'report_id')}::uuid[], ${col(deliveries, 'regime')}::text[],
          ${col(deliveries, 'recipient_org_id')}::uuid[], ${col(deliveries, 'external_recipient')}::text[], ${col(deliveries, 'created_at')}::timestamptz[])
      ), s as (
        insert into incident_delivery_stages (delivery_id, stage, due_at, satisfied_version, satisfied_at)
        select * from unnest(${col(stages, 'delivery_id')}::uuid[], ${col(stages, 'stage')}::text[], ${col(stages, 'due_at')}::timestamptz[],
          ${col(stages, 'satisfied_version')}::int[], ${col(stages, 'satisfied_at')}::timestamptz[])
      ), a as (
        insert into audit_pending (at, actor_user_id, actor_org_id, action, resource_type, resource_id, outcome, detail)
        select * from rows from (unnest(${col(audit, 'at')}::timestamptz[], ${col(audit, 'actor_user_id')}::uuid[], ${col(audit, 'actor_org_id')}::uuid[],
          ${col(audit, 'action')}::text[], ${col(audit, 'resource_type')}::text[], ${col(audit, 'resource_id')}::text[], ${col(audit, 'outcome')}::text[]),
          jsonb_array_elements(${json(audit, 'detail')}::jsonb))
      ), k as (
        insert into idempotency_keys (scope, key, request_hash, status, body)
        select * from rows from (unnest(${col(keys, 'scope')}::text[], ${col(keys, 'key')}::text[], ${col(keys, 'request_hash')}::text[],
          ${col(keys, 'status')}::int[]), jsonb_array_elements(${json(keys, 'body')}::jsonb))
      ), x as (
        delete from incident_drafts using unnest(${col(drafts, 'id')}::uuid[], ${col(drafts, 'userId')}::uuid[]) as g (id, user_id)
        where incident_drafts.id = g.id and incident_drafts.user_id = g.user_id
      )
      select seq, id, created_at from o`.execute(db);
    return rows;
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

  /**
   * The clocks a list shows: for each of `reportIds`, the stages of the deliveries the actor's
   * organisation receives, and of every delivery of the reports it filed itself.
   */
  listClocks(db: Db, orgId: string, reportIds: string[]) {
    if (reportIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('incident_deliveries as d')
      .innerJoin('incident_reports as r', 'r.id', 'd.report_id')
      .innerJoin('incident_delivery_stages as s', 's.delivery_id', 'd.id')
      .select(['d.report_id', 'd.regime', 'd.status', 'd.recipient_org_id', 's.stage', 's.due_at', 's.satisfied_version', 's.satisfied_at'])
      .where('d.report_id', 'in', reportIds)
      .where((eb) => eb.or([eb('d.recipient_org_id', '=', orgId), eb('r.reporter_org_id', '=', orgId)]))
      .execute();
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

  /**
   * Moves an owed stage's deadline. A plain UPDATE of incident_delivery_stages, so the dashboard's
   * open-stages trigger (0059) replaces its row just as it does when a stage is satisfied.
   */
  rescheduleStage(trx: Db, deliveryId: string, stage: string, dueAt: Date | null, clearOverdueNotice: boolean) {
    return trx
      .updateTable('incident_delivery_stages')
      .set(clearOverdueNotice ? { due_at: dueAt, overdue_notified_at: null } : { due_at: dueAt })
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

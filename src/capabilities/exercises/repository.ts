import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { ExerciseTables } from './tables.js';

/** Every SQL statement of the exercises capability. */
export const exercisesRepository = {
  orgsByIds(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organizations').select(['id', 'slug', 'name', 'name_en', 'kind', 'sectors']).where('id', 'in', [...ids]).execute();
  },

  insertExercise(trx: Db, row: Insertable<ExerciseTables['exercises']>) {
    return trx.insertInto('exercises').values(row).execute();
  },

  insertInjects(trx: Db, rows: Insertable<ExerciseTables['exercise_injects']>[]) {
    return trx.insertInto('exercise_injects').values(rows).execute();
  },

  find(db: Db, id: string) {
    return db.selectFrom('exercises').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Exercises the caller organises or takes part in (the marking, in SQL), newest first. */
  listVisible(db: Db, actor: Actor, limit: number) {
    return db
      .selectFrom('exercises as e')
      .innerJoin('organizations as o', 'o.id', 'e.owner_org_id')
      .selectAll('e')
      .select(['o.slug as owner_slug', 'o.name as owner_name', 'o.name_en as owner_name_en'])
      .select(sql<number>`(select count(*)::int from exercise_injects i where i.exercise_id = e.id)`.as('inject_count'))
      .select(sql<number>`(select count(*)::int from exercise_injects i where i.exercise_id = e.id and i.fired_at is not null)`.as('fired_count'))
      .where(visibleTo(actor, 'e'))
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute();
  },

  injects(db: Db, exerciseId: string, firedOnly: boolean) {
    let q = db.selectFrom('exercise_injects').selectAll().where('exercise_id', '=', exerciseId).orderBy('seq');
    if (firedOnly) q = q.where('fired_at', 'is not', null);
    return q.execute();
  },

  inject(db: Db, exerciseId: string, injectId: string) {
    return db.selectFrom('exercise_injects').selectAll().where('exercise_id', '=', exerciseId).where('id', '=', injectId).executeTakeFirst();
  },

  /** Starts a draft: every inject gets its time on the clock. Returns false when it was not a draft. */
  async start(trx: Db, id: string, at: Date) {
    const done = await trx.updateTable('exercises').set({ state: 'running', started_at: at }).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('exercise_injects')
      .set({ fire_at: sql<Date>`${at}::timestamptz + make_interval(secs => offset_seconds)` })
      .where('exercise_id', '=', id)
      .execute();
    return true;
  },

  /** Ends a running exercise; injects not yet fired never will be. */
  async end(trx: Db, id: string, at: Date) {
    const done = await trx.updateTable('exercises').set({ state: 'ended', ended_at: at }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await trx.updateTable('exercise_injects').set({ fire_at: null }).where('exercise_id', '=', id).where('fired_at', 'is', null).execute();
    return true;
  },

  /** The next due inject and who created its exercise (read without a lock: claimDue decides). */
  nextDue(db: Db, now: Date) {
    return db
      .selectFrom('exercise_injects as i')
      .innerJoin('exercises as e', 'e.id', 'i.exercise_id')
      .select(['i.id', 'e.owner_org_id', 'e.created_by'])
      .where('i.fired_at', 'is', null)
      .where('i.fire_at', '<=', now)
      .where('e.state', '=', 'running')
      .orderBy('i.fire_at')
      .orderBy('i.seq')
      .limit(1)
      .executeTakeFirst();
  },

  /** One due inject of a running exercise, claimed so that one node (or one restart) fires it once. */
  async claim(trx: Db, injectId: string, now: Date) {
    const { rows } = await sql<{ id: string; exercise_id: string; seq: number; kind: string; content: Record<string, unknown>; fire_at: Date; owner_org_id: string; created_by: string | null; participant_org_ids: string[] }>`
      select i.id, i.exercise_id, i.seq, i.kind, i.content, i.fire_at, e.owner_org_id, e.created_by, e.participant_org_ids
      from exercise_injects i join exercises e on e.id = i.exercise_id
      where i.id = ${injectId} and i.fired_at is null and i.fire_at <= ${now} and e.state = 'running'
      for update of i skip locked`.execute(trx);
    return rows[0];
  },

  markFired(trx: Db, injectId: string, at: Date, alertId: string | null) {
    return trx.updateTable('exercise_injects').set({ fired_at: at, alert_id: alertId }).where('id', '=', injectId).execute();
  },

  insertResponses(trx: Db, rows: Insertable<ExerciseTables['exercise_responses']>[]) {
    if (rows.length === 0) return Promise.resolve();
    return trx.insertInto('exercise_responses').values(rows).onConflict((oc) => oc.columns(['inject_id', 'org_id']).doNothing()).execute();
  },

  /** Responses of an exercise; `orgId` narrows them to one participant's. */
  responses(db: Db, exerciseId: string, orgId?: string) {
    let q = db
      .selectFrom('exercise_responses as r')
      .innerJoin('exercise_injects as i', 'i.id', 'r.inject_id')
      .select(['r.inject_id', 'r.org_id', 'r.delivered_at', 'r.responded_at', 'r.note', 'r.report', 'i.kind'])
      .where('r.exercise_id', '=', exerciseId);
    if (orgId) q = q.where('r.org_id', '=', orgId);
    return q.execute();
  },

  /** Records the first answer; a repeat changes nothing and returns undefined. */
  respond(trx: Db, injectId: string, orgId: string, set: { at: Date; by: string; note: string | null; report: string | null }) {
    return trx
      .updateTable('exercise_responses')
      .set({ responded_at: set.at, responded_by: set.by, note: set.note, report: set.report })
      .where('inject_id', '=', injectId)
      .where('org_id', '=', orgId)
      .where('responded_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

};

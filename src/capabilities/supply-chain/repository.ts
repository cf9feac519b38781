import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { RequiredRule } from './law.js';
import type { SupplyAlertsTable, SupplyLinksTable, SupplyRatingsTable } from './tables.js';

/**
 * How far the graph walks go. Real chains are at most about six tiers deep, but sideways links (two
 * operators serving each other) lengthen paths. The blast-radius walk also ends on its own in a cycle
 * (it never revisits an organisation); the supplier tree keeps one row per edge and depth, so there
 * the cap is what makes a cycle terminate.
 */
export const MAX_DEPTH = 10;

/** Each organisation's current level: its highest active, unexpired rating (the dashboard reads it too). */
export const currentLevels = sql`select org_id, max(level)::int as level from supply_ratings where status = 'active' and expires_at > now() group by org_id`;

const linkColumns = ['l.id', 'l.customer_org_id', 'l.supplier_org_id', 'l.provides', 'l.holds_key_data', 'l.network_access', 'l.outage_unacceptable', 'l.criticality', 'l.required_level', 'l.required_rule', 'l.status', 'l.decided_at', 'l.source', 'l.created_at', 'l.updated_at', 'l.tlp', 'l.clearance', 'l.owner_org_id', 'l.created_by', 'l.recipient_org_ids', 'l.recipient_sectors', 'l.recipient_user_ids'] as const;

function linksWithNames(db: Db) {
  return db
    .selectFrom('supply_links as l')
    .innerJoin('organizations as c', 'c.id', 'l.customer_org_id')
    .innerJoin('organizations as s', 's.id', 'l.supplier_org_id')
    .select(linkColumns)
    .select(['c.name as customer_name', 'c.name_en as customer_name_en', 's.name as supplier_name', 's.name_en as supplier_name_en', 's.kind as supplier_kind']);
}

export type LinkRow = Awaited<ReturnType<ReturnType<typeof linksWithNames>['executeTakeFirstOrThrow']>>;

export interface GraphRow {
  org_id: string;
  depth: number;
}

/** A customer in a blast radius: shortest depth, the direct link's status (depth 1), public facts. */
export interface BlastRow extends GraphRow {
  direct_status: string | null;
  name: string;
  name_en: string;
  kind: string;
  sectors: string[];
}

/** The condition of one required-level rule over a link's three answers and criticality, in SQL. */
function ruleCondition(r: RequiredRule, alias: string | null) {
  const c = (col: string) => (alias ? sql.ref(`${alias}.${col}`) : sql.ref(col));
  const yes = sql`(${c('holds_key_data')}::int + ${c('network_access')}::int + ${c('outage_unacceptable')}::int)`;
  return sql.join(
    [sql`true`, ...(r.when.minYes !== undefined ? [sql`${yes} >= ${r.when.minYes}`] : []), ...(r.when.criticality ? [sql`${c('criticality')} = any(${r.when.criticality}::text[])`] : [])],
    sql` and `,
  );
}

/** The required level the rule file gives a link (first rule that holds), as a SQL expression. */
export function requiredCase(rules: RequiredRule[], alias: string | null) {
  return sql`(case ${sql.join(rules.map((r) => sql`when ${ruleCondition(r, alias)} then ${r.level}::smallint`), sql` `)} end)`;
}

/** Every SQL statement of the supply-chain capability. */
export const supplyChainRepository = {
  insertLinks(trx: Db, rows: Insertable<SupplyLinksTable>[]) {
    return trx.insertInto('supply_links').values(rows).execute();
  },

  findLink(db: Db, id: string) {
    return linksWithNames(db).where('l.id', '=', id).executeTakeFirst();
  },

  existingPairs(db: Db, customerOrgId: string, supplierIds: string[]) {
    if (supplierIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('supply_links').select(['supplier_org_id']).where('customer_org_id', '=', customerOrgId).where('supplier_org_id', 'in', supplierIds).execute();
  },

  /** Links the caller may see (the policy's SQL twin), from one side or both. */
  listLinks(db: Db, actor: Actor, f: { side: 'customer' | 'supplier' | 'all'; status?: string; limit: number }) {
    let q = linksWithNames(db).where(visibleTo(actor, 'l')).orderBy('l.created_at', 'desc').orderBy('l.id').limit(f.limit);
    if (f.side === 'customer') q = q.where('l.customer_org_id', '=', actor.orgId);
    if (f.side === 'supplier') q = q.where('l.supplier_org_id', '=', actor.orgId);
    if (f.status) q = q.where('l.status', '=', f.status);
    return q.execute();
  },

  setLinkStatus(trx: Db, id: string, status: 'confirmed' | 'rejected', userId: string) {
    return trx.updateTable('supply_links').set({ status, decided_at: new Date(), decided_by: userId, updated_at: new Date() }).where('id', '=', id).execute();
  },

  deleteLink(trx: Db, id: string) {
    return trx.deleteFrom('supply_links').where('id', '=', id).execute();
  },

  /** A link between two organisations in either direction, whatever its status (independence). */
  async related(db: Db, a: string, b: string): Promise<boolean> {
    const row = await db
      .selectFrom('supply_links')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('customer_org_id', '=', a), eb('supplier_org_id', '=', b)]), eb.and([eb('customer_org_id', '=', b), eb('supplier_org_id', '=', a)])]))
      .executeTakeFirst();
    return row !== undefined;
  },

  org(db: Db, id: string) {
    return db.selectFrom('organizations').select(['id', 'slug', 'kind', 'sectors', 'name', 'name_en']).where('id', '=', id).executeTakeFirst();
  },

  orgsBySlugOrId(db: Db, refs: string[]) {
    if (refs.length === 0) return Promise.resolve([]);
    const uuids = refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r));
    return db
      .selectFrom('organizations')
      .select(['id', 'slug', 'kind', 'sectors'])
      .where((eb) => eb.or([eb('slug', 'in', refs), ...(uuids.length ? [eb('id', 'in', uuids)] : [])]))
      .execute();
  },

  /** The national hub and the holders of the given authority codes. */
  authorityOrgIds(db: Db, authorities: string[]) {
    return db
      .selectFrom('organizations')
      .select('id')
      .where((eb) => eb.or([eb('kind', '=', 'national_hub'), ...(authorities.length ? [eb('authority', 'in', authorities)] : [])]))
      .execute();
  },

  // ---- questionnaire ----

  upsertAnswer(trx: Db, row: { org_id: string; item_id: string; answer: string; note: string | null; answered_by: string }) {
    return trx
      .insertInto('supply_answers')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'item_id']).doUpdateSet({ answer: row.answer, note: row.note, answered_by: row.answered_by, updated_at: new Date() }))
      .execute();
  },

  answersOf(db: Db, orgIds: string[]) {
    if (orgIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('supply_answers').select(['org_id', 'item_id', 'answer', 'note', 'updated_at']).where('org_id', 'in', orgIds).execute();
  },

  insertEvidence(trx: Db, row: { id: string; org_id: string; item_id: string; filename: string; media_type: string; size_bytes: number; content: Buffer | null; url: string | null; uploaded_by: string }) {
    return trx.insertInto('supply_evidence').values(row).execute();
  },

  evidenceList(db: Db, orgId: string) {
    return db.selectFrom('supply_evidence').select(['id', 'item_id', 'filename', 'media_type', 'size_bytes', 'url', 'created_at']).where('org_id', '=', orgId).orderBy('created_at').execute();
  },

  evidence(db: Db, id: string) {
    return db.selectFrom('supply_evidence').selectAll().where('id', '=', id).executeTakeFirst();
  },

  // ---- ratings, claims, assessors ----

  ratingsOf(db: Db, orgId: string) {
    return db
      .selectFrom('supply_ratings as r')
      .leftJoin('organizations as a', 'a.id', 'r.assessor_org_id')
      .selectAll('r')
      .select(['a.name as assessor_name', 'a.name_en as assessor_name_en'])
      .where('r.org_id', '=', orgId)
      .orderBy('r.created_at', 'desc')
      .execute();
  },

  /**
   * Stores a self-declaration or a claim unless the organisation already holds the current one of its
   * kind (the unique indexes of migration 0073): a concurrent twin waits for the first to commit and then
   * stores nothing. Returns whether this row was stored.
   */
  async insertRatingOnce(trx: Db, row: Insertable<SupplyRatingsTable>): Promise<boolean> {
    const insert = trx.insertInto('supply_ratings').values(row);
    const result = await (row.basis === 'self'
      ? insert.onConflict((oc) => oc.column('org_id').where(sql<boolean>`basis = 'self' and status = 'active'`).doNothing())
      : insert.onConflict((oc) => oc.columns(['org_id', 'level']).where(sql<boolean>`basis = 'third_party' and status = 'pending'`).doNothing())
    ).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** The organisation's self-declaration in force (at most one: migration 0073). */
  currentSelf(db: Db, orgId: string) {
    return db.selectFrom('supply_ratings').selectAll().where('org_id', '=', orgId).where('basis', '=', 'self').where('status', '=', 'active').executeTakeFirst();
  },

  /** The organisation's claim for `level` still waiting for its assessor (at most one: migration 0073). */
  openClaim(db: Db, orgId: string, level: number) {
    return db.selectFrom('supply_ratings').selectAll().where('org_id', '=', orgId).where('level', '=', level).where('basis', '=', 'third_party').where('status', '=', 'pending').executeTakeFirst();
  },

  /** A new self-declaration replaces the one read before it (only that one: a concurrent twin's stays). */
  supersede(trx: Db, id: string) {
    return trx.updateTable('supply_ratings').set({ status: 'superseded' }).where('id', '=', id).where('status', '=', 'active').execute();
  },

  rating(db: Db, id: string) {
    return db.selectFrom('supply_ratings').selectAll().where('id', '=', id).executeTakeFirst();
  },

  decideClaim(trx: Db, id: string, set: { status: 'active' | 'rejected'; decided_by: string; note: string | null; granted_at: Date | null; expires_at: Date | null }) {
    return trx.updateTable('supply_ratings').set({ ...set, decided_at: new Date() }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  },

  claimsFor(db: Db, assessorOrgId: string) {
    return db
      .selectFrom('supply_ratings as r')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .selectAll('r')
      .select(['o.name as org_name', 'o.name_en as org_name_en'])
      .where('r.assessor_org_id', '=', assessorOrgId)
      .where('r.basis', '=', 'third_party')
      .orderBy('r.created_at', 'desc')
      .limit(500)
      .execute();
  },

  assessors(db: Db) {
    return db
      .selectFrom('supply_assessors as a')
      .innerJoin('organizations as o', 'o.id', 'a.org_id')
      .select(['a.org_id', 'a.registration_no', 'a.registered_at', 'o.name', 'o.name_en'])
      .orderBy('o.name')
      .execute();
  },

  async isAssessor(db: Db, orgId: string): Promise<boolean> {
    return (await db.selectFrom('supply_assessors').select('org_id').where('org_id', '=', orgId).executeTakeFirst()) !== undefined;
  },

  registerAssessor(trx: Db, row: { org_id: string; registration_no: string; registered_by: string | null }) {
    return trx.insertInto('supply_assessors').values(row).onConflict((oc) => oc.column('org_id').doUpdateSet({ registration_no: row.registration_no })).execute();
  },

  /** Current level of each organisation asked for (absent = none). */
  async levels(db: Db, orgIds: string[]): Promise<Map<string, number>> {
    if (orgIds.length === 0) return new Map();
    const { rows } = await sql<{ org_id: string; level: number }>`select org_id, level from (${currentLevels}) lv where org_id = any(${orgIds}::uuid[])`.execute(db);
    return new Map(rows.map((r) => [r.org_id, r.level]));
  },

  // ---- graph walks ----

  /**
   * Every organisation that depends on `orgId`, directly or through further suppliers, with its
   * shortest depth. Rejected links do not count; pending ones do (the customer says it depends).
   */
  /** Those of `orgIds` that some organisation depends on (a link that is not rejected): the only ones worth a walk. */
  async suppliersWithCustomers(db: Db, orgIds: string[]): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    const rows = await db.selectFrom('supply_links').select('supplier_org_id').distinct().where('supplier_org_id', 'in', orgIds).where('status', '<>', 'rejected').execute();
    return new Set(rows.map((r) => r.supplier_org_id));
  },

  async blastRadius(db: Db, orgId: string, maxDepth = MAX_DEPTH): Promise<BlastRow[]> {
    // A breadth-first walk as a recursive CTE with one row per depth: the frontier and every
    // organisation seen so far. Each step takes the customers of the whole frontier minus those already
    // seen, so every organisation is expanded once, at its shortest depth, and a cycle simply adds
    // nothing new (the walk ends when the frontier is empty, or at the depth cap). The organisations'
    // public facts and the direct links' status come in the same round trip.
    // Prepared by name (platform/db/prepared.ts): parsing and planning this recursive statement costs
    // about three times its execution, and an incident burst walks once per reporting supplier.
    const { rows } = await sql<BlastRow>`/* prepared: supply_blast_radius */
      with recursive walk(depth, frontier, seen) as (
        select 0, array[${orgId}::uuid], array[${orgId}::uuid]
        union all
        select w.depth + 1, n.next, w.seen || n.next
        from walk w cross join lateral (
          select coalesce(array_agg(x.customer_org_id), '{}'::uuid[]) as next
          from (
            select l.customer_org_id from supply_links l where l.supplier_org_id = any(w.frontier) and l.status <> 'rejected'
            except
            select unnest(w.seen)
          ) x
        ) n
        where w.depth < ${maxDepth} and cardinality(w.frontier) > 0
      ),
      reached as (select unnest(frontier) as org_id, depth from walk where depth > 0)
      select r.org_id, r.depth, d.status as direct_status, o.name, o.name_en, o.kind, o.sectors
      from reached r
      join organizations o on o.id = r.org_id
      left join supply_links d on r.depth = 1 and d.supplier_org_id = ${orgId}::uuid and d.customer_org_id = r.org_id
      order by r.depth, r.org_id`.execute(db);
    return rows;
  },

  /**
   * The supplier tree below `orgId`: each edge walked, and for each supplier its shortest depth and
   * the lowest current level met on a path down to it (its own included) — the weakest link.
   */
  async supplierTree(db: Db, orgId: string, maxDepth = MAX_DEPTH) {
    const { rows } = await sql<{ customer_org_id: string; supplier_org_id: string; status: string; required_level: number; depth: number; path_min: number }>`
      with recursive lv as (${currentLevels}),
      down(customer_org_id, supplier_org_id, status, required_level, depth, path_min) as (
        select l.customer_org_id, l.supplier_org_id, l.status, l.required_level, 1, coalesce(lv.level, 0)
        from supply_links l left join lv on lv.org_id = l.supplier_org_id
        where l.customer_org_id = ${orgId}::uuid and l.status <> 'rejected'
        union
        select l.customer_org_id, l.supplier_org_id, l.status, l.required_level, d.depth + 1, least(d.path_min, coalesce(lv.level, 0))
        from down d join supply_links l on l.customer_org_id = d.supplier_org_id
        left join lv on lv.org_id = l.supplier_org_id
        where d.depth < ${maxDepth} and l.status <> 'rejected' and l.supplier_org_id <> ${orgId}::uuid
      )
      select customer_org_id, supplier_org_id, min(status) as status, min(required_level)::int as required_level, min(depth)::int as depth, min(path_min)::int as path_min
      from down group by customer_org_id, supplier_org_id`.execute(db);
    return rows;
  },

  orgSummaries(db: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('organizations').select(['id', 'name', 'name_en', 'kind', 'sectors']).where('id', 'in', ids).execute();
  },

  /** Links (by pair) the caller may see: the policy decides which graph edges are named. */
  async visiblePairs(db: Db, actor: Actor, pairs: { customer: string; supplier: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await db
      .selectFrom('supply_links as l')
      .select(['l.customer_org_id', 'l.supplier_org_id'])
      .where(visibleTo(actor, 'l'))
      .where('l.customer_org_id', 'in', [...new Set(pairs.map((p) => p.customer))])
      .where('l.supplier_org_id', 'in', [...new Set(pairs.map((p) => p.supplier))])
      .execute();
    return new Set(rows.map((r) => `${r.customer_org_id}>${r.supplier_org_id}`));
  },

  // ---- required vs actual ----

  /**
   * Links where the supplier's current level is below what the customer requires. With `rules`, the
   * required level is derived from the link's answers by the current rule file in the query itself, so
   * the list is right even before the stored column has been re-derived after a rule change.
   */
  async mismatches(db: Db, side: 'customer' | 'supplier', orgId: string, rules?: RequiredRule[]) {
    const col = side === 'customer' ? sql.ref('l.customer_org_id') : sql.ref('l.supplier_org_id');
    const req = rules ? requiredCase(rules, 'l') : sql`l.required_level`;
    const { rows } = await sql<{ id: string; customer_org_id: string; supplier_org_id: string; provides: string; required_level: number; actual_level: number; status: string; customer_name: string; customer_name_en: string; supplier_name: string; supplier_name_en: string }>`
      with lv as (${currentLevels})
      select * from (
        select l.id, l.customer_org_id, l.supplier_org_id, l.provides, (${req})::int as required_level, coalesce(lv.level, 0)::int as actual_level, l.status, l.created_at,
          c.name as customer_name, c.name_en as customer_name_en, s.name as supplier_name, s.name_en as supplier_name_en
        from supply_links l
        join organizations c on c.id = l.customer_org_id
        join organizations s on s.id = l.supplier_org_id
        left join lv on lv.org_id = l.supplier_org_id
        where ${col} = ${orgId}::uuid and l.status <> 'rejected'
      ) m
      where actual_level < required_level
      order by required_level - actual_level desc, created_at`.execute(db);
    return rows;
  },

  /**
   * Nation-wide count of mismatches by required and actual level: one pass over every link against
   * every supplier's current, unexpired level. With `rules`, required levels come from the rule file.
   */
  async mismatchSummary(db: Db, rules?: RequiredRule[]) {
    const req = rules ? requiredCase(rules, 'l') : sql`l.required_level`;
    const { rows } = await sql<{ required_level: number; actual_level: number; links: number; suppliers: number }>`
      with lv as (${currentLevels})
      select required_level, actual_level, count(*)::int as links, count(distinct supplier_org_id)::int as suppliers
      from (
        select (${req})::int as required_level, coalesce(lv.level, 0)::int as actual_level, l.supplier_org_id
        from supply_links l left join lv on lv.org_id = l.supplier_org_id
        where l.status <> 'rejected'
      ) m
      where actual_level < required_level
      group by 1, 2 order by 1, 2`.execute(db);
    return rows;
  },

  /**
   * Re-derives the stored required level of every link from its answers with the current rules, in one
   * statement (a change of law/supply-chain/required-level.json is a data change). Only links whose
   * level or rule actually changes are written (rules_version = the rule file version that last set
   * the link's level); `onlyStale` limits it to links last set under another version.
   */
  async recomputeRequired(db: Db, rules: RequiredRule[], version: string, onlyStale: boolean): Promise<number> {
    const level = requiredCase(rules, null);
    const name = sql.join(rules.map((r) => sql`when ${ruleCondition(r, null)} then ${r.name}`), sql` `);
    const res = await sql`update supply_links set required_level = ${level}, required_rule = case ${name} end, rules_version = ${version}, updated_at = now()
      where ${onlyStale ? sql`rules_version <> ${version}` : sql`true`} and (required_level is distinct from ${level} or required_rule is distinct from case ${name} end)`.execute(db);
    return Number(res.numAffectedRows ?? 0);
  },

  // ---- alerts ----

  /**
   * The advisories behind a set of newly notified exposures, per owner of the exposed asset (read from
   * the advisories capability's table: its exposure.notified event names exposures, not advisories).
   */
  advisoriesOfExposures(db: Db, exposureIds: string[]) {
    if (exposureIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('exposures').select(['advisory_id', 'owner_org_id']).distinct().where('id', 'in', exposureIds).execute();
  },

  insertAlerts(trx: Db, rows: Insertable<SupplyAlertsTable>[]) {
    if (rows.length === 0) return Promise.resolve([]);
    return trx.insertInto('supply_alerts').values(rows).onConflict((oc) => oc.columns(['recipient_org_id', 'source_kind', 'source_ref']).doNothing()).returning(['recipient_org_id']).execute();
  },

  /** The reporter's consent changed: its alerts name it, or stop naming it, from now on. */
  setAlertsNamed(db: Db, kind: 'incident' | 'advisory', ref: string, named: boolean) {
    return db.updateTable('supply_alerts').set({ named }).where('source_kind', '=', kind).where('source_ref', '=', ref).where('named', '<>', named).execute();
  },

  alertsFor(db: Db, orgId: string, limit: number) {
    return db
      .selectFrom('supply_alerts as a')
      .innerJoin('organizations as o', 'o.id', 'a.source_org_id')
      .selectAll('a')
      .select(['o.name as source_name', 'o.name_en as source_name_en'])
      .where('a.recipient_org_id', '=', orgId)
      .orderBy('a.created_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** Organisations with alerts in the last 30 days: all of them for the hub, else the named ones the caller received. */
  async alerted(db: Db, orgIds: string[], recipient: string | null): Promise<Set<string>> {
    if (orgIds.length === 0) return new Set();
    let q = db.selectFrom('supply_alerts').select('source_org_id').distinct().where('source_org_id', 'in', orgIds).where('created_at', '>', new Date(Date.now() - 30 * 86_400_000));
    if (recipient) q = q.where('recipient_org_id', '=', recipient).where('named', '=', true);
    return new Set((await q.execute()).map((r) => r.source_org_id));
  },
};

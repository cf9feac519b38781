import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { NormalizedAdvisory } from './ingest.js';
import type { AdvisoryTables } from './tables.js';

/** Every SQL statement of the advisories capability. */
export const advisoriesRepository = {
  findBySource(db: Db, source: string, sourceId: string) {
    return db.selectFrom('advisories').selectAll().where('source', '=', source).where('source_id', '=', sourceId).executeTakeFirst();
  },

  find(db: Db, id: string) {
    return db.selectFrom('advisories').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Stores or replaces an advisory and its index keys; returns its id. */
  async upsert(trx: Db, id: string, a: NormalizedAdvisory, keys: string[], publishedBy: string | null): Promise<string> {
    const row = await trx
      .insertInto('advisories')
      .values({
        id,
        source: a.source,
        source_id: a.sourceId,
        content_hash: a.contentHash,
        title: a.title,
        cve_ids: a.cveIds,
        severity: a.severity,
        cvss_score: a.cvssScore,
        cvss_vector: a.cvssVector,
        known_exploited: a.knownExploited,
        remediation: a.remediation,
        published_by_org_id: publishedBy,
        statements: JSON.stringify(a.statements),
        meta: JSON.stringify(a.meta),
      })
      .onConflict((oc) =>
        oc.columns(['source', 'source_id']).doUpdateSet((eb) => ({
          content_hash: eb.ref('excluded.content_hash'),
          title: eb.ref('excluded.title'),
          cve_ids: eb.ref('excluded.cve_ids'),
          severity: eb.ref('excluded.severity'),
          cvss_score: eb.ref('excluded.cvss_score'),
          cvss_vector: eb.ref('excluded.cvss_vector'),
          // Once known exploited, always: a later document that omits it does not lower the flag.
          known_exploited: sql<boolean>`advisories.known_exploited or excluded.known_exploited`,
          remediation: eb.ref('excluded.remediation'),
          statements: eb.ref('excluded.statements'),
          meta: eb.ref('excluded.meta'),
          updated_at: new Date(),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('advisory_keys').where('advisory_id', '=', row.id).execute();
    if (keys.length) await trx.insertInto('advisory_keys').values(keys.map((key) => ({ advisory_id: row.id, key }))).execute();
    return row.id;
  },

  /** Advisories about these CVEs are known exploited from now on (a KEV addition). */
  markExploited(trx: Db, cves: string[]) {
    if (cves.length === 0) return Promise.resolve([]);
    return trx
      .updateTable('advisories')
      .set({ known_exploited: true, updated_at: new Date() })
      .where(sql<boolean>`cve_ids && ${sql.val(cves)}::text[]`)
      .where('known_exploited', '=', false)
      .returning('id')
      .execute();
  },

  aliases(db: Db) {
    return db.selectFrom('product_aliases').select(['from_key as from', 'to_key as to']).execute();
  },

  /** Assets registered under any of these identity keys (the GIN index on identity_keys). */
  candidateAssets(db: Db, keys: string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return db.selectFrom('assets').selectAll().where(sql<boolean>`identity_keys && ${sql.val(keys)}::text[]`).execute();
  },

  assetsByIds(db: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('assets').selectAll().where('id', 'in', ids).execute();
  },

  advisoriesByKeys(db: Db, keys: string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('advisories as a')
      .selectAll('a')
      .where((eb) => eb.exists(eb.selectFrom('advisory_keys as k').select('k.key').whereRef('k.advisory_id', '=', 'a.id').where('k.key', 'in', keys)))
      .execute();
  },

  knownExploited(db: Db) {
    return db.selectFrom('known_exploited').select(['cve_id', 'entry']).execute();
  },

  async saveKnownExploited(trx: Db, entries: { cve_id: string; entry: string }[], removed: string[]) {
    for (let i = 0; i < entries.length; i += 500) {
      await trx
        .insertInto('known_exploited')
        .values(entries.slice(i, i + 500))
        .onConflict((oc) => oc.column('cve_id').doUpdateSet((eb) => ({ entry: eb.ref('excluded.entry'), updated_at: new Date() })))
        .execute();
    }
    if (removed.length) await trx.deleteFrom('known_exploited').where('cve_id', 'in', removed).execute();
  },

  /** New exposures are notified; known ones keep their status and the earlier of their deadlines. */
  async upsertExposures(trx: Db, rows: Insertable<AdvisoryTables['exposures']>[]) {
    const out: { id: string; inserted: boolean }[] = [];
    for (let i = 0; i < rows.length; i += 500) {
      out.push(
        ...(await trx
          .insertInto('exposures')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['advisory_id', 'asset_id']).doUpdateSet((eb) => ({
              verdict: eb.ref('excluded.verdict'),
              reason: eb.ref('excluded.reason'),
              severity: eb.ref('excluded.severity'),
              known_exploited: eb.ref('excluded.known_exploited'),
              placement: eb.ref('excluded.placement'),
              due_at: sql<Date>`least(exposures.due_at, excluded.due_at)`,
              recipient_org_ids: eb.ref('excluded.recipient_org_ids'),
              // A match that comes back after "not affected by an advisory update" is open again.
              status: sql<string>`case when exposures.status = 'not_affected' and exposures.status_changed_by is null then 'notified' else exposures.status end`,
              updated_at: new Date(),
            })),
          )
          .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
          .execute()),
      );
    }
    return out;
  },

  /** Exposures the engine no longer finds (the advisory or the asset changed) are closed as not affected. */
  closeStale(trx: Db, advisoryId: string | null, assetIds: string[] | null, keep: { advisory_id: string; asset_id: string }[]) {
    let q = trx
      .updateTable('exposures')
      .set({ status: 'not_affected', justification: 'no longer matched after an update', status_changed_at: new Date(), updated_at: new Date() })
      .where('status', 'in', ['notified', 'acknowledged']);
    if (advisoryId) q = q.where('advisory_id', '=', advisoryId);
    if (assetIds) q = q.where('asset_id', 'in', assetIds.length ? assetIds : ['00000000-0000-0000-0000-000000000000']);
    if (keep.length) q = q.where(sql<boolean>`(advisory_id, asset_id) not in (${sql.join(keep.map((k) => sql`(${k.advisory_id}::uuid, ${k.asset_id}::uuid)`))})`);
    return q.execute();
  },

  listVisible(db: Db, actor: Actor, f: { scope: 'own' | 'operated' | 'all'; status?: string; limit: number; after?: { due: Date; id: string } }) {
    let q = db
      .selectFrom('exposures as e')
      .innerJoin('advisories as a', 'a.id', 'e.advisory_id')
      .innerJoin('assets as s', 's.id', 'e.asset_id')
      .innerJoin('organizations as o', 'o.id', 's.org_id')
      .select([
        'e.id', 'e.verdict', 'e.reason', 'e.severity', 'e.known_exploited', 'e.placement', 'e.due_at', 'e.status', 'e.justification', 'e.status_note', 'e.status_changed_at', 'e.created_at', 'e.updated_at',
        'a.id as advisory_id', 'a.source', 'a.source_id', 'a.title', 'a.cve_ids', 'a.cvss_score', 'a.remediation',
        's.id as asset_id', 's.name as asset_name', 's.version as asset_version', 's.category as asset_category', 's.org_id as asset_org_id', 's.operator_org_id',
        'o.name as org_name', 'o.name_en as org_name_en',
      ])
      .where(visibleTo(actor, 'e'))
      .orderBy('e.due_at')
      .orderBy('e.id')
      .limit(f.limit);
    if (f.scope === 'own') q = q.where('s.org_id', '=', actor.orgId);
    if (f.scope === 'operated') q = q.where('s.operator_org_id', '=', actor.orgId);
    if (f.status === 'open') q = q.where('e.status', 'in', ['notified', 'acknowledged']);
    else if (f.status) q = q.where('e.status', '=', f.status);
    if (f.after) {
      const { due, id } = f.after;
      q = q.where((eb) => eb.or([eb('e.due_at', '>', due), eb.and([eb('e.due_at', '=', due), eb('e.id', '>', id)])]));
    }
    return q.execute();
  },

  exposure(db: Db, id: string) {
    return db
      .selectFrom('exposures as e')
      .innerJoin('assets as s', 's.id', 'e.asset_id')
      .selectAll('e')
      .select(['s.org_id as asset_org_id', 's.operator_org_id'])
      .where('e.id', '=', id)
      .executeTakeFirst();
  },

  setStatus(trx: Db, id: string, set: { status: string; justification: string | null; note: string | null; by: string }) {
    return trx
      .updateTable('exposures')
      .set({ status: set.status, justification: set.justification, status_note: set.note, status_changed_at: new Date(), status_changed_by: set.by, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  },

  /** Open exposures by severity, exploitation, overdue, category and placement, for the given owners (null: all). */
  async summary(db: Db, ownerOrgIds: string[] | null, operatorOrgId: string | null) {
    const scope = ownerOrgIds === null ? sql`true` : operatorOrgId ? sql`(s.org_id = any(${sql.val(ownerOrgIds)}::uuid[]) or s.operator_org_id = ${operatorOrgId}::uuid)` : sql`s.org_id = any(${sql.val(ownerOrgIds)}::uuid[])`;
    const { rows } = await sql<{ dimension: string; value: string; n: number }>`
      with open as (
        select e.severity, e.known_exploited, e.due_at < now() as overdue, s.category, e.placement, e.verdict
        from exposures e join assets s on s.id = e.asset_id
        where e.status in ('notified', 'acknowledged') and ${scope})
      select 'severity' as dimension, severity as value, count(*)::int as n from open group by severity
      union all select 'knownExploited', known_exploited::text, count(*)::int from open group by known_exploited
      union all select 'overdue', overdue::text, count(*)::int from open group by overdue
      union all select 'category', category, count(*)::int from open group by category
      union all select 'placement', placement, count(*)::int from open group by placement
      union all select 'verdict', verdict, count(*)::int from open group by verdict`.execute(db);
    return rows;
  },

  /** Open exposures past their deadline, claimed so that one node reminds each once. */
  async claimDue(trx: Db, now: Date, limit = 500) {
    const { rows } = await sql<{ id: string } & Record<'tlp' | 'clearance', string> & { owner_org_id: string | null; created_by: string | null; recipient_org_ids: string[]; recipient_sectors: string[]; recipient_user_ids: string[]; advisory_id: string; asset_id: string; due_at: Date }>`
      select id, advisory_id, asset_id, due_at, tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids
      from exposures where status in ('notified', 'acknowledged') and reminded_at is null and due_at < ${now}
      order by due_at limit ${limit} for update skip locked`.execute(trx);
    if (rows.length) await trx.updateTable('exposures').set({ reminded_at: now }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows;
  },

  addAlias(trx: Db, from: string, to: string, by: string) {
    return trx
      .insertInto('product_aliases')
      .values({ from_key: from, to_key: to, created_by: by })
      .onConflict((oc) => oc.column('from_key').doUpdateSet({ to_key: to }))
      .execute();
  },

  advisoriesWithStatementKey(db: Db, key: string) {
    return db
      .selectFrom('advisories')
      .selectAll()
      .where(sql<boolean>`exists (select 1 from jsonb_array_elements(statements) s where s->'identity'->>'key' = ${key})`)
      .execute();
  },

  replaceKeys(trx: Db, advisoryId: string, keys: string[]) {
    return trx.deleteFrom('advisory_keys').where('advisory_id', '=', advisoryId).execute().then(async () => {
      if (keys.length) await trx.insertInto('advisory_keys').values(keys.map((key) => ({ advisory_id: advisoryId, key }))).execute();
    });
  },

  orgIdsInSectors(db: Db, sectors: string[]) {
    if (sectors.length === 0) return Promise.resolve([]);
    return db.selectFrom('organizations').select('id').where(sql<boolean>`sectors && ${sql.val(sectors)}::text[]`).execute();
  },
};

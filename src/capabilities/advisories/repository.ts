import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { Affected } from './engine/model.js';
import type { NormalizedAdvisory } from './ingest.js';
import { matchStatements } from './match-statements.js';

/**
 * Every SQL statement of the advisories capability: advisories, aliases and the KEV list here, the
 * matching write path (candidates, retro-matches, the exposure write) from match-statements.ts.
 */
export const advisoriesRepository = {
  ...matchStatements,
  findBySource(db: Db, source: string, sourceId: string) {
    return db.selectFrom('advisories').selectAll().where('source', '=', source).where('source_id', '=', sourceId).executeTakeFirst();
  },

  find(db: Db, id: string) {
    return db.selectFrom('advisories').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Stored advisories with these (source, source id) pairs: one query for a whole import. */
  findManyBySource(db: Db, keys: { source: string; sourceId: string }[]) {
    if (keys.length === 0) return Promise.resolve([]);
    return sql<{ id: string; source: string; source_id: string; content_hash: string }>`
      select a.id, a.source, a.source_id, a.content_hash from advisories a
      join unnest(${keys.map((k) => k.source)}::text[], ${keys.map((k) => k.sourceId)}::text[]) as k(source, source_id)
        on a.source = k.source and a.source_id = k.source_id`
      .execute(db)
      .then((r) => r.rows);
  },

  /**
   * Stores or replaces advisories and their index keys in three statements whatever their number;
   * returns what matching needs as stored (known_exploited never goes back to false).
   */
  async upsertMany(trx: Db, rows: { id: string; a: NormalizedAdvisory; keys: string[] }[], publishedBy: string | null) {
    if (rows.length === 0) return [];
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const { rows: stored } = await sql<{ id: string; source: string; source_id: string; severity: string; known_exploited: boolean }>`
      insert into advisories (id, source, source_id, content_hash, title, cve_ids, severity, cvss_score, cvss_vector, known_exploited,
        remediation, published_by_org_id, statements, meta)
      select id, source, source_id, content_hash, title, array(select jsonb_array_elements_text(cves)), severity, cvss_score, cvss_vector,
        known_exploited, remediation, ${publishedBy}::uuid, statements, meta
      from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.a.source)}::text[], ${col((r) => r.a.sourceId)}::text[], ${col((r) => r.a.contentHash)}::text[],
        ${col((r) => r.a.title)}::text[], ${col((r) => JSON.stringify(r.a.cveIds))}::jsonb[], ${col((r) => r.a.severity)}::text[],
        ${col((r) => r.a.cvssScore)}::numeric[], ${col((r) => r.a.cvssVector)}::text[], ${col((r) => r.a.knownExploited)}::bool[],
        ${col((r) => r.a.remediation)}::text[], ${col((r) => JSON.stringify(r.a.statements))}::jsonb[], ${col((r) => JSON.stringify(r.a.meta))}::jsonb[])
        as u(id, source, source_id, content_hash, title, cves, severity, cvss_score, cvss_vector, known_exploited, remediation, statements, meta)
      on conflict (source, source_id) do update set
        content_hash = excluded.content_hash, title = excluded.title, cve_ids = excluded.cve_ids, severity = excluded.severity,
        cvss_score = excluded.cvss_score, cvss_vector = excluded.cvss_vector,
        -- Once known exploited, always: a later document that omits it does not lower the flag.
        known_exploited = advisories.known_exploited or excluded.known_exploited,
        remediation = excluded.remediation, statements = excluded.statements, meta = excluded.meta, updated_at = now()
      returning id, source, source_id, severity, known_exploited`.execute(trx);
    const ids = stored.map((r) => r.id);
    const bySource = new Map(stored.map((r) => [`${r.source}|${r.source_id}`, r.id]));
    const keyIds: string[] = [];
    const keys: string[] = [];
    for (const r of rows) {
      for (const k of r.keys) {
        keyIds.push(bySource.get(`${r.a.source}|${r.a.sourceId}`)!);
        keys.push(k);
      }
    }
    await sql`delete from advisory_keys where advisory_id = any(${ids}::uuid[])`.execute(trx);
    if (keys.length) await sql`insert into advisory_keys (advisory_id, key) select * from unnest(${keyIds}::uuid[], ${keys}::text[])`.execute(trx);
    return stored;
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

  /** Stored advisories as the engine matches them. */
  async matchable(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    const { rows } = await sql<{ id: string; statements: Affected[]; severity: string; known_exploited: boolean }>`
      select id, statements, severity, known_exploited from advisories where id = any(${ids}::uuid[])`.execute(db);
    return rows;
  },

  /** What changed for the in-memory index since `since` (all when -1), aliases whole, in one snapshot. */
  async indexSince(db: Db, since: number) {
    const { rows } = await sql<{
      version: string;
      deleted_version: string;
      aliases: { from: string; to: string }[];
      advisories: { id: string; statements: Affected[]; severity: string; known_exploited: boolean }[];
    }>`
      select s.version::text as version, s.deleted_version::text as deleted_version,
        (select coalesce(json_agg(json_build_object('from', from_key, 'to', to_key)), '[]'::json) from product_aliases) as aliases,
        (select coalesce(json_agg(json_build_object('id', id, 'statements', statements, 'severity', severity, 'known_exploited', known_exploited)), '[]'::json)
           from advisories where index_version > ${since}) as advisories
      from advisory_index_state s`.execute(db);
    return rows[0]!;
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

  listVisible(db: Db, actor: Actor, f: { scope: 'own' | 'operated' | 'all'; status?: string; limit: number; after?: { due: Date; id: string } }) {
    let q = db
      .selectFrom('exposures as e')
      .innerJoin('advisories as a', 'a.id', 'e.advisory_id')
      .innerJoin('assets as s', 's.id', 'e.asset_id')
      .innerJoin('organizations as o', 'o.id', 's.org_id')
      .leftJoin('exposure_reasons as r', 'r.id', 'e.reason_id')
      .select(sql<Record<string, unknown>>`coalesce(r.reason, '{}'::jsonb) || jsonb_build_object('deadlineRule', e.deadline_rule)`.as('reason'))
      .select([
        'e.id', 'e.verdict', 'e.severity', 'e.known_exploited', 'e.placement', 'e.due_at', 'e.status', 'e.justification', 'e.status_note', 'e.status_changed_at', 'e.created_at', 'e.updated_at',
        'a.id as advisory_id', 'a.source', 'a.source_id', 'a.title', 'a.cve_ids', 'a.cvss_score', 'a.remediation',
        's.id as asset_id', 's.name as asset_name', 's.version as asset_version', 's.category as asset_category', 's.org_id as asset_org_id', 's.operator_org_id',
        'o.name as org_name', 'o.name_en as org_name_en', 'o.sectors as org_sectors',
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

  /**
   * Open exposures by severity, exploitation, overdue, category and placement, for the given owners (null:
   * all). With `sectors`, also by the owning organisation's sector as the dashboard counts them ('none'
   * for an owner without one; an owner in two sectors counts in both), limited to those sectors unless null.
   */
  async summary(db: Db, ownerOrgIds: string[] | null, operatorOrgId: string | null, sectors?: string[] | null) {
    const scope = ownerOrgIds === null ? sql`true` : operatorOrgId ? sql`(s.org_id = any(${sql.val(ownerOrgIds)}::uuid[]) or s.operator_org_id = ${operatorOrgId}::uuid)` : sql`s.org_id = any(${sql.val(ownerOrgIds)}::uuid[])`;
    const bySector =
      sectors === undefined
        ? sql``
        : sql`
      union all select 'sector', g.sector, count(*)::int
        from open join organizations o on o.id = open.org_id
        cross join lateral unnest(case when cardinality(o.sectors) = 0 then array['none']::text[] else o.sectors end) as g(sector)
        where ${sectors === null ? sql`true` : sql`g.sector = any(${sql.val(sectors)}::text[])`}
        group by g.sector`;
    const { rows } = await sql<{ dimension: string; value: string; n: number }>`
      with open as (
        select e.severity, e.known_exploited, e.due_at < now() as overdue, s.category, e.placement, e.verdict, s.org_id
        from exposures e join assets s on s.id = e.asset_id
        where e.status in ('notified', 'acknowledged') and ${scope})
      select 'severity' as dimension, severity as value, count(*)::int as n from open group by severity
      union all select 'knownExploited', known_exploited::text, count(*)::int from open group by known_exploited
      union all select 'overdue', overdue::text, count(*)::int from open group by overdue
      union all select 'category', category, count(*)::int from open group by category
      union all select 'placement', placement, count(*)::int from open group by placement
      union all select 'verdict', verdict, count(*)::int from open group by verdict${bySector}`.execute(db);
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

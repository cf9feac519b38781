import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { DomainEvent } from '../../platform/events/types.js';
import type { Marking } from '../../platform/policy/types.js';
import type { Affected } from './engine/model.js';
import type { NormalizedAdvisory } from './ingest.js';
import type { DeadlineRow, Match } from './matching.js';

/**
 * Assets that look the same to the engine: one identity and version. The assets themselves stay in the
 * database (stageCandidates): the writer fans a combo's match out to them by its number.
 */
export interface Combo {
  combo: number;
  cpe: string | null;
  purl: string | null;
  maker: string | null;
  product: string | null;
  version: string | null;
  identity_keys: string[];
}

/**
 * Held by advisory writers until commit (pg_advisory_xact_lock); any constant no other part uses, with
 * this schema's advisory_index_state oid as the second key (one lock per deployment, not per database).
 * Migration 0018's advisory_index_gate() names both too.
 */
const ADVISORY_WRITERS_LOCK = 7302440;

/** Every SQL statement of the advisories capability. */
export const advisoriesRepository = {
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

  /**
   * Assets registered under any of these identity keys (the GIN index on identity_keys), grouped by what
   * the engine reads of them: one combo per (cpe, purl, maker, product, version). The assets, with what an
   * exposure copies of them, are kept in the temporary table advisory_candidates until commit under their
   * combo's number, for recordExposures: a KEV import's ~200,000 asset ids no longer go to the application
   * and back, and the writer no longer looks each asset up again (~70,000 index probes, ~0.9 s at 1M
   * assets in bench/matching). Only inside a transaction: the table is emptied at every commit.
   * One index probe per key: with a whole import's keys (a KEV catalogue: ~3,000) in one `&&`, the
   * planner turns to a sequential scan that compares every asset's keys with every key (2.4 s at 100k
   * assets in bench/matching, against 0.3 s this way). An asset found under two keys is kept once.
   */
  async stageCandidates(trx: Db, keys: string[]): Promise<Combo[]> {
    if (!trx.isTransaction) throw new Error('stageCandidates needs a transaction: its table is emptied at commit');
    // Created once per session (a DO block: `if not exists` alone sends a notice on every later call), and
    // emptied here too: a second staging in the same transaction numbers its combos from 1 again.
    await sql`do $$ begin
      if to_regclass('pg_temp.advisory_candidates') is null then
        create temp table advisory_candidates on commit delete rows as
          select 0 as combo, id, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids from assets with no data;
      else
        delete from advisory_candidates;
      end if;
    end $$`.execute(trx);
    if (keys.length === 0) return [];
    const { rows } = await sql<Combo>`
      with found as (
        -- Once per asset (distinct on its id alone: a hash of every column cost twice as much).
        select distinct on (a.id) a.* from unnest(${keys}::text[]) as k(key)
        cross join lateral (select id, cpe, purl, maker, product, version, identity_keys, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids
                            from assets where identity_keys && array[k.key]) a
      ), numbered as materialized (
        -- Numbered in byte order: only equality matters here, and the locale's collation costs more to sort by.
        select dense_rank() over (order by cpe collate "C", purl collate "C", maker collate "C", product collate "C", version collate "C")::int as combo, * from found
      ), staged as (
        insert into advisory_candidates (combo, id, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids)
        select combo, id, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids from numbered
      )
      select combo, min(cpe) as cpe, min(purl) as purl, min(maker) as maker, min(product) as product, min(version) as version, min(identity_keys) as identity_keys
      from numbered group by combo`.execute(trx);
    return rows;
  },

  /** Stored advisories as the engine matches them. */
  async matchable(db: Db, ids: string[]) {
    if (ids.length === 0) return [];
    const { rows } = await sql<{ id: string; statements: Affected[]; severity: string; known_exploited: boolean }>`
      select id, statements, severity, known_exploited from advisories where id = any(${ids}::uuid[])`.execute(db);
    return rows;
  },

  /**
   * Advisory writers hold this lock from before their candidate query until they commit; a retro-match
   * waits for it as it reads (retroRead), so an asset and an advisory committed at the same time cannot
   * both miss each other.
   */
  lockAdvisoryWriters(trx: Db) {
    return sql`select pg_advisory_xact_lock(${ADVISORY_WRITERS_LOCK}, 'advisory_index_state'::regclass::oid::int)`.execute(trx);
  },

  /**
   * A whole catalogue's candidates (~250k rows at 1M assets) are grouped, and its exposures joined to
   * their assets, in memory rather than in temporary files: for this transaction only. Without merge
   * joins: the planner underestimates the joins of unnest()ed arrays (rows=663 for 132,387) and sorts
   * both sides of the exposure write (~200,000 rows) where hash joins over the same rows cost a third.
   * Without JIT: the candidate staging's estimate passes jit_optimize_above_cost, and compiling it took
   * 0.3-0.5 s of its 0.8-1.7 s (bench/matching, 1M assets) to save less than that.
   */
  roomForLargeImport(trx: Db) {
    return sql`select set_config('work_mem', '128MB', true), set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true)`.execute(trx);
  },

  /**
   * A retro-match's one read: the assets, the advisory index version once no advisory writer is in
   * flight (advisory_index_gate, migration 0017), and the advisories each asset has open exposures for
   * (filtered in the aggregate so the plan stays on exposures_asset).
   */
  async retroRead(db: Db, assetIds: string[]) {
    const { rows } = await sql<{
      index_version: string;
      deleted_version: string;
      id: string | null;
      cpe: string | null;
      purl: string | null;
      maker: string | null;
      product: string | null;
      version: string | null;
      identity_keys: string[] | null;
      open_advisories: string[] | null;
      pending_token: string | null;
    }>`${
      // One asset (the registry's event, nearly always) by its own statement: with `= any(array)`, whose
      // length a generic plan cannot know, PostgreSQL kept re-planning the read for every call
      // (pg_prepared_statements: 37 custom plans, 0 generic, in bench/matching); `= $1` gets the generic one.
      assetIds.length === 1 ? sql.raw('/* prepared: advisories_retro_read_one */') : sql.raw('/* prepared: advisories_retro_read */')
    }
      select s.version::text as index_version, s.deleted_version::text as deleted_version,
        a.id, a.cpe, a.purl, a.maker, a.product, a.version, a.identity_keys,
        (select coalesce(array_agg(e.advisory_id) filter (where e.status in ('notified', 'acknowledged')), '{}')
           from exposures e where e.asset_id = a.id) as open_advisories,
        (select p.token from asset_match_pending p where p.asset_id = a.id)::text as pending_token
      from advisory_index_gate() s left join assets a on ${assetIds.length === 1 ? sql`a.id = ${assetIds[0]}::uuid` : sql`a.id = any(${assetIds}::uuid[])`}`.execute(db);
    return rows;
  },

  /**
   * A retro-match that had nothing to write still owes its pending rows' removal (migration 0064): only
   * those whose token is the one it read, committed asynchronously (`settle` of recordExposures says why).
   */
  async settlePending(db: Db, settle: { assetIds: string[]; tokens: string[] }) {
    await sql`/* prepared: advisories_retro_settle */
      with done as (
        delete from asset_match_pending p using unnest(${settle.assetIds}::uuid[], ${settle.tokens}::uuid[]) as c(asset_id, token)
        where p.asset_id = c.asset_id and p.token = c.token returning 1)
      select set_config('synchronous_commit', 'off', true), (select count(*) from done)`.execute(db);
  },

  /** Assets still owed a retro-match some time after their change (a crash lost it, or it failed). */
  async pendingMatches(db: Db, olderThanSeconds: number, limit: number) {
    const { rows } = await sql<{ asset_id: string }>`
      select asset_id from asset_match_pending where since < now() - make_interval(secs => ${olderThanSeconds})
      order by since limit ${limit}`.execute(db);
    return rows.map((r) => r.asset_id);
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

  /**
   * Writes a set of matches in ONE statement: closes what is no longer matched (every open exposure of
   * `closeAdvisories` outside the new set, and the exact `closePairs`), upserts one exposure per match ×
   * asset (marked as the asset is, deadline by its placement; known ones keep their status and the
   * earlier deadline), and records one exposure.notified event per audience (owner + recipients) for the
   * exposures it created. Outside a transaction it commits by itself (a retro-match: no BEGIN/COMMIT).
   * `indexVersion` (a retro-match's, null for advisory writers, who hold the writers' lock): matches and
   * closings of advisories stamped after it are skipped, so a slow retro-match cannot undo the verdict
   * of a writer that committed between its read and this statement.
   * The events come back only when asked for (a retro-match delivers them itself; an import inside a
   * transaction leaves them to the outbox, and a KEV import's are tens of thousands).
   * `holdsWritersLock` says the caller holds the advisory writers' lock, which keeps assets from being
   * deleted under it, so the assets need no row locks (migration 0019; a retro-match locks its few).
   * Matches name either their assets (a retro-match) or, all of them, a combo that stageCandidates staged
   * in this transaction (advisory writers).
   * `settle` (a retro-match's, with every asset's pending token, migration 0064): the statement also
   * deletes those pending rows whose token is unchanged and turns synchronous commit off for itself. Safe
   * because what it writes is derived from durable data: a crash that loses this commit loses the pending
   * rows' deletion with it, and the sweep matches them again. Its exposures then take ids derived from
   * (advisory, asset), so an event delivered before such a loss names the id the sweep recreates.
   */
  async recordExposures(
    db: Db,
    w: { matches: Match[]; deadlines: DeadlineRow[]; closeAdvisories: string[]; closePairs: { advisoryId: string; assetId: string }[]; visibility: string; returnEvents: boolean; indexVersion: number | null; holdsWritersLock?: boolean; settle?: { assetIds: string[]; tokens: string[] } },
  ) {
    const m = w.matches;
    const staged = m.some((x) => x.combo !== undefined);
    if (staged && m.some((x) => x.combo === undefined || x.assetIds.length > 0)) throw new Error('recordExposures: matches name either combos or assets, not both');
    const xi: number[] = [];
    const xa: string[] = [];
    if (!staged) {
      m.forEach((match, i) => {
        for (const id of match.assetIds) {
          xi.push(i + 1);
          xa.push(id);
        }
      });
    }
    const d = w.deadlines;
    // A retro-match's write (a few rows, two shapes: with or without pairs to close) is prepared by name:
    // planning it was a third of its server time. Imports' writes are one-offs with large arrays, and
    // stay planned for their actual sizes.
    const prepared = w.indexVersion === null ? sql`` : sql.raw('/* prepared: advisories_retro_write */');
    const { rows } = await sql<{ kind: 'advisory' | 'event' | 'setting'; ref: string; created: number | null; updated: number | null; seq: string | null; payload: Record<string, unknown> | null; visibility: Marking | null; created_at: Date | null }>`${prepared}
      with m as (
        -- Texts as one JSON array each, ids comma-joined: node-postgres quotes and escapes every element of
        -- an array parameter in JavaScript, and the server unescapes it (a KEV import's 44,000 reasons: ~0.8 s
        -- in Node alone against 0.06 s for JSON.stringify; the write's server CPU went 10.0 → 8.4 s).
        select advisory_id, verdict, reason, md5(reason)::uuid as reason_id, severity, known_exploited, combo, i
        from rows from (unnest(string_to_array(${m.map((x) => x.advisoryId).join(',')}, ',')::uuid[]), json_array_elements_text(${JSON.stringify(m.map((x) => x.verdict))}::json),
          json_array_elements_text(${JSON.stringify(m.map((x) => x.reason))}::json), json_array_elements_text(${JSON.stringify(m.map((x) => x.severity))}::json),
          unnest(${m.map((x) => x.knownExploited)}::bool[]), unnest(string_to_array(${staged ? m.map((x) => x.combo).join(',') : ''}, ',')::int[]))
          with ordinality as m(advisory_id, verdict, reason, severity, known_exploited, combo, i)
        -- A retro-match matched against the advisories as of indexVersion: one changed (or deleted) since
        -- was changed by a writer that came after this asset and has recorded its own verdict for it.
        ${w.indexVersion === null ? sql`` : sql`where exists (select 1 from advisories adv where adv.id = m.advisory_id and adv.index_version <= ${w.indexVersion}::bigint)`}
      ), ${
        staged
          ? sql`p as (
        -- One row per match × asset (a KEV import: ~200,000): each match's combo fanned out to its assets
        -- as stageCandidates found them in this transaction.
        select m.i, c.id as asset_id, c.placement, c.tlp, c.clearance, c.owner_org_id, c.recipient_org_ids, c.recipient_sectors, c.recipient_user_ids
        from m join advisory_candidates c on c.combo = m.combo`
          : sql`x as (
        -- (match, asset) pairs (a retro-match: a few), comma-joined: neither ids nor ordinals need quoting.
        select * from unnest(string_to_array(${xi.join(',')}, ',')::int[], string_to_array(${xa.join(',')}, ',')::uuid[]) as x(i, asset_id)
      ), a as (
        -- The assets written for. Without the writers' lock, locked as a foreign-key check would lock
        -- them (migration 0019): one deleted concurrently is skipped, and its deleter waits for this commit.
        select id, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids
        from assets where id in (select asset_id from x) ${w.holdsWritersLock ? sql`` : sql`for key share`}
      ), p as (
        select x.i, a.id as asset_id, a.placement, a.tlp, a.clearance, a.owner_org_id, a.recipient_org_ids, a.recipient_sectors, a.recipient_user_ids
        from x join a on a.id = x.asset_id`
      }
      ), d as (
        select * from unnest(${d.map((r) => r.severity)}::text[], ${d.map((r) => r.knownExploited)}::bool[], ${d.map((r) => r.placement)}::text[],
          ${d.map((r) => r.dueAt)}::timestamptz[], ${d.map((r) => r.rule)}::text[]) as d(severity, known_exploited, placement, due_at, rule)
      )${
        // Only the parts that have something to do: each further CTE is planned on every call, and a
        // retro-match (a few rows) spends as long planning this statement as running it.
        w.closeAdvisories.length === 0
          ? sql``
          : sql`, stale_a as (
        update exposures e set status = 'not_affected', justification = 'no longer matched after an update', status_changed_at = now(), status_changed_by = null, updated_at = now()
        where e.advisory_id = any(${w.closeAdvisories}::uuid[]) and e.status in ('notified', 'acknowledged')
          and not exists (select 1 from p join m on m.i = p.i where m.advisory_id = e.advisory_id and p.asset_id = e.asset_id)
      )`
      }${
        w.closePairs.length === 0
          ? sql``
          : sql`, stale_p as (
        update exposures e set status = 'not_affected', justification = 'no longer matched after an update', status_changed_at = now(), status_changed_by = null, updated_at = now()
        from unnest(${w.closePairs.map((p) => p.advisoryId)}::uuid[], ${w.closePairs.map((p) => p.assetId)}::uuid[]) as c(advisory_id, asset_id)
        where e.advisory_id = c.advisory_id and e.asset_id = c.asset_id and e.status in ('notified', 'acknowledged')
          and (${w.indexVersion}::bigint is null
            or exists (select 1 from advisories adv where adv.id = c.advisory_id and adv.index_version <= ${w.indexVersion}::bigint))
      )`
      }${
        w.settle === undefined
          ? sql``
          : sql`, settled as (
        delete from asset_match_pending p using unnest(${w.settle.assetIds}::uuid[], ${w.settle.tokens}::uuid[]) as c(asset_id, token)
        where p.asset_id = c.asset_id and p.token = c.token
      )`
      }, r as (
        -- Each reason once, by the MD5 of its text (migration 0066); one another writer stored first is left as it is.
        insert into exposure_reasons (id, reason) select reason_id, reason::jsonb from m
        on conflict (id) do nothing
      ), up as (
        insert into exposures (id, advisory_id, asset_id, verdict, reason_id, deadline_rule, severity, known_exploited, placement, due_at,
          tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
        select ${w.indexVersion === null ? sql`time_ordered_uuid()` : sql`exposure_id_for(m.advisory_id, p.asset_id)`}, m.advisory_id, p.asset_id, m.verdict, m.reason_id, d.rule, m.severity, m.known_exploited,
          p.placement, d.due_at, p.tlp, p.clearance, p.owner_org_id, null, p.recipient_org_ids, p.recipient_sectors, p.recipient_user_ids
        from p join m on m.i = p.i
        join d on d.severity = m.severity and d.known_exploited = m.known_exploited and d.placement = p.placement
        on conflict (advisory_id, asset_id) do update set
          verdict = excluded.verdict, reason_id = excluded.reason_id, deadline_rule = excluded.deadline_rule, severity = excluded.severity, known_exploited = excluded.known_exploited,
          placement = excluded.placement, due_at = least(exposures.due_at, excluded.due_at), recipient_org_ids = excluded.recipient_org_ids,
          -- A match that comes back after "no longer matched" (closed by matching: status_changed_by null,
          -- even if a person had acknowledged it before) is open again; a person's VEX verdict stays.
          status = case when exposures.status = 'not_affected' and exposures.status_changed_by is null then 'notified' else exposures.status end,
          updated_at = now()
        returning id, advisory_id, owner_org_id, recipient_org_ids, known_exploited, due_at, status, xmax = 0 as inserted
      ), counted as (
        -- New open exposures join the dashboard's counts here, not through an insert trigger (migration
        -- 0067): its transition table copied all ~180,000 rows of a KEV import before counting them.
        insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
        select o.sectors, g.known_exploited, g.due_day, sum(g.n)::int
        from (select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC') as due_day, count(*) as n
              from up where inserted and status in ('notified', 'acknowledged') group by 1, 2, 3) g
        join organizations o on o.id = g.owner_org_id
        group by 1, 2, 3
        on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n
      ), o as (
        insert into outbox (id, type, payload, visibility)
        select time_ordered_uuid(), 'exposure.notified',
          jsonb_build_object('exposureIds', to_jsonb((array_agg(id))[1:200]), 'count', count(*), 'ownerOrgId', owner_org_id,
            -- Every advisory behind the group, uncapped: the supply chain alerts customers per advisory.
            'advisoryIds', to_jsonb(array_agg(distinct advisory_id))),
          ${w.visibility}::jsonb || jsonb_build_object('ownerOrgId', owner_org_id, 'recipientOrgIds', to_jsonb(recipient_org_ids))
        from up where inserted group by owner_org_id, recipient_org_ids
        returning seq, id, payload, visibility, created_at
      )
      select 'advisory' as kind, advisory_id::text as ref, (count(*) filter (where inserted))::int as created, (count(*) filter (where not inserted))::int as updated,
        null::text as seq, null::jsonb as payload, null::jsonb as visibility, null::timestamptz as created_at
      from up group by advisory_id
      union all
      select 'event', id::text, null, null, seq::text, payload, visibility, created_at from o where ${w.returnEvents}::boolean${
        // Its own arm, so that it runs whatever the other arms return; in force until this commit.
        w.settle === undefined ? sql`` : sql`
      union all
      select 'setting', set_config('synchronous_commit', 'off', true), null, null, null, null, null, null`
      }`.execute(db);
    const perAdvisory = new Map<string, { created: number; updated: number }>();
    const events: DomainEvent[] = [];
    for (const r of rows) {
      if (r.kind === 'advisory') perAdvisory.set(r.ref, { created: r.created!, updated: r.updated! });
      else if (r.kind === 'event') events.push({ seq: Number(r.seq), id: r.ref, type: 'exposure.notified', payload: r.payload!, visibility: r.visibility!, createdAt: r.created_at!.toISOString() });
    }
    let created = 0;
    let updated = 0;
    for (const c of perAdvisory.values()) {
      created += c.created;
      updated += c.updated;
    }
    return { perAdvisory, events, created, updated };
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

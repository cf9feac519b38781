/**
 * The statements of the matching write path: an import's candidates staged until its write, the lock
 * that orders advisory writers and retro-matches, a retro-match's read and its pending rows, and the one
 * statement that writes exposures for both (recordExposures). Part of advisoriesRepository.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { DomainEvent } from '../../platform/events/types.js';
import { outboxWrittenBySql } from '../../platform/events/outbox.js';
import type { Marking } from '../../platform/policy/types.js';
import type { DeadlineRow, KnownAsset, Match } from './matching.js';
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


const exposureColumns = sql.raw(`id, advisory_id, asset_id, verdict, reason_id, deadline_rule, severity, known_exploited, placement, due_at,
          tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids`);

export const matchStatements = {
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
   * `known` (a retro-match of one asset as its registry event described it, matched without reading it):
   * the statement writes only if, once no advisory writer is in flight (advisory_index_gate), the
   * advisories are still at `indexVersion` and the asset still has that identity; it then also closes the
   * asset's open exposures outside the matches and settles its pending row (its token as the statement
   * reads it), asynchronously when there was one. `applied` says whether it did; if not, nothing was
   * written and the caller reads and matches as before (retroRead).
   */
  async recordExposures(
    db: Db,
    w: { matches: Match[]; deadlines: DeadlineRow[]; closeAdvisories: string[]; closePairs: { advisoryId: string; assetId: string }[]; visibility: string; returnEvents: boolean; indexVersion: number | null; holdsWritersLock?: boolean; settle?: { assetIds: string[]; tokens: string[] }; known?: KnownAsset; newAdvisories?: ReadonlySet<string> },
  ) {
    const m = w.matches;
    const k = w.known;
    // Matches of advisories this transaction created: no exposure can name them yet (below, `fresh`).
    const isNew = m.map((x) => w.newAdvisories?.has(x.advisoryId) ?? false);
    const anyNew = isNew.some(Boolean);
    // The upsert runs unless every match is of a new advisory (with no match at all, it writes nothing).
    const upsertOld = !anyNew || isNew.some((n) => !n);
    if (anyNew && !w.holdsWritersLock) throw new Error('recordExposures: only a writer holding the writers\' lock creates advisories');
    if (k && (w.indexVersion === null || w.settle || w.closeAdvisories.length > 0 || w.closePairs.length > 0 || m.some((x) => x.combo !== undefined || x.assetIds.some((id) => id !== k.id)))) {
      throw new Error('recordExposures: a known asset is written for alone, with its index version, and settles and closes by itself');
    }
    const staged = m.some((x) => x.combo !== undefined);
    if (staged && m.some((x) => x.combo === undefined || x.assetIds.length > 0)) throw new Error('recordExposures: matches name either combos or assets, not both');
    if (anyNew && !staged) throw new Error('recordExposures: matches of new advisories name combos');
    // The (match, asset) rows, and `q`, the relation that carries the match's columns: staged, p carries
    // them itself (joining m again by its ordinal cost a second hash join of every row of a KEV import);
    // a retro-match's few rows join m as they always did.
    const pairs = staged ? sql`from p` : sql`from p join m on m.i = p.i`;
    const q = staged ? sql.raw('p') : sql.raw('m');
    const rowsToWrite = sql`${pairs} join d on d.severity = ${q}.severity and d.known_exploited = ${q}.known_exploited and d.placement = p.placement`;
    const exposureValues = sql`${w.indexVersion === null ? sql`time_ordered_uuid()` : sql`exposure_id_for(${q}.advisory_id, p.asset_id)`}, ${q}.advisory_id, p.asset_id, ${q}.verdict, ${q}.reason_id, d.rule, ${q}.severity, ${q}.known_exploited,
          p.placement, d.due_at, p.tlp, p.clearance, p.owner_org_id, null, p.recipient_org_ids, p.recipient_sectors, p.recipient_user_ids`;
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
    const prepared = w.indexVersion === null ? sql`` : sql.raw(k ? '/* prepared: advisories_retro_write_known */' : '/* prepared: advisories_retro_write */');
    const { rows } = await sql<{ kind: 'advisory' | 'event' | 'setting' | 'known'; ref: string; created: number | null; updated: number | null; seq: string | null; payload: Record<string, unknown> | null; visibility: Marking | null; created_at: Date | null }>`${prepared}
      with ${k ? sql`a as (
        -- The known asset, if nothing it was matched on has changed: the advisories (the gate waits for a
        -- writer in flight, then reads the version as of then) and the asset's identity. Locked as below.
        -- With the ids of its open exposures, filtered in the aggregate as retroRead does: "status in (…)"
        -- beside asset_id led the generic plan to AND in all of exposures_open_due (421,183 entries, 9 ms,
        -- in bench/matching, whose statistics predate its exposures) to find an asset's two exposures.
        select a.id, a.placement, a.tlp, a.clearance, a.owner_org_id, a.recipient_org_ids, a.recipient_sectors, a.recipient_user_ids,
          (select coalesce(array_agg(e.id) filter (where e.status in ('notified', 'acknowledged')), '{}') from exposures e where e.asset_id = a.id) as open_ids
        from advisory_index_gate() g, assets a
        where a.id = ${k.id}::uuid and g.version = ${w.indexVersion}::bigint and g.deleted_version <= ${w.indexVersion}::bigint
          and a.cpe is not distinct from ${k.cpe}::text and a.purl is not distinct from ${k.purl}::text and a.maker is not distinct from ${k.maker}::text
          and a.product is not distinct from ${k.product}::text and a.version is not distinct from ${k.version}::text and a.identity_keys = ${k.identityKeys}::text[]
        for key share of a
      ), ` : sql``}m as (
        -- Texts as one JSON array each, ids comma-joined: node-postgres quotes and escapes every element of
        -- an array parameter in JavaScript, and the server unescapes it (a KEV import's 44,000 reasons: ~0.8 s
        -- in Node alone against 0.06 s for JSON.stringify; the write's server CPU went 10.0 → 8.4 s).
        select advisory_id, verdict, reason, md5(reason)::uuid as reason_id, severity, known_exploited, combo, ${anyNew ? sql`is_new, ` : sql``}i
        from rows from (unnest(string_to_array(${m.map((x) => x.advisoryId).join(',')}, ',')::uuid[]), json_array_elements_text(${JSON.stringify(m.map((x) => x.verdict))}::json),
          json_array_elements_text(${JSON.stringify(m.map((x) => x.reason))}::json), json_array_elements_text(${JSON.stringify(m.map((x) => x.severity))}::json),
          unnest(${m.map((x) => x.knownExploited)}::bool[]), unnest(string_to_array(${staged ? m.map((x) => x.combo).join(',') : ''}, ',')::int[])${anyNew ? sql`, unnest(${isNew}::bool[])` : sql``})
          with ordinality as m(advisory_id, verdict, reason, severity, known_exploited, combo, ${anyNew ? sql`is_new, ` : sql``}i)
        -- A retro-match matched against the advisories as of indexVersion: one changed (or deleted) since
        -- was changed by a writer that came after this asset and has recorded its own verdict for it.
        ${
          w.indexVersion === null
            ? sql``
            : k
              ? // The gate in `a` saw the advisories at indexVersion with no writer in flight: none is newer.
                sql`where exists (select 1 from a)`
              : sql`where exists (select 1 from advisories adv where adv.id = m.advisory_id and adv.index_version <= ${w.indexVersion}::bigint)`
        }
      ), ${
        staged
          ? sql`p as (
        -- One row per match × asset (a KEV import: ~200,000): each match's combo fanned out to its assets
        -- as stageCandidates found them in this transaction.
        -- With the match's own columns: joining m again by its ordinal cost a second hash join of every row.
        select m.i, m.advisory_id, m.verdict, m.reason_id, m.severity, m.known_exploited, ${anyNew ? sql`m.is_new, ` : sql``}c.id as asset_id, c.placement, c.tlp, c.clearance, c.owner_org_id, c.recipient_org_ids, c.recipient_sectors, c.recipient_user_ids
        from m join advisory_candidates c on c.combo = m.combo`
          : sql`x as (
        -- (match, asset) pairs (a retro-match: a few), comma-joined: neither ids nor ordinals need quoting.
        select * from unnest(string_to_array(${xi.join(',')}, ',')::int[], string_to_array(${xa.join(',')}, ',')::uuid[]) as x(i, asset_id)
      ), ${k ? sql`` : sql`a as (
        -- The assets written for. Without the writers' lock, locked as a foreign-key check would lock
        -- them (migration 0019): one deleted concurrently is skipped, and its deleter waits for this commit.
        select id, placement, tlp, clearance, owner_org_id, recipient_org_ids, recipient_sectors, recipient_user_ids
        from assets where id in (select asset_id from x) ${w.holdsWritersLock ? sql`` : sql`for key share`}
      ), `}p as (
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
          and not exists (select 1 ${pairs} where ${q}.advisory_id = e.advisory_id and p.asset_id = e.asset_id)
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
        !k
          ? sql``
          : sql`, stale_k as (
        -- The known asset's open exposures that its matches no longer include (by primary key: a few).
        update exposures e set status = 'not_affected', justification = 'no longer matched after an update', status_changed_at = now(), status_changed_by = null, updated_at = now()
        where e.id = any((select open_ids from a)::uuid[]) and e.status in ('notified', 'acknowledged')
          and not exists (select 1 from m where m.advisory_id = e.advisory_id)
      ), settled as (
        -- Its pending row, by the token this statement reads: an asset changed again since keeps its newer one.
        delete from asset_match_pending p using (select asset_id, token from asset_match_pending where asset_id = ${k.id}::uuid) c
        where p.asset_id = c.asset_id and p.token = c.token and exists (select 1 from a)
        returning 1
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
      ), ${
        anyNew
          ? sql`fresh as (
        -- Exposures of advisories created in this transaction (a first KEV import: ~180,000), inserted
        -- without the conflict check: no other transaction can see these advisories, so none can have
        -- written an exposure of theirs, and this statement names each (advisory, asset) once (an
        -- upsert would fail on a repeat too). The check's extra index probe and WAL record per row cost
        -- ~20 % of the insert (bench/matching).
        insert into exposures (${exposureColumns})
        select ${exposureValues}
        ${rowsToWrite} where p.is_new
        returning id, advisory_id, owner_org_id, recipient_org_ids, known_exploited, due_at, status, true as inserted
      ), `
          : sql``
      }${upsertOld ? sql`${anyNew ? sql`upserted` : sql`up`} as (
        insert into exposures (${exposureColumns})
        select ${exposureValues}
        ${rowsToWrite}${anyNew ? sql` where not p.is_new` : sql``}
        on conflict (advisory_id, asset_id) do update set
          verdict = excluded.verdict, reason_id = excluded.reason_id, deadline_rule = excluded.deadline_rule, severity = excluded.severity, known_exploited = excluded.known_exploited,
          placement = excluded.placement, due_at = least(exposures.due_at, excluded.due_at), recipient_org_ids = excluded.recipient_org_ids,
          -- A match that comes back after "no longer matched" (closed by matching: status_changed_by null,
          -- even if a person had acknowledged it before) is open again; a person's VEX verdict stays.
          status = case when exposures.status = 'not_affected' and exposures.status_changed_by is null then 'notified' else exposures.status end,
          -- Reopened, it drops the "no longer matched" justification with the status (migration 0075).
          justification = case when exposures.status = 'not_affected' and exposures.status_changed_by is null then null else exposures.justification end,
          updated_at = now()
        returning id, advisory_id, owner_org_id, recipient_org_ids, known_exploited, due_at, status, xmax = 0 as inserted
      ), ` : sql``}${anyNew ? sql`up as (select * from fresh${upsertOld ? sql` union all select * from upserted` : sql``}), ` : sql``}counted as (
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
      }${
        // Asynchronous only if it settled a pending row: without one, a lost commit would not be swept.
        !k
          ? sql``
          : sql`
      union all
      select 'setting', set_config('synchronous_commit', 'off', true), null, null, null, null, null, null where exists (select 1 from settled)
      union all
      select 'known', (select count(*) from a)::text, null, null, null, null, null, null`
      }`.execute(db);
    // Events not asked for are left to a round (an import's, in its transaction): its owner kicks one.
    if (!w.returnEvents) outboxWrittenBySql(db);
    const perAdvisory = new Map<string, { created: number; updated: number }>();
    const events: DomainEvent[] = [];
    let applied = !k;
    for (const r of rows) {
      if (r.kind === 'known') applied = r.ref === '1';
      if (r.kind === 'advisory') perAdvisory.set(r.ref, { created: r.created!, updated: r.updated! });
      else if (r.kind === 'event') events.push({ seq: Number(r.seq), id: r.ref, type: 'exposure.notified', payload: r.payload!, visibility: r.visibility!, createdAt: r.created_at!.toISOString() });
    }
    let created = 0;
    let updated = 0;
    for (const c of perAdvisory.values()) {
      created += c.created;
      updated += c.updated;
    }
    return { perAdvisory, events, created, updated, applied };
  },
};

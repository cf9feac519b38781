import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseHandle, Db } from '../../../platform/db/database.js';
import { visibleTo } from '../../../platform/policy/sql.js';
import type { Actor } from '../../../platform/policy/types.js';
import { referencesVisibleTo } from './references.js';

/**
 * Reads of the STIX store. Every one filters entries with visibleTo() in SQL, so the database returns
 * only versions the actor may see (and none that references an object it may not: references.ts); a TAXII page is one indexed keyset query, whatever its size.
 */

export type VersionMatch = 'last' | 'first' | 'all' | string;
export interface StreamFilter {
  addedAfter?: string;
  ids?: string[];
  types?: string[];
  /** TAXII match[version]: any mix of last, first, all and version timestamps (canonical form). */
  versions: VersionMatch[];
  specVersions?: string[];
}
export interface Position {
  dateAdded: string;
  seq: number;
}
export interface StreamRow {
  seq: number;
  date_added: string;
  object_id: string;
  version: string;
  tlp: string;
  clearance: string;
}

/** A page of objects as stream() would give it, joined (streamPage). */
export interface StreamPage {
  /** The JSON texts of the page's objects in stream order, joined by commas ('' when none). */
  bodies: string;
  count: number;
  /** date_added of the first and last entries (TAXII's X-TAXII-Date-Added-First/Last). */
  firstAdded: string | null;
  lastAdded: string | null;
  /** Where the next page starts when there is more; null on the last page. */
  next: Position | null;
  /** How many entries of the page are restricted (isRestricted), and the ids of up to 20 of them. */
  restricted: number;
  restrictedIds: string[];
}

/** A timestamp as TAXII writes it: UTC, microseconds, a Z. */
const utcStamp = (t: RawBuilder<unknown>) => sql<string>`to_char(${t} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const DATE_ADDED = utcStamp(sql`e.date_added`);

/**
 * Entry `alias` is the newest (`last`) or oldest (`first`) version of its object in its collection
 * among the versions `actor` may see. The is_last / is_first flags count every version: on their own, a
 * newer version the reader may not see (raised to TLP:RED, say) hid the one it may see — lists, search
 * and TAXII's default made the object look deleted while its page still showed it — and comparing
 * `first` with `last` told the reader that a hidden newer version exists. The flag answers for the
 * common case (one version, or the reader sees the newest); only other entries pay one probe.
 */
export function newestVisible(actor: Actor, alias: string, which: 'last' | 'first' = 'last'): RawBuilder<SqlBool> {
  // Built once per actor, alias and direction, like visibleEntries: TAXII pages ask for it every request.
  const key = `${alias} ${which}`;
  let byKey = newestVisibleCache.get(actor);
  if (!byKey) newestVisibleCache.set(actor, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached) return cached;
  const a = (col: string) => sql.ref(`${alias}.${col}`);
  const flag = which === 'last' ? a('is_last') : a('is_first');
  const beyond = which === 'last' ? sql`(n.version_at, n.seq) > (${a('version_at')}, ${a('seq')})` : sql`(n.version_at, n.seq) < (${a('version_at')}, ${a('seq')})`;
  // A newer version the reader may see by its marking hides this one even when what it references
  // withholds it (rare; the object is then hidden as before this rule, never shown twice).
  const built = sql<SqlBool>`(${flag} or not exists (select 1 from stix_collection_objects n
      where n.object_id = ${a('object_id')} and n.collection_id = ${a('collection_id')} and ${beyond} and ${visibleTo(actor, 'n')}))`;
  byKey.set(key, built);
  return built;
}
const newestVisibleCache = new WeakMap<Actor, Map<string, RawBuilder<SqlBool>>>();

/**
 * The version part of a TAXII filter as SQL over entries `e`: last and first as far as `actor` may see
 * (newestVisible); without an actor (a contributor deleting its own versions), as stored.
 */
export function versionCondition(versions: VersionMatch[], actor?: Actor): RawBuilder<SqlBool> {
  if (versions.length === 0 || versions.includes('all')) return sql<SqlBool>`true`;
  const parts: RawBuilder<SqlBool>[] = [];
  if (versions.includes('last')) parts.push(actor ? newestVisible(actor, 'e', 'last') : sql<SqlBool>`e.is_last`);
  if (versions.includes('first')) parts.push(actor ? newestVisible(actor, 'e', 'first') : sql<SqlBool>`e.is_first`);
  const stamps = versions.filter((v) => v !== 'last' && v !== 'first');
  // An unversioned SCO's version is the time it was added (TAXII 2.1 §3.4.1: what status, manifest and
  // versions said it was), so a client asking for that version gets it.
  if (stamps.length) parts.push(sql<SqlBool>`(e.version = any(${stamps}::text[]) or (e.version = '' and e.date_added = any(${stamps}::timestamptz[])))`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/**
 * What of a stream entry `e` the actor may see, built once per actor object rather than per page (the
 * actor directory hands out the same object for a user for a few seconds; actors are never mutated,
 * and a builder is immutable, so a cached one says exactly what a fresh one would).
 */
const streamVisibility = new WeakMap<Actor, RawBuilder<SqlBool>>();
function visibleEntries(actor: Actor): RawBuilder<SqlBool> {
  let v = streamVisibility.get(actor);
  if (!v) {
    v = sql<SqlBool>`${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')}`;
    streamVisibility.set(actor, v);
  }
  return v;
}

function streamWhere(actor: Actor, collectionId: string, f: StreamFilter, after: Position | null): RawBuilder<SqlBool> {
  const c: RawBuilder<SqlBool>[] = [sql<SqlBool>`e.collection_id = ${collectionId}::uuid`, versionCondition(f.versions, actor), visibleEntries(actor)];
  if (f.addedAfter) c.push(sql<SqlBool>`e.date_added > ${f.addedAfter}::timestamptz`);
  if (f.ids?.length) c.push(sql<SqlBool>`e.object_id = any(${f.ids}::text[])`);
  if (f.specVersions?.length) c.push(sql<SqlBool>`e.spec_version = any(${f.specVersions}::text[])`);
  if (after) c.push(sql<SqlBool>`(e.date_added, e.seq) > (${after.dateAdded}::timestamptz, ${after.seq}::bigint)`);
  return sql.join(c, sql` and `) as RawBuilder<SqlBool>;
}

/**
 * The entries a page reads, as the FROM item `e` of a query ordered by (date_added, seq) with `limit`
 * rows, and the condition that query applies to them. Without match[type]: the collection's stream
 * (index stix_collection_objects_page) and the whole filter. With it: for each type asked, its first
 * `limit` entries after the position, in order, by index stix_collection_objects_type_page (migration
 * 0070); the query merges them. Filtering the stream by type instead walked every entry up to the
 * page's end: a type the collection does not hold read all of it (0.3–0.6 s for 1M entries).
 */
function pageSource(actor: Actor, collectionId: string, f: StreamFilter, after: Position | null, limit: number): { from: RawBuilder<unknown>; where: RawBuilder<SqlBool> } {
  const where = streamWhere(actor, collectionId, f, after);
  if (!f.types?.length) return { from: sql`stix_collection_objects e`, where };
  // Each type once: a type named twice would bring its entries twice.
  return {
    from: sql`(select e.* from unnest(${[...new Set(f.types)]}::text[]) as t(type) cross join lateral (
        select * from stix_collection_objects e where e.type = t.type and ${where}
        order by e.date_added, e.seq limit ${sql.lit(limit)}) e) e`,
    where: sql<SqlBool>`true`,
  };
}

/**
 * Page sizes whose page query is prepared by name (platform/db/prepared.ts): TAXII's default and
 * maximum `limit` (taxii/filters.ts), what clients paging a collection send. The limit is a literal in
 * the text, so each size is a statement of its own per filter shape; other sizes are planned per call.
 */
const PREPARED_PAGE_SIZES = new Set([100, 1000]);

/**
 * Where a page of this size runs: a prepared page on the connections that always use its generic plan
 * (DatabaseHandle.genericPlans says why), any other size, planned per call, on the main pool (on those
 * connections a one-off statement would be planned without its values).
 */
export const pageDb = (database: DatabaseHandle, limit: number): Db => (PREPARED_PAGE_SIZES.has(limit) ? database.genericPlans : database.db);

/**
 * Objects the actor may see, by their last version in a collection: entries `xe` joined to their
 * objects `xo`, and the condition that keeps only visible ones. A caller names which ids (`xe.object_id`).
 * What the object page and lists read to name a relationship's ends and an object's references.
 */
function visibleLastVersions(actor: Actor): { from: RawBuilder<unknown>; where: RawBuilder<SqlBool> } {
  return {
    from: sql`stix_collection_objects xe join stix_objects xo on xo.id = xe.object_id and xo.version = xe.version`,
    where: sql<SqlBool>`${visibleTo(actor, 'xe')} and ${referencesVisibleTo(actor, 'xe')} and ${newestVisible(actor, 'xe')}`,
  };
}

export const storeQueries = {
  /**
   * One page of a collection's stream in (date_added, seq) order, without the objects (manifest,
   * versions; streamPage() has them); limit+1 rows tell whether there is more.
   *
   * Prepared by name for the usual page sizes: PostgreSQL then plans it once per connection and filter
   * shape (planning cost more than running it: 0.4 ms against 0.2 ms for a page of 100). The LIMIT is
   * a literal because with a parameter there the generic plan is costed for a tenth of the collection
   * (past jit_above_cost), so PostgreSQL kept planning every call, and a forced generic plan spent
   * 35 ms JIT-compiling each page. Every other value, the visibility filter's included, is a parameter.
   */
  async stream(db: Db, actor: Actor, collectionId: string, f: StreamFilter, after: Position | null, limit: number): Promise<StreamRow[]> {
    const prepared = PREPARED_PAGE_SIZES.has(limit) ? sql.raw('/* prepared: intel_page */') : sql``;
    const s = pageSource(actor, collectionId, f, after, limit + 1);
    const { rows } = await sql<StreamRow>`${prepared}
      select e.seq, ${DATE_ADDED} as date_added, e.object_id, e.version, e.tlp, e.clearance
      from ${s.from}
      where ${s.where}
      order by e.date_added, e.seq limit ${sql.lit(limit + 1)}`.execute(db);
    for (const r of rows) r.seq = Number(r.seq);
    return rows;
  },

  /**
   * The same page as stream() with bodies, as ONE row: the objects' JSON texts already joined by
   * commas, the positions the TAXII headers and `next` need, and the page's restricted entries (not
   * TLP:CLEAR or GREEN without clearance: stix_entry_is_open, migration 0028 — what isRestricted()
   * says) for the audit. A hundred rows of seven columns cost the TAXII server more to receive and
   * parse than the rest of the request (0.3 ms); one text is decoded once. Prepared by name like stream().
   *
   * Only the join is an ordered aggregate (each one sorts its input again: 0.1 ms of PostgreSQL per page
   * for four); the rest needs no order: entries come in (date_added, seq) order, so the last date_added
   * of the page is its greatest, and `next` — wanted only when there is more — is entry `limit`'s.
   */
  async streamPage(db: Db, actor: Actor, collectionId: string, f: StreamFilter, after: Position | null, limit: number): Promise<StreamPage> {
    const prepared = PREPARED_PAGE_SIZES.has(limit) ? sql.raw('/* prepared: intel_objects_page */') : sql``;
    const inPage = sql`p.k <= ${sql.lit(limit)}`;
    const s = pageSource(actor, collectionId, f, after, limit + 1);
    const { rows } = await sql<{ n: number; bodies: string | null; first_added: string | null; last_added: string | null; next_seq: number | null; restricted: number; restricted_ids: string[] | null }>`${prepared}
      select count(*)::int as n,
        string_agg(p.body, ',' order by p.k) filter (where ${inPage}) as bodies,
        ${utcStamp(sql`min(p.date_added)`)} as first_added,
        ${utcStamp(sql`max(p.date_added) filter (where ${inPage})`)} as last_added,
        max(p.seq) filter (where p.k = ${sql.lit(limit)}) as next_seq,
        count(*) filter (where ${inPage} and not p.open)::int as restricted,
        (array_agg(p.object_id) filter (where ${inPage} and not p.open))[1:20] as restricted_ids
      from (
        select row_number() over (order by e.date_added, e.seq) as k, e.seq, e.date_added, e.object_id, stix_entry_is_open(e.tlp, e.clearance) as open, e.body
        from ${s.from}
        where ${s.where}
        order by e.date_added, e.seq limit ${sql.lit(limit + 1)}) p`.execute(db);
    const r = rows[0]!;
    const more = Number(r.n) > limit;
    return {
      bodies: r.bodies ?? '',
      count: Math.min(Number(r.n), limit),
      firstAdded: r.first_added,
      lastAdded: r.last_added,
      next: more && r.last_added !== null && r.next_seq !== null ? { dateAdded: r.last_added, seq: Number(r.next_seq) } : null,
      restricted: Number(r.restricted),
      restrictedIds: r.restricted_ids ?? [],
    };
  },

  /** Entries of one object the actor may see, across collections, oldest version first. */
  async entriesOf(db: Db, actor: Actor, objectId: string, collectionId?: string) {
    const { rows } = await sql<{ collection_id: string; version: string; version_at: Date | null; tlp: string; clearance: string; date_added: string; seq: number }>`
      select e.collection_id, e.version, e.version_at, e.tlp, e.clearance, ${DATE_ADDED} as date_added, e.seq
      from stix_collection_objects e
      where e.object_id = ${objectId} and ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')} ${collectionId ? sql`and e.collection_id = ${collectionId}::uuid` : sql``}
      order by e.version_at nulls first, e.seq`.execute(db);
    return rows;
  },

  /**
   * The JSON text an entry serves (one of entriesOf's, so one the actor may see). Usually the stored
   * version's; a poster that could not see the version it repeated has its own body there (ingest.ts).
   */
  async entryBody(db: Db, seq: number): Promise<string | undefined> {
    const row = await db.selectFrom('stix_collection_objects').select('body').where('seq', '=', seq).executeTakeFirst();
    return row?.body;
  },

  /** Relationships (last versions the actor may see) from or to an object, with the other end if visible. */
  async relationshipsOf(db: Db, actor: Actor, objectId: string) {
    const x = visibleLastVersions(actor);
    const { rows } = await sql<{ id: string; relationship_type: string | null; source_ref: string; target_ref: string; other_id: string; other_type: string | null; other_name: string | null }>`
      select distinct on (o.id) o.id, o.relationship_type, o.source_ref, o.target_ref,
        case when o.source_ref = ${objectId} then o.target_ref else o.source_ref end as other_id, x.type as other_type, x.name as other_name
      from stix_objects o
      join stix_collection_objects e on e.object_id = o.id and e.version = o.version and ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')} and ${newestVisible(actor, 'e')}
      left join lateral (
        select xo.type, xo.name from ${x.from}
        where xe.object_id = case when o.source_ref = ${objectId} then o.target_ref else o.source_ref end and ${x.where} limit 1) x on true
      where (o.source_ref = ${objectId} or o.target_ref = ${objectId}) and o.type = 'relationship'
      order by o.id limit 200`.execute(db);
    return rows;
  },

  /**
   * Type, name and marking of each of `ids` the actor may see (its last version, in any collection the
   * actor may read), for naming an object's references; ids it may not see are simply absent.
   */
  async namesOf(db: Db, actor: Actor, ids: string[]) {
    if (ids.length === 0) return [];
    const x = visibleLastVersions(actor);
    const { rows } = await sql<{ id: string; type: string; name: string | null; relationship_type: string | null; tlp: string; clearance: string }>`
      select distinct on (xe.object_id) xe.object_id as id, xo.type, xo.name, xo.relationship_type, xe.tlp, xe.clearance
      from ${x.from}
      where xe.object_id = any(${ids}::text[]) and ${x.where}
      order by xe.object_id, stix_entry_is_open(xe.tlp, xe.clearance) desc`.execute(db);
    return rows;
  },

  /** Objects the actor may see (last versions), newest first; q is an id prefix or a name substring. */
  async list(db: Db, actor: Actor, f: { q?: string; type?: string; collection?: string; beforeSeq?: number; limit: number }) {
    const c: RawBuilder<SqlBool>[] = [visibleTo(actor, 'e'), referencesVisibleTo(actor, 'e'), newestVisible(actor, 'e')];
    if (f.type) c.push(sql<SqlBool>`e.type = ${f.type}`);
    if (f.collection) c.push(sql<SqlBool>`e.collection_id = ${f.collection}::uuid`);
    if (f.beforeSeq) c.push(sql<SqlBool>`e.seq < ${f.beforeSeq}`);
    if (f.q) {
      const like = f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`);
      c.push(sql<SqlBool>`(e.object_id like ${`${like}%`} or o.name ilike ${`%${like}%`})`);
    }
    // A relationship is listed by its ends' names, where the actor may see them (looked up for the listed
    // rows only); whether each end is open tells the service if naming it is a restricted read.
    const x = visibleLastVersions(actor);
    const end = (ref: RawBuilder<unknown>) => sql`lateral (select xo.name, stix_entry_is_open(xe.tlp, xe.clearance) as open
        from ${x.from} where o.type = 'relationship' and xe.object_id = ${ref} and ${x.where}
        order by open desc limit 1)`;
    const { rows } = await sql<{ seq: number; id: string; type: string; name: string | null; relationship_type: string | null; source_name: string | null; target_name: string | null; ends_open: boolean; version: string; version_at: Date | null; tlp: string; clearance: string }>`
      select e.seq, e.object_id as id, e.type, o.name, o.relationship_type, src.name as source_name, tgt.name as target_name,
        coalesce(src.open, true) and coalesce(tgt.open, true) as ends_open, e.version, e.version_at, e.tlp, e.clearance
      from stix_collection_objects e join stix_objects o on o.id = e.object_id and o.version = e.version
        left join ${end(sql`o.source_ref`)} src on true left join ${end(sql`o.target_ref`)} tgt on true
      where ${sql.join(c, sql` and `)}
      order by e.seq desc limit ${f.limit}`.execute(db);
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  },

  /** Objects the actor may see per collection (last versions). */
  async counts(db: Db, actor: Actor): Promise<Map<string, number>> {
    const { rows } = await sql<{ collection_id: string; n: number }>`
      select e.collection_id, count(*)::int as n from stix_collection_objects e where ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')} and ${newestVisible(actor, 'e')} group by e.collection_id`.execute(db);
    return new Map(rows.map((r) => [r.collection_id, Number(r.n)]));
  },

  /** Stores a TAXII status and returns it as stored (request_timestamp is the database's). */
  insertStatus(db: Db, row: { id: string; collection_id: string; user_id: string; org_id: string; total_count: number; success_count: number; failure_count: number; successes: string; failures: string }) {
    return db.insertInto('taxii_status').values(row).returningAll().executeTakeFirstOrThrow();
  },

  async status(db: Db, id: string) {
    return db.selectFrom('taxii_status').selectAll().where('id', '=', id).executeTakeFirst();
  },
};

import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { visibleTo } from '../../../platform/policy/sql.js';
import type { Actor, Marking } from '../../../platform/policy/types.js';

/**
 * Every SQL statement that writes the STIX store, set-based: a batch of any size costs a fixed number
 * of statements, never one per object. A batch travels as one JSON parameter read with
 * json_to_recordset: JSON.stringify is native, where the driver's text[] encoding escaped every
 * quote of every body in JavaScript (the largest client-side cost of an ingest, bench/intel).
 * Reads live in queries.ts.
 */

export interface ObjectRow {
  id: string;
  version: string;
  versionAt: string | null;
  type: string;
  specVersion: string;
  name: string | null;
  relationshipType: string | null;
  sourceRef: string | null;
  targetRef: string | null;
  body: string;
  tlp: string;
  /** Ids the version references (store/references.ts withholds it with them). */
  refs: string[];
  /** Clearance the contributor required of readers (never lowered across versions and re-shares). */
  requestedClearance?: string;
}

/** Ranks (policy TLP_RANK / CLEARANCE_RANK) of what is stored of one id; see storedRanks. */
export interface StoredRanks {
  /** Stored versions the poster may see. */
  versions: Set<string>;
  /** The object's first entry (its creator's) is another organisation's, and the poster may see it. */
  othersObject: boolean;
  tlp: number;
  clearance: number;
  entryTlp: number;
  entryClearance: number;
}

/** Any lock id; held to commit by ingest so entry seq/date_added grow in commit order. Migration 0028 takes it by number (1461125121). */
const INGEST_LOCK = 0x5717_0001;

/**
 * A lone UTF-16 surrogate as U+FFFD — what the driver's UTF-8 encoding of a text parameter did; a JSON
 * parameter would carry it as a \u escape PostgreSQL refuses. Only free-text columns can hold one:
 * ids, types and refs are validated, and the body is JSON text (lone surrogates already escaped).
 */
const wellFormed = (s: string | null): string | null => (s === null ? null : s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));

export const storeRepository = {
  /**
   * Stores versions not stored yet (a repeat of id+version is the same version: kept as first stored).
   * Returns the keys (`id\u0000version`) of the versions it stored.
   */
  async insertObjects(q: Db, rows: ObjectRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const batch = rows.map((r) => ({
      id: r.id, version: r.version, version_at: r.versionAt, type: r.type, spec_version: r.specVersion, name: wellFormed(r.name),
      relationship_type: wellFormed(r.relationshipType), source_ref: r.sourceRef, target_ref: r.targetRef, body: r.body, tlp: r.tlp,
      clearance: r.requestedClearance ?? 'none',
    }));
    const { rows: stored } = await sql<{ id: string; version: string }>`
      insert into stix_objects (id, version, version_at, type, spec_version, name, relationship_type, source_ref, target_ref, body, tlp, clearance)
      select r.id, r.version, r.version_at, r.type, r.spec_version, r.name, r.relationship_type, r.source_ref, r.target_ref, r.body, r.tlp, r.clearance
      from json_to_recordset(${JSON.stringify(batch)}::json) as r(id text, version text, version_at timestamptz, type text, spec_version text,
        name text, relationship_type text, source_ref text, target_ref text, body text, tlp text, clearance text)
      on conflict (id, version) do nothing
      returning id, version`.execute(q);
    return new Set(stored.map((r) => `${r.id}\u0000${r.version}`));
  },

  /** The newest stored body of each marking definition among `ids` (markings are not intelligence: anyone's). */
  async markingDefinitions(q: Db, ids: string[]): Promise<{ id: string; body: string }[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<{ id: string; body: string }>`
      select distinct on (id) id, body from stix_objects
      where id = any(${ids}::text[]) and type = 'marking-definition' order by id, version desc`.execute(q);
    return rows;
  },

  /**
   * Per id among `ids` that has a stored version `actor` may see (an entry of it visible to the actor,
   * or contributed by its organisation; other ids are absent): those versions (`versions`), the highest
   * TLP and clearance ranks they carry themselves (`tlp`, `clearance`) — versions hidden from the poster
   * are left out, or a refusal naming their level would tell whoever guesses an id (an SCO's id is its
   * value's) that someone holds it at that level — and the highest its entries carry in force in the
   * collections that hold them (`entryTlp`, `entryClearance`; -1 when none) — counting only the entries
   * `actor` may see, so a refusal built on them never tells the poster of an entry hidden from it.
   * Entries contributed by the poster's own organisation are left out: TLP 2.0 lets a source widen its
   * own sharing (the hub publishing nationally what it first kept in its own collection).
   */
  async storedRanks(q: Db, actor: Actor, ids: string[]): Promise<Map<string, StoredRanks>> {
    if (ids.length === 0) return new Map();
    const tlpRank = (col: string) => sql`case ${sql.ref(col)} when 'clear' then 0 when 'green' then 1 when 'amber' then 2 when 'amber+strict' then 3 else 4 end`;
    const clearanceRank = (col: string) => sql`case ${sql.ref(col)} when 'none' then 0 when 'cei' then 1 else 2 end`;
    const own = (alias: string) => sql`exists (select 1 from memberships m where m.user_id = ${sql.ref(`${alias}.created_by`)} and m.org_id = ${actor.orgId}::uuid)`;
    const { rows } = await sql<{ id: string; versions: string[]; others: boolean | null; tlp: number; clearance: number; entry_tlp: number | null; entry_clearance: number | null }>`
      select i.id, o.versions, f.others, o.tlp, o.clearance, e.tlp as entry_tlp, e.clearance as entry_clearance
      -- One probe of the primary key per id (an aggregate per id cannot be flattened). With
      -- "id = any(<2,000 ids>)" the planner chose a parallel sequential scan of stix_objects, its cost
      -- over PostgreSQL's JIT threshold, once statistics lagged behind a bulk load: 40–100 ms a batch
      -- for ids that were all new, growing with the store (bench/intel).
      from unnest(${ids}::text[]) as i(id)
      cross join lateral (select array_agg(s.version) as versions, max(${tlpRank('s.tlp')}) as tlp, max(${clearanceRank('s.clearance')}) as clearance
            from stix_objects s where s.id = i.id
              and exists (select 1 from stix_collection_objects v where v.object_id = s.id and v.version = s.version
                          and (${visibleTo(actor, 'v')} or ${own('v')}))) o
      -- Entries exist only for stored versions; one probe of the object_id index per stored id.
      cross join lateral (select max(${tlpRank('e.tlp')}) as tlp, max(${clearanceRank('e.clearance')}) as clearance
            from stix_collection_objects e where o.tlp is not null and e.object_id = i.id and ${visibleTo(actor, 'e')}
              and not ${own('e')}) e
      -- Who shared it first (the oldest entry left): only that organisation may add versions (STIX 2.1
      -- §3.6), told only when the poster may see that entry.
      left join lateral (select ${visibleTo(actor, 'f')} and not ${own('f')} as others
            from stix_collection_objects f where o.tlp is not null and f.object_id = i.id order by f.seq limit 1) f on true
      where o.tlp is not null`.execute(q);
    return new Map(rows.map((r) => [r.id, {
      versions: new Set(r.versions),
      othersObject: r.others === true,
      tlp: Number(r.tlp), clearance: Number(r.clearance),
      entryTlp: r.entry_tlp === null ? -1 : Number(r.entry_tlp), entryClearance: r.entry_clearance === null ? -1 : Number(r.entry_clearance),
    }]));
  },

  /**
   * Puts versions into a collection. Takes the ingest lock first (held to COMMIT), so entries are
   * numbered and stamped in commit order; then fixes the first/last flags of objects that now have
   * several versions here. Returns the entries added (repeats of an entry already there are skipped).
   */
  async insertEntries(
    q: Db,
    collectionId: string,
    /** `body`: the version's text when this transaction stored it; null copies the stored one (migration 0029). */
    rows: Array<{ id: string; version: string; versionAt: string | null; type: string; specVersion: string; tlp: string; clearance: string; refs: string[]; body: string | null }>,
    m: Omit<Marking, 'tlp' | 'clearance'>,
  ): Promise<Array<{ object_id: string; version: string; date_added: string }>> {
    if (rows.length === 0) return [];
    await sql`select pg_advisory_xact_lock(${INGEST_LOCK})`.execute(q);
    // In place of a per-row foreign key (migration 0022): the collection exists, and stays until commit.
    const { rows: held } = await sql`select 1 from stix_collections where id = ${collectionId}::uuid for key share`.execute(q);
    if (held.length === 0) throw new Error(`no STIX collection ${collectionId}`);
    // refs_open (migration 0028): every referenced object has an open version already stored, or is
    // one of this batch's open rows (a hashed set). One index probe per reference: `offset 0` keeps the
    // planner from turning the probe into an anti-join, which with statistics lagging behind a bulk load
    // hashed the whole table on every batch (bench/intel: PostgreSQL time per object grew with the store).
    const isOpen = (r: { tlp: string; clearance: string }) => (r.tlp === 'clear' || r.tlp === 'green') && r.clearance === 'none';
    const openHere = rows.filter(isOpen).map((r) => r.id);
    const { rows: added } = await sql<{ object_id: string; version: string; date_added: string }>`
      insert into stix_collection_objects (collection_id, object_id, version, version_at, type, spec_version, tlp, clearance,
        owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids, refs, refs_open, body, date_added)
      select ${collectionId}::uuid, u.id, u.version, u.version_at, u.type, u.spec_version, u.tlp, u.clearance,
        ${m.ownerOrgId}::uuid, ${m.createdBy}::uuid, ${[...m.recipientOrgIds]}::uuid[], ${[...m.recipientSectors]}::text[], ${[...m.recipientUserIds]}::uuid[], u.refs,
        u.refs = '{}'::text[] or not exists (
          select 1 from unnest(u.refs) as r(id)
          where r.id not in (select unnest(${openHere}::text[]))
            and not exists (select 1 from stix_collection_objects x where x.object_id = r.id and stix_entry_is_open(x.tlp, x.clearance) offset 0)),
        u.body,
        -- Each entry a date_added of its own, later than every one before in this collection (the
        -- ingest lock makes that hold across transactions): a client paging with added_after set to
        -- X-TAXII-Date-Added-Last (TAXII 2.1 §3.4) skipped the entries that shared the page's last
        -- stamp — PGlite's clock ticks in milliseconds, and a fast batch shares microseconds anyway.
        -- The last stamp by one backward step of the page index (collection_id, date_added, seq).
        greatest(clock_timestamp(), (select x.date_added + interval '1 microsecond' from stix_collection_objects x
            where x.collection_id = ${collectionId}::uuid order by x.date_added desc, x.seq desc limit 1))
          + (row_number() over () - 1) * interval '1 microsecond'
      from json_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, version: r.version, version_at: r.versionAt, type: r.type, spec_version: r.specVersion, tlp: r.tlp, clearance: r.clearance, refs: r.refs, body: r.body })))}::json)
        as u(id text, version text, version_at timestamptz, type text, spec_version text, tlp text, clearance text, refs text[], body text)
      on conflict (collection_id, object_id, version) do nothing
      returning object_id, version, to_char(date_added at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as date_added`.execute(q);
    // An open row that was a repeat of an entry already here was not added (the stored entry and its
    // marking stay): the flags that counted on it are cleared, to be checked at read time. Rare.
    const addedKeys = new Set(added.map((a) => `${a.object_id}\u0000${a.version}`));
    const notAdded = [...new Set(rows.filter((r) => isOpen(r) && !addedKeys.has(`${r.id}\u0000${r.version}`)).map((r) => r.id))];
    if (notAdded.length && added.length) {
      await sql`
        update stix_collection_objects e set refs_open = false
        where e.object_id = any(${added.map((a) => a.object_id)}::text[]) and e.collection_id = ${collectionId}::uuid and e.refs_open
          and e.refs && ${notAdded}::text[]`.execute(q);
    }
    // Only objects with more than one version here can have stale flags; new ids keep the defaults.
    // Each id is looked up on its own (lateral, by the object_id-led key; `offset 0` keeps the planner
    // from flattening it into a join): a join on `collection_id = …` let the planner read the whole
    // collection by its page index on every batch once statistics lagged behind a bulk load
    // (bench/intel: the batch time grew with the store).
    await sql`
      with ids as (select o.id as object_id from unnest(${[...new Set(added.map((a) => a.object_id))]}::text[]) as o(id)
                   where (select count(*) from stix_collection_objects x where x.object_id = o.id and x.collection_id = ${collectionId}::uuid) > 1),
      ranked as (select e.seq,
                   row_number() over (partition by e.object_id order by e.version_at desc nulls last, e.seq desc) = 1 as last,
                   row_number() over (partition by e.object_id order by e.version_at asc nulls first, e.seq asc) = 1 as first
                 from ids cross join lateral (select x.seq, x.object_id, x.version_at from stix_collection_objects x
                   where x.object_id = ids.object_id and x.collection_id = ${collectionId}::uuid offset 0) e)
      update stix_collection_objects e set is_last = r.last, is_first = r.first
      from ranked r where e.seq = r.seq and (e.is_last <> r.last or e.is_first <> r.first)`.execute(q);
    return added;
  },

  /** Removes versions of an object from a collection (TAXII DELETE), only those the actor contributed or owns. */
  async deleteEntries(q: Db, actor: Actor, collectionId: string, objectId: string, versionFilter: RawBuilder<SqlBool>): Promise<number> {
    const { rows } = await sql<{ seq: number }>`
      delete from stix_collection_objects e
      where e.collection_id = ${collectionId}::uuid and e.object_id = ${objectId} and ${versionFilter}
        and ${visibleTo(actor, 'e')} and (e.owner_org_id = ${actor.orgId}::uuid or e.created_by = ${actor.userId}::uuid)
      returning e.seq`.execute(q);
    if (rows.length) {
      await sql`
        with ranked as (select e.seq,
                   row_number() over (order by e.version_at desc nulls last, e.seq desc) = 1 as last,
                   row_number() over (order by e.version_at asc nulls first, e.seq asc) = 1 as first
                 from stix_collection_objects e where e.collection_id = ${collectionId}::uuid and e.object_id = ${objectId})
        update stix_collection_objects e set is_last = r.last, is_first = r.first from ranked r
        where e.seq = r.seq and (e.is_last <> r.last or e.is_first <> r.first)`.execute(q);
    }
    return rows.length;
  },
};

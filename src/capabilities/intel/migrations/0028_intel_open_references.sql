-- The reference check (store/references.ts) made cheap for the common case: `refs_open` is true when
-- every object an entry references has a version that every signed-in reader may see (TLP:CLEAR or
-- GREEN, no clearance) somewhere in the store — then no reader is withheld this entry because of its
-- references, and a TAXII page skips the per-reference lookups (bench/intel). False only means "check
-- at read time", so it is set conservatively:
--   * at ingest (store/repository.ts insertEntries), from the entries already stored and the batch's own;
--   * an entry that stops being open (deleted, or its marking changed) clears the flag of every entry
--     that references its object (trigger below), under the ingest lock so a concurrent ingest cannot
--     set it from what is being removed.
-- Adding entries never makes an object less visible (visibility is "some version in some collection"),
-- so only removals and marking changes need the trigger.
alter table stix_collection_objects add column refs_open boolean not null default false;

create function stix_entry_is_open(tlp text, clearance text) returns boolean
  language sql immutable parallel safe as $$ select tlp in ('clear', 'green') and clearance = 'none' $$;

update stix_collection_objects e set refs_open = true
where e.refs = '{}'::text[] or not exists (
  select 1 from unnest(e.refs) as r(id)
  where not exists (select 1 from stix_collection_objects x where x.object_id = r.id and stix_entry_is_open(x.tlp, x.clearance)));

-- Clears the flags that rested on `gone` (object ids whose open entry was removed or re-marked).
create function stix_entries_unopen(gone text[]) returns void language plpgsql as $$
begin
  if cardinality(gone) = 0 then return; end if;
  -- The ingest lock (store/repository.ts INGEST_LOCK = 0x57170001): serialises with insertEntries.
  perform pg_advisory_xact_lock(1461125121);
  update stix_collection_objects e set refs_open = false where e.refs_open and e.refs && gone;
end $$;

create function stix_entries_deleted() returns trigger language plpgsql as $$
begin
  perform stix_entries_unopen(array(select distinct c.object_id from closed c where stix_entry_is_open(c.tlp, c.clearance)));
  return null;
end $$;

-- Statement-level with transition tables (a column list is not allowed with them): the flag updates
-- of ingest pass through here and find nothing re-marked.
create function stix_entries_updated() returns trigger language plpgsql as $$
begin
  perform stix_entries_unopen(array(select distinct c.object_id from closed c join reopened n on n.seq = c.seq
    where stix_entry_is_open(c.tlp, c.clearance) and not stix_entry_is_open(n.tlp, n.clearance)));
  return null;
end $$;

create trigger stix_entries_deleted after delete on stix_collection_objects
  referencing old table as closed for each statement execute function stix_entries_deleted();
create trigger stix_entries_remarked after update on stix_collection_objects
  referencing old table as closed new table as reopened for each statement execute function stix_entries_updated();

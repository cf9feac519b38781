-- Entries are written thousands at a time by ingest, and the foreign key to stix_collections checked
-- every row (a lookup and a key-share lock per entry: ~13 µs of PostgreSQL CPU per object in
-- bench/intel). Ingest checks and key-share-locks its collection once per batch instead
-- (store/repository.ts insertEntries), and the delete cascade is kept by the trigger below: the
-- collection row is locked before a BEFORE trigger runs, so a delete waits for an ingest in progress
-- and then removes its entries too, and an ingest that comes after finds no collection.
alter table stix_collection_objects drop constraint stix_collection_objects_collection_id_fkey;

create function stix_collection_deleted() returns trigger language plpgsql as $$
begin
  delete from stix_collection_objects where collection_id = old.id;
  return old;
end $$;
create trigger stix_collection_deleted before delete on stix_collections
  for each row execute function stix_collection_deleted();

-- Each collection entry carries its version's JSON text (the same text as stix_objects.body), so a TAXII
-- page is one range scan of the collection's stream: no join to stix_objects per object, and a plan a
-- fraction the size (bench/intel: the join was most of a page's PostgreSQL time). stix_objects stays
-- the version store (first stored wins): ingest passes the text it has just stored there, and an
-- entry inserted without one (a re-share of a stored version, a fixture) gets the stored text below.
alter table stix_collection_objects add column body text;
update stix_collection_objects e set body = o.body from stix_objects o where o.id = e.object_id and o.version = e.version;
alter table stix_collection_objects alter column body set not null;

create function stix_entry_body() returns trigger language plpgsql as $$
begin
  new.body := (select o.body from stix_objects o where o.id = new.object_id and o.version = new.version);
  return new;
end $$;
create trigger stix_entry_body before insert on stix_collection_objects
  for each row when (new.body is null) execute function stix_entry_body();

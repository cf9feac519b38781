-- One index fewer on every stored entry (bench/intel): the uniqueness of (collection, object, version)
-- is kept, but led by object_id, so the same index also serves every lookup by object — TAXII object
-- and versions endpoints, object pages, the references check (store/references.ts) — which needed
-- stix_collection_objects_object beside it. `on conflict (collection_id, object_id, version)` infers
-- the index by its set of columns, whatever their order.
drop index stix_collection_objects_object;
alter table stix_collection_objects drop constraint stix_collection_objects_collection_id_object_id_version_key;
create unique index stix_collection_objects_key on stix_collection_objects (object_id, version, collection_id);

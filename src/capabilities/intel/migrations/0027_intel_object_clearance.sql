-- The clearance the contributor required of readers when it shared a version (the REST `clearance`
-- parameter; TAXII sends none), kept like the object's own TLP so a later version or a re-share can be
-- refused for lowering it (store/ingest.ts refuseLowering).
alter table stix_objects add column clearance text not null default 'none';

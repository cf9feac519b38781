-- What each stored version in a collection points at (its *_ref / *_refs identifiers, marking
-- definitions left out): an object that references one the reader may not see is withheld from that
-- reader too (issue 5 item 3, store/references.ts), checked at read time so it holds whatever order
-- the objects arrived in.
alter table stix_collection_objects add column refs text[] not null default '{}';

-- TAXII pages filtered by type (match[type]) read each type's entries in stream order from this index
-- (store/queries.ts, pageSource). Before, the page query walked the collection's stream and dropped
-- the entries of other types, so a type that is rare or absent in a large collection — an
-- attack-pattern among a feed's indicators — read the whole stream for one page.
create index stix_collection_objects_type_page on stix_collection_objects (collection_id, type, date_added, seq);

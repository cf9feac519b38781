-- A sighting is one organisation's mention of an observable in one source, so the key names the
-- reporter. Before, (observable_id, source_id) kept only the first reporter of a source: two
-- organisations sending the same STIX Cyber-observable (SCO ids are derived from the value, so the
-- same address has the same id whoever sends it) counted as one, and the second was told nobody else
-- had seen it. Existing rows stay unique under the wider key.
alter table intel_sightings drop constraint intel_sightings_pkey;
alter table intel_sightings add primary key (observable_id, source_id, reporter_org_id);

-- Sightings no longer carry a foreign key to their observable. The one writer (correlation/record.ts)
-- upserts the observable and inserts its sightings with the id that upsert returned, in the same
-- statement, and nothing deletes observables or sightings; so the key could not catch anything, while
-- its check ran once per sighting: a trigger that looked up and locked (FOR KEY SHARE) the observable
-- just written. An incident report with 20 indicators paid it 20 times
-- (bench/incidents: 199,652 checks in one run), a STIX ingest once per observable mention.
-- The early warnings keep theirs: they are written a few at a time.
alter table intel_sightings drop constraint intel_sightings_observable_id_fkey;

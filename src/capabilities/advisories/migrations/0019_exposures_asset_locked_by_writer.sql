-- The per-row foreign-key check on exposures.asset_id (a lookup and a key-share lock of the asset per
-- exposure, through SPI) was 8.6 s of a 37 s KEV import in bench/matching at 1M assets (EXPLAIN ANALYZE
-- "Trigger for constraint exposures_asset_id_fkey", 179,392 calls). It is replaced by locks that keep its
-- guarantee — no exposure outlives its asset, and deleting an asset takes its exposures — more cheaply:
--   • advisory writers hold the writers' lock until commit (repository.lockAdvisoryWriters); deleting
--     assets takes it shared first (below), so a deletion waits for an import in flight, and an import
--     that starts after a deletion waits for it to commit and no longer finds the asset. No row locks:
--     a KEV import would otherwise lock ~70,000 assets (1.4 s and 50 MB of WAL at 1M assets);
--   • a retro-match (no writers' lock: it writes a few rows in one statement) locks the assets it writes
--     for FOR KEY SHARE in that statement (repository.recordExposures): one deleted before is skipped,
--     a deletion after waits for its commit;
--   • the deletion's own trigger then removes the exposures, in a statement that sees them committed.
-- Nothing else writes exposures. The wait is the price: an owner deleting an asset during a catalogue
-- import waits for the import (seconds), as the foreign key made it wait for the rows the import had locked.
alter table exposures drop constraint exposures_asset_id_fkey;

create function assets_wait_for_advisory_writers() returns trigger language plpgsql set search_path from current as $$
begin
  -- 7302440 and the second key are repository.ts's ADVISORY_WRITERS_LOCK, as in advisory_index_gate().
  perform pg_advisory_xact_lock_shared(7302440, 'advisory_index_state'::regclass::oid::int);
  return null;
end $$;
create trigger assets_wait_for_advisory_writers before delete on assets
  for each statement execute function assets_wait_for_advisory_writers();

create function assets_delete_exposures() returns trigger language plpgsql set search_path from current as $$
begin
  delete from exposures where asset_id in (select id from gone);
  return null;
end $$;
create trigger assets_delete_exposures after delete on assets
  referencing old table as gone for each statement execute function assets_delete_exposures();

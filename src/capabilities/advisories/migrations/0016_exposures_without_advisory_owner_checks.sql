-- A KEV import writes ~200,000 exposures in one statement (repository.recordExposures); the per-row
-- foreign-key checks on advisory_id and owner_org_id (a lookup and key-share lock of the parent each)
-- were about a quarter of that statement's time in bench/matching. Both parents exist by construction:
-- an exposure is written in the transaction that has just stored or flagged its advisory (row locked
-- until commit), or by a retro-match from the advisories a node holds (nothing in the application
-- deletes advisories); owner_org_id is copied from the asset's own owner in the same statement, and an
-- organisation with assets cannot be deleted (assets.org_id). So the insert-time check is dropped for
-- these two; deleting an advisory by hand still takes its exposures with it (a trigger now, not the
-- constraint). The check on asset_id stays: owners do delete assets, concurrently with matching.
alter table exposures drop constraint exposures_advisory_id_fkey;
alter table exposures drop constraint exposures_owner_org_id_fkey;

create function advisories_delete_exposures() returns trigger language plpgsql set search_path from current as $$
begin
  delete from exposures where advisory_id in (select id from gone);
  return null;
end $$;
create trigger advisories_delete_exposures after delete on advisories
  referencing old table as gone for each statement execute function advisories_delete_exposures();

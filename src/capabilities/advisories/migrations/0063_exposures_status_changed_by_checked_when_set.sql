-- exposures.status_changed_by names the person who last set an exposure's status; matching always
-- writes it null. As a foreign key it still queued a check for every inserted row (~200,000 in a KEV
-- import, each found null only when it fired). The same rules, kept by triggers that only run when a
-- person is named: the row trigger's WHEN is evaluated before anything is queued, and the upsert that
-- matching runs never sets the column. Like the constraint's check, the named user is key-share locked
-- until commit (a concurrent deletion waits, then clears the column); like ON DELETE SET NULL, deleting
-- a user clears the column.
alter table exposures drop constraint exposures_status_changed_by_fkey;

create function exposures_status_changed_by_exists() returns trigger language plpgsql set search_path from current as $$
begin
  perform 1 from users where id = new.status_changed_by for key share;
  if not found then
    raise foreign_key_violation using message = format('exposures.status_changed_by %s is not a user', new.status_changed_by);
  end if;
  return null;
end $$;
create trigger exposures_status_changed_by_exists after insert or update of status_changed_by on exposures
  for each row when (new.status_changed_by is not null) execute function exposures_status_changed_by_exists();

create function users_delete_clears_exposure_status_changed_by() returns trigger language plpgsql set search_path from current as $$
begin
  update exposures set status_changed_by = null where status_changed_by in (select id from gone);
  return null;
end $$;
create trigger users_delete_clears_exposure_status_changed_by after delete on users
  referencing old table as gone for each statement execute function users_delete_clears_exposure_status_changed_by();

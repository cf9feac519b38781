-- Open exposures counted per owner-sector set, known exploitation and due day, kept exact by
-- triggers: the national exposure figure over 200,000 open exposures (bench/dashboard) becomes a
-- few thousand rows. "Overdue" depends on the clock, so the day bucket that contains now is
-- counted from the exposures themselves (service.ts, through exposures_open_due).

create table dashboard_exposure_counts (
  owner_sectors text[] not null,
  known_exploited boolean not null,
  due_day timestamptz not null,
  n int not null
);
create unique index dashboard_exposure_counts_key on dashboard_exposure_counts (owner_sectors, known_exploited, due_day);

-- Applies the delta of `source` (owner_sectors, known_exploited, due_at, d = +1 / −1); text for the
-- trigger to EXECUTE itself (transition tables are visible only to its own queries).
create function dashboard_exposure_delta(source text) returns text language sql immutable as $$
  select format($q$
    insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
    select owner_sectors, known_exploited, date_trunc('day', due_at, 'UTC'), sum(d)::int from (%s) x (owner_sectors, known_exploited, due_at, d)
    group by 1, 2, 3 having sum(d) <> 0
    on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n
  $q$, source)
$$;

create function dashboard_exposure_count() returns trigger language plpgsql as $$
declare
  new_open text := 'select o.sectors as owner_sectors, e.known_exploited, e.due_at, 1 as d from new_rows e join organizations o on o.id = e.owner_org_id where e.status in (''notified'', ''acknowledged'')';
  old_open text := 'select o.sectors, e.known_exploited, e.due_at, -1 from old_rows e join organizations o on o.id = e.owner_org_id where e.status in (''notified'', ''acknowledged'')';
begin
  if tg_op = 'INSERT' then
    execute dashboard_exposure_delta(new_open);
  elsif tg_op = 'DELETE' then
    execute dashboard_exposure_delta(old_open);
  else
    execute dashboard_exposure_delta(new_open || ' union all ' || old_open);
  end if;
  return null;
end $$;

create trigger dashboard_exposure_counts_insert after insert on exposures referencing new table as new_rows for each statement execute function dashboard_exposure_count();
create trigger dashboard_exposure_counts_update after update on exposures referencing old table as old_rows new table as new_rows for each statement execute function dashboard_exposure_count();
create trigger dashboard_exposure_counts_delete after delete on exposures referencing old table as old_rows for each statement execute function dashboard_exposure_count();

-- An owner's sectors changed: its open exposures move from the old sector set to the new.
create function dashboard_exposure_resector() returns trigger language plpgsql as $$
begin
  execute dashboard_exposure_delta('
    select o.sectors, e.known_exploited, e.due_at, -1 as d
    from old_orgs o join new_orgs n on n.id = o.id and n.sectors is distinct from o.sectors join exposures e on e.owner_org_id = o.id
    where e.status in (''notified'', ''acknowledged'')
    union all
    select n.sectors, e.known_exploited, e.due_at, 1
    from old_orgs o join new_orgs n on n.id = o.id and n.sectors is distinct from o.sectors join exposures e on e.owner_org_id = n.id
    where e.status in (''notified'', ''acknowledged'')');
  return null;
end $$;

create trigger dashboard_exposure_resector after update on organizations referencing old table as old_orgs new table as new_orgs for each statement execute function dashboard_exposure_resector();

do $$
begin
  execute dashboard_exposure_delta('select o.sectors, e.known_exploited, e.due_at, 1 from exposures e join organizations o on o.id = e.owner_org_id where e.status in (''notified'', ''acknowledged'')');
end $$;

-- New exposures are counted by the one statement that inserts them (advisories' recordExposures), no
-- longer by an insert trigger. A statement trigger with a transition table makes PostgreSQL copy every
-- inserted row into a tuplestore before the trigger runs: a KEV import (bench/matching, ~180,000 new
-- exposures) spent ~0.7 s copying and ~0.5 s in the trigger. The writer already holds those rows as its
-- RETURNING set and adds them to the counts in the same statement. Updates and deletes keep the trigger;
-- it now returns at once when the statement changed nothing (an insert … on conflict do update fires the
-- update trigger even when nothing conflicted, as every retro-match's write does).
--
-- Whoever else inserts exposures must add them to the counts too: dashboard_exposure_recount() rebuilds
-- the counts from the exposures (bulk loaders call it after loading).

drop trigger dashboard_exposure_counts_insert on exposures;

create or replace function dashboard_exposure_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if not exists (select 1 from old_rows) then return null; end if;
    insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
    select o.sectors, x.known_exploited, x.due_day, sum(x.d)::int
    from (select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC') as due_day, -count(*) as d
          from old_rows where status in ('notified', 'acknowledged') group by 1, 2, 3) x
    join organizations o on o.id = x.owner_org_id
    group by 1, 2, 3 having sum(x.d) <> 0
    on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n;
  elsif tg_op = 'UPDATE' then
    if not exists (select 1 from new_rows) then return null; end if;
    insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
    select o.sectors, x.known_exploited, x.due_day, sum(x.d)::int
    from (select owner_org_id, known_exploited, due_day, sum(d) as d from (
            select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC') as due_day, 1 as d
            from new_rows where status in ('notified', 'acknowledged')
            union all
            select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC'), -1
            from old_rows where status in ('notified', 'acknowledged')) u
          group by 1, 2, 3 having sum(d) <> 0) x
    join organizations o on o.id = x.owner_org_id
    group by 1, 2, 3 having sum(x.d) <> 0
    on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n;
  end if;
  return null;
end $$;

create function dashboard_exposure_recount() returns void language sql as $$
  delete from dashboard_exposure_counts;
  insert into dashboard_exposure_counts (owner_sectors, known_exploited, due_day, n)
  select o.sectors, e.known_exploited, date_trunc('day', e.due_at, 'UTC'), count(*)::int
  from exposures e join organizations o on o.id = e.owner_org_id
  where e.status in ('notified', 'acknowledged')
  group by 1, 2, 3;
$$;

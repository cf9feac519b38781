-- The exposure count triggers of 0058, as static statements (planned once per session, not on every
-- firing through EXECUTE) that group the changed exposures by owner before joining organizations (one
-- lookup per owner, not per exposure). Same counts. A retro-match fires the insert and the update
-- trigger for a handful of rows each (bench/matching: ~0.6 ms of a ~1.7 ms statement, mostly planning);
-- a KEV import fires them for ~200,000 rows. Deltas that cancel (an update that moves nothing) are skipped.
create or replace function dashboard_exposure_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
    select o.sectors, x.known_exploited, x.due_day, sum(x.d)::int
    from (select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC') as due_day, count(*) as d
          from new_rows where status in ('notified', 'acknowledged') group by 1, 2, 3) x
    join organizations o on o.id = x.owner_org_id
    group by 1, 2, 3 having sum(x.d) <> 0
    on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n;
  elsif tg_op = 'DELETE' then
    insert into dashboard_exposure_counts as c (owner_sectors, known_exploited, due_day, n)
    select o.sectors, x.known_exploited, x.due_day, sum(x.d)::int
    from (select owner_org_id, known_exploited, date_trunc('day', due_at, 'UTC') as due_day, -count(*) as d
          from old_rows where status in ('notified', 'acknowledged') group by 1, 2, 3) x
    join organizations o on o.id = x.owner_org_id
    group by 1, 2, 3 having sum(x.d) <> 0
    on conflict (owner_sectors, known_exploited, due_day) do update set n = c.n + excluded.n;
  else
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

-- Incident counts for the government homes, kept exact by triggers, so the hub's figures over
-- 100,000 reports do not need a pass over every report (bench/dashboard: ~0.9 s on the shared
-- machine, against a target of 150 ms).
--
-- A row counts the reports sharing one marking (the columns platform/policy's visibleTo() reads),
-- one reporter-sector set, type and stage (and, in the weekly table, submission week). Owner and
-- creator are left out — kept as always-null columns for visibleTo(): that is exact for government
-- organisations, which never file reports (policy: incidents.create is for companies) and operate no
-- one's systems, so for them those two conditions are false on every report. Companies read the
-- reports themselves (service.ts decides).

create table dashboard_incident_totals (
  tlp text not null,
  clearance text not null,
  recipient_org_ids uuid[] not null,
  recipient_sectors text[] not null,
  recipient_user_ids uuid[] not null,
  owner_org_id uuid,
  created_by uuid,
  reporter_sectors text[] not null,
  type text not null,
  stage text not null,
  n int not null,
  check (owner_org_id is null and created_by is null)
);
create unique index dashboard_incident_totals_key on dashboard_incident_totals (tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage);

create table dashboard_incident_weeks (
  week timestamptz not null,
  tlp text not null,
  clearance text not null,
  recipient_org_ids uuid[] not null,
  recipient_sectors text[] not null,
  recipient_user_ids uuid[] not null,
  owner_org_id uuid,
  created_by uuid,
  type text not null,
  n int not null,
  check (owner_org_id is null and created_by is null)
);
create unique index dashboard_incident_weeks_key on dashboard_incident_weeks (week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type);

-- The statement that applies a delta (the rows of `source`, each +1 or −1 in column d, with
-- reporter_sectors) to both tables. Returned as text for the trigger to EXECUTE itself: transition
-- tables are visible only to the trigger function's own queries.
create function dashboard_incident_delta(source text) returns text language sql immutable as $$
  select format($q$
    with delta as (
      select tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, current_stage as stage,
        date_trunc('week', submitted_at) as week, sum(d)::int as n
      from (%s) x group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
    totals as (
      insert into dashboard_incident_totals as c (tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage, n)
      select tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage, sum(n)::int
      from delta group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(n) <> 0
      on conflict (tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage) do update set n = c.n + excluded.n)
    insert into dashboard_incident_weeks as c (week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type, n)
    select week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type, sum(n)::int
    from delta group by 1, 2, 3, 4, 5, 6, 7 having sum(n) <> 0
    on conflict (week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type) do update set n = c.n + excluded.n
  $q$, source)
$$;

-- Reports filed, changed (stage, type, recipients…) or deleted. An update that changes none of the
-- counted columns (a status touch) nets to zero and writes nothing.
create function dashboard_incident_counts() returns trigger language plpgsql as $$
declare
  cols text := 'r.tlp, r.clearance, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids, o.sectors as reporter_sectors, r.type, r.current_stage, r.submitted_at';
begin
  if tg_op = 'INSERT' then
    execute dashboard_incident_delta(format('select %s, 1 as d from new_rows r join organizations o on o.id = r.reporter_org_id', cols));
  elsif tg_op = 'DELETE' then
    execute dashboard_incident_delta(format('select %s, -1 as d from old_rows r join organizations o on o.id = r.reporter_org_id', cols));
  else
    execute dashboard_incident_delta(format('select %1$s, 1 as d from new_rows r join organizations o on o.id = r.reporter_org_id
      union all select %1$s, -1 from old_rows r join organizations o on o.id = r.reporter_org_id', cols));
  end if;
  return null;
end $$;

create trigger dashboard_incident_counts_insert after insert on incident_reports referencing new table as new_rows for each statement execute function dashboard_incident_counts();
create trigger dashboard_incident_counts_update after update on incident_reports referencing old table as old_rows new table as new_rows for each statement execute function dashboard_incident_counts();
create trigger dashboard_incident_counts_delete after delete on incident_reports referencing old table as old_rows for each statement execute function dashboard_incident_counts();

-- A reporter organisation's sectors changed: its reports move from the old sector set to the new.
create function dashboard_incident_resector() returns trigger language plpgsql as $$
begin
  execute dashboard_incident_delta('
    select r.tlp, r.clearance, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids, o.sectors as reporter_sectors, r.type, r.current_stage, r.submitted_at, -1 as d
    from old_orgs o join new_orgs n on n.id = o.id and n.sectors is distinct from o.sectors join incident_reports r on r.reporter_org_id = o.id
    union all
    select r.tlp, r.clearance, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids, n.sectors, r.type, r.current_stage, r.submitted_at, 1
    from old_orgs o join new_orgs n on n.id = o.id and n.sectors is distinct from o.sectors join incident_reports r on r.reporter_org_id = n.id');
  return null;
end $$;

create trigger dashboard_incident_resector after update on organizations referencing old table as old_orgs new table as new_orgs for each statement execute function dashboard_incident_resector();

-- Reports filed before this migration.
do $$
begin
  execute dashboard_incident_delta('select r.tlp, r.clearance, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids, o.sectors as reporter_sectors, r.type, r.current_stage, r.submitted_at, 1 as d
    from incident_reports r join organizations o on o.id = r.reporter_org_id');
end $$;

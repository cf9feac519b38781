-- Filing a report fires two statement triggers (0056 counts, 0059 open stages). Both built their SQL as
-- text and EXECUTEd it, so PostgreSQL parsed and planned a multi-CTE upsert afresh on every filing
-- statement (auto_explain during bench/incidents: 0.6-0.9 ms each per statement). Static SQL in the
-- trigger function reads the transition table just as well, and PL/pgSQL keeps its plan for the
-- session. The same statements, for inserts only (the hot path); updates and deletes keep 0056/0059.

create function dashboard_incident_counts_insert() returns trigger language plpgsql as $$
begin
  with delta as (
    select r.tlp, r.clearance, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids, o.sectors as reporter_sectors, r.type,
      r.current_stage as stage, date_trunc('week', r.submitted_at) as week, count(*)::int as n
    from new_rows r join organizations o on o.id = r.reporter_org_id
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
  totals as (
    insert into dashboard_incident_totals as c (tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage, n)
    select tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage, sum(n)::int
    from delta group by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict (tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, reporter_sectors, type, stage) do update set n = c.n + excluded.n)
  insert into dashboard_incident_weeks as c (week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type, n)
  select week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type, sum(n)::int
  from delta group by 1, 2, 3, 4, 5, 6, 7
  on conflict (week, tlp, clearance, recipient_org_ids, recipient_sectors, recipient_user_ids, type) do update set n = c.n + excluded.n;
  return null;
end $$;

drop trigger dashboard_incident_counts_insert on incident_reports;
create trigger dashboard_incident_counts_insert after insert on incident_reports referencing new table as new_rows for each statement execute function dashboard_incident_counts_insert();

create function dashboard_open_stages_insert() returns trigger language plpgsql as $$
begin
  insert into dashboard_open_stages (delivery_id, stage, due_at, report_id, recipient_org_id, reporter_org_id, tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
  select s.delivery_id, s.stage, s.due_at, r.id, d.recipient_org_id, r.reporter_org_id, r.tlp, r.clearance, r.owner_org_id, r.created_by, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids
  from new_rows s join incident_deliveries d on d.id = s.delivery_id join incident_reports r on r.id = d.report_id
  where s.satisfied_at is null and s.due_at is not null
  on conflict (delivery_id, stage) do update set due_at = excluded.due_at;
  return null;
end $$;

drop trigger dashboard_open_stages_insert on incident_delivery_stages;
create trigger dashboard_open_stages_insert after insert on incident_delivery_stages referencing new table as new_rows for each statement execute function dashboard_open_stages_insert();

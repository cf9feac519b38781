-- Report stages still owed, one narrow row each with its recipient, reporter and the report's
-- marking, kept exact by triggers: "overdue report stages" for the hub (10,000 of them among 400,000
-- stages in bench/dashboard) is then one index range, filtered by visibleTo() on the same row,
-- instead of joining every open stage to its delivery and report.

create table dashboard_open_stages (
  delivery_id uuid not null,
  stage text not null,
  due_at timestamptz not null,
  report_id uuid not null,
  recipient_org_id uuid,
  reporter_org_id uuid not null,
  tlp text not null,
  clearance text not null,
  owner_org_id uuid,
  created_by uuid,
  recipient_org_ids uuid[] not null,
  recipient_sectors text[] not null,
  recipient_user_ids uuid[] not null,
  primary key (delivery_id, stage)
);
create index dashboard_open_stages_recipient on dashboard_open_stages (recipient_org_id, due_at);
create index dashboard_open_stages_reporter on dashboard_open_stages (reporter_org_id, due_at);

-- The rows of `source` (delivery_id, stage, due_at, satisfied_at) that are still owed, completed
-- from their delivery and report; text for the trigger to EXECUTE itself (transition tables).
create function dashboard_open_stages_insert_sql(source text) returns text language sql immutable as $$
  select format($q$
    insert into dashboard_open_stages (delivery_id, stage, due_at, report_id, recipient_org_id, reporter_org_id, tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
    select s.delivery_id, s.stage, s.due_at, r.id, d.recipient_org_id, r.reporter_org_id, r.tlp, r.clearance, r.owner_org_id, r.created_by, r.recipient_org_ids, r.recipient_sectors, r.recipient_user_ids
    from (%s) s join incident_deliveries d on d.id = s.delivery_id join incident_reports r on r.id = d.report_id
    where s.satisfied_at is null and s.due_at is not null
    on conflict (delivery_id, stage) do update set due_at = excluded.due_at
  $q$, source)
$$;

create function dashboard_open_stages_track() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    execute 'delete from dashboard_open_stages o using old_rows x where o.delivery_id = x.delivery_id and o.stage = x.stage';
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    execute dashboard_open_stages_insert_sql('select delivery_id, stage, due_at, satisfied_at from new_rows');
  end if;
  return null;
end $$;

create trigger dashboard_open_stages_insert after insert on incident_delivery_stages referencing new table as new_rows for each statement execute function dashboard_open_stages_track();
create trigger dashboard_open_stages_update after update on incident_delivery_stages referencing old table as old_rows new table as new_rows for each statement execute function dashboard_open_stages_track();
create trigger dashboard_open_stages_delete after delete on incident_delivery_stages referencing old table as old_rows for each statement execute function dashboard_open_stages_track();

-- A report's marking changed (a new recipient on an update): its owed stages carry the new one.
create function dashboard_open_stages_remark() returns trigger language plpgsql as $$
begin
  execute 'update dashboard_open_stages o set tlp = n.tlp, clearance = n.clearance, owner_org_id = n.owner_org_id, created_by = n.created_by,
      recipient_org_ids = n.recipient_org_ids, recipient_sectors = n.recipient_sectors, recipient_user_ids = n.recipient_user_ids, reporter_org_id = n.reporter_org_id
    from new_rows n where o.report_id = n.id
      and (o.tlp, o.clearance, o.owner_org_id, o.created_by, o.recipient_org_ids, o.recipient_sectors, o.recipient_user_ids, o.reporter_org_id)
        is distinct from (n.tlp, n.clearance, n.owner_org_id, n.created_by, n.recipient_org_ids, n.recipient_sectors, n.recipient_user_ids, n.reporter_org_id)';
  return null;
end $$;

create trigger dashboard_open_stages_remark after update on incident_reports referencing new table as new_rows for each statement execute function dashboard_open_stages_remark();

do $$
begin
  execute dashboard_open_stages_insert_sql('select delivery_id, stage, due_at, satisfied_at from incident_delivery_stages');
end $$;

-- Acknowledgement counts per alert, kept exact by triggers: the hub's acknowledgement rate over
-- every recipient of every alert (~280,000 rows in bench/dashboard) becomes one row per alert.

create table dashboard_alert_acks (
  alert_id uuid primary key references alerts (id) on delete cascade,
  recipients int not null,
  acknowledged int not null
);

-- Applies the delta of `source` (alert_id, acknowledged boolean, d = +1 / −1); returned as text for
-- the trigger to EXECUTE itself, because transition tables are visible only to its own queries.
create function dashboard_alert_acks_delta(source text) returns text language sql immutable as $$
  select format($q$
    insert into dashboard_alert_acks as c (alert_id, recipients, acknowledged)
    select alert_id, sum(d)::int, sum(case when acknowledged then d else 0 end)::int from (%s) x
    where exists (select 1 from alerts a where a.id = x.alert_id)
    group by alert_id
    having sum(d) <> 0 or sum(case when acknowledged then d else 0 end) <> 0
    on conflict (alert_id) do update set recipients = c.recipients + excluded.recipients, acknowledged = c.acknowledged + excluded.acknowledged
  $q$, source)
$$;

create function dashboard_alert_acks_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    execute dashboard_alert_acks_delta('select alert_id, acknowledged_at is not null as acknowledged, 1 as d from new_rows');
  elsif tg_op = 'DELETE' then
    execute dashboard_alert_acks_delta('select alert_id, acknowledged_at is not null as acknowledged, -1 as d from old_rows');
  else
    execute dashboard_alert_acks_delta('select alert_id, acknowledged_at is not null as acknowledged, 1 as d from new_rows
      union all select alert_id, acknowledged_at is not null, -1 from old_rows');
  end if;
  return null;
end $$;

create trigger dashboard_alert_acks_insert after insert on alert_recipients referencing new table as new_rows for each statement execute function dashboard_alert_acks_count();
create trigger dashboard_alert_acks_update after update on alert_recipients referencing old table as old_rows new table as new_rows for each statement execute function dashboard_alert_acks_count();
create trigger dashboard_alert_acks_delete after delete on alert_recipients referencing old table as old_rows for each statement execute function dashboard_alert_acks_count();

do $$
begin
  execute dashboard_alert_acks_delta('select alert_id, acknowledged_at is not null as acknowledged, 1 as d from alert_recipients');
end $$;

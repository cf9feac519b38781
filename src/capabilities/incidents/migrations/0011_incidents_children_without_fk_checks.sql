-- Filing a report writes 20-odd indicator rows and four delivery stages; their foreign-key checks
-- (one lookup and key-share lock of the parent per row) cost about a tenth of PostgreSQL's time per
-- filing (bench/incidents). Both kinds of rows are written only together with their parent, in the
-- same statement (repository.insertSubmissions) or in the transaction that has just read or written
-- it (submitStage), and reports and deliveries are never deleted by the application. So integrity
-- holds by construction and the per-row check on insert is dropped. Deleting a parent by hand still
-- takes its children with it: the cascade is kept, by a trigger instead of the constraint.

alter table incident_indicators drop constraint incident_indicators_report_id_fkey;
alter table incident_delivery_stages drop constraint incident_delivery_stages_delivery_id_fkey;

create function incident_reports_delete_indicators() returns trigger language plpgsql set search_path from current as $$
begin
  delete from incident_indicators where report_id = old.id;
  return old;
end
$$;
create trigger incident_reports_delete_indicators after delete on incident_reports
  for each row execute function incident_reports_delete_indicators();

-- Deliveries go when their report goes (their own foreign key cascades); this trigger fires for those
-- cascaded deletes too.
create function incident_deliveries_delete_stages() returns trigger language plpgsql set search_path from current as $$
begin
  delete from incident_delivery_stages where delivery_id = old.id;
  return old;
end
$$;
create trigger incident_deliveries_delete_stages after delete on incident_deliveries
  for each row execute function incident_deliveries_delete_stages();

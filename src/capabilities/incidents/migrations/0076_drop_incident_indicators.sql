-- A report's indicators were also written to incident_indicators (20-odd rows and two index entries
-- each per filing) for the stopgap "seen in N other reports" that issue 3 asked for until the
-- intelligence capability existed. The report page now asks the intel correlation (whereSeen over
-- intel_sightings, fed by the `incident.indicators` event that commits with the report), so nothing
-- reads the table; the indicators themselves stay in every stored version of the report.
drop trigger if exists incident_reports_delete_indicators on incident_reports;
drop function if exists incident_reports_delete_indicators();
drop table incident_indicators;

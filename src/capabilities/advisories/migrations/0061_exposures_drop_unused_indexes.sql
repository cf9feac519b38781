-- Two of the seven indexes on exposures served no query, and every KEV import pays for each index on
-- its ~200,000 new rows (bench/matching: inserting into the heap and indexes was 5.1 of its 8.6 s).
-- exposures_recipients (GIN on recipient_org_ids) and exposures_owner (owner_org_id, status) were for
-- visibility filters, but visibleTo() is an OR whose first arm (tlp in clear/green) no index answers,
-- so PostgreSQL never combines these (no BitmapOr): the lists read exposures through exposures_open_due,
-- exposures_asset or a scan, with or without them (EXPLAIN of listVisible, openNotifications, summary and
-- exposureFigures on bench data: the same plans). Open exposures by owner — the dashboard's figures and
-- its re-sectoring trigger — use dashboard_exposures_open (migration 0055), which covers them; closed
-- ones are never looked up by owner (an organisation with assets cannot be deleted).
drop index exposures_recipients;
drop index exposures_owner;

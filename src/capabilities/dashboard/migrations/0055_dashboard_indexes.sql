-- Indexes for the home dashboard's aggregates (src/capabilities/dashboard/repository.ts); no new
-- tables: every figure is computed from the owning capability's rows, so it always matches its list.

-- Overdue report stages: the incidents capability's own index stops covering a stage once its
-- overdue reminder went out, but the dashboard keeps counting it until it is satisfied.
create index dashboard_stages_unsatisfied on incident_delivery_stages (due_at) include (delivery_id) where satisfied_at is null;

-- Exposure by sector: open exposures per owner, read from the index alone (no pass over assets).
create index dashboard_exposures_open on exposures (owner_org_id) include (known_exploited, due_at) where status in ('notified', 'acknowledged');

-- Supply-chain hot spots: alerts per source supplier.
create index dashboard_supply_alerts_source on supply_alerts (source_org_id);

-- Retro-matching an asset closes its stale exposures by asset_id; the unique key leads with advisory_id.
create index exposures_asset on exposures (asset_id);

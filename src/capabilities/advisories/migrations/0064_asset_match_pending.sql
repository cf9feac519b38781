-- A retro-match commits asynchronously (synchronous_commit off for its own transaction): its rows are
-- derived from durable data, so what a crash can lose is only the work, and this table remembers it.
-- The registry writes a row per new or changed asset in the asset's own (synchronous) transaction; the
-- retro-match deletes it in its commit only if the token is still the one it read (an asset changed again
-- since keeps its newer marker). A sweep re-matches rows left behind. Deleting an asset drops its row.
create table asset_match_pending (
  asset_id uuid primary key references assets (id) on delete cascade,
  token uuid not null,
  since timestamptz not null default now()
);
create index asset_match_pending_since on asset_match_pending (since);

-- The id of the exposure of (advisory, asset) as a retro-match creates it: the same pair always gets the
-- same id, so a notification delivered live for a commit a crash then lost names the exposure the sweep
-- writes again. SHA-256 of both ids, RFC 9562 version 8 ("custom", its name-based SHA-256 example) and
-- variant bits set: a valid UUID. One expression without FROM, so the planner inlines it into the
-- retro-match's write instead of calling a function per row (the hash is computed thrice: microseconds).
create function exposure_id_for(advisory uuid, asset uuid) returns uuid language sql immutable parallel safe as $$
  select encode(set_byte(set_byte(substring(sha256(uuid_send(advisory) || uuid_send(asset)) from 1 for 16),
    6, (get_byte(sha256(uuid_send(advisory) || uuid_send(asset)), 6) & 15) | 128),
    8, (get_byte(sha256(uuid_send(advisory) || uuid_send(asset)), 8) & 63) | 128), 'hex')::uuid
$$;

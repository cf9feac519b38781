-- Exposure ids in creation order (the UUID version 7 layout: 48 bits of milliseconds, then random):
-- a KEV import inserts ~200,000 exposures in one statement, and random version-4 ids put each into a
-- random leaf of the primary key, dirtying (and after a checkpoint writing whole to the WAL) a page
-- per row; ids that grow with time fill the index's rightmost pages. Ids stay opaque: nothing orders or
-- reads meaning from them, and they are still valid RFC 9562 UUIDs.
create function time_ordered_uuid() returns uuid language sql volatile parallel safe as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;

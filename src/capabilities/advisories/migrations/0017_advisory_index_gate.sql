-- A retro-match must not read the advisory index version while an advisory writer that may have missed
-- its asset is still in flight (repository.lockAdvisoryWriters). It used to wait for them with a
-- statement of its own before its read; this function does the wait inside the read, and reads the
-- version after it: in READ COMMITTED each statement of a volatile function takes a new snapshot, so
-- the version returned covers every writer that held the lock when the read began. One round trip
-- less per new asset. 7302440 is repository.ts's ADVISORY_WRITERS_LOCK.
create function advisory_index_gate() returns table (version bigint, deleted_version bigint)
  language plpgsql volatile set search_path from current as $$
begin
  perform pg_advisory_xact_lock_shared(7302440);
  return query select s.version, s.deleted_version from advisory_index_state s;
end $$;

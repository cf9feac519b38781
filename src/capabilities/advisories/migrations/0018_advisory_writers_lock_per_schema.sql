-- The advisory writers' lock (repository.lockAdvisoryWriters, advisory_index_gate) was one key for
-- the whole database, so schemas sharing a database (parallel test runs, benches) waited on each
-- other's imports: retro-matches in bench/matching waited ~0.9 s behind another bench's writers. The
-- second key is now this schema's advisory_index_state table, so the lock is per deployment.
-- The function also says it returns one row (not a set-returning function's default 1,000) so that
-- retroRead's join to assets is planned as the lookup it is.
create or replace function advisory_index_gate() returns table (version bigint, deleted_version bigint)
  language plpgsql volatile rows 1 set search_path from current as $$
begin
  perform pg_advisory_xact_lock_shared(7302440, 'advisory_index_state'::regclass::oid::int);
  return query select s.version, s.deleted_version from advisory_index_state s;
end $$;

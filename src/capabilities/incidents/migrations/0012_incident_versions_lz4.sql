-- Every stage is kept whole as jsonb (a few kB with its indicators), so PostgreSQL compresses it when it
-- is stored; pglz did that at about a twentieth of PostgreSQL's time per filing (perf on the backends
-- during bench/incidents). lz4 compresses several times faster. Servers built without lz4 (and PGlite)
-- keep pglz: the statement is skipped there. Values already stored keep their method; both read alike.
do $$
begin
  alter table incident_versions alter column body set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  null;
end
$$;

-- Audit entries are recorded here first, in the writer's own transaction and without any lock, then
-- chained into audit_log by the sealer in batches. Writers no longer queue on the chain tip.
create table audit_pending (
  id bigserial primary key,
  at timestamptz not null,
  actor_user_id uuid,
  actor_org_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  outcome text not null check (outcome in ('success', 'denied', 'failure')),
  detail jsonb not null default '{}'::jsonb
);

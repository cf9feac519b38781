-- Platform machinery: migrations bookkeeping lives in schema_migrations (created by the migrator).

create table platform_meta (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Hash-chained audit log. audit_head holds the tip of the chain; appending locks it, so entries are
-- chained in commit order even across several nodes sharing one database.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_user_id uuid,
  actor_org_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  outcome text not null check (outcome in ('success', 'denied', 'failure')),
  detail jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_actor_org on audit_log (actor_org_id, seq);
create index audit_log_resource on audit_log (resource_type, resource_id);

create table audit_head (
  id int primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

-- Transactional outbox: a change and the events it causes commit together.
create table outbox (
  seq bigserial primary key,
  id uuid not null unique,
  type text not null,
  payload jsonb not null,
  visibility jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished on outbox (seq) where published_at is null;

-- Stored answers to requests sent with an Idempotency-Key, per caller.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status int not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);

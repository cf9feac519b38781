-- Browser sessions and machine tokens. Only hashes of the secrets are stored.

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  prefix text not null,
  token_hash text not null unique,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_org on api_tokens (org_id);

-- Failed logins, counted per e-mail address across every node to throttle guessing.
create table login_failures (
  email text not null,
  ip text,
  at timestamptz not null default now()
);
create index login_failures_email_at on login_failures (email, at);

-- Advisories as published (CSAF, CVE records, the KEV catalogue, manual ones) and the exposures they
-- cause: one row per advisory × asset that the matching engine found affected or possibly affected.

create table advisories (
  id uuid primary key,
  source text not null check (source in ('csaf', 'cve', 'kev', 'manual')),
  source_id text not null,
  content_hash text not null,
  title text,
  cve_ids text[] not null default '{}',
  severity text not null default 'unknown' check (severity in ('critical', 'high', 'medium', 'low', 'none', 'unknown')),
  cvss_score numeric,
  cvss_vector text,
  known_exploited boolean not null default false,
  remediation text,
  published_by_org_id uuid references organizations (id),
  -- The engine's statements (model.ts Affected[]): kept whole, indexed by key in advisory_keys.
  statements jsonb not null,
  meta jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (source, source_id)
);
create index advisories_cves on advisories using gin (cve_ids);

create table advisory_keys (
  advisory_id uuid not null references advisories (id) on delete cascade,
  key text not null,
  primary key (advisory_id, key)
);
create index advisory_keys_key on advisory_keys (key);

-- People-curated equivalences between product names (name:… keys) and CPE/purl identities.
create table product_aliases (
  from_key text primary key,
  to_key text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);

-- The KEV catalogue as last imported, to import only what changed next time.
create table known_exploited (
  cve_id text primary key,
  entry jsonb not null,
  updated_at timestamptz not null default now()
);

create table exposures (
  id uuid primary key,
  advisory_id uuid not null references advisories (id) on delete cascade,
  asset_id uuid not null references assets (id) on delete cascade,
  verdict text not null check (verdict in ('affected', 'possible')),
  reason jsonb not null,
  severity text not null,
  known_exploited boolean not null,
  placement text not null,
  due_at timestamptz not null,
  status text not null default 'notified' check (status in ('notified', 'acknowledged', 'mitigated', 'fixed', 'not_affected')),
  justification text,
  status_changed_at timestamptz,
  status_changed_by uuid references users (id) on delete set null,
  reminded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Who may see it: the asset's owner, the vendor operating it, and for designated critical computers
  -- the hub and the competent ministries (the asset's own marking).
  tlp text not null default 'amber+strict',
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  created_by uuid,
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  unique (advisory_id, asset_id)
);
create index exposures_owner on exposures (owner_org_id, status);
create index exposures_recipients on exposures using gin (recipient_org_ids);
create index exposures_open_due on exposures (due_at) where status in ('notified', 'acknowledged');

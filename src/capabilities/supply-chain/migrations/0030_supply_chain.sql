-- Supply chain: who supplies whom (and what the customer therefore requires), each organisation's
-- self-assessment and ratings, registered assessor organisations, and the alerts customers receive
-- when a supplier somewhere below them reports an incident or is hit by an advisory.

-- customer → supplier. The customer declares the link; the supplier confirms or rejects it.
-- Cycles are legal (an MSP and its cloud provider may serve each other).
create table supply_links (
  id uuid primary key,
  customer_org_id uuid not null references organizations (id) on delete cascade,
  supplier_org_id uuid not null references organizations (id) on delete cascade,
  provides text not null,
  holds_key_data boolean not null,
  network_access boolean not null,
  outage_unacceptable boolean not null,
  criticality text not null default 'medium' check (criticality in ('low', 'medium', 'high', 'critical')),
  -- Derived from the answers by law/supply-chain/required-level.json (rule name and file version kept).
  required_level smallint not null check (required_level between 1 and 5),
  required_rule text not null,
  rules_version text not null,
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'rejected')),
  decided_at timestamptz,
  decided_by uuid references users (id) on delete set null,
  source text not null check (source in ('api', 'csv', 'demo')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Who may see the link (platform/policy): the customer (owner), the supplier, the national hub and
  -- the competent ministries of the customer's sectors (recipients).
  tlp text not null default 'amber+strict',
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  check (customer_org_id <> supplier_org_id),
  unique (customer_org_id, supplier_org_id)
);
-- Both walks of the graph: up to customers (blast radius) and down to suppliers (weakest link).
create index supply_links_up on supply_links (supplier_org_id) include (customer_org_id, status);
create index supply_links_down on supply_links (customer_org_id) include (supplier_org_id, status);
create index supply_links_recipients on supply_links using gin (recipient_org_ids);

-- The self-assessment questionnaire: one answer per requirement, saved as the user goes.
create table supply_answers (
  org_id uuid not null references organizations (id) on delete cascade,
  item_id text not null,
  answer text not null check (answer in ('yes', 'no', 'unsure')),
  note text,
  answered_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (org_id, item_id)
);

-- Evidence for an answer: a small file kept in the database, or a reference (URL) to where it lives.
create table supply_evidence (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  item_id text not null,
  filename text not null,
  media_type text not null,
  size_bytes integer not null check (size_bytes between 0 and 262144),
  content bytea,
  url text,
  uploaded_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (content is not null or url is not null)
);
create index supply_evidence_org on supply_evidence (org_id, item_id);

-- Organisations registered to assess ★4/★5 claims.
create table supply_assessors (
  org_id uuid primary key references organizations (id) on delete cascade,
  registration_no text not null unique,
  registered_by uuid references users (id) on delete set null,
  registered_at timestamptz not null default now()
);

-- Levels held: self-declared (★1–★3), or claimed and confirmed/rejected by an assessor (★4–★5).
create table supply_ratings (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  level smallint not null check (level between 1 and 5),
  basis text not null check (basis in ('self', 'third_party')),
  status text not null check (status in ('pending', 'active', 'rejected', 'superseded')),
  catalogue_version text not null,
  assessor_org_id uuid references organizations (id),
  requested_by uuid references users (id) on delete set null,
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  note text,
  created_at timestamptz not null default now(),
  granted_at timestamptz,
  expires_at timestamptz,
  check (status <> 'active' or expires_at is not null)
);
create index supply_ratings_current on supply_ratings (org_id, level desc) include (expires_at) where status = 'active';
create index supply_ratings_assessor on supply_ratings (assessor_org_id) where status = 'pending';

-- What customers are told about a supplier somewhere below them.
create table supply_alerts (
  id uuid primary key,
  recipient_org_id uuid not null references organizations (id) on delete cascade,
  -- Kept for the platform; shown to the recipient only when `named` (the reporter's consent).
  source_org_id uuid not null references organizations (id) on delete cascade,
  source_kind text not null check (source_kind in ('incident', 'advisory')),
  source_ref text not null,
  source_sectors text[] not null default '{}',
  source_org_kind text not null,
  named boolean not null default false,
  depth integer not null check (depth >= 1),
  created_at timestamptz not null default now(),
  unique (recipient_org_id, source_kind, source_ref)
);
create index supply_alerts_recipient on supply_alerts (recipient_org_id, created_at desc);

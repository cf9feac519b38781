-- The critical-equipment registry: what each organisation's services run on, and who operates it.
create table assets (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  -- SBOM components hang under the asset they were imported for.
  parent_id uuid references assets (id) on delete cascade,
  name text not null,
  category text not null check (category in ('vpn_gateway', 'firewall', 'authentication_server', 'cloud_service', 'ot_controller', 'server', 'network_device', 'software_component', 'other')),
  maker text,
  product text,
  version text,
  cpe text,
  purl text,
  -- Normalised product identities (cpe:<vendor>:<product>, purl:<type>/<namespace>/<name>) the matcher indexes.
  identity_keys text[] not null default '{}',
  placement text not null check (placement in ('internet_facing', 'internal', 'ot')),
  service text,
  criticality text not null default 'medium' check (criticality in ('low', 'medium', 'high', 'critical')),
  -- The vendor organisation that operates it; null when the owner's own staff do.
  operator_org_id uuid references organizations (id),
  -- A 特定重要電子計算機 the Act asks the operator to notify to its ministry.
  designated_critical boolean not null default false,
  source text not null check (source in ('form', 'api', 'csv', 'sbom')),
  -- Stable key of the imported row or component, so re-importing a document changes nothing.
  source_ref text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Who may see it (platform/policy): the owner, the operating vendor, and for designated critical
  -- computers the national hub and the competent ministries.
  tlp text not null default 'amber+strict',
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}'
);
create index assets_org on assets (org_id, created_at desc);
create index assets_operator on assets (operator_org_id) where operator_org_id is not null;
create index assets_identity on assets using gin (identity_keys);
create index assets_recipients on assets using gin (recipient_org_ids);
create unique index assets_source_ref on assets (org_id, source_ref) where source_ref is not null;

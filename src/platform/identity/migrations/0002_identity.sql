-- Who is on the platform: organisations, people, and which organisation each person acts for.

create table organizations (
  id uuid primary key,
  slug text not null unique,
  name text not null,
  name_en text not null,
  kind text not null check (kind in ('national_hub', 'ministry', 'police', 'regulator', 'operator', 'vendor', 'isac', 'sme')),
  -- Authority code for government bodies (law/authorities.json), e.g. 'fsa'; null for companies.
  authority text,
  sectors text[] not null default '{}',
  -- Designated 基幹インフラ事業者 under the Economic Security Promotion Act, and for which business types.
  designated boolean not null default false,
  designated_business_types text[] not null default '{}',
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  email text not null unique check (email = lower(email)),
  display_name text not null,
  password_hash text,
  clearance text not null default 'none' check (clearance in ('none', 'cei', 'sds')),
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

create table memberships (
  user_id uuid not null references users (id) on delete cascade,
  org_id uuid not null references organizations (id) on delete cascade,
  role text not null check (role in ('admin', 'analyst', 'reporter', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (user_id, org_id)
);
create index memberships_org on memberships (org_id);

-- Standing working relationships that TLP:AMBER's "need to know" extends to: the vendor that runs an
-- operator's systems may see what the operator receives as AMBER (never AMBER+STRICT).
create table org_partners (
  org_id uuid not null references organizations (id) on delete cascade,
  partner_org_id uuid not null references organizations (id) on delete cascade,
  relation text not null check (relation in ('operates_systems')),
  created_at timestamptz not null default now(),
  primary key (org_id, partner_org_id, relation),
  check (org_id <> partner_org_id)
);
create index org_partners_partner on org_partners (partner_org_id);

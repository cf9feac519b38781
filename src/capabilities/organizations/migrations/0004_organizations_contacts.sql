-- Emergency contacts of an organisation (who to call at 3 a.m.). TLP:AMBER by default: the
-- organisation itself, the national hub, and the competent authorities of its sectors.
create table org_contacts (
  org_id uuid primary key references organizations (id) on delete cascade,
  phone_24h text not null,
  csirt_email text not null,
  escalation text not null default '',
  tlp text not null default 'amber' check (tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')),
  clearance text not null default 'none' check (clearance in ('none', 'cei', 'sds')),
  owner_org_id uuid references organizations (id),
  created_by uuid references users (id) on delete set null,
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  updated_at timestamptz not null default now()
);

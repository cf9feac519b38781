-- Incident reports: filed once, delivered to every recipient on its own clock.

create sequence incident_reference_seq;

create table incident_reports (
  id uuid primary key,
  reference text not null unique,
  reporter_org_id uuid not null references organizations (id),
  created_by uuid references users (id) on delete set null,
  type text not null,
  title text not null,
  current_stage text not null check (current_stage in ('initial', 'update', 'final')),
  version int not null,
  detected_at timestamptz not null,
  personal_data boolean not null,
  business_impact text not null,
  sharing jsonb not null,
  submitted_at timestamptz not null,
  updated_at timestamptz not null,
  -- Who may see the report (platform/policy): the reporter, and the organisations it was delivered to.
  tlp text not null default 'amber+strict',
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}'
);
create index incident_reports_owner on incident_reports (owner_org_id, submitted_at desc);
create index incident_reports_recipients on incident_reports using gin (recipient_org_ids);
create index incident_reports_updated on incident_reports (updated_at desc, id);

-- Every stage ever submitted, whole, so any two can be compared.
create table incident_versions (
  report_id uuid not null references incident_reports (id) on delete cascade,
  version int not null,
  stage text not null,
  body jsonb not null,
  submitted_at timestamptz not null,
  submitted_by uuid references users (id) on delete set null,
  primary key (report_id, version)
);

-- One delivery per recipient (an organisation on the platform, or an outside body the reporter files with).
create table incident_deliveries (
  id uuid primary key,
  report_id uuid not null references incident_reports (id) on delete cascade,
  regime text not null,
  recipient_org_id uuid references organizations (id),
  external_recipient text,
  status text not null default 'received' check (status in ('received', 'triaged', 'supporting', 'closed')),
  status_changed_at timestamptz,
  created_at timestamptz not null,
  check ((recipient_org_id is null) <> (external_recipient is null))
);
create unique index incident_deliveries_unique on incident_deliveries (report_id, regime, coalesce(recipient_org_id::text, external_recipient));
create index incident_deliveries_recipient on incident_deliveries (recipient_org_id, created_at desc);

create table incident_delivery_stages (
  delivery_id uuid not null references incident_deliveries (id) on delete cascade,
  stage text not null,
  due_at timestamptz,
  satisfied_version int,
  satisfied_at timestamptz,
  overdue_notified_at timestamptz,
  primary key (delivery_id, stage)
);
create index incident_stages_open_due on incident_delivery_stages (due_at) where satisfied_at is null and overdue_notified_at is null;

-- Questions from a recipient and the reporter's answers: one thread per delivery.
create table incident_messages (
  id uuid primary key,
  delivery_id uuid not null references incident_deliveries (id) on delete cascade,
  author_org_id uuid not null references organizations (id),
  author_user_id uuid references users (id) on delete set null,
  body text not null,
  created_at timestamptz not null
);
create index incident_messages_delivery on incident_messages (delivery_id, created_at);

-- Autosaved form content, personal to its author, unvalidated until submission.
create table incident_drafts (
  id uuid primary key,
  org_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  content jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index incident_drafts_user on incident_drafts (user_id, updated_at desc);

-- Normalised indicators, indexed once per report: "seen in N other reports".
create table incident_indicators (
  report_id uuid not null references incident_reports (id) on delete cascade,
  kind text not null,
  value text not null,
  primary key (report_id, kind, value)
);
create index incident_indicators_value on incident_indicators (kind, value);

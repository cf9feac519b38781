-- National alerts in the CAP 1.2 shape, who must acknowledge them, and their webhook deliveries.

create table alerts (
  id uuid primary key,
  -- CAP <status>: Exercise only for an exercise's injects (exercise_id set), never for real alerts.
  status text not null check (status in ('Actual', 'Exercise', 'Test')),
  msg_type text not null check (msg_type in ('Alert', 'Update', 'Cancel')),
  -- Update / Cancel: the earlier alerts of the same issuer they replace or withdraw (CAP <references>).
  references_ids uuid[] not null default '{}',
  scope text not null check (scope in ('Public', 'Restricted', 'Private')),
  category text[] not null,
  severity text not null check (severity in ('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  urgency text not null check (urgency in ('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  certainty text not null check (certainty in ('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  response_type text[] not null default '{}',
  -- One entry per language (CAP <info> blocks): [{language, event, headline, description, instruction}].
  infos jsonb not null,
  addressed_sectors text[] not null default '{}',
  addressed_org_ids uuid[] not null default '{}',
  issuer_org_id uuid not null references organizations (id),
  issued_by uuid references users (id) on delete set null,
  sent_at timestamptz not null,
  expires_at timestamptz,
  -- The exercise mark: every query of real views filters on exercise_id is null.
  exercise_id uuid,
  -- Who may see it (platform/policy): the issuer, the addressed organisations and sectors (their
  -- companies and competent authorities) and the national hub.
  tlp text not null,
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  created_by uuid,
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  check ((status = 'Exercise') = (exercise_id is not null)),
  check ((msg_type = 'Alert') = (cardinality(references_ids) = 0))
);
create index alerts_sent on alerts (sent_at desc, id) where exercise_id is null;
create index alerts_exercise on alerts (exercise_id) where exercise_id is not null;
create index alerts_recipients on alerts using gin (recipient_org_ids);
create index alerts_sectors on alerts using gin (recipient_sectors);

-- One row per organisation that must acknowledge an alert (resolved when it is issued).
create table alert_recipients (
  alert_id uuid not null references alerts (id) on delete cascade,
  org_id uuid not null references organizations (id),
  -- The organisation's sectors when the alert was issued: decides which ministry sees it escalated.
  org_sectors text[] not null default '{}',
  acknowledged_at timestamptz,
  acknowledged_by uuid references users (id) on delete set null,
  note text,
  -- 0 none, 1 the organisation's admins were told, 2 visible as unacknowledged to its ministry.
  escalation_level int not null default 0,
  escalated_at timestamptz,
  -- When the next escalation step is due (null once acknowledged or fully escalated).
  escalate_at timestamptz,
  primary key (alert_id, org_id)
);
create index alert_recipients_org on alert_recipients (org_id, alert_id);
create index alert_recipients_due on alert_recipients (escalate_at) where acknowledged_at is null and escalate_at is not null;

-- An organisation's webhook: alerts addressed to it are POSTed there, signed with its secret.
create table alert_webhooks (
  id uuid primary key,
  org_id uuid not null unique references organizations (id),
  url text not null,
  -- Kept to sign deliveries (HMAC needs the secret itself); never returned by the API.
  secret text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The durable delivery queue: one row per alert × webhook (idempotent by alert id), retried with backoff.
create table alert_webhook_deliveries (
  id uuid primary key,
  alert_id uuid not null references alerts (id) on delete cascade,
  webhook_id uuid not null references alert_webhooks (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  last_status int,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (alert_id, webhook_id)
);
create index alert_webhook_deliveries_due on alert_webhook_deliveries (next_attempt_at) where status = 'pending';

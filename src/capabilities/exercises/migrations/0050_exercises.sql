-- Exercises: named scenarios of timed injects run against participating organisations. Everything an
-- exercise produces lives in these tables (or in alerts with exercise_id set), so no real view or
-- figure can count it: real queries never read exercise_* tables, and alerts filter exercise_id is null.

create table exercises (
  id uuid primary key,
  name text not null,
  description text not null default '',
  participant_org_ids uuid[] not null,
  state text not null default 'draft' check (state in ('draft', 'running', 'ended')),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  ended_at timestamptz,
  -- Marked columns (platform/policy): the organising body owns it, the participants are its recipients.
  tlp text not null,
  clearance text not null default 'none',
  owner_org_id uuid not null references organizations (id),
  created_by uuid references users (id) on delete set null,
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}'
);
create index exercises_created on exercises (created_at desc, id);

-- One timed inject of a scenario. fire_at is set when the exercise starts; fired_at when it went out.
-- The scheduler claims due rows (fire_at <= now, fired_at is null) with FOR UPDATE SKIP LOCKED, so a
-- restart or a second node fires each inject exactly once.
create table exercise_injects (
  id uuid primary key,
  exercise_id uuid not null references exercises (id) on delete cascade,
  seq int not null,
  offset_seconds int not null check (offset_seconds >= 0),
  kind text not null check (kind in ('alert', 'incident', 'advisory')),
  -- {title, body, instruction?, severity}: the scenario's text (Japanese, optional English).
  content jsonb not null,
  fire_at timestamptz,
  fired_at timestamptz,
  -- For an alert inject: the exercise-marked alert it issued (CAP status Exercise).
  alert_id uuid,
  unique (exercise_id, seq)
);
create index exercise_injects_due on exercise_injects (fire_at) where fired_at is null and fire_at is not null;

-- A participant's answer to an incident inject (its synthetic report) or an advisory inject (its
-- acknowledgement). Alert injects are acknowledged through the alerts capability (alert_recipients).
create table exercise_responses (
  inject_id uuid not null references exercise_injects (id) on delete cascade,
  exercise_id uuid not null references exercises (id) on delete cascade,
  org_id uuid not null references organizations (id),
  delivered_at timestamptz not null,
  responded_at timestamptz,
  responded_by uuid references users (id) on delete set null,
  note text,
  -- The synthetic incident report ({summary, impact}) filed in answer to an incident inject.
  report jsonb,
  primary key (inject_id, org_id)
);
create index exercise_responses_org on exercise_responses (org_id, exercise_id);

-- The STIX 2.1 store: collections (sharing communities), every version of every object, and which
-- collection holds which version since when (the TAXII stream).

create table stix_collections (
  id uuid primary key,
  -- national | sector:<code> | isac:<org slug> | org:<org slug> | custom:<slug>
  key text not null unique,
  kind text not null check (kind in ('national', 'sector', 'isac', 'org')),
  title text not null,
  description text not null default '',
  sector text,
  org_id uuid references organizations (id) on delete cascade,
  -- ISAC collections: the organisations its admins admitted (besides the ISAC's own sectors).
  member_org_ids uuid[] not null default '{}',
  -- Every object shared into the collection carries at least this clearance.
  clearance text not null default 'none' check (clearance in ('none', 'cei', 'sds')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per object version (STIX 2.1 §3.6: id + modified; SCOs have one version, '').
create table stix_objects (
  id text not null,
  version text not null,
  -- The version as an instant, for ordering (null for unversioned SCOs).
  version_at timestamptz,
  type text not null,
  spec_version text not null,
  name text,
  relationship_type text,
  source_ref text,
  target_ref text,
  -- The object's JSON text as accepted: served as is, so custom x- content survives and pages are
  -- assembled without re-serialising.
  body text not null,
  -- The marking the object's own object_marking_refs give (TLP 2.0 ids), raised never lowered across versions.
  tlp text not null,
  added_at timestamptz not null default now(),
  primary key (id, version)
);
create index stix_objects_source on stix_objects (source_ref) where source_ref is not null;
create index stix_objects_target on stix_objects (target_ref) where target_ref is not null;

-- A version in a collection. `seq` is assigned under an ingest lock (see store/repository.ts), so
-- (date_added, seq) grows in commit order: TAXII pages keyed on it never loop or skip.
create table stix_collection_objects (
  seq bigserial primary key,
  collection_id uuid not null references stix_collections (id) on delete cascade,
  object_id text not null,
  version text not null,
  version_at timestamptz,
  type text not null,
  spec_version text not null,
  date_added timestamptz not null default clock_timestamp(),
  is_last boolean not null default true,
  is_first boolean not null default true,
  -- Who may see this version here (platform/policy): the object's TLP raised to the collection's floor.
  tlp text not null,
  clearance text not null default 'none',
  owner_org_id uuid,
  created_by uuid,
  recipient_org_ids uuid[] not null default '{}',
  recipient_sectors text[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  unique (collection_id, object_id, version)
);
create index stix_collection_objects_page on stix_collection_objects (collection_id, date_added, seq);
create index stix_collection_objects_object on stix_collection_objects (object_id);

-- TAXII status resources of POSTed envelopes (all complete at once: ingest is synchronous).
create table taxii_status (
  id uuid primary key,
  collection_id uuid not null references stix_collections (id) on delete cascade,
  user_id uuid not null,
  org_id uuid not null,
  request_timestamp timestamptz not null default now(),
  total_count integer not null,
  success_count integer not null,
  failure_count integer not null,
  successes jsonb not null,
  failures jsonb not null
);

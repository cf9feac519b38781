-- Each node keeps the advisories in memory so that a new asset is matched without a query per advisory
-- (advisory-index.ts). It knows its copy is current by comparing one number: advisory_index_state.version,
-- bumped once by every transaction that writes advisories or aliases, inside that transaction. The row
-- lock serialises those writers, so versions are assigned in commit order and "every advisory stamped
-- ≤ V has committed" holds whenever V is visible: a node reloads exactly the rows stamped above its own V.
create table advisory_index_state (
  only_row boolean primary key default true check (only_row),
  version bigint not null default 0,
  -- Bumped when advisories or aliases are deleted (nothing does today): a node then reloads everything.
  deleted_version bigint not null default 0,
  writer xid8
);
insert into advisory_index_state (only_row) values (true);

alter table advisories add column index_version bigint not null default 0;
alter table product_aliases add column index_version bigint not null default 0;

create function advisory_index_stamp() returns trigger language plpgsql as $$
begin
  update advisory_index_state set version = version + 1, writer = pg_current_xact_id()
  where writer is distinct from pg_current_xact_id();
  select version into new.index_version from advisory_index_state;
  return new;
end $$;

create function advisory_index_deleted() returns trigger language plpgsql as $$
begin
  update advisory_index_state set version = version + 1, deleted_version = version + 1, writer = pg_current_xact_id();
  return null;
end $$;

create trigger advisories_index_stamp before insert or update on advisories for each row execute function advisory_index_stamp();
create trigger product_aliases_index_stamp before insert or update on product_aliases for each row execute function advisory_index_stamp();
create trigger advisories_index_deleted after delete on advisories for each statement execute function advisory_index_deleted();
create trigger product_aliases_index_deleted after delete on product_aliases for each statement execute function advisory_index_deleted();
create index advisories_index_version on advisories (index_version);

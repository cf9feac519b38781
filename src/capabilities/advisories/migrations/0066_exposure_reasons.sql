-- An exposure's reason (the engine's explanation: identifier, range, version, scheme — ~430 bytes of
-- JSON) was copied into every exposure row, and it is the same for every asset of one identity and
-- version: a KEV import wrote it ~200,000 times (as ~44,000 distinct texts), which made the rows it
-- inserts, the WAL it writes, the rows its count triggers collect and the rows it sorts ~2.5 times wider
-- (bench/matching). It is now stored once, addressed by the MD5 of its text (a UUID), and each exposure
-- names it; the deadline rule, the only per-asset part, gets its own column. Reasons are never changed
-- (a different text is a different id) and no longer referenced ones are harmless, so no foreign key:
-- checking one would cost a lookup per exposure, the very cost this removes.
create table exposure_reasons (
  id uuid primary key,
  reason jsonb not null
);

alter table exposures add column reason_id uuid, add column deadline_rule text;

insert into exposure_reasons (id, reason)
select md5((reason - 'deadlineRule')::text)::uuid, reason - 'deadlineRule' from exposures
on conflict (id) do nothing;

update exposures set reason_id = md5((reason - 'deadlineRule')::text)::uuid, deadline_rule = reason ->> 'deadlineRule';

alter table exposures alter column reason_id set not null;
alter table exposures drop column reason;

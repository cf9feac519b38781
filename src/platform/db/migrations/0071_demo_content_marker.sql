-- The demo's content (reports, advisories, intelligence, the exercise) now records that it finished,
-- so that a first start stopped part-way can be told from a complete demo. Databases seeded before
-- this marker existed finished their seeding (or were seeded by an earlier version that could not
-- tell): they count as complete.
insert into platform_meta (key, value)
select 'demo_content_seeded_at', value from platform_meta where key = 'demo_seeded_at'
on conflict (key) do nothing;

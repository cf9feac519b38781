-- One open ★4/★5 claim per organisation and level, and one current self-declaration per organisation:
-- a second click on "declare" (or two requests at once) gets the open one back instead of filing
-- another that an assessor could decide the other way.
--
-- Databases that already hold duplicates keep the claim filed first (the one an assessor may already
-- be reviewing) and the newest self-declaration; the others are set aside as superseded. Nothing is
-- deleted: the history stays as it was written.
update supply_ratings r
   set status = 'superseded'
 where r.basis = 'third_party'
   and r.status = 'pending'
   and exists (select 1
                 from supply_ratings o
                where o.org_id = r.org_id and o.level = r.level and o.basis = 'third_party' and o.status = 'pending'
                  and (o.created_at, o.id) < (r.created_at, r.id));

update supply_ratings r
   set status = 'superseded'
 where r.basis = 'self'
   and r.status = 'active'
   and exists (select 1
                 from supply_ratings o
                where o.org_id = r.org_id and o.basis = 'self' and o.status = 'active'
                  and (o.created_at, o.id) > (r.created_at, r.id));

create unique index supply_ratings_one_open_claim on supply_ratings (org_id, level) where basis = 'third_party' and status = 'pending';
create unique index supply_ratings_one_self on supply_ratings (org_id) where basis = 'self' and status = 'active';

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { loadLaw, type Law } from '../../../platform/law/law.js';
import { outboxWrittenBySql } from '../../../platform/events/outbox.js';
import { loadEarlyWarningRules, windowStart, type EarlyWarningRules } from './early-warning-rules.js';

export const EARLY_WARNING_EVENT = 'intel.early-warning';

let rules: EarlyWarningRules | null = null;
let law: Law | null = null;

/**
 * The thresholds, read once per process. recordSightings() is called by the store without the
 * platform at hand, so the law file is read here; correlationRoutes() calls this at start, so an
 * invalid file stops the node before any ingest.
 */
export function earlyWarningRules(): EarlyWarningRules {
  rules ??= loadEarlyWarningRules();
  return rules;
}

/** Sector → competent authority pairs, the routing data a warning's recipients are derived from. */
function competence(): { sectors: string[]; authorities: string[] } {
  law ??= loadLaw();
  const pairs = law.sectors.flatMap((s) => s.competentAuthorities.map((a) => [s.code, a] as const));
  return { sectors: pairs.map((p) => p[0]), authorities: pairs.map((p) => p[1]) };
}

/**
 * Fires, in the caller's transaction, the warnings the given observables now deserve: reporters
 * (distinct organisations, distinct sectors) counted over ALL their sightings in the last window,
 * whoever may see them — the warning goes only to the hub and the competent authorities, and names
 * no reporter. Once per observable per fixed window (unique key; concurrent batches and every node
 * handling the same incident event collapse to one row). Warning row and its outbox event are
 * written by one statement; the dispatcher delivers the event after commit.
 */
export async function fireEarlyWarnings(db: Kysely<Database> | Transaction<Database>, observableIds: number[], r: EarlyWarningRules, now: Date): Promise<number> {
  if (observableIds.length === 0) return 0;
  const since = new Date(now.getTime() - r.windowHours * 3_600_000);
  const start = windowStart(r, now);
  const law = competence();
  const result = await sql<{ n: number }>`
    with ids as (
      -- Observables already warned about in this window are not counted again.
      select i.id from unnest(${observableIds}::bigint[]) as i(id)
      where not exists (select 1 from intel_early_warnings e where e.observable_id = i.id and e.window_start = ${start}::timestamptz)
    ),
    recent as (
      -- Lateral: always the per-observable key lookup, whatever the (often stale, mid-ingest)
      -- statistics say about how many sightings are recent.
      select ids.id as observable_id, s.reporter_org_id, s.reporter_sectors
      from ids cross join lateral (
        select s.reporter_org_id, s.reporter_sectors from intel_sightings s
        where s.observable_id = ids.id and s.seen_at >= ${since}::timestamptz
        offset 0 -- keeps the subquery from being flattened into a plain (re-plannable) join
      ) s
    ),
    orgs as (
      select r.observable_id, count(distinct r.reporter_org_id)::int as organisations from recent r group by r.observable_id
    ),
    secs as (
      select r.observable_id, array_agg(distinct sec order by sec) as sector_codes
      from recent r, unnest(r.reporter_sectors) sec group by r.observable_id
    ),
    counts as (
      select orgs.observable_id, orgs.organisations, coalesce(secs.sector_codes, '{}') as sector_codes
      from orgs left join secs on secs.observable_id = orgs.observable_id
    ),
    hits as (
      select * from counts
      where organisations >= ${r.minOrganisations} or cardinality(sector_codes) >= ${r.minSectors}
    ),
    warned as (
      insert into intel_early_warnings (id, observable_id, kind, value, organisations, sectors, sector_codes, window_hours,
        window_start, fired_at, tlp, clearance, recipient_org_ids)
      select gen_random_uuid(), h.observable_id, o.kind, o.value, h.organisations, cardinality(h.sector_codes), h.sector_codes,
        ${r.windowHours}, ${start}::timestamptz, ${now}::timestamptz, 'amber+strict', 'none',
        array(select org.id from organizations org
          where org.kind = 'national_hub'
             or org.authority in (select l.authority from unnest(${law.sectors}::text[], ${law.authorities}::text[]) as l(sector, authority)
                                  where l.sector = any(h.sector_codes)))
      from hits h join intel_observables o on o.id = h.observable_id
      on conflict (observable_id, window_start) do nothing
      returning *
    ),
    events as (
      insert into outbox (id, type, payload, visibility)
      select gen_random_uuid(), ${EARLY_WARNING_EVENT},
        jsonb_build_object('id', w.id, 'kind', w.kind, 'value', w.value, 'organisations', w.organisations, 'sectors', w.sectors,
          'sectorCodes', to_jsonb(w.sector_codes), 'windowHours', w.window_hours, 'firedAt', w.fired_at),
        jsonb_build_object('tlp', w.tlp, 'clearance', w.clearance, 'ownerOrgId', null, 'createdBy', null,
          'recipientOrgIds', to_jsonb(w.recipient_org_ids), 'recipientSectors', '[]'::jsonb, 'recipientUserIds', '[]'::jsonb)
      from warned w
      returning 1
    )
    select count(*)::int as n from events
  `.execute(db);
  const n = Number(result.rows[0]?.n ?? 0);
  if (n > 0) outboxWrittenBySql(db);
  return n;
}

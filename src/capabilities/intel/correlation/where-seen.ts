import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { visibleTo } from '../../../platform/policy/sql.js';
import type { Actor } from '../../../platform/policy/types.js';
import { canonicalObservable, ipOf, type CanonicalObservable } from './observable-input.js';

export interface WhereSeen {
  kind: string;
  value: string;
  sightings: number;
  organisations: number;
  sectors: number;
  sectorCodes: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Only reporters that allowed naming AND whose sightings the actor may see. */
  namedReporters: Array<{ orgId: string; name: string }>;
}

type Row = {
  idx: number;
  sightings: number;
  organisations: number;
  sector_codes: string[] | null;
  first_seen: Date | null;
  last_seen: Date | null;
  named: Array<{ orgId: string; name: string }> | null;
};

/**
 * Sightings not to count: those of `excludeSourceIds` (the objects just sent, the report on screen) —
 * only those `excludeReporterOrgId` recorded when it is given. An ingest gives its poster's
 * organisation: an SCO's id is derived from its value, so another organisation's earlier sighting of
 * the same address has the same source id, and is exactly what the poster should be told of.
 */
export interface ExcludeOptions {
  excludeSourceIds?: string[];
  excludeReporterOrgId?: string;
}

type Exclusion = { sourceIds: string[]; reporterOrgId: string | null };
const exclusion = (o?: ExcludeOptions): Exclusion => ({ sourceIds: o?.excludeSourceIds ?? [], reporterOrgId: o?.excludeReporterOrgId ?? null });
const excluded = (x: Exclusion) =>
  sql<SqlBool>`(s.source_id = any(${x.sourceIds}::text[]) and (${x.reporterOrgId}::uuid is null or s.reporter_org_id = ${x.reporterOrgId}::uuid))`;

/**
 * Per observable: where else it was seen, as far as `actor` may know. Only sightings the actor may
 * read (visibleTo over the sighting's copy of its source's marking) are counted, so even the number
 * of AMBER+STRICT or RED reports the actor is not entitled to never leaks: the existence of a report
 * is itself what those markings protect. An IP or CIDR matches every stored address or network it
 * overlaps (inet `&&` on the SP-GiST index), everything else matches exactly.
 *
 * Two statements for the whole report, whatever its size: the inputs travel as arrays and are
 * matched in a set, then the matched observables' sightings are aggregated in a set.
 */
export async function whereSeen(
  db: Kysely<Database>,
  actor: Actor,
  observables: Array<{ kind: string; value: string }>,
  options?: ExcludeOptions,
): Promise<WhereSeen[]> {
  return (await seen(db, actor, observables, exclusion(options), false)).each;
}

/**
 * whereSeen, plus how many distinct sources (STIX objects, incident reports) the actor may see carry
 * any of the observables: what "seen in N other reports" on a report page counts (one source naming
 * three of its indicators is one report).
 */
export async function whereSeenWithSources(
  db: Kysely<Database>,
  actor: Actor,
  observables: Array<{ kind: string; value: string }>,
  options?: ExcludeOptions,
): Promise<{ each: WhereSeen[]; sources: number }> {
  return seen(db, actor, observables, exclusion(options), true);
}

async function seen(db: Kysely<Database>, actor: Actor, observables: Array<{ kind: string; value: string }>, exclude: Exclusion, countSources: boolean) {
  const canonical = observables.map((o) => {
    const c = canonicalObservable(o.kind, o.value);
    return c.ok ? c.observable : { kind: o.kind, value: o.value };
  });
  if (canonical.length === 0) return { each: [], sources: 0 };
  // PostgreSQL cannot estimate inet `&&` joins (it assumes thousands of matches per probe where
  // there are one or two): large reports crossed the JIT threshold and spent longer compiling
  // (20–55 ms measured) than running (≈ 20 ms). Connections run without JIT (platform/db/database.ts).
  const matches = await matchObservables(db, canonical);
  const each = await aggregate(db, actor, canonical, matches, exclude);
  const sources = countSources && matches.length ? await distinctSources(db, actor, matches, exclude) : 0;
  return { each, sources };
}

async function distinctSources(db: Kysely<Database>, actor: Actor, matches: Array<{ id: number }>, exclude: Exclusion): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct s.source_id)::int as n
    from intel_sightings s
    where s.observable_id = any(${[...new Set(matches.map((m) => m.id))]}::bigint[])
      and ${visibleTo(actor, 's')} and not ${excluded(exclude)}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function aggregate(db: Kysely<Database>, actor: Actor, canonical: CanonicalObservable[], matches: Array<{ idx: number; id: number }>, exclude: Exclusion): Promise<WhereSeen[]> {
  if (matches.length === 0) return canonical.map((c) => empty(c));
  // Second statement, on the matched ids: with the real number of matches known to the planner, the
  // sightings are read by their key (observable_id, …) instead of a scan planned for a guessed
  // thousandfold fan-out.
  const result = await sql<Row>`
    with agg as (
      -- One pass: each visible sighting once per sector (a sector-less one once, with a null sector).
      select m.idx, count(distinct s.source_id)::int as sightings, count(distinct s.reporter_org_id)::int as organisations,
        array_remove(array_agg(distinct sec), null) as sector_codes, min(s.seen_at) as first_seen, max(s.seen_at) as last_seen,
        array_agg(distinct s.reporter_org_id) filter (where s.name_reporter) as named_ids
      from unnest(${matches.map((m) => m.idx)}::int[], ${matches.map((m) => m.id)}::bigint[]) as m(idx, id)
      join intel_sightings s on s.observable_id = m.id
      left join lateral unnest(s.reporter_sectors) as sec on true
      where ${visibleTo(actor, 's')} and not ${excluded(exclude)}
      group by m.idx
    )
    select agg.idx, agg.sightings, agg.organisations, agg.sector_codes, agg.first_seen, agg.last_seen,
      (select json_agg(json_build_object('orgId', org.id, 'name', org.name) order by org.name)
         from organizations org where org.id = any(agg.named_ids)) as named
    from agg
  `.execute(db);
  const byIdx = new Map(result.rows.map((r) => [Number(r.idx), r]));
  return canonical.map((c, i) => {
    if (!byIdx.has(i)) return empty(c);
    const r = byIdx.get(i);
    const sectorCodes = r?.sector_codes ?? [];
    return {
      kind: c.kind,
      value: c.value,
      sightings: r?.sightings ?? 0,
      organisations: r?.organisations ?? 0,
      sectors: sectorCodes.length,
      sectorCodes,
      firstSeen: r?.first_seen ? new Date(r.first_seen).toISOString() : null,
      lastSeen: r?.last_seen ? new Date(r.last_seen).toISOString() : null,
      namedReporters: (r?.named ?? []).map((n) => ({ orgId: String(n.orgId), name: n.name })),
    };
  });
}

function empty(c: CanonicalObservable): WhereSeen {
  return { kind: c.kind, value: c.value, sightings: 0, organisations: 0, sectors: 0, sectorCodes: [], firstSeen: null, lastSeen: null, namedReporters: [] };
}

/**
 * At most this many stored addresses/networks per IP or CIDR input: a lookup of a /8 (or 0.0.0.0/0)
 * must not turn into an export of the store.
 */
export const MAX_NETWORK_MATCHES = 1000;

/**
 * (input index, observable id) for every stored observable an input matches. IPs and the rest travel
 * in separate arrays so the planner knows how many SP-GiST probes it makes.
 */
async function matchObservables(db: Kysely<Database>, inputs: CanonicalObservable[]): Promise<Array<{ idx: number; id: number }>> {
  const exact = { idx: [] as number[], kind: [] as string[], value: [] as string[] };
  const net = { idx: [] as number[], ip: [] as string[] };
  inputs.forEach((c, i) => {
    const ip = ipOf(c);
    if (ip === null) {
      exact.idx.push(i);
      exact.kind.push(c.kind);
      exact.value.push(c.value);
    } else {
      net.idx.push(i);
      net.ip.push(ip);
    }
  });
  const rows = await sql<{ idx: number; id: number }>`
    select q.idx, o.id
    from unnest(${exact.idx}::int[], ${exact.kind}::text[], ${exact.value}::text[]) as q(idx, kind, value)
    join intel_observables o on o.kind = q.kind and o.value = q.value
    union all
    select q.idx, o.id
    from unnest(${net.idx}::int[], ${net.ip}::inet[]) as q(idx, ip)
    cross join lateral (
      select o.id from intel_observables o where o.ip && q.ip limit ${MAX_NETWORK_MATCHES}
    ) o
  `.execute(db);
  return rows.rows.map((r) => ({ idx: Number(r.idx), id: Number(r.id) }));
}

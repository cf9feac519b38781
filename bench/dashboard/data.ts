import type pg from 'pg';

/**
 * Scales the demo world up on PostgreSQL with INSERT … SELECT over generate_series (never through
 * the API: loading a million rows one request at a time would measure the loader, not the home).
 * Every row has the shape the owning capability writes (markings included), so the dashboard's
 * policy filters see what they would see in production.
 */
export interface Scale {
  orgs: number;
  assets: number;
  advisories: number;
  exposures: number;
  incidents: number;
  stixObjects: number;
  observables: number;
  sightings: number;
  warnings: number;
  alerts: number;
  links: number;
  supplyAlerts: number;
}

export function scaleOf(factor: number): Scale {
  const n = (full: number, min: number) => Math.max(min, Math.round(full * factor));
  return {
    orgs: n(10_000, 300),
    assets: n(1_000_000, 5_000),
    advisories: n(1_400, 50),
    exposures: n(200_000, 1_000),
    incidents: n(100_000, 1_000),
    stixObjects: n(1_000_000, 5_000),
    observables: n(200_000, 1_000),
    sightings: n(400_000, 2_000),
    warnings: n(2_000, 20),
    alerts: n(500, 20),
    links: n(50_000, 500),
    supplyAlerts: n(20_000, 200),
  };
}

const TYPES = ['ransomware', 'ddos', 'unauthorized_access', 'data_leak', 'malware', 'supply_chain', 'other'];

/** Loads everything; returns per-step timings (ms). `requiredVersion` keeps the start-up recompute idle. */
export async function load(c: pg.Client, s: Scale, sectorAuthority: Record<string, string>, requiredVersion: string): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const step = async (name: string, text: string, values: unknown[] = []) => {
    const t = performance.now();
    await c.query(text, values);
    timings[name] = (timings[name] ?? 0) + performance.now() - t;
  };
  const sectors = Object.keys(sectorAuthority);

  // Organisations: 85 % operators (one sector each, round robin), 15 % vendors; numbered for joins.
  await step(
    'organisations',
    `insert into organizations (id, slug, name, name_en, kind, sectors)
     select gen_random_uuid(), 'bench-' || g, 'ベンチ組織 ' || g, 'Bench org ' || g,
       case when g % 20 < 17 then 'operator' else 'vendor' end,
       case when g % 20 < 17 then array[($2::text[])[1 + g % cardinality($2::text[])]] else '{}'::text[] end
     from generate_series(1, $1::int) g`,
    [s.orgs, sectors],
  );
  await step(
    'organisations',
    `create temp table bo as select row_number() over (order by slug)::int as n, id, kind, sectors from organizations where slug like 'bench-%';
     create temp table bop as select row_number() over (order by n)::int as n, id, sectors from bo where kind = 'operator';
     create temp table bv as select row_number() over (order by n)::int as n, id from bo where kind = 'vendor';
     create index on bop (n); create index on bv (n); analyze bo; analyze bop; analyze bv;`,
  );
  const ops = (await c.query('select count(*)::int as n from bop')).rows[0].n as number;
  const vendors = (await c.query('select count(*)::int as n from bv')).rows[0].n as number;
  const hub = (await c.query(`select id from organizations where kind = 'national_hub' limit 1`)).rows[0].id as string;
  await step(
    'organisations',
    `create temp table ministry as select distinct on (s.code) s.code as sector, o.id from jsonb_each_text($1::jsonb) s(code, authority) join organizations o on o.authority = s.authority order by s.code, o.slug`,
    [JSON.stringify(sectorAuthority)],
  );

  // Assets: owned by operators, 30 % run by a vendor (which then sees them: recipient_org_ids).
  await step(
    'assets',
    `insert into assets (id, org_id, name, category, placement, operator_org_id, source, tlp, owner_org_id, recipient_org_ids)
     select gen_random_uuid(), o.id, 'asset ' || g, (array['vpn_gateway','firewall','server','cloud_service','ot_controller','network_device'])[1 + g % 6],
       (array['internet_facing','internal','ot'])[1 + g % 3], v.id, 'api', 'amber+strict', o.id, case when v.id is null then '{}'::uuid[] else array[v.id] end
     from generate_series(1, $1::int) g
     join bop o on o.n = 1 + g % $2::int
     left join bv v on g % 10 < 3 and v.n = 1 + g % $3::int`,
    [s.assets, ops, vendors],
  );
  await step(
    'advisories',
    `insert into advisories (id, source, source_id, content_hash, title, severity, known_exploited, statements, meta)
     select gen_random_uuid(), 'kev', 'CVE-2026-' || lpad(g::text, 5, '0'), md5(g::text), 'Bench advisory ' || g,
       (array['critical','high','medium','low'])[1 + g % 4], g % 5 <> 0, '[]', '{}'
     from generate_series(1, $1::int) g`,
    [s.advisories],
  );
  // Exposures: distinct assets, the asset's marking copied (as advisories' recordExposures does);
  // due dates from 20 days ago to 40 days ahead, 15 % closed.
  await step(
    'exposures',
    `with a as (select row_number() over ()::int as n, id, org_id, placement, recipient_org_ids from assets tablesample system (least(100, 100.0 * $1::int * 1.6 / $3::int)) limit $1::int),
          ad as (select row_number() over (order by source_id)::int as n, id, severity, known_exploited from advisories where source_id like 'CVE-2026-%')
     insert into exposures (id, advisory_id, asset_id, verdict, reason_id, severity, known_exploited, placement, due_at, status, tlp, owner_org_id, recipient_org_ids)
     select gen_random_uuid(), ad.id, a.id, case when a.n % 4 = 0 then 'affected' else 'possible' end, md5('{}')::uuid, ad.severity, ad.known_exploited, a.placement,
       now() + ((a.n % 60) - 20) * interval '1 day', case when a.n % 20 < 3 then 'fixed' when a.n % 5 = 0 then 'acknowledged' else 'notified' end,
       'amber+strict', a.org_id, a.recipient_org_ids
     from a join ad on ad.n = 1 + a.n % $2::int`,
    [s.exposures, s.advisories, s.assets],
  );
  // Inserted behind the advisories' writer, which keeps the dashboard's exposure counts (migration 0067).
  await step('exposures', 'select dashboard_exposure_recount()');

  // Incident reports over two years, each delivered to the hub and its sector's ministry; 10 % still
  // owe their final report (overdue once 30 days have passed).
  await step(
    'incidents',
    `create temp table bi as
     select g, gen_random_uuid() as id, o.id as org_id, o.sectors[1] as sector, now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute' as at
     from generate_series(1, $1::int) g join bop o on o.n = 1 + (g * 7) % $2::int`,
    [s.incidents, ops],
  );
  await step(
    'incidents',
    `insert into incident_reports (id, reference, reporter_org_id, type, title, current_stage, version, detected_at, personal_data, business_impact, sharing, submitted_at, updated_at, tlp, owner_org_id, recipient_org_ids)
     select bi.id, 'BENCH-' || bi.g, bi.org_id, ($1::text[])[1 + bi.g % 7], 'Bench incident ' || bi.g,
       case when bi.g % 10 = 0 then 'initial' when bi.g % 3 = 0 then 'update' else 'final' end, 1, bi.at - interval '1 hour', bi.g % 9 = 0, 'degraded',
       '{"optionalRegimes":[],"nameInIntel":false}', bi.at, bi.at, 'amber+strict', bi.org_id, array[$2::uuid, m.id]
     from bi join ministry m on m.sector = bi.sector`,
    [TYPES, hub],
  );
  await step(
    'incidents',
    `create temp table bd as
     select gen_random_uuid() as id, bi.id as report_id, r.recipient, bi.at, bi.g from bi join ministry m on m.sector = bi.sector
     cross join lateral (values ($1::uuid), (m.id)) r(recipient)`,
    [hub],
  );
  await step(
    'incidents',
    `insert into incident_deliveries (id, report_id, regime, recipient_org_id, status, created_at) select id, report_id, 'act', recipient, 'received', at from bd;
     insert into incident_delivery_stages (delivery_id, stage, due_at, satisfied_version, satisfied_at)
     select id, 'initial', at + interval '1 day', 1, at from bd
     union all
     select id, 'final', at + interval '30 days', case when g % 10 = 0 then null else 1 end, case when g % 10 = 0 then null else at + interval '20 days' end from bd;`,
  );

  // STIX: a million indicators (one version each) across the national, sector and ISAC collections.
  await step(
    'stix',
    `insert into stix_objects (id, version, version_at, type, spec_version, name, body, tlp, added_at)
     select 'indicator--' || md5('bench' || g)::uuid, '2026-01-01T00:00:00.000Z', '2026-01-01', 'indicator', '2.1', 'Bench indicator ' || g,
       '{"type":"indicator","spec_version":"2.1","id":"indicator--' || md5('bench' || g)::uuid || '","pattern":"[ipv4-addr:value = ''10.' || (g % 250) || '.' || (g / 250 % 250) || '.' || (g % 199) || ''']"}',
       'green', now() - (g % 365) * interval '1 day'
     from generate_series(1, $1::int) g`,
    [s.stixObjects],
  );
  await step(
    'stix',
    `create temp table bc as select row_number() over (order by key)::int as n, id, kind from stix_collections where kind in ('national', 'sector', 'isac')`,
  );
  await step(
    'stix',
    `insert into stix_collection_objects (collection_id, object_id, version, version_at, type, spec_version, date_added, tlp)
     select c.id, 'indicator--' || md5('bench' || g)::uuid, '2026-01-01T00:00:00.000Z', '2026-01-01', 'indicator', '2.1', now() - (g % 365) * interval '1 day', 'green'
     from generate_series(1, $1::int) g join bc c on c.n = 1 + g % (select count(*)::int from bc);`,
    [s.stixObjects],
  );
  // Correlation: observables, sightings from reports (AMBER+STRICT to the hub) and objects, warnings.
  await step(
    'intel',
    `insert into intel_observables (kind, value)
     select 'ipv4', '10.' || (g % 250) || '.' || (g / 250 % 250) || '.' || (g % 199) from generate_series(1, $1::int) g
     on conflict do nothing`,
    [s.observables],
  );
  await step(
    'intel',
    `insert into intel_sightings (observable_id, source_id, reporter_org_id, reporter_sectors, seen_at, tlp, owner_org_id, recipient_org_ids)
     select ob.id, 'incident-report--' || gen_random_uuid(), o.id, o.sectors, now() - (g % 90) * interval '1 day', 'amber+strict', o.id, array[$3::uuid]
     from generate_series(1, $2::int) g
     join (select row_number() over (order by id)::int as n, id from intel_observables) ob on ob.n = 1 + (g * 13) % $1::int
     join bop o on o.n = 1 + g % (select count(*)::int from bop)
     on conflict do nothing`,
    [s.observables, s.sightings, hub],
  );
  await step(
    'intel',
    `insert into intel_early_warnings (id, observable_id, kind, value, organisations, sectors, sector_codes, window_hours, window_start, fired_at, tlp, recipient_org_ids)
     select gen_random_uuid(), ob.id, ob.kind, ob.value, 3 + g % 5, 2, array[($2::text[])[1 + g % 15], ($2::text[])[1 + (g + 3) % 15]], 48,
       date_trunc('hour', now()) - g * interval '3 hours', now() - g * interval '3 hours', 'amber+strict', array[$3::uuid]
     from generate_series(1, $1::int) g join (select row_number() over (order by id)::int as n, id, kind, value from intel_observables) ob on ob.n = g`,
    [s.warnings, sectors, hub],
  );

  // Alerts from the hub to one sector each; every operator of the sector must acknowledge; 60 % did.
  await step(
    'alerts',
    `create temp table ba as select g, gen_random_uuid() as id, ($2::text[])[1 + g % 15] as sector, now() - g * interval '6 hours' as at from generate_series(1, $1::int) g`,
    [s.alerts, sectors],
  );
  await step(
    'alerts',
    `insert into alerts (id, status, msg_type, scope, category, severity, urgency, certainty, infos, addressed_sectors, issuer_org_id, sent_at, tlp, owner_org_id, recipient_org_ids, recipient_sectors)
     select ba.id, 'Actual', 'Alert', 'Restricted', '{Security}', 'Severe', 'Immediate', 'Likely',
       '{"ja":{"event":"ベンチ","headline":"ベンチ警報","description":"ベンチ"}}', array[ba.sector], $1::uuid, ba.at, 'amber', $1::uuid, array[$1::uuid], array[ba.sector]
     from ba`,
    [hub],
  );
  await step(
    'alerts',
    `insert into alert_recipients (alert_id, org_id, org_sectors, acknowledged_at)
     select ba.id, o.id, o.sectors, case when (ba.g + o.n) % 5 < 3 then ba.at + interval '2 hours' end from ba join bop o on o.sectors[1] = ba.sector`,
  );

  // Supply chain: operators depend on vendors; vendors rated ★1–★4; alerts fanned out to customers.
  await step(
    'supplyChain',
    `insert into supply_links (id, customer_org_id, supplier_org_id, provides, holds_key_data, network_access, outage_unacceptable, criticality, required_level, required_rule, rules_version, status, source, owner_org_id, recipient_org_ids)
     select gen_random_uuid(), o.id, v.id, 'bench service', g % 2 = 0, g % 3 = 0, g % 5 = 0, 'medium', 3 + (g % 3 = 0)::int, 'bench', $4, 'confirmed', 'demo', o.id, array[v.id]
     from generate_series(1, $1::int) g join bop o on o.n = 1 + g % $2::int join bv v on v.n = 1 + (g * 31) % $3::int
     on conflict do nothing`,
    [s.links, ops, vendors, requiredVersion],
  );
  await step(
    'supplyChain',
    `insert into supply_ratings (id, org_id, level, basis, status, catalogue_version, created_at, granted_at, expires_at)
     select gen_random_uuid(), v.id, 1 + v.n % 4, 'self', 'active', 'bench', now(), now(), now() + interval '1 year' from bv v where v.n % 7 <> 0`,
  );
  await step(
    'supplyChain',
    `insert into supply_alerts (id, recipient_org_id, source_org_id, source_kind, source_ref, source_sectors, source_org_kind, named, depth)
     select gen_random_uuid(), o.id, v.id, case when g % 3 = 0 then 'incident' else 'advisory' end, 'bench-' || g, '{}', 'vendor', false, 1
     from generate_series(1, $1::int) g join bop o on o.n = 1 + g % $2::int join bv v on v.n = 1 + (g * 17) % $3::int
     on conflict do nothing`,
    [s.supplyAlerts, ops, vendors],
  );
  // A steady-state database: autovacuum would have set the visibility map by now (index-only scans).
  await step('vacuum', 'vacuum analyze');
  return timings;
}

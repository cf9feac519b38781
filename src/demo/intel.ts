import type { Platform } from '../platform/platform.js';
import { storeService } from '../capabilities/intel/store/service.js';

/**
 * A small shared picture for the demo: the hub publishes a ransomware campaign to the national
 * collection (TLP:GREEN), and the financial ISAC shares a sighting of the same C2 address in its own
 * community, so search, object pages and where-seen have something to show on first start.
 * Runs through the store's own ingest (validation, markings, correlation), never around it.
 */
export async function seedDemoIntel(platform: Platform): Promise<void> {
  const store = storeService(platform);
  const hub = await demoActor(platform, 'hub@renkei.example');
  const isac = await demoActor(platform, 'isac@renkei.example');
  if (!hub || !isac) return;
  const green = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'; // TLP 2.0 GREEN
  const t = '2026-11-20T01:00:00.000Z';
  const ids = {
    hubIdentity: 'identity--6f1d2a10-4c1e-4d0a-9c52-0a5b8e3d7f01',
    malware: 'malware--0b8f3c2e-1d4a-4e6f-8a90-3c2d1e0f9a11',
    c2: 'ipv4-addr--5e9a7c1d-2b3f-5a40-9e8d-7c6b5a4f3e21',
    domain: 'domain-name--8d7c6b5a-4f3e-5d2c-9b1a-0f9e8d7c6b31',
    indicator: 'indicator--2c4e6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e41',
    rel: 'relationship--9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c51',
    report: 'report--4d3c2b1a-0f9e-4d8c-9b7a-6f5e4d3c2b61',
    isacIndicator: 'indicator--7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281',
  };
  const common = { spec_version: '2.1', created: t, modified: t, object_marking_refs: [green] };
  const national = (await store.collections(hub)).find((c) => c.row.key === 'national');
  const community = (await store.collections(isac)).find((c) => c.row.kind === 'isac' && c.canWrite);
  if (national) {
    report(platform, await store.ingest(hub, national.row.id, [
      { type: 'identity', id: ids.hubIdentity, ...common, name: '国家サイバー統括室 (demo)', identity_class: 'organization' },
      { type: 'malware', id: ids.malware, ...common, created_by_ref: ids.hubIdentity, name: 'KuroKumo ransomware (demo)', is_family: true, malware_types: ['ransomware'] },
      { type: 'ipv4-addr', id: ids.c2, spec_version: '2.1', value: '203.0.113.45', object_marking_refs: [green] },
      { type: 'domain-name', id: ids.domain, spec_version: '2.1', value: 'update-check.example.net', object_marking_refs: [green] },
      {
        type: 'indicator', id: ids.indicator, ...common, created_by_ref: ids.hubIdentity, name: 'KuroKumo C2 (demo)',
        pattern: "[ipv4-addr:value = '203.0.113.45'] OR [domain-name:value = 'update-check.example.net']", pattern_type: 'stix', valid_from: t,
        indicator_types: ['malicious-activity'],
      },
      { type: 'relationship', id: ids.rel, ...common, created_by_ref: ids.hubIdentity, relationship_type: 'indicates', source_ref: ids.indicator, target_ref: ids.malware },
      {
        type: 'report', id: ids.report, ...common, created_by_ref: ids.hubIdentity, name: '医療・製造業を狙うランサムウェア攻撃の注意喚起 (demo)',
        published: t, report_types: ['threat-report'], object_refs: [ids.malware, ids.indicator, ids.rel, ids.c2, ids.domain],
      },
    ], { clearance: 'none', nameReporter: true }));
  }
  if (community) {
    report(platform, await store.ingest(isac, community.row.id, [
      {
        type: 'indicator', id: ids.isacIndicator, spec_version: '2.1', created: '2026-11-22T09:30:00.000Z', modified: '2026-11-22T09:30:00.000Z',
        object_marking_refs: [green], name: 'VPN brute force source seen by members (demo)',
        pattern: "[ipv4-addr:value = '203.0.113.45']", pattern_type: 'stix', valid_from: '2026-11-22T09:30:00.000Z', indicator_types: ['malicious-activity'],
      },
    ], { clearance: 'none', nameReporter: false }));
  }
}

/** A demo object the store refused is a bug in this file: say so loudly, but still start. */
function report(platform: Platform, outcome: { rejected: unknown[] }): void {
  if (outcome.rejected.length) platform.log.error({ rejected: outcome.rejected }, 'demo intel objects were refused');
}

/** A demo login as the actor its session would be (the services' own authorization applies). */
export async function demoActor(platform: Platform, email: string) {
  const row = await platform.db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id as userId', 'm.org_id as orgId'])
    .where('u.email', '=', email)
    .executeTakeFirst();
  if (!row) return null;
  return (await platform.actors.resolve(row.userId, row.orgId, 'session'))?.actor ?? null;
}

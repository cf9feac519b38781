import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { bundleOf, indicatorOf } from '../intel/store/store.fixtures.js';

const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));
const dolphin = (version: string) => `cpe:2.3:a:apache:dolphinscheduler:${version}:*:*:*:*:*:*:*`;

const report = (type: 'ransomware' | 'ddos', title: string) => ({
  type,
  title,
  summary: '外部からの侵入を検知した。',
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  startedAt: new Date(Date.now() - 7_200_000).toISOString(),
  affectedServices: ['社内システム'],
  intrusionRoute: 'vpn',
  ...(type === 'ransomware' ? { ransomware: { noteText: 'PAY', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false } } : { ddos: { peakGbps: 12, targets: ['www'] } }),
  indicators: [{ kind: 'ipv4', value: '203.0.113.77' }],
  businessImpact: 'degraded',
  contact: { name: '担当者', email: 'soc@example.jp', phone: '03-0000-0000' },
});

const alert = (over: Record<string, unknown> = {}) => ({
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Likely',
  info: { ja: { event: 'ランサムウェア', headline: '金融機関を狙う攻撃', description: 'VPN 機器の脆弱性を悪用した侵入が続いています。' } },
  sectors: ['finance'],
  ...over,
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('home dashboard over HTTP: every figure matches the list it summarises', () => {
  let w: TestWorld;
  const s: Record<string, Session> = {};
  const get = async (who: string, url: string) => {
    const res = await w.as(s[who]!, { method: 'GET', url });
    expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(200);
    return res.json() as Json;
  };
  const tile = async (who: string, name: string) => (await get(who, `/api/dashboard/tiles/${name}`)).data as Json;
  /** Every item of a keyset-paginated list, followed to the end with small pages (so paging is exercised). */
  const all = async (who: string, url: string, next: 'nextCursor' | 'next' = 'nextCursor'): Promise<Json[]> => {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await get(who, `${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page[next];
    } while (cursor);
    return items;
  };
  const countBy = <T>(items: T[], key: (t: T) => string | string[]) => {
    const out: Record<string, number> = {};
    for (const i of items) for (const k of [key(i)].flat()) out[k] = (out[k] ?? 0) + 1;
    return out;
  };

  beforeAll(async () => {
    w = await startTestWorld();
    for (const [k, email] of Object.entries({ hub: 'hub@renkei.example', fsa: 'fsa@renkei.example', meti: 'meti@renkei.example', bank: 'bank@renkei.example', power: 'power@renkei.example', msp: 'msp@renkei.example', isac: 'isac@renkei.example', shinkin: 'shinkin@renkei.example', sme: 'sme@renkei.example' })) {
      s[k] = await w.login(email);
    }
    const post = async (who: string, url: string, payload: unknown) => {
      const res = await w.as(s[who]!, { method: 'POST', url, payload });
      expect(res.statusCode, `${who} POST ${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as Json;
    };
    // Incidents from two sectors and a vendor without one.
    await post('bank', '/api/incidents', { report: report('ransomware', '勘定系への侵入') });
    await post('bank', '/api/incidents', { report: report('ddos', 'ネットバンキングへの DDoS') });
    await post('power', '/api/incidents', { report: report('ransomware', '制御系の暗号化') });
    await post('msp', '/api/incidents', { report: report('ddos', '運用基盤への DDoS') });
    // The stages still owed to every recipient of the bank's first report are past due.
    await sql`update incident_delivery_stages set due_at = now() - interval '2 hours'
      where satisfied_at is null and delivery_id in (select d.id from incident_deliveries d join incident_reports r on r.id = d.report_id where r.title = '勘定系への侵入')`.execute(w.platform.db);
    // Exposures: the bank's job scheduler (run by the MSP), one of them known exploited.
    await post('bank', '/api/assets', { name: 'ジョブ管理', category: 'server', cpe: dolphin('3.2.1'), placement: 'internet_facing', operatorOrg: await w.orgId('tsubasa-systems') });
    await post('shinkin', '/api/assets', { name: 'ジョブ管理', category: 'server', cpe: dolphin('3.2.0'), placement: 'internal' });
    await post('hub', '/api/advisories', read('cve/records/CVE-2024-30188.json'));
    await sql`update exposures set known_exploited = true where asset_id in (select id from assets where org_id = ${await w.orgId('sakura-bank')}::uuid)`.execute(w.platform.db);
    // Alerts: the hub to finance, the FSA to the bank; the bank acknowledges the hub's.
    const hubAlert = await post('hub', '/api/alerts', alert());
    await post('fsa', '/api/alerts', alert({ sectors: [], organizations: [await w.orgId('sakura-bank')], scope: 'Private' }));
    await post('bank', `/api/alerts/${hubAlert.id}/acknowledge`, {});
    // An exercise's alert to the bank: it must never be counted.
    const exerciseAlert = crypto.randomUUID();
    await sql`insert into alerts (id, status, msg_type, references_ids, scope, category, severity, urgency, certainty, response_type, infos, addressed_sectors, addressed_org_ids, issuer_org_id, issued_by, sent_at, expires_at, exercise_id, tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids)
      select ${exerciseAlert}::uuid, 'Exercise', msg_type, references_ids, scope, category, severity, urgency, certainty, response_type, infos, addressed_sectors, addressed_org_ids, issuer_org_id, issued_by, sent_at, expires_at, ${crypto.randomUUID()}::uuid, tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids
      from alerts where id = ${hubAlert.id}::uuid`.execute(w.platform.db);
    await sql`insert into alert_recipients (alert_id, org_id, org_sectors) select ${exerciseAlert}::uuid, org_id, org_sectors from alert_recipients where alert_id = ${hubAlert.id}::uuid`.execute(w.platform.db);
    // The finance ISAC's community: two members share the same indicator.
    const col = await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'isac:fin-isac').executeTakeFirstOrThrow();
    await post('isac', `/api/intel/bundles?collection=${col.id}`, bundleOf([indicatorOf('198.51.100.23'), indicatorOf('198.51.100.24')]));
    await post('bank', `/api/intel/bundles?collection=${col.id}`, bundleOf([indicatorOf('198.51.100.23')]));
  }, 120_000);
  afterAll(() => w?.close());

  it('401 without a session; a tile outside the caller’s home is 404; a bad tile name is 400 with its path', async () => {
    expect((await w.as(null, { method: 'GET', url: '/api/dashboard' })).statusCode).toBe(401);
    expect((await w.as(null, { method: 'GET', url: '/api/dashboard/tiles/incidents' })).statusCode).toBe(401);
    expect((await w.as(s.bank!, { method: 'GET', url: '/api/dashboard/tiles/supplyChain' })).statusCode).toBe(404);
    expect((await w.as(s.isac!, { method: 'GET', url: '/api/dashboard/overdue' })).statusCode).toBe(404);
    expect((await w.as(s.bank!, { method: 'GET', url: '/api/dashboard/correlations' })).statusCode).toBe(404);
    const bad = await w.as(s.bank!, { method: 'GET', url: '/api/dashboard/tiles/everything' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('params.tile');
  });

  it('each audience gets its own home from the same tiles', async () => {
    expect(await get('hub', '/api/dashboard')).toEqual({ audience: 'national', tiles: ['incidents', 'overdue', 'exposure', 'warnings', 'alerts', 'supplyChain'] });
    expect(await get('fsa', '/api/dashboard')).toEqual({ audience: 'ministry', tiles: ['incidents', 'overdue', 'exposure', 'warnings', 'alerts'] });
    expect(await get('bank', '/api/dashboard')).toEqual({ audience: 'company', tiles: ['notifications', 'incidents', 'overdue', 'suppliers', 'alerts'] });
    expect(await get('isac', '/api/dashboard')).toEqual({ audience: 'isac', tiles: ['community', 'alerts'] });
  });

  it('incident figures equal GET /api/incidents for the hub, a ministry and companies', async () => {
    for (const [who, box] of [['hub', ''], ['fsa', ''], ['meti', ''], ['bank', '?box=sent'], ['msp', '?box=sent']] as const) {
      const items = await all(who, `/api/incidents${box}`);
      const t = await tile(who, 'incidents');
      expect(t.total, who).toBe(items.length);
      expect(t.byType, who).toEqual(countBy(items, (i) => i.type));
      expect(t.byStage, who).toEqual(countBy(items, (i) => i.stage));
      const bySector: Record<string, Record<string, number>> = {};
      for (const i of items) for (const sec of i.reporter.sectors.length ? i.reporter.sectors : ['none']) (bySector[sec] ??= {})[i.type] = (bySector[sec][i.type] ?? 0) + 1;
      expect(t.bySector, who).toEqual(bySector);
      expect(t.series.weeks.reduce((a: number, r: Json) => a + r.n, 0), who).toBe(items.length);
    }
    // Not vacuous: the hub saw every report, the FSA only the bank's, METI only the utility's.
    expect((await tile('hub', 'incidents')).total).toBe(4);
    expect((await tile('fsa', 'incidents')).bySector).toEqual({ finance: { ransomware: 1, ddos: 1 } });
    expect((await tile('meti', 'incidents')).bySector).toEqual({ electricity: { ransomware: 1 } });
  });

  it('the government counts stay exact when a report moves on a stage and a reporter changes sector', async () => {
    const [mine] = (await all('bank', '/api/incidents?box=sent')).filter((i) => i.title === 'ネットバンキングへの DDoS');
    const res = await w.as(s.bank!, { method: 'POST', url: `/api/incidents/${mine!.id}/stages`, payload: { stage: 'final', report: { ...report('ddos', 'ネットバンキングへの DDoS（最終）'), type: 'unauthorized_access' } } });
    expect(res.statusCode, res.body).toBe(201);
    await sql`update organizations set sectors = '{gas}' where slug = 'tokai-power'`.execute(w.platform.db);
    try {
      for (const who of ['hub', 'fsa', 'meti']) {
        const items = await all(who, '/api/incidents');
        const t = await tile(who, 'incidents');
        expect(t.byStage, who).toEqual(countBy(items, (i) => i.stage));
        expect(t.byType, who).toEqual(countBy(items, (i) => i.type));
        expect(Object.fromEntries(Object.entries(t.bySector).map(([k, v]) => [k, Object.values(v as Record<string, number>).reduce((a, b) => a + b, 0)])), who).toEqual(
          countBy(items, (i) => (i.reporter.sectors.length ? i.reporter.sectors : ['none'])),
        );
      }
      expect((await tile('hub', 'incidents')).bySector.gas).toEqual({ ransomware: 1 });
      expect((await tile('fsa', 'incidents')).byType).toEqual({ ransomware: 1, unauthorized_access: 1 });
    } finally {
      await sql`update organizations set sectors = '{electricity}' where slug = 'tokai-power'`.execute(w.platform.db);
    }
    expect((await tile('hub', 'incidents')).bySector.electricity).toEqual({ ransomware: 1 });
  });

  it('overdue stages equal the stages each caller’s report view marks overdue', async () => {
    for (const who of ['hub', 'fsa', 'bank', 'power']) {
      const reports = await all(who, '/api/incidents');
      let overdue = 0;
      for (const r of reports) {
        const view = await get(who, `/api/incidents/${r.id}`);
        overdue += view.deliveries.flatMap((d: Json) => d.stages).filter((st: Json) => st.overdue).length;
      }
      const list = await get(who, '/api/dashboard/overdue');
      expect((await tile(who, 'overdue')).total, who).toBe(overdue);
      expect(list.total, who).toBe(overdue);
      expect(list.items, who).toHaveLength(overdue);
    }
    expect((await tile('hub', 'overdue')).total).toBeGreaterThan(0);
    expect((await tile('bank', 'overdue')).total).toBeGreaterThanOrEqual(2);
    expect((await tile('power', 'overdue')).total).toBe(0);
  });

  it('exposure figures equal GET /api/exposure for the nation, a ministry’s sectors and notifications for a company', async () => {
    for (const [who, scope] of [['hub', 'national'], ['fsa', 'sector'], ['meti', 'sector']] as const) {
      const summary = await get(who, `/api/exposure?scope=${scope}`);
      const t = await tile(who, 'exposure');
      expect(t.open, who).toBe(summary.open);
      expect(t.knownExploited, who).toBe(summary.by.knownExploited?.true ?? 0);
      expect(t.overdue, who).toBe(summary.by.overdue?.true ?? 0);
    }
    // Due a minute ago (inside today's bucket of the counts) and a week ago: both overdue, as the list says.
    await sql`update exposures set due_at = now() - interval '1 minute' where asset_id in (select id from assets where org_id = ${await w.orgId('sakura-bank')}::uuid)`.execute(w.platform.db);
    await sql`update exposures set due_at = now() - interval '7 days' where asset_id in (select id from assets where org_id = ${await w.orgId('hikari-shinkin')}::uuid)`.execute(w.platform.db);
    for (const [who, scope] of [['hub', 'national'], ['fsa', 'sector']] as const) {
      const summary = await get(who, `/api/exposure?scope=${scope}`);
      expect((await tile(who, 'exposure')).overdue, who).toBe(summary.by.overdue?.true ?? 0);
    }
    expect((await tile('hub', 'exposure')).overdue).toBe(2);
    const national = await tile('hub', 'exposure');
    expect(national).toMatchObject({ open: 2, knownExploited: 1, bySector: { finance: { open: 2, knownExploited: 1 } } });
    expect((await tile('meti', 'exposure')).open).toBe(0);
    for (const who of ['bank', 'msp', 'shinkin', 'power']) {
      const items = await all(who, '/api/notifications?status=open');
      const t = await tile(who, 'notifications');
      expect(t.open, who).toBe(items.length);
      expect(t.overdue, who).toBe(items.filter((i) => i.overdue).length);
      expect(t.knownExploited, who).toBe(items.filter((i) => i.knownExploited).length);
      expect(t.next.map((n: Json) => n.id), who).toEqual(items.slice(0, 5).map((i) => i.id));
    }
    expect((await tile('msp', 'notifications')).open).toBe(1);
    // The counts kept by the writer and the update trigger equal a recount from the exposures (migration 0067).
    const counts = async () => (await sql<{ k: string; n: number }>`select owner_sectors::text || known_exploited || due_day as k, n from dashboard_exposure_counts where n <> 0 order by 1`.execute(w.platform.db)).rows;
    const kept = await counts();
    await sql`select dashboard_exposure_recount()`.execute(w.platform.db);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(await counts());
  });

  it('alert figures equal GET /api/alerts; the exercise alert is counted nowhere', async () => {
    for (const who of ['hub', 'fsa', 'bank', 'shinkin', 'power', 'isac']) {
      const items = await all(who, '/api/alerts');
      const received = await all(who, '/api/alerts?box=received');
      const t = await tile(who, 'alerts');
      expect(t.total, who).toBe(items.length);
      expect(t.received, who).toBe(received.length);
      expect(t.unacknowledged, who).toBe(received.filter((a) => a.acknowledgedAt === null).length);
      const figures = items.filter((a) => a.figures).map((a) => a.figures);
      expect(t.acknowledgement.recipients, who).toBe(figures.reduce((a, f) => a + f.recipients, 0));
      expect(t.acknowledgement.acknowledged, who).toBe(figures.reduce((a, f) => a + f.acknowledged, 0));
    }
    expect(await tile('bank', 'alerts')).toMatchObject({ total: 2, received: 2, unacknowledged: 1 });
    expect((await tile('hub', 'alerts')).acknowledgement.acknowledged).toBe(1);
  });

  it('early warnings equal GET /api/intel/early-warnings', async () => {
    for (const who of ['hub', 'fsa', 'meti']) {
      const items = await all(who, '/api/intel/early-warnings', 'next');
      expect((await tile(who, 'warnings')).total, who).toBe(items.length);
    }
  });

  it('supply chain: national mismatches equal the summary list; a company’s alerts equal its list', async () => {
    const summary = (await get('hub', '/api/supply-chain/mismatches/summary')).items as Json[];
    const t = await tile('hub', 'supplyChain');
    expect(t.mismatchedLinks).toBe(summary.reduce((a, r) => a + r.links, 0));
    expect(t.hotSpots.length).toBeGreaterThan(0);
    for (const who of ['bank', 'power', 'msp']) {
      const mine = await tile(who, 'suppliers');
      expect(mine.belowRequired, who).toBe((await get(who, '/api/supply-chain/mismatches?side=customer')).items.length);
      expect(mine.alertsTotal, who).toBe((await get(who, '/api/supply-chain/alerts?limit=500')).items.length);
      const links = (await get(who, '/api/supply-chain/links?side=customer&limit=1000')).items as Json[];
      expect(mine.suppliers, who).toBe(links.filter((l) => l.status !== 'rejected').length);
    }
    // As a supplier: what its customers require of it equals its customer links and the mismatch list.
    for (const who of ['msp', 'sme', 'bank']) {
      const { asSupplier } = await tile(who, 'suppliers');
      const mine = ((await get(who, '/api/supply-chain/links?side=supplier&limit=1000')).items as Json[]).filter((l) => l.status !== 'rejected');
      expect(asSupplier.customers, who).toBe(mine.length);
      expect(asSupplier.highestRequired, who).toBe(Math.max(0, ...mine.map((l) => l.requiredLevel)));
      const below = (await get(who, '/api/supply-chain/mismatches?side=supplier')).items as Json[];
      expect(asSupplier.aboveOwn, who).toBe(below.length);
      if (below.length > 0) expect(asSupplier.ownLevel, who).toBe(below[0]!.actualLevel);
    }
    // The demo's small printer is asked for more than it has.
    expect((await tile('sme', 'suppliers')).asSupplier).toMatchObject({ customers: 1, aboveOwn: 1 });
  });

  it('the ISAC sees its community’s objects as GET /api/intel/objects lists them, and the shared indicator as a correlation', async () => {
    const t = await tile('isac', 'community');
    for (const c of t.collections as Json[]) {
      const items = await all('isac', `/api/intel/objects?collection=${c.id}`, 'next');
      expect(c.objects, c.title).toBe(items.length);
      expect(c.byType, c.title).toEqual(countBy(items, (i) => i.type));
    }
    expect(t.collections.find((c: Json) => c.title.includes('金融'))?.objects).toBe(3);
    const list = await get('isac', '/api/dashboard/correlations');
    expect(list.total).toBe(t.correlations.total);
    expect(list.items.map((i: Json) => i.value)).toContain('198.51.100.23');
    expect(list.items.find((i: Json) => i.value === '198.51.100.23').organisations).toBe(2);
    expect(list.items.map((i: Json) => i.value)).not.toContain('198.51.100.24');
  });

  it('an object whose newest version is hidden from the reader is counted by the version it may see, as the list shows it', async () => {
    const col = await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'isac:fin-isac').executeTakeFirstOrThrow();
    const id = `indicator--${crypto.randomUUID()}`;
    const share = async (modified: string, tlp?: 'red') => {
      const res = await w.as(s.bank!, { method: 'POST', url: `/api/intel/bundles?collection=${col.id}`, payload: bundleOf([indicatorOf('198.51.100.77', { id, modified, tlp })]) });
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    // The bank shares an indicator with its ISAC, then raises its next version to TLP:RED (its own eyes only).
    await share('2026-01-02T00:00:00.000Z');
    await share('2026-01-03T00:00:00.000Z', 'red');
    const items = await all('isac', `/api/intel/objects?collection=${col.id}`, 'next');
    expect(items.map((i) => i.id)).toContain(id);
    const t = await tile('isac', 'community');
    const c = (t.collections as Json[]).find((x) => x.id === col.id)!;
    expect(c.objects).toBe(items.length);
    expect(c.byType).toEqual(countBy(items, (i) => i.type));
  });
});

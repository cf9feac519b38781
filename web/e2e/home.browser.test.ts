import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/platform/testing/harness.js';
import { bundleOf, indicatorOf } from '../../src/capabilities/intel/store/store.fixtures.js';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

const LIVE_TIMEOUT = 15_000;

const report = (type: 'ransomware' | 'ddos', title: string) => ({
  type,
  title,
  summary: '外部からの侵入を検知した。',
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  startedAt: new Date(Date.now() - 7_200_000).toISOString(),
  affectedServices: ['社内システム'],
  intrusionRoute: 'vpn',
  ...(type === 'ransomware' ? { ransomware: { noteText: 'PAY', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false } } : { ddos: { peakGbps: 12, targets: ['www'] } }),
  indicators: [{ kind: 'ipv4', value: '203.0.113.91' }],
  businessImpact: 'degraded',
  contact: { name: '担当者', email: 'soc@example.jp', phone: '03-0000-0000' },
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the home dashboard in Chromium, per audience', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];
  const sessions = new Map<string, Session>();

  const session = async (email: string) => sessions.get(email) ?? (sessions.set(email, await bw.world.login(email)), sessions.get(email)!);
  const api = async (email: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Json> => {
    const res = await bw.world.as(await session(email), { method, url, payload });
    expect(res.statusCode, `${email} ${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  /** Every item of a list endpoint, following its cursor. */
  const listAll = async (email: string, url: string, next: 'nextCursor' | 'next' = 'nextCursor'): Promise<Json[]> => {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await api(email, 'GET', `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page[next];
    } while (cursor);
    return items;
  };

  suiteBrowserWorld((started) => (bw = started));
  beforeAll(async () => {
    await api('bank@renkei.example', 'POST', '/api/incidents', { report: report('ransomware', '勘定系への侵入（E2E）') });
    await api('power@renkei.example', 'POST', '/api/incidents', { report: report('ddos', '料金サイトへの DDoS（E2E）') });
    const alert = await api('hub@renkei.example', 'POST', '/api/alerts', {
      severity: 'Severe', urgency: 'Immediate', certainty: 'Likely', sectors: ['finance'],
      info: { ja: { event: 'ランサムウェア', headline: '金融機関を狙う攻撃（E2E）', description: 'VPN 機器の脆弱性を悪用した侵入が続いています。' } },
    });
    await api('shinkin@renkei.example', 'POST', `/api/alerts/${alert.id}/acknowledge`, {});
    const col = await bw.world.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'isac:fin-isac').executeTakeFirstOrThrow();
    await api('isac@renkei.example', 'POST', `/api/intel/bundles?collection=${col.id}`, bundleOf([indicatorOf('198.51.100.61'), indicatorOf('198.51.100.62')]));
    await api('bank@renkei.example', 'POST', `/api/intel/bundles?collection=${col.id}`, bundleOf([indicatorOf('198.51.100.61')]));
  }, 180_000);
  /** A signed-in home page, in its own browser context, at 1280×720 unless told otherwise. */
  const signedIn = async (email: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page }> => ({ page: await signIn(bw, email, '/', errors, { viewport }) });

  /** True when the page fits its viewport's width (evaluated in the page, where the DOM exists). */
  const noSidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>;
  /** The number a figure link shows. */
  const figure = async (page: Page, id: string) => Number(await page.locator(`[data-figure="${id}"] .home-figure-value`).innerText());
  /** Waits until every tile shows figures fetched after the stream opened (not stale). */
  const settled = async (page: Page, tiles: string[]) => {
    for (const tile of tiles) await page.locator(`[data-tile="${tile}"][data-stale="false"] [data-testid="${tile}-updated"]`).waitFor({ timeout: LIVE_TIMEOUT });
  };

  it('the national hub sees every tile, each figure equal to the list it opens, at 1280×720 and on a tablet', async () => {
    const email = 'hub@renkei.example';
    const { page } = await signedIn(email);
    const home = await api(email, 'GET', '/api/dashboard');
    expect(home.tiles).toEqual(['incidents', 'overdue', 'exposure', 'warnings', 'alerts', 'supplyChain']);
    await settled(page, home.tiles);
    const incidents = await listAll(email, '/api/incidents');
    expect(await figure(page, 'incidents.total')).toBe(incidents.length);
    expect(incidents.length).toBe(2);
    expect(await figure(page, 'incidents.stage.initial')).toBe(incidents.filter((i) => i.stage === 'initial').length);
    const alerts = await listAll(email, '/api/alerts');
    expect(await figure(page, 'alerts.total')).toBe(alerts.length);
    const exposure = await api(email, 'GET', '/api/exposure?scope=national');
    expect(await figure(page, 'exposure.open')).toBe(exposure.open);
    expect(await figure(page, 'warnings.total')).toBe((await listAll(email, '/api/intel/early-warnings', 'next')).length);
    const mismatches = (await api(email, 'GET', '/api/supply-chain/mismatches/summary')).items as Json[];
    expect(await figure(page, 'supplyChain.mismatchedLinks')).toBe(mismatches.reduce((a, r) => a + r.links, 0));
    // The acknowledgement rate the alerts list reports for the hub.
    const figures = alerts.map((a) => a.figures).filter(Boolean);
    const rate = Math.round((figures.reduce((a, f) => a + f.acknowledged, 0) / figures.reduce((a, f) => a + f.recipients, 0)) * 100);
    expect(await page.locator('[data-figure="alerts.rate"] .home-figure-value').innerText()).toBe(`${rate}%`);
    // Charts are drawn (SVG) and the time of the figures is shown.
    await page.locator('[data-tile="incidents"] .home-chart svg').first().waitFor();
    await expect(page.getByTestId('incidents-updated').innerText()).resolves.toMatch(/^更新 \d{1,2}:\d{2}:\d{2}$/);
    // Nothing scrolls sideways at 1280×720.
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'home-national-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.locator('[data-tile="incidents"] .home-chart svg').first().waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'home-national-tablet.png'), fullPage: true });
  }, 90_000);

  it('a figure is a keyboard-reachable link to its list; a click on a bar opens the list behind it', async () => {
    const { page } = await signedIn('hub@renkei.example');
    await settled(page, ['incidents']);
    const link = page.locator('[data-figure="incidents.total"]');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/incidents\?box=inbox$/);
    await page.goBack();
    await page.locator('[data-tile="incidents"] .home-chart svg').first().waitFor();
    await page.locator('[data-tile="incidents"] .home-chart').first().locator('path[fill="#14325c"]:not([d*="l0 0l"])').first().click();
    await page.waitForURL(/\/incidents\?box=inbox$/);
  }, 60_000);

  it('the FSA sees its sectors only; the bank its own reports, notifications and alerts; a supplier what its customers require; the ISAC its community', async () => {
    const cases: { email: string; audience: string; shot: string; check: (page: Page) => Promise<void> }[] = [
      {
        email: 'fsa@renkei.example',
        audience: 'ministry',
        shot: 'home-ministry.png',
        check: async (page) => {
          const items = await listAll('fsa@renkei.example', '/api/incidents');
          expect(await figure(page, 'incidents.total')).toBe(items.length);
          expect(items.every((i) => i.reporter.sectors.includes('finance'))).toBe(true);
          expect(items.length).toBe(1);
          expect(await figure(page, 'exposure.open')).toBe((await api('fsa@renkei.example', 'GET', '/api/exposure?scope=sector')).open);
          expect(await figure(page, 'alerts.total')).toBe((await listAll('fsa@renkei.example', '/api/alerts')).length);
          // The total opens every alert the FSA sees, not its "issued" box (where the hub's alert is not).
          expect(await page.locator('[data-figure="alerts.total"]').getAttribute('href')).toBe('/alerts?box=all');
        },
      },
      {
        email: 'bank@renkei.example',
        audience: 'company',
        shot: 'home-operator.png',
        check: async (page) => {
          expect(await figure(page, 'incidents.total')).toBe((await listAll('bank@renkei.example', '/api/incidents?box=sent')).length);
          expect(await figure(page, 'notifications.open')).toBe((await listAll('bank@renkei.example', '/api/notifications?status=open')).length);
          const received = await listAll('bank@renkei.example', '/api/alerts?box=received');
          expect(await figure(page, 'alerts.received')).toBe(received.length);
          expect(await figure(page, 'alerts.unacknowledged')).toBe(received.filter((a) => a.acknowledgedAt === null).length);
          expect(received.length).toBe(1);
          expect(await figure(page, 'suppliers.belowRequired')).toBe((await api('bank@renkei.example', 'GET', '/api/supply-chain/mismatches?side=customer')).items.length);
        },
      },
      {
        // A small supplier with no security staff: what its customer asks of it, and where to act.
        email: 'sme@renkei.example',
        audience: 'company',
        shot: 'home-supplier.png',
        check: async (page) => {
          const asks = ((await api('sme@renkei.example', 'GET', '/api/supply-chain/links?side=supplier&limit=200')).items as Json[]).filter((l) => l.status !== 'rejected');
          expect(await figure(page, 'suppliers.asSupplier.customers')).toBe(asks.length);
          expect(await figure(page, 'suppliers.asSupplier.aboveOwn')).toBe((await api('sme@renkei.example', 'GET', '/api/supply-chain/mismatches?side=supplier')).items.length);
          await page.getByText(`最も高い要求 ★${Math.max(...asks.map((l) => l.requiredLevel))}`).waitFor();
          expect(await page.getByRole('link', { name: '自己評価で水準を上げる' }).getAttribute('href')).toBe('/supply-chain/assessment');
          // It has filed nothing: a sentence and the way to file, not empty axes.
          const incidents = page.getByRole('region', { name: 'インシデント報告' });
          await incidents.getByText(/^直近 \d+ 週に自組織が出した報告はありません。/).waitFor();
          expect(await incidents.getByRole('link', { name: '新規報告' }).getAttribute('href')).toBe('/incidents/new');
          expect(await incidents.locator('canvas').count()).toBe(0);
          // The suppliers tile says what its by-level counts are.
          await page.getByRole('list', { name: '評価水準別の委託先数' }).waitFor();
        },
      },
      {
        email: 'isac@renkei.example',
        audience: 'isac',
        shot: 'home-isac.png',
        check: async (page) => {
          const tile = (await api('isac@renkei.example', 'GET', '/api/dashboard/tiles/community')).data;
          for (const c of tile.collections as Json[]) {
            expect(await figure(page, `community.collection.${c.id}`)).toBe((await listAll('isac@renkei.example', `/api/intel/objects?collection=${c.id}`, 'next')).length);
          }
          expect(await figure(page, 'community.correlations')).toBe((await api('isac@renkei.example', 'GET', '/api/dashboard/correlations')).total);
          await page.getByText('198.51.100.61').waitFor();
        },
      },
    ];
    for (const c of cases) {
      const { page } = await signedIn(c.email);
      const home = await api(c.email, 'GET', '/api/dashboard');
      expect(home.audience).toBe(c.audience);
      await page.locator(`[data-audience="${c.audience}"]`).waitFor();
      await settled(page, home.tiles);
      expect(await page.locator('[data-tile]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tile')))).toEqual(home.tiles);
      await c.check(page);
      expect(await noSidewaysScroll(page)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, c.shot), fullPage: true });
    }
  }, 120_000);

  it('a report filed elsewhere updates the hub’s tiles live; while disconnected the tiles say they are stale', async () => {
    const hub = await signedIn('hub@renkei.example');
    await settled(hub.page, ['incidents']);
    const before = await figure(hub.page, 'incidents.total');
    await api('shinkin@renkei.example', 'POST', '/api/incidents', { report: report('ransomware', '窓口端末の暗号化（E2E ライブ）') });
    await hub.page.locator('[data-figure="incidents.total"] .home-figure-value', { hasText: String(before + 1) }).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await figure(hub.page, 'incidents.total')).toBe((await listAll('hub@renkei.example', '/api/incidents')).length);
    await hub.page.screenshot({ path: path.join(ARTIFACTS, 'home-national-live.png'), fullPage: true });

    // The stream drops and cannot come back: every tile is marked stale with the time of its figures.
    await hub.page.route('**/api/events', (route) => route.abort());
    bw.world.app.server.closeAllConnections();
    await hub.page.locator('[data-tile="incidents"][data-stale="true"]').waitFor({ timeout: LIVE_TIMEOUT });
    await expect(hub.page.locator('[data-tile="incidents"] .badge-stale').innerText()).resolves.toMatch(/^接続が切れています：\d{1,2}:\d{2}:\d{2} 時点の数値$/);
    await hub.page.screenshot({ path: path.join(ARTIFACTS, 'home-national-stale.png'), fullPage: true });
    // A report filed while disconnected: after reconnecting the tile is current again only with it counted.
    await api('card@renkei.example', 'POST', '/api/incidents', { report: report('ddos', '決済サイトへの DDoS（E2E 再接続）') });
    await hub.page.unroute('**/api/events');
    await hub.page.locator('[data-tile="incidents"][data-stale="false"]').waitFor({ timeout: 40_000 });
    expect(await figure(hub.page, 'incidents.total')).toBe(before + 2);
  }, 120_000);

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ipv4Of } from '../../src/capabilities/intel/store/store.fixtures.js';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

// STIX 2.1 objects for the scenario: an indicator in two versions, the malware it indicates, the
// relationship between them, one broken object, and a second indicator shared only with cleared readers.
const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-02-01T00:00:00.000Z';
const uid = (type: string) => `${type}--${crypto.randomUUID()}`;
const IP = '203.0.113.77';
const SECRET_IP = '198.51.100.201';
const indicatorId = uid('indicator');
const malware = { type: 'malware', spec_version: '2.1', id: uid('malware'), created: T0, modified: T0, name: 'E2E ランサム', is_family: true };
const indicatorV1 = {
  type: 'indicator', spec_version: '2.1', id: indicatorId, created: T0, modified: T0, name: 'E2E C2 サーバー', indicator_types: ['malicious-activity'],
  pattern: `[ipv4-addr:value = '${IP}']`, pattern_type: 'stix', valid_from: T0, x_renkei_note: { source: 'e2e' },
};
const indicatorV2 = { ...indicatorV1, modified: T1, name: 'E2E C2 サーバー（更新）', confidence: 80 };
const relationship = { type: 'relationship', spec_version: '2.1', id: uid('relationship'), created: T0, modified: T0, relationship_type: 'indicates', source_ref: indicatorId, target_ref: malware.id };
const broken = { type: 'indicator', spec_version: '2.1', id: uid('indicator'), created: T1, modified: T0, name: 'broken', pattern: `[ipv4-addr:value = '${IP}']`, pattern_type: 'stix', valid_from: T0 };
const secret = {
  type: 'indicator', spec_version: '2.1', id: uid('indicator'), created: T0, modified: T0, name: 'E2E 秘匿インジケーター', indicator_types: ['malicious-activity'],
  pattern: `[ipv4-addr:value = '${SECRET_IP}']`, pattern_type: 'stix', valid_from: T0,
};
// An SCO has no versions (stored as "unversioned"); a report refers to objects by object_refs.
const address = ipv4Of(IP);
const report = { type: 'report', spec_version: '2.1', id: uid('report'), created: T0, modified: T0, name: 'E2E レポート', published: T0, object_refs: [indicatorId, malware.id] };
const bundle = (objects: unknown[]) => ({ type: 'bundle', id: uid('bundle'), objects });

describe('threat-intelligence hub pages in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  // The machine is shared: allow slow steps rather than fail on load.
  const signedIn = (email: string, url: string): Promise<Page> => signIn(bw, email, url, errors, { timeoutMs: 60_000 });
  /** Presses Tab until `check` (an expression evaluated in the page) is true; fails after 40 presses. */
  async function tabTo(page: Page, check: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate<boolean>(check)) return;
    }
    throw new Error('focus never reached the element by Tab');
  }
  /**
   * WCAG AA text contrast (4.5:1) of every visible text element in <main>: foreground against the
   * first opaque background up the tree. Returns the offenders.
   */
  const lowContrast = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3); } return [255, 255, 255]; };
      const bad = [];
      let checked = 0;
      for (const el of document.querySelectorAll('main *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
        if (!own || el.closest('.visually-hidden') || el.getClientRects().length === 0) continue;
        const fg = rgb(getComputedStyle(el).color).slice(0, 3); const bg = bgOf(el);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        checked += 1;
        if (!(ratio >= 4.5)) bad.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
      }
      return checked < 10 ? ['only ' + checked + ' text elements checked'] : bad;
    })()`);
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `intel-${name}.png`), fullPage: true });

  it('a hub analyst uploads bundles, searches an observable, and reads the object page with versions and relationships', async () => {
    const hub = await signedIn('hub@renkei.example', '/intel');
    await hub.getByRole('heading', { level: 1, name: '脅威情報' }).waitFor();
    await hub.getByRole('navigation', { name: '脅威情報のページ' }).getByRole('link', { name: '脅威情報コレクション' }).click();
    await hub.getByRole('heading', { level: 1, name: 'コレクション' }).waitFor();

    // A file with one broken object: the others are stored, the broken one comes back with its path.
    await hub.getByLabel('登録先のコレクション').selectOption({ label: '金融（分野別）' });
    await hub.getByLabel('バンドルのファイル（JSON）').setInputFiles({ name: 'e2e.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle([indicatorV1, indicatorV2, malware, relationship, broken, address, report]))) });
    await hub.getByRole('button', { name: '登録', exact: true }).click();
    const result = hub.getByTestId('ingest-result');
    await result.getByText('6 件を受け付けました（新規 6 件）。登録できなかったオブジェクト: 1 件。').waitFor();
    const rejected = result.locator('.reject-list > li');
    await expect(rejected.count()).resolves.toBe(1);
    await expect(rejected.textContent()).resolves.toContain('5 番目のオブジェクト（objects[4]）');
    await expect(rejected.textContent()).resolves.toContain(broken.id);
    await expect(rejected.locator('code', { hasText: /^modified$/ }).count()).resolves.toBe(1);
    // The marking each object got in the sector collection (its floor is AMBER+STRICT), and each object listed.
    await expect(result.getByTestId('ingest-markings').textContent()).resolves.toContain('TLP:AMBER+STRICT 6');
    await result.getByText('受け付けたオブジェクト（6 件）').click();
    await expect(result.locator('.accepted-list > li').count()).resolves.toBe(6);
    await shot(hub, 'upload-result');

    // Pasted, for cleared readers only: one bare object, as copied from an object page, goes in a bundle of its own.
    await hub.getByLabel('バンドルのファイル（JSON）').setInputFiles([]);
    await hub.getByLabel('閲覧者に求める適性評価').selectOption({ label: '重要経済安保情報' });
    await hub.getByLabel('または JSON を貼り付け').fill(JSON.stringify(secret));
    await hub.getByRole('button', { name: '登録', exact: true }).click();
    await result.getByText('1 件を受け付けました（新規 1 件）。登録できなかったオブジェクト: 0 件。').waitFor();
    await hub.getByText('STIX オブジェクト 1 件をバンドルにまとめて送りました。').waitFor();

    // The recent objects name the relationship by its ends and type, not by its id.
    await hub.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '脅威情報', exact: true }).click();
    await hub.getByRole('region', { name: '最近のオブジェクト' }).getByRole('link', { name: 'E2E C2 サーバー（更新） → indicates → E2E ランサム', exact: true }).waitFor();

    // Search the observable; the mention opens the object page.
    await hub.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '脅威情報の検索' }).click();
    await hub.getByLabel('検索語').fill(IP);
    await hub.getByRole('button', { name: '検索', exact: true }).click();
    const mentions = hub.getByRole('region', { name: 'この観測値を含むもの' });
    await mentions.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).click();

    await hub.getByRole('heading', { level: 1, name: 'E2E C2 サーバー（更新）' }).waitFor();
    const header = hub.locator('header.report-header');
    await expect(header.locator('.badge-tlp').first().textContent()).resolves.toBe('TLP:AMBER+STRICT');
    await expect(header.textContent()).resolves.toContain(indicatorId);
    await expect(hub.getByTestId('raw-json').textContent()).resolves.toContain('"x_renkei_note"');

    // Two versions: the JSON of the first, then what changed.
    const versions = hub.getByRole('region', { name: '版の履歴（2 版）' });
    await versions.getByRole('button', { name: /表示 第 1 版/ }).click();
    await expect(versions.getByTestId('version-json').textContent()).resolves.toContain('"E2E C2 サーバー"');
    await versions.getByRole('button', { name: /表示 第 2 版/ }).click();
    await versions.getByRole('button', { name: '差分' }).click();
    const nameRow = versions.getByRole('row').filter({ has: hub.getByRole('rowheader', { name: 'name', exact: true }) });
    await expect(nameRow.textContent()).resolves.toContain('E2E C2 サーバー（更新）');
    await expect(versions.getByRole('rowheader', { name: 'confidence', exact: true }).count()).resolves.toBe(1);

    // Where-seen for its observable, and the relationship to the malware, followed both ways.
    await hub.locator('section.where-seen').filter({ hasText: IP }).waitFor();
    const rels = hub.getByRole('region', { name: '関係（1 件）' });
    await expect(rels.textContent()).resolves.toContain('indicates');
    await expect(rels.textContent()).resolves.toContain('このオブジェクトから');
    await shot(hub, 'object-page');
    await expect(lowContrast(hub)).resolves.toEqual([]);

    // Export: every visible version as a bundle, each exactly as uploaded.
    const [download] = await Promise.all([hub.waitForEvent('download'), hub.getByRole('button', { name: 'すべての版を STIX バンドルでダウンロード（2 版）' }).click()]);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { type: string; objects: unknown[] };
    expect(exported.type).toBe('bundle');
    expect(exported.objects).toEqual([indicatorV1, indicatorV2]);
    await rels.getByRole('link', { name: 'E2E ランサム', exact: true }).click();
    await hub.getByRole('heading', { level: 1, name: 'E2E ランサム' }).waitFor();
    const back = hub.getByRole('region', { name: '関係（1 件）' });
    await expect(back.textContent()).resolves.toContain('このオブジェクトへ');
    await back.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).waitFor();

    // A report lists what it refers to, by name; a relationship is titled by its two ends; an SCO has
    // one unversioned version, readable as stored.
    await hub.goto(`${bw.base}/intel/objects/${report.id}`);
    const refs = hub.getByRole('region', { name: '参照しているオブジェクト（2 件）' });
    await refs.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).waitFor();
    await refs.getByRole('link', { name: 'E2E ランサム', exact: true }).click();
    await hub.getByRole('heading', { level: 1, name: 'E2E ランサム' }).waitFor();
    await hub.goto(`${bw.base}/intel/objects/${relationship.id}`);
    await hub.getByRole('heading', { level: 1, name: 'E2E C2 サーバー（更新） → indicates → E2E ランサム' }).waitFor();
    await hub.goto(`${bw.base}/intel/objects/${address.id}`);
    const scoVersions = hub.getByRole('region', { name: '版の履歴（1 版）' });
    await scoVersions.getByRole('button', { name: '表示中 版の区別がないオブジェクト（観測値など）' }).waitFor();
    await expect(scoVersions.getByTestId('version-json').textContent()).resolves.toContain(`"value": "${IP}"`);

    // Keyboard only: the home page's links are reachable by Tab and followed with Enter.
    await hub.goto(`${bw.base}/intel`);
    await hub.getByRole('heading', { level: 2, name: '最近のオブジェクト' }).waitFor();
    await hub.getByRole('link', { name: 'E2E 秘匿インジケーター', exact: true }).waitFor();
    await tabTo(hub, `document.activeElement?.textContent === '脅威情報の検索' && document.activeElement.closest('main') !== null`);
    await hub.keyboard.press('Enter');
    await hub.getByRole('heading', { level: 1, name: '脅威情報の検索' }).waitFor();

    // Objects by name, narrowed by type.
    await tabTo(hub, `document.activeElement?.id === 'intel-search'`);
    await hub.keyboard.type('E2E');
    await hub.keyboard.press('Enter');
    const hits = hub.getByRole('region', { name: '該当するオブジェクト' });
    await hits.getByRole('link', { name: 'E2E ランサム', exact: true }).waitFor();
    await hits.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).waitFor();
    await hits.getByLabel('オブジェクトの種類で絞り込み').selectOption('malware');
    await hub.waitForURL(/type=malware/);
    await hits.getByRole('link', { name: 'E2E ランサム', exact: true }).waitFor();
    await expect(hits.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).count()).resolves.toBe(0);
    await shot(hub, 'search');
    expect(errors).toEqual([]);
  }, 180_000);

  it('a user without clearance does not see the restricted object; a cleared colleague does', async () => {
    const bank = await signedIn('bank@renkei.example', `/intel/search?q=${SECRET_IP}`);
    await bank.getByText(`「${SECRET_IP}」は、あなたが閲覧できる報告・オブジェクトでは確認されていません。`).waitFor();
    await bank.getByRole('region', { name: '該当するオブジェクト' }).getByText('該当するオブジェクトはありません。').waitFor();
    await bank.goto(`${bw.base}/intel/objects/${secret.id}`);
    await bank.getByRole('heading', { level: 1, name: 'オブジェクトが見つかりません' }).waitFor();
    // The same sector's uncleared object is there, so the absence above is the clearance at work.
    await bank.goto(`${bw.base}/intel`);
    await bank.getByRole('link', { name: 'E2E C2 サーバー（更新）', exact: true }).waitFor();
    await expect(bank.getByRole('link', { name: 'E2E 秘匿インジケーター', exact: true }).count()).resolves.toBe(0);
    await shot(bank, 'uncleared-home');

    // An object added elsewhere appears on the open page over the event stream, without a reload.
    const finance = await bw.world.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'sector:finance').executeTakeFirstOrThrow();
    const live = { ...malware, id: uid('malware'), name: 'E2E ライブ追加' };
    const res = await bw.world.as(await bw.world.login('hub@renkei.example'), { method: 'POST', url: `/api/intel/bundles?collection=${finance.id}`, payload: bundle([live]) });
    expect(res.json()).toMatchObject({ accepted: 1 });
    await bank.getByRole('link', { name: 'E2E ライブ追加' }).waitFor({ timeout: 15_000 });

    const cleared = await signedIn('bank-analyst@renkei.example', `/intel/objects/${secret.id}`);
    await cleared.getByRole('heading', { level: 1, name: 'E2E 秘匿インジケーター' }).waitFor();
    await cleared.locator('header.report-header').getByText('要適性評価: 重要経済安保情報').first().waitFor();
    // The same page in English.
    await cleared.getByRole('button', { name: 'Language' }).click();
    await cleared.getByRole('heading', { level: 2, name: 'Version history (1)' }).waitFor();
    await cleared.locator('header.report-header').getByText('Clearance required: Critical economic security information (CEI)').first().waitFor();
    await shot(cleared, 'object-page-en');
    expect(errors).toEqual([]);
  }, 120_000);

  it('an ISAC admin edits its collection’s members; other members see their collections read-only', async () => {
    const admin = await signedIn('isac-admin@renkei.example', '/intel/collections');
    await admin.locator('tr[data-collection-key="isac:fin-isac"]').getByRole('button', { name: /^編集/ }).click();
    const card = admin.getByTestId('collection-detail');
    // Focus moves to the opened panel, so keyboard users land on it.
    await expect(admin.evaluate<string>('document.activeElement?.tagName')).resolves.toBe('H3');
    await card.getByTestId('collection-members').getByText('さくら中央銀行', { exact: false }).waitFor();
    await expect(card.getByTestId('collection-members').textContent()).resolves.not.toContain('東海電力ネットワーク');
    await card.getByLabel('組織名で絞り込み').fill('東海');
    await card.getByRole('checkbox', { name: /東海電力ネットワーク/ }).check();
    await card.getByRole('button', { name: '保存' }).click();
    await card.getByText('保存しました。').waitFor();
    await card.getByTestId('collection-members').getByText('東海電力ネットワーク', { exact: false }).waitFor();
    await shot(admin, 'collections-admin');
    await expect(lowContrast(admin)).resolves.toEqual([]);

    // A hub admin creates a community collection with the power company as its member.
    const hubAdmin = await signedIn('hub-admin@renkei.example', '/intel/collections');
    await hubAdmin.getByRole('button', { name: '新しいコレクションを作成' }).click();
    await hubAdmin.getByLabel('名称').fill('E2E 大会対策');
    await hubAdmin.getByLabel('組織名で絞り込み').fill('東海');
    await hubAdmin.getByRole('checkbox', { name: /東海電力ネットワーク/ }).check();
    await hubAdmin.getByRole('button', { name: '作成', exact: true }).click();
    await hubAdmin.getByText('コレクション「E2E 大会対策」を作成しました。').waitFor();
    await hubAdmin.getByRole('rowheader', { name: /E2E 大会対策/ }).waitFor();

    // The power company now belongs to both, without the right to manage either.
    const power = await signedIn('power@renkei.example', '/intel/collections');
    const seen = power.locator('tr[data-collection-key="isac:fin-isac"]');
    await seen.waitFor();
    await expect(seen.getByRole('button', { name: /^編集/ }).count()).resolves.toBe(0);
    const created = power.getByRole('row').filter({ has: power.getByRole('rowheader', { name: /E2E 大会対策/ }) });
    await created.waitFor();
    await expect(created.getByRole('button', { name: /^編集/ }).count()).resolves.toBe(0);
    await power.locator('tr[data-collection-key="national"]').getByText('閲覧のみ').waitFor();
    await expect(power.getByRole('heading', { name: 'コレクションの作成' }).count()).resolves.toBe(0);
    await shot(power, 'collections-member');
    expect(errors).toEqual([]);
  }, 120_000);
});

import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoAdvisories } from '../../src/demo/advisories.js';
import { ARTIFACTS, ROOT, signedIn as signIn, suiteBrowserWorld, type BrowserWorld, type SignInOptions } from './browser.js';

const LIVE_TIMEOUT = 15_000;
const CVE_RECORD = path.resolve(ROOT, '../shared/standards/cve/records/CVE-2024-30188.json');
const CPE = 'cpe:2.3:a:apache:dolphinscheduler:3.2.1:*:*:*:*:*:*:*';
const ASSET = 'ジョブ管理サーバ（E2E）';
const RANGE = '>=3.1.0 <3.2.2';

describe('critical equipment and advisory notifications in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  /** A signed-in page on `url`, in its own browser context (its own cookies), in Japanese, in Tokyo. */
  const signedIn = (email: string, url: string, opts: SignInOptions = {}): Promise<Page> => signIn(bw, email, url, errors, opts);

  const markDocument = (page: Page) => page.evaluate(() => ((globalThis as { __sameDocument?: boolean }).__sameDocument = true));
  const sameDocument = (page: Page) => page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument === true);

  /** The notification card about the registered asset. */
  const card = (page: Page): Locator => page.locator('article.notification', { hasText: ASSET });

  async function openNotifications(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '脆弱性情報' }).click();
    await page.getByRole('heading', { level: 1, name: '脆弱性情報' }).waitFor();
    await page.getByText('影響のある脆弱性情報の通知はありません。').waitFor();
    await markDocument(page);
  }

  it('an asset registered in the UI is notified live to its owner and its vendor when the hub publishes a CVE record, with why it matched', async () => {
    // The bank registers the asset through the form, run by its outsourced vendor.
    const bank = await signedIn('bank@renkei.example', '/assets');
    await bank.getByRole('heading', { level: 1, name: '重要設備' }).waitFor();
    await bank.getByText('登録された設備はありません。', { exact: false }).waitFor();
    await bank.getByRole('link', { name: '新規登録' }).click();
    await bank.getByRole('heading', { level: 2, name: '設備の新規登録' }).waitFor();
    // Inline validation before anything is sent.
    await bank.getByRole('button', { name: '登録', exact: true }).click();
    await bank.getByText('入力内容に 4 件の問題があります。').waitFor();
    expect(await bank.getByLabel('名称').getAttribute('aria-invalid')).toBe('true');

    await bank.getByLabel('名称').fill(ASSET);
    await bank.getByLabel('種別').selectOption('server');
    await bank.getByLabel('メーカー').fill('Apache');
    await bank.getByLabel('製品名').fill('DolphinScheduler');
    await bank.getByLabel('バージョン').fill('3.2.1');
    await bank.getByLabel('CPE 2.3').fill(CPE);
    await bank.getByLabel('設置場所').selectOption('internet_facing');
    await bank.getByLabel('支える業務・サービス').fill('夜間バッチ');
    await bank.getByLabel('重要度').selectOption('high');
    await bank.getByLabel('運用委託先のベンダー').selectOption({ label: 'つばさシステムサービス' });
    await bank.getByLabel('特定重要電子計算機に該当する').check();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'advisories-asset-form.png'), fullPage: true });
    await bank.getByRole('button', { name: '登録', exact: true }).click();
    await bank.waitForURL(/\/assets\?scope=own&saved=1$/);
    const row = bank.getByRole('row', { name: new RegExp(ASSET) });
    await row.waitFor();
    await row.getByText('つばさシステムサービス').waitFor();
    await row.getByText('インターネット公開').waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'advisories-assets-list.png'), fullPage: true });

    // Owner and vendor sit on their notifications; the vendor also sees the asset it operates.
    await openNotifications(bank);
    const msp = await signedIn('msp@renkei.example', '/assets?scope=operated');
    await msp.getByRole('row', { name: new RegExp(ASSET) }).waitFor();
    await openNotifications(msp);

    // The hub publishes the real CVE record through the publish page.
    const hub = await signedIn('hub@renkei.example', '/advisories');
    await hub.getByRole('link', { name: '脆弱性情報を発行' }).click();
    await hub.getByRole('heading', { level: 1, name: '脆弱性情報の発行' }).waitFor();
    await hub.getByLabel('脆弱性情報ファイル（JSON）').setInputFiles(CVE_RECORD);
    await hub.getByRole('button', { name: 'このファイルを発行' }).click();
    await hub.getByText('新たに 1 件の通知を作成しました。').waitFor();
    await hub.getByText('CVE-2024-30188', { exact: true }).waitFor();
    await hub.screenshot({ path: path.join(ARTIFACTS, 'advisories-publish-result.png'), fullPage: true });

    // Both pages show it without a reload, saying why it matched.
    for (const page of [bank, msp]) {
      await card(page).waitFor({ timeout: LIVE_TIMEOUT });
      await card(page).locator('code.range', { hasText: RANGE }).waitFor();
      await card(page).getByText('影響あり', { exact: true }).waitFor();
      await card(page).getByText('通知済み（未確認）', { exact: true }).waitFor();
      // The engine's explanation, in the reader's language.
      await card(page).getByText(`バージョン 3.2.1 は、脆弱性情報が cpe:apache:dolphinscheduler について「影響あり」とする範囲 ${RANGE} に含まれます。`, { exact: true }).waitFor();
      expect(await card(page).getByText('CVE-2024-30188').count()).toBeGreaterThan(0);
      expect(await sameDocument(page)).toBe(true);
    }
    // The summary counts it for both.
    await bank.getByRole('button', { name: /インターネット公開\s*1/ }).waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'advisories-bank-notification.png'), fullPage: true });
    await msp.screenshot({ path: path.join(ARTIFACTS, 'advisories-vendor-notification.png'), fullPage: true });

    // "Not affected" cannot be recorded without a VEX justification.
    const bankCard = card(bank);
    await bankCard.getByRole('button', { name: '影響なし', exact: true }).click();
    await bankCard.getByRole('button', { name: '影響なしとして登録' }).click();
    await bankCard.getByText('理由を選択してください。').waitFor();
    await bankCard.getByRole('button', { name: 'キャンセル' }).click();

    // The bank acknowledges; the vendor's page follows live.
    await bankCard.getByRole('button', { name: '確認', exact: true }).click();
    await bankCard.getByText('対応状況を「確認済み」に更新しました。').waitFor();
    await card(msp).getByText('確認済み', { exact: true }).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await card(msp).getByRole('button', { name: '確認', exact: true }).count()).toBe(0);
    expect(await sameDocument(msp)).toBe(true);
    await msp.screenshot({ path: path.join(ARTIFACTS, 'advisories-vendor-acknowledged.png'), fullPage: true });

    // Clicking a count filters the list; the same page in English.
    await bank.getByRole('button', { name: /インターネット公開\s*1/ }).click();
    await bank.getByText('絞り込み中: 設置場所: インターネット公開').waitFor();
    await bank.getByRole('button', { name: 'Language' }).click();
    await bank.getByRole('heading', { level: 4, name: 'Why it matched' }).waitFor();
    await card(bank).getByText(`Version 3.2.1 is within ${RANGE}, which the advisory marks affected for cpe:apache:dolphinscheduler.`, { exact: true }).waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'advisories-bank-en.png'), fullPage: true });
    await bank.getByRole('button', { name: 'Language' }).click();
    await bank.getByRole('heading', { level: 1, name: '脆弱性情報' }).waitFor();
    // The vendor records the mitigation with what it did (asked first, not one click); it is kept with the status.
    await card(msp).getByRole('button', { name: '緩和済み', exact: true }).click();
    await card(msp).getByLabel('実施した対策（任意）').fill('SSL-VPN を無効化');
    await card(msp).getByRole('button', { name: '「緩和済み」として登録' }).click();
    await msp.getByText('対応状況を「緩和済み」に更新しました。').waitFor();
    await msp.getByText('SSL-VPN を無効化').first().waitFor({ timeout: LIVE_TIMEOUT });
    expect(errors).toEqual([]);
  }, 180_000);

  it('bulk import shows row-level errors, then counts; the ministry notification lists designated equipment', async () => {
    const page = await signedIn('bank@renkei.example', '/assets/import');
    await page.getByRole('heading', { level: 2, name: 'CSV ファイルから登録' }).waitFor();
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    const bad = `${header}\nVPN装置,vpn_gateway,Fortinet,FortiOS,7.2.4,,,internet_facing,ネットバンキング,critical,tsubasa-systems,true\n認証サーバ,authentication_server,Microsoft,Entra,1,,,somewhere,,high,,false\n`;
    await page.getByLabel('CSV ファイル', { exact: true }).setInputFiles({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'CSV を取り込む' }).click();
    await page.getByText('3 行目').waitFor();
    await page.getByText(/何も登録されていません/).waitFor();
    await page.locator('section', { hasText: 'CSV ファイルから登録' }).screenshot({ path: path.join(ARTIFACTS, 'advisories-csv-errors.png') });
    const good = bad.replace('somewhere', 'internal');
    await page.getByLabel('CSV ファイル', { exact: true }).setInputFiles({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'CSV を取り込む' }).click();
    await page.getByText('assets.csv を取り込みました。').waitFor();
    const facts = page.locator('.alert-info dl');
    expect(await facts.textContent()).toContain('取り込んだ件数2新規登録2更新0');

    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      version: 1,
      metadata: { component: { type: 'application', name: '顧客ポータル', version: '2.0' } },
      components: [{ type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
    };
    await page.getByLabel('SBOM ファイル（CycloneDX JSON）').setInputFiles({ name: 'portal.cdx.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sbom)) });
    await page.getByLabel('設置場所').selectOption('internet_facing');
    await page.getByRole('button', { name: 'SBOM を取り込む' }).click();
    await page.getByText('portal.cdx.json を取り込みました。').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'advisories-import.png'), fullPage: true });

    // Own assets can be edited and deleted from the list.
    await page.getByRole('link', { name: '自組織の設備' }).click();
    await page.getByRole('link', { name: 'VPN装置 を編集' }).click();
    await page.getByRole('heading', { level: 2, name: '「VPN装置」の編集' }).waitFor();
    // Reloaded with the vendor list held back: the stored vendor stays selected while the list loads,
    // never the "own staff" placeholder, and is named once it has.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/organizations?kind=vendor', async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.getByRole('heading', { level: 2, name: '「VPN装置」の編集' }).waitFor();
    expect(await page.locator('#asset-operator option:checked').textContent()).toBe('読み込み中…');
    expect(await page.getByLabel('運用委託先のベンダー').inputValue()).not.toBe('');
    release();
    await expect.poll(() => page.locator('#asset-operator option:checked').textContent(), { timeout: 10_000 }).toBe('つばさシステムサービス');
    await page.unroute('**/api/organizations?kind=vendor');
    await page.getByLabel('バージョン').fill('7.2.5');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/assets\?scope=own&saved=1$/);
    await page.getByRole('row', { name: /VPN装置/ }).getByText('Fortinet FortiOS 7.2.5').waitFor();
    await page.getByRole('button', { name: '認証サーバ を削除' }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await expect.poll(() => page.getByRole('row', { name: /認証サーバ/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'advisories-assets-own.png'), fullPage: true });

    await page.getByRole('link', { name: '所管省庁への届出' }).click();
    await page.getByRole('heading', { level: 2, name: /所管省庁への届出/ }).waitFor();
    await page.getByRole('row', { name: /VPN装置/ }).waitFor();
    expect(await page.getByRole('row', { name: /認証サーバ/ }).count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV を出力' }).click();
    expect((await download).suggestedFilename()).toBe('designated-critical-computers.csv');
    await page.screenshot({ path: path.join(ARTIFACTS, 'advisories-ministry.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('the hub’s counts, its list and what the page says about them agree, from the dashboard’s sector link on', async () => {
    // The demo world's two advisories: the power company's web server (not designated) joins the
    // bank's designated gateways; the hub is told of the latter only.
    await seedDemoAdvisories(bw.world.platform);
    const hub = await signedIn('hub@renkei.example', '/');
    await hub.locator('a[data-figure="exposure.sector.electricity"]').click();
    await hub.getByRole('heading', { level: 1, name: '脆弱性情報' }).waitFor();
    await hub.getByRole('heading', { level: 2, name: '全国の未対応の件数' }).waitFor();
    await hub.getByText('国家サイバー統括室に届くのは、特定重要電子計算機として届け出られた設備の通知だけです。', { exact: false }).waitFor();
    expect(await hub.getByText('件数のみを表示しています', { exact: false }).count()).toBe(0);
    const sector = (name: string) => hub.locator('.exposure-group').filter({ has: hub.getByRole('heading', { level: 3, name: '分野', exact: true }) }).getByRole('button', { name: new RegExp(`^${name}\\s*\\d+$`) });
    const countOf = async (name: string) => Number((await sector(name).locator('strong').textContent()) ?? NaN);
    const list = hub.locator('#notifications-title');
    await list.getByText('貴組織に届いた通知', { exact: false }).waitFor();
    const total = Number(/\d+/.exec((await hub.locator('.exposure-total strong').textContent()) ?? '')![0]);
    expect(total).toBe((await countOf('金融')) + (await countOf('電力')));

    // Electricity is counted, but its one notice reached only the power company: the page says so.
    // (The dashboard's sector link opened the list filtered by that sector.)
    expect(await countOf('電力')).toBe(1);
    await hub.getByText('絞り込み中: 分野: 電力').waitFor();
    await hub.getByText('条件に合う通知は貴組織に届いていません。', { exact: false }).waitFor();
    expect(await hub.locator('article.notification').count()).toBe(0);
    await hub.screenshot({ path: path.join(ARTIFACTS, 'advisories-hub-electricity.png'), fullPage: true });

    // Finance: every counted notice is on the bank's designated equipment, so the list holds them all.
    await sector('電力').click();
    await sector('金融').click();
    await hub.getByText('絞り込み中: 分野: 金融').waitFor();
    await expect.poll(() => hub.locator('article.notification').count()).toBe(await countOf('金融'));
    await hub.locator('article.notification', { hasText: 'インターネット VPN ゲートウェイ（本店）' }).waitFor();
    await hub.screenshot({ path: path.join(ARTIFACTS, 'advisories-hub-finance.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);
});

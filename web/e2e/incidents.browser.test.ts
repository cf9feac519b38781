import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld, type SignInOptions } from './browser.js';

const LIVE_TIMEOUT = 15_000;

describe('incident reporting in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  /** A signed-in page on `url`, in its own browser context (its own cookies), in Japanese, in Tokyo. */
  const signedIn = (email: string, url: string, opts: SignInOptions = {}): Promise<Page> => signIn(bw, email, url, errors, opts);

  /** Marks the document, so a later check proves the page was never reloaded. */
  const markDocument = (page: Page) => page.evaluate(() => ((globalThis as { __sameDocument?: boolean }).__sameDocument = true));
  const sameDocument = (page: Page) => page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument === true);

  async function openInbox(email: string): Promise<Page> {
    const page = await signedIn(email, '/incidents?box=inbox');
    await page.getByRole('heading', { level: 2, name: '受信' }).waitFor();
    await page.getByText('受信した報告はありません。').or(page.locator('table')).first().waitFor();
    await markDocument(page);
    return page;
  }

  it('a report filed once through the Japanese form reaches the hub and the FSA live, and the PPC only when personal data is added', async () => {
    const title = '勘定系バックアップサーバの暗号化（E2E）';
    // Recipients sit on their inbox before anything is filed.
    const fsa = await openInbox('fsa@renkei.example');
    const hub = await openInbox('hub@renkei.example');
    const ppc = await openInbox('ppc@renkei.example');

    const bank = await signedIn('bank@renkei.example', '/incidents');
    // Nothing the page asks for is missing (a 404 would also be a console error).
    const notFound: string[] = [];
    bank.on('response', (res) => {
      if (res.status() === 404 && new URL(res.url()).pathname.startsWith('/api/')) notFound.push(res.url());
    });
    await bank.getByRole('link', { name: '新規報告' }).click();
    await bank.getByRole('heading', { level: 1, name: '新規報告' }).waitFor();

    // Inline validation before anything is sent.
    await bank.getByRole('button', { name: '報告を提出' }).click();
    await bank.getByRole('heading', { name: /入力内容に \d+ 件の問題があります/ }).waitFor();
    await expect.poll(() => bank.locator('#f-report-title-error').textContent()).toBe('入力してください。');

    await bank.getByLabel('インシデントの種別').selectOption('ransomware');
    await bank.getByLabel('件名').fill(title);
    await bank.getByLabel('概要').fill('バックアップサーバ3台がランサムウェアにより暗号化された。業務は縮退運転中。');
    await bank.getByLabel('検知日時').fill('2026-11-20T01:00');
    await bank.getByLabel('発生日時').fill('2026-11-19T22:10');
    await bank.getByLabel('影響を受けたサービス').fill('インターネットバンキング\n窓口業務');
    await bank.getByLabel('侵入経路', { exact: true }).selectOption('vpn');
    await bank.getByLabel('脅迫文（ランサムノート）の内容').fill('YOUR FILES ARE ENCRYPTED');
    await bank.getByLabel('暗号化されたファイルの拡張子').fill('.lockbit');
    await bank.getByLabel('ランサムウェアの名称（ファミリー）').fill('LockBit 3.0');
    await bank.getByRole('button', { name: '痕跡情報を追加' }).click();
    await bank.getByLabel('種類（1 件目）').selectOption('ipv4');
    // A value only the server can judge, to see its 400 land on the row.
    await bank.getByLabel('値（1 件目）').fill('999.1.1.1');
    await bank.getByLabel('備考（1 件目）').fill('C2 サーバ');
    await bank.getByRole('button', { name: '痕跡情報を追加' }).click();
    await bank.getByLabel('種類（2 件目）').selectOption('domain');
    await bank.getByLabel('値（2 件目）').fill('evil-update[.]example');
    await bank.getByRole('radio', { name: '一部停止・縮退運転' }).check();
    // The signed-in user is the default contact; the SOC takes over.
    await bank.getByLabel('担当者名').fill('林 浩二');
    await bank.getByLabel('担当者のメールアドレス').fill('soc@sakura-bank.example');
    // The form's own errors follow the edits: none left.
    await expect.poll(() => bank.locator('.error-summary').count()).toBe(0);

    await bank.getByRole('button', { name: '報告を提出' }).click();
    const ipError = bank.locator('.indicator-error', { hasText: 'IPv4 アドレスとして正しくない値です' });
    await ipError.waitFor();
    expect(await bank.getByLabel('値（1 件目）').getAttribute('aria-invalid')).toBe('true');
    await bank.getByRole('link', { name: /値（1 件目）: IPv4 アドレスとして正しくない値です/ }).waitFor();
    await bank.locator('.error-summary').screenshot({ path: path.join(ARTIFACTS, 'incidents-form-server-error.png') });
    await bank.locator('.indicator-rows').screenshot({ path: path.join(ARTIFACTS, 'incidents-form-indicator-error.png') });
    await bank.getByLabel('値（1 件目）').fill('198.51.100.7');
    await expect.poll(() => ipError.count()).toBe(0);
    // Mandatory recipients are shown before filing; the PPC is not among them yet.
    await bank.getByText('金融庁', { exact: true }).waitFor();
    await bank.getByText(/現在の入力内容では対象外です: 個人情報保護委員会/).waitFor();
    expect(await bank.getByRole('checkbox', { name: /警察への相談・通報/ }).isChecked()).toBe(false);
    await bank.locator('[data-state="saved"]').waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'incidents-form-ja.png'), fullPage: true });

    await bank.getByRole('button', { name: '報告を提出' }).click();
    await bank.waitForURL(/\/incidents\/[0-9a-f-]{36}\?filed=1$/);
    await bank.getByRole('heading', { level: 1, name: title }).waitFor();
    const reportUrl = new URL(bank.url());
    const reference = (await bank.locator('.report-header .reference code').textContent())!;
    expect(reference).toMatch(/^RK-\d{4}-\d{6}$/);

    // The ministry and the hub see it appear, without a reload.
    for (const page of [fsa, hub]) {
      await page.getByRole('link', { name: title }).waitFor({ timeout: LIVE_TIMEOUT });
      expect(await sameDocument(page)).toBe(true);
    }
    // Each recipient's row carries its own clock: its status and the stage it is still owed.
    const fsaRow = fsa.getByRole('row', { name: new RegExp(title) });
    await fsaRow.getByText('受領', { exact: true }).waitFor();
    await fsaRow.getByText(/^次は最終報（所管省庁への報告）\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2} まで/).waitFor();
    await fsa.screenshot({ path: path.join(ARTIFACTS, 'incidents-inbox-fsa.png'), fullPage: true });
    // The PPC's stream has passed the event by now (it was sent to all three at once): it did not get it.
    await hub.waitForTimeout(1_000);
    expect(await ppc.getByRole('link', { name: title }).count()).toBe(0);
    expect(await ppc.getByText('受信した報告はありません。').isVisible()).toBe(true);

    await bank.getByText('他の報告・共有インテリジェンスで確認されていません', { exact: false }).waitFor();
    // Each deadline names its time zone (the browser runs in Tokyo here).
    await bank.locator('.stage-table td').filter({ hasText: /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} JST$/ }).first().waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'incidents-detail.png'), fullPage: true });

    // The update adds personal data, through the same form prefilled with the report.
    await bank.getByRole('link', { name: '更新報告を提出' }).click();
    await bank.getByRole('heading', { level: 1, name: /更新報告/ }).waitFor();
    expect(await bank.getByLabel('件名').inputValue()).toBe(title);
    expect(await bank.getByLabel('値（2 件目）').inputValue()).toBe('evil-update.example');
    await bank.getByLabel('個人情報の漏えい等（そのおそれを含む）がある').check();
    await bank.getByLabel('件数').fill('12000');
    await bank.getByLabel('漏えい等した個人情報の項目').fill('氏名\n口座番号');
    // The stage form autosaves like the new-report form: a reload keeps what was typed.
    await bank.getByText(/下書き保存済み/).waitFor();
    await bank.reload();
    await bank.getByRole('heading', { level: 1, name: /更新報告/ }).waitFor();
    expect(await bank.getByLabel('件数').inputValue()).toBe('12000');
    expect(await bank.getByLabel('漏えい等した個人情報の項目').inputValue()).toBe('氏名\n口座番号');
    // …and the business stops, and a third indicator is found.
    await bank.getByRole('radio', { name: '停止', exact: true }).check();
    await bank.getByRole('button', { name: '痕跡情報を追加' }).click();
    await bank.getByLabel('種類（3 件目）').selectOption('ipv4');
    await bank.getByLabel('値（3 件目）').fill('203.0.113.77');
    await bank.getByRole('button', { name: '更新報告を提出' }).click();
    await bank.waitForURL(/\?filed=update$/);
    // Filed: the stage's draft is gone.
    await expect
      .poll(() => bank.evaluate(async () => ((await (await fetch('/api/incident-drafts')).json()) as { items: { content: { stageOf?: unknown } }[] }).items.filter((d) => d.content.stageOf).length))
      .toBe(0);
    await bank.getByRole('heading', { level: 3, name: /個人情報保護委員会/ }).waitFor();

    // Now the PPC's inbox shows it, still without a reload.
    await ppc.getByRole('link', { name: title }).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await sameDocument(ppc)).toBe(true);
    await ppc.screenshot({ path: path.join(ARTIFACTS, 'incidents-inbox-ppc.png'), fullPage: true });

    // The PPC sees the fields its regime grants: personal data, not the indicators.
    await ppc.getByRole('link', { name: title }).click();
    await ppc.getByRole('heading', { level: 1, name: title }).waitFor();
    await ppc.getByText('12,000 件', { exact: false }).waitFor();
    expect(await ppc.getByRole('heading', { name: '痕跡情報（IOC）' }).count()).toBe(0);

    // The FSA's view: its own delivery, provisional deadlines said in words, a status it can set.
    await fsa.getByRole('link', { name: title }).click();
    await fsa.getByRole('heading', { level: 1, name: title }).waitFor();
    await fsa.getByText('期限は暫定（規則の確定待ち）').first().waitFor();
    await fsa.getByLabel('対応状況を変更').selectOption('triaged');
    await fsa.getByRole('button', { name: '更新', exact: true }).click();
    await fsa.getByText('対応状況を「確認済み」に更新しました。').waitFor();
    await fsa.screenshot({ path: path.join(ARTIFACTS, 'incidents-detail-fsa.png'), fullPage: true });

    // The reporter's page follows: the FSA's new status arrives live; the diff names what changed.
    await bank.getByText('確認済み', { exact: true }).first().waitFor({ timeout: LIVE_TIMEOUT });
    await bank.getByRole('heading', { name: '版の比較' }).waitFor();
    // Said as the form and the report say it: labels for fields and codes, an indicator in words.
    const diffRow = (field: string) => bank.locator('.diff-table tr', { has: bank.getByRole('rowheader', { name: field, exact: true }) });
    const cells = (field: string) => diffRow(field).locator('td').allInnerTexts();
    await diffRow('個人情報の漏えい等（そのおそれを含む）がある').waitFor();
    expect(await cells('個人情報の漏えい等（そのおそれを含む）がある')).toEqual(['いいえ', 'はい']);
    expect(await cells('業務への影響')).toEqual(['一部停止・縮退運転', '停止']);
    expect(await cells('痕跡情報（3 件目）')).toEqual(['（なし）', 'IPv4 アドレス 203.0.113.77']);
    expect(await bank.locator('.diff-table th code').count()).toBe(0);
    await bank.locator('.diff-table').screenshot({ path: path.join(ARTIFACTS, 'incidents-diff.png') });

    // The same page in English.
    await bank.getByRole('button', { name: 'Language' }).click();
    await bank.getByRole('heading', { level: 2, name: 'Recipients and deadlines' }).waitFor();
    await bank.getByRole('heading', { name: 'Messages with Financial Services Agency' }).waitFor();
    expect(await cells('Business impact')).toEqual(['Partly stopped or degraded', 'Stopped']);
    expect(await cells('Indicator 3')).toEqual(['(none)', 'IPv4 address 203.0.113.77']);
    // The law's remark on the PPC's clock in the page's language only.
    await bank.getByText('Promptly, within about 3–5 days').waitFor();
    expect(await bank.getByText('概ね3〜5日以内').count()).toBe(0);
    await bank.screenshot({ path: path.join(ARTIFACTS, 'incidents-detail-en.png'), fullPage: true });
    await bank.getByRole('button', { name: 'Language' }).click();
    await bank.getByRole('heading', { level: 2, name: '報告先と期限' }).waitFor();
    await bank.getByText('概ね3〜5日以内', { exact: true }).waitFor();

    // The printable page: no navigation, the report and its deadlines.
    const print = await bank.context().newPage();
    await print.goto(`${bw.base}${reportUrl.pathname}/print`);
    await print.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await print.locator('nav').count()).toBe(0);
    await print.emulateMedia({ media: 'print' });
    await print.screenshot({ path: path.join(ARTIFACTS, 'incidents-print.png'), fullPage: true });
    await print.close();
    expect(notFound).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);

  it('a draft survives closing the tab, and once filed from is not asked for again', async () => {
    const first = await signedIn('bank@renkei.example', '/incidents/new');
    await first.getByRole('heading', { level: 1, name: '新規報告' }).waitFor();
    await first.getByLabel('インシデントの種別').selectOption('ddos');
    await first.getByLabel('件名').fill('DDoS 下書き（E2E）');
    await first.getByLabel('概要').fill('インターネットバンキングへの大量通信。');
    await first.getByLabel('最大通信量（Gbps）').fill('120');
    await first.getByLabel('攻撃対象').fill('www.sakura-bank.example');
    await first.waitForURL(/\/incidents\/new\?draft=[0-9a-f-]{36}$/);
    const draftId = new URL(first.url()).searchParams.get('draft')!;
    // Saved on the server with the last field typed.
    await expect
      .poll(
        () =>
          first.evaluate(async (id) => {
            const res = await fetch(`/api/incident-drafts/${id}`);
            return JSON.stringify(((await res.json()) as { content: unknown }).content);
          }, draftId),
        { timeout: 10_000 },
      )
      .toContain('www.sakura-bank.example');
    await first.getByText(/下書き保存済み \d{1,2}:\d{2}:\d{2}/).waitFor();
    const context = first.context();
    await first.close();

    const second = await context.newPage();
    const draftNotFound: string[] = [];
    second.on('response', (res) => {
      if (res.status() === 404 && res.url().includes('/api/incident-drafts/')) draftNotFound.push(res.url());
    });
    await second.goto(`${bw.base}/incidents/new?draft=${draftId}`);
    await second.getByText('保存された下書きを読み込みました。').waitFor();
    expect(await second.getByLabel('件名').inputValue()).toBe('DDoS 下書き（E2E）');
    expect(await second.getByLabel('インシデントの種別').inputValue()).toBe('ddos');
    expect(await second.getByLabel('概要').inputValue()).toBe('インターネットバンキングへの大量通信。');
    expect(await second.getByLabel('最大通信量（Gbps）').inputValue()).toBe('120');
    expect(await second.getByLabel('攻撃対象').inputValue()).toBe('www.sakura-bank.example');

    // A blank form lists it among the drafts to resume.
    const third = await context.newPage();
    await third.goto(`${bw.base}/incidents/new`);
    await third.getByRole('heading', { name: '保存された下書き' }).waitFor();
    await third.getByRole('link', { name: 'DDoS 下書き（E2E）' }).waitFor();
    await third.screenshot({ path: path.join(ARTIFACTS, 'incidents-drafts.png'), fullPage: true });

    // Filed from the resumed draft: the server removes the draft, and the page does not ask for it again.
    await second.getByLabel('検知日時').fill('2026-11-20T09:00');
    await second.getByRole('radio', { name: '停止', exact: true }).check();
    await second.getByRole('button', { name: '報告を提出' }).click();
    await second.waitForURL(/\/incidents\/[0-9a-f-]{36}\?filed=1$/);
    await second.getByRole('heading', { level: 1, name: 'DDoS 下書き（E2E）' }).waitFor();
    await second.waitForTimeout(1_000);
    expect(draftNotFound).toEqual([]);
    expect(await second.evaluate(async (id) => (await fetch(`/api/incident-drafts/${id}`)).status, draftId)).toBe(404);
    expect(errors).toEqual([]);
  }, 60_000);

  it('a session that ends mid-typing loses nothing: the form says so, and after logging in again it holds what was typed', async () => {
    const page = await signedIn('bank@renkei.example', '/incidents/new');
    await page.getByRole('heading', { level: 1, name: '新規報告' }).waitFor();
    await page.getByLabel('件名').fill('セッション切れの下書き（E2E）');
    await page.getByLabel('概要').fill('最初の内容。');
    await page.waitForURL(/\/incidents\/new\?draft=[0-9a-f-]{36}$/);
    await page.getByText(/下書き保存済み/).waitFor();
    // Logged out in another tab (what an expired session looks like to this one).
    const other = await page.context().newPage();
    await other.goto(`${bw.base}/`);
    await other.getByRole('button', { name: 'ログアウト' }).click();
    await other.getByLabel('メールアドレス').waitFor();
    await page.getByLabel('概要').fill('最初の内容。追記：セッションが切れた後に入力した内容。');
    await page.getByText('ログインの有効期限が切れたため、下書きを保存できませんでした。', { exact: false }).waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByLabel('メールアドレス').fill('bank@renkei.example');
    await page.getByLabel('パスワード').fill('renkei-demo-2026');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByText('前回サーバーに保存できなかった入力を、このタブから復元しました。', { exact: false }).waitFor();
    expect(await page.getByLabel('概要').inputValue()).toBe('最初の内容。追記：セッションが切れた後に入力した内容。');
    // Saved as the draft again: a later reload reads it from the server, with no notice left.
    await page.getByText(/下書き保存済み/).waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByText('保存された下書きを読み込みました。').waitFor();
    expect(await page.getByLabel('概要').inputValue()).toBe('最初の内容。追記：セッションが切れた後に入力した内容。');
    expect(errors).toEqual([]);
  }, 60_000);

  it('files from an uploaded file: form fields into the form, a STIX 2.1 bundle as it is', async () => {
    const page = await signedIn('bank@renkei.example', '/incidents/new');
    await page.getByRole('heading', { level: 1, name: '新規報告' }).waitFor();
    const form = {
      type: 'unauthorized_access',
      title: 'VPN 機器への不正ログイン（ファイル）',
      summary: '管理画面への不正ログインを検知。',
      detectedAt: '2026-11-21T09:30:00+09:00',
      businessImpact: 'none',
      indicators: [{ kind: 'ipv4', value: '203.0.113.9', note: '接続元' }],
      contact: { name: '林 浩二', email: 'soc@sakura-bank.example' },
    };
    await page.getByLabel('報告ファイル（JSON または STIX 2.1）').setInputFiles({ name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(form)) });
    await page.getByText('ファイルの内容をフォームに読み込みました。').waitFor();
    expect(await page.getByLabel('件名').inputValue()).toBe(form.title);
    expect(await page.getByLabel('インシデントの種別').inputValue()).toBe('unauthorized_access');
    expect(await page.getByLabel('検知日時').inputValue()).toBe('2026-11-21T09:30');
    expect(await page.getByLabel('値（1 件目）').inputValue()).toBe('203.0.113.9');
    expect(await page.getByRole('radio', { name: '影響なし' }).isChecked()).toBe(true);

    const bundle = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [
        {
          type: 'incident',
          spec_version: '2.1',
          id: 'incident--7a4e7c8e-3d4b-4c41-8f6c-1b2a3c4d5e6f',
          created: '2026-11-21T03:04:05.000Z',
          modified: '2026-11-21T03:04:05.000Z',
          name: '決済ゲートウェイへの DDoS（STIX）',
          description: 'UDP フラッドが 40 分続いた。',
          labels: ['ddos'],
          x_renkei_report: { businessImpact: 'stopped', ddos: { peakGbps: 120, targets: ['pay.example.jp'] }, contact: { name: '林 浩二', email: 'soc@sakura-bank.example' } },
        },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', created: '2026-11-21T03:04:05.000Z', modified: '2026-11-21T03:04:05.000Z', pattern_type: 'stix', valid_from: '2026-11-21T00:00:00Z', pattern: "[ipv4-addr:value = '198.51.100.77']" },
      ],
    };
    // A plain bundle from another tool (no x_renkei_report, so no business impact) goes into the form to be completed.
    const plain = { ...bundle, objects: [{ ...bundle.objects[0], x_renkei_report: undefined, name: '他ツールからの報告' }, bundle.objects[1]] };
    await page.getByLabel('報告ファイル（JSON または STIX 2.1）').setInputFiles({ name: 'plain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plain)) });
    await page.getByText('plain.json は STIX 2.1 バンドル（オブジェクト 2 個）です。').waitFor();
    await page.getByRole('button', { name: 'フォームに読み込んで確認' }).click();
    await expect.poll(() => page.getByLabel('件名').inputValue()).toBe('他ツールからの報告');
    expect(await page.getByLabel('値（1 件目）').inputValue()).toBe('198.51.100.77');

    await page.getByLabel('報告ファイル（JSON または STIX 2.1）').setInputFiles({ name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
    await page.getByText('bundle.json は STIX 2.1 バンドル（オブジェクト 2 個）です。').waitFor();
    await page.getByRole('button', { name: 'STIX バンドルを提出' }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}\?filed=1$/, { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}\n${await page.locator('.alert-error').allTextContents()}`);
    });
    await page.getByRole('heading', { level: 1, name: '決済ゲートウェイへの DDoS（STIX）' }).waitFor();
    await page.getByText('DDoS 攻撃の詳細').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});

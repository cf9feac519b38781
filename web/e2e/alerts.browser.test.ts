import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDelivery } from '../../src/capabilities/alerts/webhooks.js';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld, type SignInOptions } from './browser.js';

const LIVE_TIMEOUT = 15_000;
const HEADLINE = '金融機関を狙う不正送金マルウェア（E2E）';
const DRILL = '【演習】決済システムの停止（E2E）';
const SECRET = 'e2e-webhook-secret-0123456789';

describe('national alerts and exercises in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];
  // The bank's webhook receiver: every POST the platform delivers, with its headers.
  const received: { body: string; signature: string; timestamp: string }[] = [];
  let receiver: http.Server;
  let hookUrl: string;

  suiteBrowserWorld((started) => (bw = started));
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-renkei-signature'] ?? ''), timestamp: String(req.headers['x-renkei-timestamp'] ?? '') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/renkei-alerts`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** A signed-in page on `url`, in its own browser context (its own cookies), in Japanese, in Tokyo. */
  const signedIn = (email: string, url: string, opts: SignInOptions = {}): Promise<Page> => signIn(bw, email, url, errors, opts);

  const markDocument = (page: Page) => page.evaluate(() => ((globalThis as { __sameDocument?: boolean }).__sameDocument = true));
  const sameDocument = (page: Page) => page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument === true);

  it('an alert issued by the hub appears live for the bank, which acknowledges it; the hub sees the acknowledgement live', async () => {
    // The bank's admin registers its webhook first (a short secret is refused on its field).
    const bank = await signedIn('bank@renkei.example', '/alerts');
    await bank.getByRole('link', { name: 'Webhook 設定' }).click();
    await bank.getByRole('heading', { level: 1, name: '警報の Webhook' }).waitFor();
    await bank.getByText('Webhook は登録されていません。').waitFor();
    await bank.locator('#hook-url').fill(hookUrl);
    await bank.getByLabel('署名用の秘密鍵（16 文字以上）').fill('short');
    await bank.getByRole('button', { name: '保存' }).click();
    await bank.locator('#hook-secret[aria-invalid="true"]').waitFor();
    await bank.getByLabel('署名用の秘密鍵（16 文字以上）').fill(SECRET);
    await bank.getByRole('button', { name: '保存' }).click();
    await bank.getByText('保存しました。').waitFor();
    await bank.getByText(hookUrl, { exact: true }).waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'alerts-webhook-settings.png'), fullPage: true });
    await bank.getByRole('link', { name: '警報の一覧へ戻る' }).click();
    await bank.getByRole('heading', { level: 1, name: '警報' }).waitFor();
    await bank.getByText('表示できる警報はありません。').waitFor();
    await markDocument(bank);

    const hub = await signedIn('hub@renkei.example', '/alerts');
    await hub.getByRole('link', { name: '警報を発出' }).click();
    await hub.getByRole('heading', { level: 1, name: '警報の発出' }).waitFor();
    // Checked in the form before anything is sent.
    await hub.getByRole('button', { name: '発出', exact: true }).click();
    await hub.getByText('入力内容に 7 件の問題があります。').waitFor();
    expect(await hub.getByLabel('深刻度').getAttribute('aria-invalid')).toBe('true');
    expect(await hub.getByLabel('宛先の分野').getAttribute('aria-invalid')).toBe('true');

    await hub.getByLabel('深刻度').selectOption('Severe');
    await hub.getByLabel('緊急度').selectOption('Immediate');
    await hub.getByLabel('確度').selectOption('Likely');
    await hub.getByLabel('宛先の分野').selectOption(['finance']);
    await hub.getByLabel('事象（日本語）').fill('不正送金マルウェア');
    await hub.getByLabel('件名（日本語）').fill(HEADLINE);
    await hub.getByLabel('内容（日本語）').fill('インターネットバンキング利用者を狙うマルウェアが確認されています。');
    await hub.getByLabel('求める対応（日本語、任意）').fill('不審な送金を監視してください。');
    // An English text must be whole (checked in the form).
    await hub.getByLabel('件名（英語）').fill('Banking malware (E2E)');
    await hub.getByRole('button', { name: '発出', exact: true }).click();
    await hub.getByText('英語の本文は、事象・件名・内容をすべて入力してください。').waitFor();
    await hub.getByLabel('件名（英語）').fill('');
    // The server's own rules come back on their field, in Japanese: an expiry in the past.
    await hub.getByLabel('有効期限（任意）').fill('2020-01-01T09:00');
    await hub.getByRole('button', { name: '発出', exact: true }).click();
    await hub.getByText('有効期限は未来の日時にしてください。').waitFor();
    expect(await hub.getByLabel('有効期限（任意）').getAttribute('aria-invalid')).toBe('true');
    await hub.getByLabel('有効期限（任意）').fill('');
    await hub.screenshot({ path: path.join(ARTIFACTS, 'alerts-issue-form.png'), fullPage: true });
    await hub.getByRole('button', { name: '発出', exact: true }).click();
    await hub.getByRole('heading', { level: 1, name: HEADLINE }).waitFor();
    await hub.getByText('確認率 0/3（0%）').waitFor();
    await markDocument(hub);

    // The bank's inbox gains the alert without a reload.
    const link = bank.getByRole('link', { name: HEADLINE });
    await link.waitFor({ timeout: LIVE_TIMEOUT });
    await bank.getByRole('row', { name: new RegExp(HEADLINE) }).getByText('未確認').waitFor();
    expect(await sameDocument(bank)).toBe(true);
    await bank.screenshot({ path: path.join(ARTIFACTS, 'alerts-bank-inbox.png'), fullPage: true });

    // Keyboard only: focus the link, Enter, then the note and the button.
    await link.focus();
    await bank.keyboard.press('Enter');
    await bank.getByRole('heading', { level: 1, name: HEADLINE }).waitFor();
    await bank.getByLabel('メモ（任意）').focus();
    await bank.keyboard.type('監視を強化しました。');
    await bank.keyboard.press('Tab');
    await bank.keyboard.press('Enter');
    await bank.getByText(/に .+ が受領を確認しました。/).waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'alerts-bank-acknowledged.png'), fullPage: true });

    // The issuer's view updates live: the rate and who acknowledged, with the note.
    await hub.getByText('確認率 1/3（33%）').waitFor({ timeout: LIVE_TIMEOUT });
    const row = hub.getByRole('row', { name: /さくら中央銀行/ });
    await row.getByText('監視を強化しました。').waitFor();
    expect(await sameDocument(hub)).toBe(true);
    await hub.screenshot({ path: path.join(ARTIFACTS, 'alerts-hub-acknowledgements.png'), fullPage: true });

    // The webhook delivery reached the bank's receiver, signed with its secret.
    await expect.poll(() => received.filter((r) => r.body.includes(HEADLINE)).length, { timeout: LIVE_TIMEOUT }).toBe(1);
    const delivery = received.find((r) => r.body.includes(HEADLINE))!;
    expect(verifyDelivery(SECRET, delivery.timestamp, delivery.body, delivery.signature)).toBe(true);
    expect(verifyDelivery('another-secret-0123456789', delivery.timestamp, delivery.body, delivery.signature)).toBe(false);

    // CAP 1.2 XML download.
    const [download] = await Promise.all([hub.waitForEvent('download'), hub.getByRole('button', { name: 'CAP 1.2 XML をダウンロード' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^alert-.+\.cap\.xml$/);
    const xml = fs.readFileSync((await download.path())!, 'utf8');
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain(HEADLINE);

    // The issuer cancels it: the form starts from the alert; the bank's open page marks it cancelled live.
    const original = hub.url();
    await hub.getByRole('link', { name: '取消を発出' }).click();
    await hub.getByRole('heading', { level: 1, name: '警報の発出' }).waitFor();
    expect(await hub.getByLabel('メッセージ（msgType）').inputValue()).toBe('Cancel');
    await expect.poll(() => hub.getByLabel('件名（日本語）').inputValue()).toBe(HEADLINE);
    await hub.getByRole('button', { name: '発出', exact: true }).click();
    await hub.waitForURL((u) => u.pathname.startsWith('/alerts/') && u.href !== original && !u.pathname.endsWith('/new'));
    await hub.locator('.badge', { hasText: '取消' }).first().waitFor();
    await bank.locator('.badge', { hasText: '取消済み' }).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await sameDocument(bank)).toBe(true);
    await bank.screenshot({ path: path.join(ARTIFACTS, 'alerts-bank-cancelled.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('an exercise run: the injected alert carries the exercise mark, is acknowledged in the exercise and never shows in the real alert list', async () => {
    const hub = await signedIn('hub@renkei.example', '/exercises');
    await hub.getByRole('heading', { level: 1, name: '演習' }).waitFor();
    await hub.getByRole('link', { name: '演習を作成' }).click();
    await hub.getByRole('heading', { level: 1, name: '演習の作成' }).waitFor();
    await hub.getByRole('button', { name: '作成', exact: true }).click();
    await hub.getByText('入力内容に 4 件の問題があります。').waitFor();
    await hub.getByLabel('名称').fill('金融分野 演習（E2E）');
    await hub.getByLabel('参加組織').selectOption([{ label: 'さくら中央銀行' }]);
    await hub.getByLabel('種類').selectOption('alert');
    await hub.getByLabel('開始からの秒数').fill('0');
    await hub.getByLabel('件名', { exact: true }).fill(DRILL);
    await hub.getByLabel('内容', { exact: true }).fill('決済システムが停止したと想定します。');
    // A second inject: an incident scenario that asks the bank for a (synthetic) report.
    await hub.getByRole('button', { name: '注入を追加' }).click();
    await hub.locator('#inj-1-kind').selectOption('incident');
    await hub.locator('#inj-1-offset').fill('0');
    await hub.locator('#inj-1-headline').fill('【演習】勘定系の障害を報告してください（E2E）');
    await hub.locator('#inj-1-description').fill('勘定系が停止したと想定し、概要を報告してください。');
    await hub.screenshot({ path: path.join(ARTIFACTS, 'exercises-new.png'), fullPage: true });
    await hub.getByRole('button', { name: '作成', exact: true }).click();
    await hub.getByRole('heading', { level: 1, name: /金融分野 演習（E2E）/ }).waitFor();

    const bank = await signedIn('bank@renkei.example', '/exercises');
    await bank.getByRole('link', { name: '金融分野 演習（E2E）' }).click();
    await bank.getByText('まだ届いた注入はありません。').waitFor();
    await markDocument(bank);

    await hub.getByRole('button', { name: '演習を開始' }).click();
    await hub.getByRole('alertdialog').getByRole('button', { name: '開始する' }).click();
    await hub.getByTestId('exercise-state').getByText('実施中').waitFor();

    // The inject reaches the bank live, marked as an exercise.
    const inject = bank.locator('article[data-inject-kind="alert"]', { hasText: DRILL });
    await inject.waitFor({ timeout: LIVE_TIMEOUT });
    await inject.getByText('演習', { exact: true }).first().waitFor();
    expect(await sameDocument(bank)).toBe(true);
    await inject.getByRole('button', { name: '受領を確認' }).click();
    await inject.getByText(/に対応済み$/).waitFor();
    const incident = bank.locator('article[data-inject-kind="incident"]');
    await incident.getByLabel('報告の概要').fill('勘定系が停止（演習）。復旧見込み 2 時間。');
    await incident.getByRole('button', { name: '演習の報告を提出' }).click();
    await incident.getByText(/に対応済み$/).waitFor();
    await bank.screenshot({ path: path.join(ARTIFACTS, 'exercises-bank-inject.png'), fullPage: true });

    // The alert itself says Exercise; the real alert lists never show it.
    await inject.getByRole('link', { name: '警報を開く' }).click();
    await bank.getByRole('heading', { level: 1, name: DRILL }).waitFor();
    await bank.locator('.badge-exercise').first().waitFor();
    for (const box of ['received', 'all']) {
      await bank.goto(`${bw.base}/alerts?box=${box}`);
      await bank.getByRole('heading', { level: 1, name: '警報' }).waitFor();
      await bank.locator('table, p:has-text("表示できる警報はありません。")').first().waitFor();
      expect(await bank.getByText(DRILL).count()).toBe(0);
    }
    await bank.screenshot({ path: path.join(ARTIFACTS, 'exercises-bank-real-alerts.png'), fullPage: true });

    // The organiser's per-organisation report, live.
    await hub.getByText('勘定系が停止（演習）。復旧見込み 2 時間。').waitFor({ timeout: LIVE_TIMEOUT });
    const reportRow = hub.locator('tr[data-org="sakura-bank"]');
    await reportRow.locator('td').nth(0).getByText(/^1\/1 件/).waitFor({ timeout: LIVE_TIMEOUT });
    await reportRow.locator('td').nth(1).getByText(/^1\/1 件/).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await reportRow.locator('td').nth(2).innerText()).toBe('—');
    await hub.getByRole('button', { name: '演習を終了' }).click();
    await hub.getByTestId('exercise-state').getByText('終了').waitFor();
    await hub.screenshot({ path: path.join(ARTIFACTS, 'exercises-report.png'), fullPage: true });
    // The same report in English.
    await hub.getByRole('button', { name: 'Language' }).click();
    await hub.getByRole('heading', { level: 2, name: 'Response times by organisation' }).waitFor();
    await hub.getByRole('columnheader', { name: 'Alerts acknowledged' }).waitFor();
    await hub.screenshot({ path: path.join(ARTIFACTS, 'exercises-report-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});

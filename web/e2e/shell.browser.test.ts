import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { ARTIFACTS, suiteBrowserWorld, type BrowserWorld } from './browser.js';

describe('dashboard shell in Chromium', () => {
  let bw: BrowserWorld;
  suiteBrowserWorld((started) => (bw = started));

  it('logs in as a demo user, shows the Japanese home, switches to English (kept across reloads), logs out', async () => {
    const context = await bw.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(bw.base);

    // Japanese by default.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByLabel('メールアドレス').fill('hub@renkei.example');
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { level: 1, name: 'ようこそ、高橋 美咲 さん' }).waitFor();
    await expect.poll(() => page.getByText('国家サイバー統括室').first().isVisible()).toBe(true);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '報告' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'shell-home-ja.png'), fullPage: true });

    // The live-events indicator connects to /api/events.
    await page.getByText('接続中', { exact: true }).waitFor();

    // English, and it persists across a reload.
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, 高橋 美咲' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome, 高橋 美咲' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'shell-home-en.png'), fullPage: true });

    // Logging out returns to the login page, and the session is gone on the server.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await page.screenshot({ path: path.join(ARTIFACTS, 'shell-logged-out-en.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the server’s localized error for a wrong password, next to the form', async () => {
    const context = await bw.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(bw.base);
    await page.getByLabel('メールアドレス').fill('bank@renkei.example');
    await page.getByLabel('パスワード').fill('wrong-password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByText('メールアドレスまたはパスワードが正しくありません。').waitFor();
    await context.close();
  });

  it('a typed /login leads home once signed in; something not found says so and offers the way home, not a retry', async () => {
    const context = await bw.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${bw.base}/login`);
    await page.getByLabel('メールアドレス').fill('bank@renkei.example');
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { level: 1, name: /ようこそ/ }).waitFor();
    await page.waitForURL(`${bw.base}/`);
    // An id that is nobody's, as the bank sees it (another organisation's looks the same).
    for (const url of ['/alerts/00000000-0000-4000-8000-000000000000', '/exercises/00000000-0000-4000-8000-000000000000']) {
      await page.goto(bw.base + url);
      await page.getByText('お探しの項目は見つかりません。', { exact: false }).waitFor();
      expect(await page.getByRole('button', { name: '再試行' }).count(), url).toBe(0);
      await page.getByRole('link', { name: 'ホームへ戻る' }).waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

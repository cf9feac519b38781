import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIncidents } from '../../src/demo/incidents.js';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld, type SignInOptions } from './browser.js';

/**
 * What testers found in incident reporting on an ordinary laptop: the list's right-hand columns out of
 * reach, an update that seemed to withdraw a report already shared, and empty drafts piling up.
 */
describe('incident reporting: the list on a laptop, recipients already shared, drafts', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));
  // Two reports in the hub's inbox, with the longest cells the list has (clocks, reporter names).
  beforeAll(async () => seedDemoIncidents(bw.world.platform));

  const signedIn = (email: string, url: string, opts: SignInOptions = {}): Promise<Page> => signIn(bw, email, url, errors, opts);
  const draftCount = (page: Page) => page.evaluate(async () => ((await (await fetch('/api/incident-drafts')).json()) as { items: unknown[] }).items.length);

  type ListMeasure = { window: number; page: number; frameRight: number; frameScrolls: boolean; headers: { text: string; right: number }[] };
  /** Where the list's header cells end, against its frame and the window (a string: the tests have no DOM types). */
  const measureList = (page: Page) =>
    page.evaluate<ListMeasure>(`(() => {
      const frame = document.querySelector('.table-wrap');
      return {
        window: document.documentElement.clientWidth,
        page: document.documentElement.scrollWidth,
        frameRight: frame.getBoundingClientRect().right,
        frameScrolls: frame.scrollWidth > frame.clientWidth,
        headers: [...frame.querySelectorAll('thead th')].map((th) => ({ text: th.textContent, right: th.getBoundingClientRect().right })),
      };
    })()`);

  it('the list shows every column at 1280 × 800, in Japanese and English; narrower, the table scrolls in its own frame (by keyboard too), never the page', async () => {
    const page = await signedIn('hub@renkei.example', '/incidents?box=inbox', { viewport: { width: 1280, height: 800 } });
    await page.getByRole('table', { name: '受信' }).locator('tbody tr').nth(1).waitFor();
    for (const lang of ['ja', 'en']) {
      if (lang === 'en') {
        await page.getByRole('button', { name: 'Language' }).click();
        await page.getByRole('columnheader', { name: 'Status and next deadline' }).waitFor();
      }
      const m = await measureList(page);
      expect(m.headers).toHaveLength(7);
      expect(m.page, `${lang}: the page is wider than the window`).toBeLessThanOrEqual(m.window);
      // Each header ends inside the table's frame: seen without scrolling anything.
      for (const h of m.headers) expect(h.right, `${lang}: ${h.text}`).toBeLessThanOrEqual(m.frameRight + 1);
      await page.screenshot({ path: path.join(ARTIFACTS, `incidents-list-1280-${lang}.png`) });
    }

    // A phone-sized window: the frame scrolls, the page does not, and the keyboard reaches the last column.
    await page.setViewportSize({ width: 600, height: 800 });
    const narrow = await measureList(page);
    expect(narrow.frameScrolls).toBe(true);
    expect(narrow.page).toBeLessThanOrEqual(narrow.window);
    await page.getByRole('group', { name: 'Inbox' }).focus();
    expect(await page.evaluate<string>('document.activeElement.className')).toBe('table-wrap');
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    // Keyboard scrolling is animated: wait for it to come to rest at the last column.
    await expect.poll(async () => ((m) => m.headers.at(-1)!.right - m.frameRight)(await measureList(page))).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  }, 60_000);

  it('an update shows a recipient already shared with ticked and locked, says why in both languages, and files with it kept', async () => {
    const report = {
      type: 'unauthorized_access',
      title: '共有済みの報告先（E2E）',
      summary: 'VPN 機器への不正ログインを検知。',
      detectedAt: '2026-11-21T09:30:00+09:00',
      businessImpact: 'none',
      contact: { name: '林 浩二', email: 'soc@sakura-bank.example' },
    };
    const filed = await bw.world.as(await bw.world.login('bank@renkei.example'), { method: 'POST', url: '/api/incidents', payload: { report, sharing: { optionalRegimes: ['police'] } } });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as string;

    const page = await signedIn('bank@renkei.example', `/incidents/${id}/stages/update`);
    await page.getByRole('heading', { level: 1, name: /更新報告/ }).waitFor();
    const police = page.getByRole('checkbox', { name: /警察への相談・通報/ });
    expect(await police.isChecked()).toBe(true);
    expect(await police.isDisabled()).toBe(true);
    await page.getByText('共有済み：届いた報告は取り消せないため、外せません', { exact: false }).waitFor();
    // A recipient not shared yet can still be added.
    const nis2 = page.getByRole('checkbox', { name: /EU NIS2/ });
    expect(await nis2.isDisabled()).toBe(false);
    await nis2.check();

    await page.getByRole('button', { name: 'Language' }).click();
    const policeEn = page.getByRole('checkbox', { name: /Report to the police/ });
    expect(await policeEn.isDisabled()).toBe(true);
    await page.getByText('already shared: a delivered report cannot be withdrawn', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Language' }).click();

    await page.getByRole('button', { name: '更新報告を提出' }).click();
    await page.waitForURL(/\?filed=update$/);
    const after = await page.evaluate(async (reportId) => ((await (await fetch(`/api/incidents/${reportId}`)).json()) as { sharing: { optionalRegimes: string[] } }).sharing, id);
    expect(after.optionalRegimes.sort()).toEqual(['nis2', 'police']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('opening the new-report form, or typing and clearing it, makes no draft; the first real entry does, and the list discards it', async () => {
    // The power company has no drafts yet; the other tests of this file file as the bank.
    const page = await signedIn('power@renkei.example', '/incidents/new');
    await page.getByRole('heading', { level: 1, name: '新規報告' }).waitFor();
    expect(await draftCount(page)).toBe(0);
    // Into a field and out again, a box ticked and unticked, a letter typed and deleted, an empty indicator row.
    await page.getByLabel('件名').click();
    await page.getByLabel('概要').click();
    const naming = page.getByRole('checkbox', { name: /当組織の名称を記載することを許可する/ });
    await naming.check();
    await naming.uncheck();
    await page.getByLabel('件名').fill('x');
    await page.getByLabel('件名').fill('');
    await page.getByRole('button', { name: '痕跡情報を追加' }).click();
    await page.getByLabel('概要').click();
    // Past the autosave's pause, and past leaving the page (which saves at once).
    await page.waitForTimeout(2_500);
    await page.goto(`${bw.base}/incidents`);
    await page.getByRole('heading', { level: 1, name: '報告' }).waitFor();
    expect(await draftCount(page)).toBe(0);

    // Something entered: now it is a draft, and a blank form lists it to resume or discard.
    await page.goto(`${bw.base}/incidents/new`);
    await page.getByLabel('件名').fill('下書きの整理（E2E）');
    await page.waitForURL(/\/incidents\/new\?draft=[0-9a-f-]{36}$/);
    expect(await draftCount(page)).toBe(1);
    const blank = await page.context().newPage();
    await blank.goto(`${bw.base}/incidents/new`);
    await blank.getByRole('heading', { name: '保存された下書き' }).waitFor();
    await blank.getByRole('button', { name: '下書き「下書きの整理（E2E）」を破棄' }).click();
    await blank.getByRole('button', { name: '破棄する' }).click();
    await expect.poll(() => blank.getByRole('heading', { name: '保存された下書き' }).count()).toBe(0);
    expect(await draftCount(blank)).toBe(0);

    // Typed, and the page left at once (before autosave's pause): the draft is kept all the same, and
    // its creation does not take the user back to the form.
    await blank.getByLabel('件名').fill('すぐに離れた下書き（E2E）');
    await blank.locator('.site-nav').getByRole('link', { name: '報告', exact: true }).click();
    await blank.getByRole('heading', { level: 1, name: '報告' }).waitFor();
    await expect.poll(() => draftCount(blank)).toBe(1);
    await blank.waitForTimeout(500);
    expect(new URL(blank.url()).pathname).toBe('/incidents');
    expect(errors).toEqual([]);
  }, 60_000);
});

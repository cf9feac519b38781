import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, signedIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

// Each audience's home and the pages its menu leads to (DOMAIN.md: the same picture, per entitlement).
const AUDIENCES: { email: string; audience: string; pages: string[] }[] = [
  { email: 'hub@renkei.example', audience: 'national', pages: ['/incidents', '/advisories', '/intel', '/intel/warnings', '/supply-chain/mismatches', '/alerts', '/exercises'] },
  { email: 'fsa@renkei.example', audience: 'ministry', pages: ['/incidents', '/advisories', '/alerts', '/assets/ministry'] },
  { email: 'bank@renkei.example', audience: 'company', pages: ['/incidents', '/incidents/new', '/assets', '/assets/import', '/advisories', '/supply-chain', '/alerts', '/exercises'] },
  { email: 'msp@renkei.example', audience: 'company', pages: ['/assets?scope=operated', '/supply-chain'] },
  { email: 'isac@renkei.example', audience: 'isac', pages: ['/intel', '/intel/search', '/intel/collections', '/alerts'] },
];

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
type AxeResult = { violations: { id: string; nodes: { target: string[]; any: { message: string }[] }[] }[]; passes: { nodes: unknown[] }[] };

/**
 * axe-core's color-contrast rule (WCAG 2.1 AA 1.4.3: 4.5:1, 3:1 for large text) over the whole page,
 * header and menu included. Returns one line per failing element, and how many elements passed so a
 * page that rendered nothing cannot pass silently.
 */
async function contrastFailures(page: Page): Promise<{ failures: string[]; passed: number }> {
  // Page-side code is written as strings: the test project's TypeScript has no DOM types.
  if (!(await page.evaluate<boolean>(`'axe' in globalThis`))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate<AxeResult>(`axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations', 'passes'] })`);
  return {
    failures: result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? v.id}`)),
    passed: result.passes.reduce((a, p) => a + p.nodes.length, 0),
  };
}

/** Waits until the page has its heading and nothing in <main> is still loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  // The shared loading line (ui/Status) is a role=status paragraph saying so; tiles and lists mark aria-busy.
  await page.waitForFunction(`!document.querySelector('main [aria-busy="true"]') && ![...document.querySelectorAll('main [role="status"]')].some((e) => /読み込み中|Loading…/.test(e.textContent))`);
}

const noSidewaysScroll = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

describe('accessibility in Chromium: contrast, keyboard, small screens', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  it('every audience’s home and main pages meet WCAG 2.1 AA text contrast, in Japanese and English', async () => {
    const found: string[] = [];
    for (const { email, audience, pages } of AUDIENCES) {
      // Only so the axe-core script can be injected; the page's own CSP stays as served otherwise.
      const page = await signedIn(bw, email, '/', errors, { bypassCSP: true, timeoutMs: 60_000 });
      await page.locator(`[data-audience="${audience}"]`).waitFor();
      for (const lang of ['ja', 'en'] as const) {
        if (lang === 'en') {
          await page.getByRole('button', { name: 'Language' }).click();
          await page.locator('html[lang="en"]').waitFor();
        }
        for (const url of ['/', ...pages]) {
          await page.goto(bw.base + url);
          await page.locator(`html[lang="${lang}"]`).waitFor();
          await settled(page);
          const { failures, passed } = await contrastFailures(page);
          expect(passed, `${email} ${url} (${lang}): text was checked`).toBeGreaterThan(5);
          for (const f of failures) found.push(`${email} ${url} (${lang}): ${f}`);
        }
      }
      await page.context().close();
    }
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('by keyboard alone at 1024×768: the main menu, then an import, file chosen and sent, with no sideways scrolling', async () => {
    const page = await signedIn(bw, 'bank@renkei.example', '/', errors, { viewport: { width: 1024, height: 768 }, timeoutMs: 60_000 });
    await page.locator('[data-audience="company"]').waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);

    /** Presses Tab until the focused element matches `selector`; fails after 60 presses. */
    async function tabTo(selector: string): Promise<void> {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    }

    // The skip link comes first, then the main menu.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.className')).toContain('skip-link');
    await tabTo('nav[aria-label="メインメニュー"] a[href="/assets"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/assets(\?|$)/);
    await tabTo('a[href="/assets/import"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/assets\/import$/);
    await page.getByRole('heading', { level: 2, name: 'CSV ファイルから登録' }).waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);

    // The file input opens the file chooser from the keyboard; the import is sent with Enter.
    await tabTo('#import-csv-file');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    await (await chooser).setFiles({ name: 'keyboard.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nキーボード試験サーバ,server,Oracle,Database Server,19.3,,,internal,勘定系,high,,false\n`) });
    await tabTo('button[type="submit"]:not([disabled])');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('CSV を取り込む');
    await page.keyboard.press('Enter');
    await page.getByText('keyboard.csv を取り込みました。').waitFor();
    expect(await noSidewaysScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-keyboard-import-1024.png'), fullPage: true });

    // The pages an operator uses most, at 1024×768 and at 1280×720: nothing scrolls sideways.
    for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(viewport);
      for (const url of ['/', '/incidents', '/incidents/new', '/assets', '/advisories', '/supply-chain', '/alerts', '/exercises']) {
        await page.goto(bw.base + url);
        await settled(page);
        expect(await noSidewaysScroll(page), `${url} at ${viewport.width}×${viewport.height}`).toBe(true);
      }
    }
    expect(errors).toEqual([]);
  }, 180_000);

  it('on a phone a report keeps its values readable: each under its label, indicators in a table that scrolls', async () => {
    const bank = await bw.world.login('bank@renkei.example');
    const report = {
      type: 'ransomware',
      title: 'スマートフォン表示の確認',
      summary: '営業店のファイルサーバが暗号化された。',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      ransomware: { noteText: 'Your files are encrypted. Contact us within 72 hours.', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false },
      indicators: [{ kind: 'sha256', value: '9f2b6c1d8e4a7f3b5c0d2e6a9b8c7d1e3f5a4b6c8d0e2f4a6b8c0d2e4f6a8b0c', note: '暗号化プログラム' }],
      businessImpact: 'degraded',
      contact: { name: '担当者', email: 'soc@example.jp' },
    };
    const res = await bw.world.as(bank, { method: 'POST', url: '/api/incidents', payload: { report } });
    expect(res.statusCode).toBe(201);
    const page = await signedIn(bw, 'bank@renkei.example', `/incidents/${res.json().id}`, errors, { viewport: { width: 390, height: 844 } });
    await settled(page);
    expect(await noSidewaysScroll(page)).toBe(true);
    // The ransom note sits under its label at nearly the page's width, not squeezed beside a long label.
    const note = page.locator('dd', { hasText: 'Your files are encrypted' });
    const label = page.locator('dt', { hasText: '脅迫文（ランサムノート）の内容' });
    const [noteBox, labelBox] = [await note.boundingBox(), await label.boundingBox()];
    expect(noteBox!.y).toBeGreaterThan(labelBox!.y + labelBox!.height - 1);
    expect(noteBox!.width).toBeGreaterThan(250);
    // The hash keeps a readable column (wrapping anywhere let it shrink to one character).
    expect((await page.locator('td code.indicator').boundingBox())!.width).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'a11y-report-390.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});

import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, signedIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

const ROWS = 1000;
// Bytes per second the browser may send: the file then takes seconds to leave, long enough for
// several progress events, as it would on a slow office uplink.
const UPLOAD_BYTES_PER_SECOND = 20_000;

type Sample = { value: number | null; max: number; figure: string; label: string };

/**
 * Records every state the upload's <progress> passes through, from inside the page (a MutationObserver),
 * so no state is missed between two polls from the test.
 */
async function recordProgress(page: Page): Promise<void> {
  // Page-side code as a string: the test project's TypeScript has no DOM types.
  await page.evaluate(`(() => {
    const samples = (globalThis.progressSamples = []);
    const take = () => {
      const bar = document.querySelector('.upload-progress progress');
      if (!bar) return;
      const box = bar.closest('.upload-progress');
      const sample = {
        value: bar.hasAttribute('value') ? bar.value : null,
        max: bar.max,
        figure: box.querySelector('.upload-progress-figure')?.textContent ?? '',
        label: box.querySelector('label')?.textContent ?? '',
      };
      const last = samples.at(-1);
      if (!last || last.value !== sample.value || last.figure !== sample.figure) samples.push(sample);
    };
    new MutationObserver(take).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
}

describe('long operations show progress, in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  it('a large asset CSV shows the share sent rising on a <progress> bar, then the server at work, then the result', async () => {
    const page = await signedIn(bw, 'bank@renkei.example', '/assets/import', errors, { timeoutMs: 60_000 });
    await page.getByRole('heading', { level: 2, name: 'CSV ファイルから登録' }).waitFor();
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    const rows = Array.from({ length: ROWS }, (_, i) => `進捗試験サーバ${String(i).padStart(4, '0')},server,Oracle,Database Server,19.3,,,internal,勘定系,high,,false`);
    const csv = Buffer.from(`${header}\n${rows.join('\n')}\n`);
    await page.getByLabel('CSV ファイル', { exact: true }).setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: csv });

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: UPLOAD_BYTES_PER_SECOND });
    await recordProgress(page);
    await page.getByRole('button', { name: 'CSV を取り込む' }).click();

    // While sending: a determinate bar and its percentage, in Japanese.
    const section = page.locator('section', { hasText: 'CSV ファイルから登録' });
    await section.getByRole('progressbar', { name: 'ファイルを送信しています' }).waitFor();
    await section.locator('.upload-progress').screenshot({ path: path.join(ARTIFACTS, 'progress-sending.png') });
    await page.getByText('many.csv を取り込みました。').waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(await page.locator('.alert-info dl').textContent()).toContain(`取り込んだ件数${ROWS}新規登録${ROWS}`);

    const samples = await page.evaluate<Sample[]>('globalThis.progressSamples');
    const sending = samples.filter((s) => s.value !== null);
    // The bar's maximum is the file's size on the wire, and its value rises step by step, never back.
    expect(sending.length).toBeGreaterThanOrEqual(4);
    for (const s of sending) expect(s.max).toBe(csv.length);
    for (let i = 1; i < sending.length; i++) expect(sending[i]!.value!).toBeGreaterThanOrEqual(sending[i - 1]!.value!);
    const between = sending.filter((s) => s.value! > 0 && s.value! < s.max);
    expect(between.length).toBeGreaterThanOrEqual(2);
    for (const s of sending) expect(s.figure).toMatch(/^\d{1,3}%（[\d.,]+ [KM]B \/ [\d.,]+ [KM]B）$/);
    // Then an indeterminate bar while the server imports, with the time it has taken.
    const processing = samples.filter((s) => s.value === null);
    expect(processing.length).toBeGreaterThanOrEqual(1);
    expect(processing[0]!.label).toBe('サーバーで処理しています…');
    expect(processing[0]!.figure).toMatch(/^経過 \d+ 秒$/);
    expect(samples.indexOf(processing[0]!)).toBeGreaterThan(samples.indexOf(sending.at(-1)!));
    // Done: the bar is gone and the result is shown in its place.
    expect(await page.locator('.upload-progress').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});

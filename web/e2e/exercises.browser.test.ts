import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoExercise } from '../../src/demo/exercise.js';
import { ARTIFACTS, signedIn as signIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

const NAME = '金融分野ランサムウェア対応演習 (demo)';

describe('running an exercise in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));
  // The demo's drafted drill (FSA → the two banks; injects at 0, 900 and 2700 seconds).
  beforeAll(async () => seedDemoExercise(bw.world.platform));

  const signedIn = (email: string, url: string): Promise<Page> => signIn(bw, email, url, errors);
  const stateOnServer = async () => {
    const fsa = await bw.world.login('fsa@renkei.example');
    const list = (await bw.world.as(fsa, { method: 'GET', url: '/api/exercises' })).json().items as { name: string; state: string; fired: number }[];
    return list.find((e) => e.name === NAME)!;
  };

  it('the timeline reads inject offsets as minutes and hours, in Japanese and English', async () => {
    const fsa = await signedIn('fsa@renkei.example', '/exercises');
    await fsa.getByRole('link', { name: NAME }).click();
    const timeline = fsa.getByRole('region', { name: /^(注入のタイムライン|Inject timeline)$/ });
    const offsets = timeline.locator('article.inject-row > p:first-of-type');
    await offsets.first().waitFor();
    expect((await offsets.allInnerTexts()).map((s) => s.split(' —')[0])).toEqual(['+0 分', '+15 分', '+45 分']);
    expect(await timeline.getByText(/\d+ 秒/).count()).toBe(0);
    await fsa.getByRole('button', { name: 'Language' }).click();
    await fsa.getByRole('heading', { level: 2, name: 'Inject timeline' }).waitFor();
    expect((await offsets.allInnerTexts()).map((s) => s.split(' —')[0])).toEqual(['+0 min', '+15 min', '+45 min']);
    await fsa.getByRole('button', { name: 'Language' }).click();
    await fsa.getByRole('heading', { level: 2, name: '注入のタイムライン' }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('starting asks first, naming the organisations that will receive the injects; cancel starts nothing', async () => {
    const fsa = await signedIn('fsa@renkei.example', '/exercises');
    await fsa.getByRole('link', { name: NAME }).click();
    const start = fsa.getByRole('button', { name: '演習を開始' });
    await start.click();
    const confirm = fsa.getByRole('alertdialog');
    await confirm.getByText('演習を開始すると、次の 2 組織に注入が届きます：さくら中央銀行、ひかり信用金庫。').waitFor();
    await confirm.getByText('注入は 3 件で、最後の注入は開始から 45 分後に送信されます。').waitFor();
    expect(await fsa.evaluate<string>('document.activeElement?.textContent')).toBe('開始する');
    await fsa.screenshot({ path: path.join(ARTIFACTS, 'exercises-confirm-start.png'), fullPage: true });
    // Asking started nothing.
    expect(await stateOnServer()).toMatchObject({ state: 'draft', fired: 0 });
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    await confirm.waitFor({ state: 'detached' });
    await fsa.waitForFunction("document.activeElement?.textContent === '演習を開始'");
    expect(await fsa.getByTestId('exercise-state').innerText()).toBe('準備中');
    expect(await stateOnServer()).toMatchObject({ state: 'draft', fired: 0 });

    await start.click();
    await fsa.getByRole('alertdialog').getByRole('button', { name: '開始する' }).click();
    await fsa.getByTestId('exercise-state').getByText('実施中').waitFor();
    await fsa.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await stateOnServer()).toMatchObject({ state: 'running' });
    expect(errors).toEqual([]);
  }, 120_000);
});

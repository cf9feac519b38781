import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedIn as signIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

/**
 * What a small supplier meets on its own: the evidence form's errors and results, the level marks on
 * the home page, the history of its declarations, and no assessor's page that is not for it.
 */
describe('a small supplier’s assessment in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];
  suiteBrowserWorld((started) => (bw = started));
  const signedIn = (email: string, url: string): Promise<Page> => signIn(bw, email, url, errors);
  const api = async (email: string, method: string, url: string, payload?: unknown) => {
    const res = await bw.world.as(await bw.world.login(email), { method, url, payload });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };

  it('the home tile marks SECURITY ACTION levels as the supply-chain pages do (SA ★★, not ★2)', async () => {
    const sme = await signedIn('sme@renkei.example', '/');
    const tile = sme.locator('[data-tile="suppliers"]');
    await tile.getByText('貴社の水準 SA ★★／最も高い要求 ★4').waitFor();
    const byLevel = await tile.getByRole('list', { name: '評価水準別の委託先数' }).innerText();
    expect(byLevel).toContain('SA ★');
    expect(byLevel).not.toMatch(/(^|\s)★[12](\s|$)/);
    expect(errors).toEqual([]);
  }, 120_000);

  it('evidence: the server’s message sits at the field; a later failure replaces the earlier success; the file input is emptied', async () => {
    const sme = await signedIn('sme@renkei.example', '/supply-chain/assessment');
    const item = sme.locator('li.question', { has: sme.getByRole('group', { name: /s3-03/ }) });
    await item.getByRole('button', { name: /メモ・証跡/ }).click();
    const url = item.getByLabel('または資料の URL');
    const file = item.getByLabel('ファイル', { exact: true });
    const attach = item.getByRole('button', { name: '証跡を添付' });

    // The server refuses the URL: its own words, at the URL field, not the generic sentence.
    const refused = await api('sme@renkei.example', 'POST', '/api/supply-chain/assessment/evidence', { itemId: 's3-03', filename: 'x', url: 'javascript:alert(1)' });
    expect(refused.status).toBe(400);
    const [{ path, message }] = refused.body.error.fields;
    expect(path).toBe('url');
    await url.fill('javascript:alert(1)');
    await attach.click();
    await item.locator('.field-invalid').getByText(message, { exact: true }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    // Focus moved to the field to correct (evaluated in the page, where the DOM exists).
    expect(await sme.evaluate('document.activeElement?.id')).toBe('ev-s3-03-url');
    expect(await item.getByText('入力内容に誤りがあります。').count()).toBe(0);
    // Correcting the field takes its message away.
    await url.fill('');
    await item.getByText(message, { exact: true }).waitFor({ state: 'detached' });

    // A 16-byte file attaches; it is listed in bytes, and the input no longer shows it.
    await file.setInputFiles({ name: '点検記録.txt', mimeType: 'text/plain', buffer: Buffer.from('0123456789abcdef') });
    await attach.click();
    const success = item.getByText('「点検記録.txt」を添付しました。');
    await success.waitFor();
    await item.getByRole('listitem').filter({ hasText: '点検記録.txt' }).getByText(/16 バイト/).waitFor();
    expect(await sme.evaluate("document.getElementById('ev-s3-03-file').files.length")).toBe(0);

    // Then a file over the limit: its error at the file field, and the earlier success gone.
    await file.setInputFiles({ name: '大きな資料.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(300 * 1024, 1) });
    await attach.click();
    await item.locator('.field-invalid').getByText('ファイルは 256 KiB までです。大きな資料は URL で参照してください。').waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    expect(await success.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('an organisation that is not a registered assessor has no assessor tab, and the claims page says it is not for it', async () => {
    const sme = await signedIn('sme@renkei.example', '/supply-chain');
    const menu = sme.getByRole('navigation', { name: 'サプライチェーンのメニュー' });
    await menu.getByRole('link', { name: '自己評価' }).waitFor();
    expect(await menu.getByRole('link', { name: '評価機関' }).count()).toBe(0);
    await sme.goto(bw.base + '/supply-chain/claims');
    await sme.getByText('このページは登録評価機関の組織向けです。', { exact: false }).waitFor();
    expect(await sme.getByText(/貴組織（登録評価機関）宛て/).count()).toBe(0);
    expect(await menu.getByRole('link', { name: '評価機関' }).count()).toBe(0);

    const assessor = await signedIn('assessor@renkei.example', '/supply-chain');
    await assessor.getByRole('navigation', { name: 'サプライチェーンのメニュー' }).getByRole('link', { name: '評価機関' }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a rejected claim shows when it was decided in the history', async () => {
    const catalogue = (await api('sme@renkei.example', 'GET', '/api/supply-chain/catalogue')).body;
    for (const lvl of catalogue.levels.slice(0, 4)) for (const r of lvl.requirements) await api('sme@renkei.example', 'PUT', `/api/supply-chain/assessment/answers/${r.id}`, { answer: 'yes' });
    const assessorOrgId = await bw.world.orgId('anshin-hyoka');
    const declared = await api('sme@renkei.example', 'POST', '/api/supply-chain/assessment/declare', { assessorOrgId });
    expect(declared.status).toBe(201);
    expect((await api('assessor@renkei.example', 'POST', `/api/supply-chain/claims/${declared.body.claim.id}/decision`, { decision: 'reject', note: '証跡が不足しています' })).status).toBe(200);

    const sme = await signedIn('sme@renkei.example', '/supply-chain/assessment');
    const history = sme.getByRole('region', { name: '宣言・評価の履歴と有効期限' });
    const rejected = history.getByRole('row', { name: /★4.*却下/ });
    await rejected.waitFor();
    // Columns after the level: basis, status, declared/decided, expiry.
    expect(await rejected.locator('td').nth(2).innerText()).toMatch(/\d{4}/);
    expect(errors).toEqual([]);
  }, 120_000);
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signedIn as signIn, suiteBrowserWorld, type BrowserWorld } from './browser.js';

const LIVE_TIMEOUT = 15_000;
const ADDRESS = '198.51.100.9';

function report(indicators: { kind: string; value: string }[]) {
  return {
    type: 'ransomware',
    title: 'VPN 経由の侵入（E2E）',
    summary: '外部からの侵入を検知した。',
    detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    startedAt: new Date(Date.now() - 7_200_000).toISOString(),
    affectedServices: ['社内システム'],
    intrusionRoute: 'vpn',
    ransomware: { noteText: 'PAY', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false },
    indicators,
    businessImpact: 'degraded',
    contact: { name: '担当者', email: 'soc@example.jp', phone: '03-0000-0000' },
  };
}

describe('intel search and early warnings in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  const signedIn = (email: string, url: string): Promise<Page> => signIn(bw, email, url, errors);

  async function file(email: string, nameInIntel: boolean): Promise<void> {
    const session = await bw.world.login(email);
    const res = await bw.world.as(session, { method: 'POST', url: '/api/incidents', payload: { report: report([{ kind: 'ipv4', value: ADDRESS }]), sharing: { optionalRegimes: [], nameInIntel } } });
    expect(res.statusCode).toBe(201);
  }

  it('a warning appears live for the hub, and the search shows counts without naming a reporter that did not allow it', async () => {
    const hub = await signedIn('hub@renkei.example', '/');
    await hub.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '早期警戒' }).click();
    await hub.getByRole('heading', { level: 1, name: '早期警戒' }).waitFor();
    await hub.getByText('あなた宛ての早期警戒はありません。').waitFor();
    // The menu marks this entry alone, not 脅威情報 (/intel) above it as well.
    const menu = hub.getByRole('navigation', { name: 'メインメニュー' });
    expect(await menu.locator('[aria-current]').allTextContents()).toEqual(['早期警戒']);

    // Two sectors report the same address: the warning arrives over the event stream, no reload.
    await file('bank@renkei.example', true);
    await file('power@renkei.example', false);
    const row = hub.getByRole('row').filter({ hasText: ADDRESS });
    await row.waitFor({ timeout: LIVE_TIMEOUT });
    await expect(row.textContent()).resolves.toContain('金融');

    // The address links to the search; a network containing it finds the same reports.
    await hub.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '脅威情報の検索' }).click();
    await hub.getByLabel('検索語').fill('198.51.100.0/24');
    await hub.getByRole('button', { name: '検索', exact: true }).click();
    await hub.getByText('2 件の報告、2 組織、2 分野で観測されています。').waitFor();
    const panel = hub.locator('section.where-seen');
    await expect(panel.textContent()).resolves.toContain('さくら中央銀行');
    await expect(panel.textContent()).resolves.toContain('ほか非公開 1 組織');
    await expect(panel.textContent()).resolves.not.toContain('東海電力');

    // From a report's indicators to the same search: the value links there.
    await hub.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '報告' }).click();
    await hub.getByRole('link', { name: 'VPN 経由の侵入（E2E）' }).first().click();
    await hub.getByRole('link', { name: `${ADDRESS} の他での観測状況（脅威情報の検索）` }).click();
    await hub.getByRole('heading', { level: 1, name: '脅威情報の検索' }).waitFor();
    await hub.getByText('2 件の報告、2 組織、2 分野で観測されています。').waitFor();

    // A company not addressed learns nothing, not even that it was reported.
    const sme = await signedIn('sme@renkei.example', `/intel/search?q=${ADDRESS}`);
    await sme.getByText(`「${ADDRESS}」は、あなたが閲覧できる報告・オブジェクトでは確認されていません。`).waitFor();
    await sme.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '早期警戒' }).click();
    await sme.getByText('あなた宛ての早期警戒はありません。').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});

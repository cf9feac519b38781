import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, ROOT, signedIn as signIn, suiteBrowserWorld, type BrowserWorld, type SignInOptions } from './browser.js';

const LIVE_TIMEOUT = 15_000;
const PROVIDES = '取引明細・通知書の印刷発送（E2E）';

describe('supply chain in Chromium', () => {
  let bw: BrowserWorld;
  const errors: string[] = [];

  suiteBrowserWorld((started) => (bw = started));

  /** A signed-in page on `url`, in its own browser context (its own cookies), in Japanese, in Tokyo. */
  const signedIn = (email: string, url: string, opts: SignInOptions = {}): Promise<Page> => signIn(bw, email, url, errors, opts);

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `supply-chain-${name}.png`), fullPage: true });
  const suppliers = (page: Page) => page.getByRole('region', { name: '当社の取引先（委託先）' });
  const customers = (page: Page) => page.getByRole('region', { name: '当社を取引先として登録した顧客' });

  it('the bank declares a supplier with the three questions and sees the required level; the supplier confirms; the bank sees it live', async () => {
    const bank = await signedIn('bank@renkei.example', '/supply-chain');
    await bank.getByRole('heading', { level: 1, name: 'サプライチェーン' }).waitFor();
    // The seeded relationship with the printer is replaced by one declared through the form.
    const seeded = suppliers(bank).getByRole('row', { name: /こもれび印刷/ });
    await seeded.getByText('確認済み').waitFor();
    await suppliers(bank).getByRole('button', { name: '取引先 こもれび印刷 を削除' }).click();
    await bank.getByRole('button', { name: '削除する' }).click();
    await bank.getByText('取引先「こもれび印刷」の登録を削除しました。').waitFor();
    await seeded.waitFor({ state: 'detached' });

    // Nothing chosen: every required answer is named, nothing is sent.
    const form = bank.getByRole('region', { name: '取引先を登録' });
    await form.getByRole('button', { name: '取引先を登録' }).click();
    await form.getByText('取引先を選んでください。').waitFor();
    expect(await form.getByText('「はい」か「いいえ」を選んでください。').count()).toBe(3);
    expect(await form.getByLabel(/^取引先（委託先）/).getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel(/^取引先（委託先）/).selectOption({ label: 'こもれび印刷（中小企業）' });
    await form.getByLabel(/^提供内容/).fill(PROVIDES);
    await form.getByRole('group', { name: /重要な機密データを保持しますか/ }).getByRole('radio', { name: 'はい' }).check();
    await form.getByRole('group', { name: /社内ネットワークに接続できますか/ }).getByRole('radio', { name: 'いいえ' }).check();
    // Two of three answered: no level promised yet.
    await form.getByText('3つの質問に答えると、必要な評価水準が表示されます。').waitFor();
    await form.getByRole('group', { name: /許容できない遅延/ }).getByRole('radio', { name: 'いいえ' }).check();
    const preview = form.locator('.required-preview');
    await preview.getByText('★4', { exact: true }).waitFor();
    await preview.getByText('重要データの保持・社内ネットワークへの接続・停止時の重大な影響のいずれかに該当').waitFor();
    await shot(bank, 'add-link-form');
    await form.getByRole('button', { name: '取引先を登録' }).click();
    const result = form.getByRole('status').filter({ hasText: 'を取引先として登録しました' });
    await result.waitFor();
    expect(await result.innerText()).toContain('★4');
    const row = suppliers(bank).getByRole('row', { name: /こもれび印刷/ });
    await row.getByText('確認待ち').waitFor();
    await row.getByText('★4', { exact: true }).waitFor();
    await row.getByText('重要データを保持').waitFor();
    await shot(bank, 'bank-pending');

    // The printer confirms, as the supplier.
    const sme = await signedIn('sme@renkei.example', '/supply-chain');
    await sme.getByText('貴組織の確認を待っている取引関係が 1 件あります。').waitFor();
    const incoming = customers(sme).getByRole('row', { name: /さくら中央銀行/ });
    await incoming.getByText('確認待ち').waitFor();
    await incoming.getByText(PROVIDES).waitFor();
    await incoming.getByRole('button', { name: 'さくら中央銀行 との取引関係を確認する' }).click();
    await sme.getByText('さくら中央銀行 との取引関係を確認しました。').waitFor();
    await incoming.getByText('確認済み').waitFor();
    await shot(sme, 'supplier-confirmed');

    // The bank's page follows without a reload.
    await row.getByText('確認済み').waitFor({ timeout: LIVE_TIMEOUT });
    expect(errors).toEqual([]);
  }, 120_000);

  it('the supplier answers the questionnaire, each answer saved as it goes, and its level rises; the mismatch and graph follow', async () => {
    const sme = await signedIn('sme@renkei.example', '/supply-chain/assessment');
    await sme.getByRole('heading', { level: 2, name: '評価水準' }).waitFor();
    const met = sme.getByTestId('met-level');
    await met.getByText('SA ★★').waitFor();
    await sme.getByTestId('missing-next').getByText(/★3（基礎） まで残り 11 項目/).waitFor();

    // What the customer needs, before.
    const s3 = sme.getByRole('region', { name: /^★3（基礎）/ });
    const yes = s3.getByRole('radio', { name: 'はい', exact: true });
    expect(await yes.count()).toBe(14);
    // By keyboard: focus the first open item's radio group and choose はい with the space bar.
    const firstId = (await s3.locator('li.question-none .question-id').first().innerText()).trim();
    const firstOpen = s3.locator('li.question', { has: sme.getByRole('group', { name: new RegExp(firstId) }) });
    await firstOpen.getByRole('radio', { name: 'はい', exact: true }).focus();
    await sme.keyboard.press('Space');
    expect(await firstOpen.getByRole('radio', { name: 'はい', exact: true }).isChecked()).toBe(true);
    for (let i = 0; i < 14; i++) if (!(await yes.nth(i).isChecked())) await yes.nth(i).check();
    await sme.getByTestId('progress-3').getByText('14 項目中 14 項目が「はい」').waitFor();
    // The level shown is the server's answer to the last save.
    await met.getByText('★3', { exact: true }).waitFor();
    await sme.getByRole('status').filter({ hasText: '保存済み' }).waitFor();
    await shot(sme, 'questionnaire');

    // A reload shows the answers were stored one by one (autosave), before any declaration.
    await sme.reload();
    await sme.getByTestId('progress-3').getByText('14 項目中 14 項目が「はい」').waitFor();
    await sme.getByTestId('current-level').getByText('SA ★★').waitFor();

    await sme.getByRole('button', { name: 'この回答で宣言する' }).click();
    await sme.getByText(/宣言しました（有効期限/).waitFor();
    await sme.getByTestId('current-level').getByText('★3', { exact: true }).waitFor();
    const history = sme.getByRole('region', { name: '宣言・評価の履歴と有効期限' });
    await history.getByRole('row', { name: /★3.*自己宣言.*有効/ }).waitFor();

    // The bank still requires ★4: the printer sees what its customer needs, with the gap.
    await sme.getByRole('navigation', { name: 'サプライチェーンのメニュー' }).getByRole('link', { name: '要求水準との差' }).click();
    const need = sme.getByRole('region', { name: '顧客が当社に求めている水準' }).getByRole('row', { name: /さくら中央銀行/ });
    // Columns after the customer: provides, required, current, gap.
    await need.locator('td').nth(1).getByText('★4', { exact: true }).waitFor();
    await need.locator('td').nth(2).getByText('★3', { exact: true }).waitFor();
    await need.getByText(/不足 \d+ 項目/).waitFor();
    await shot(sme, 'mismatch-supplier');

    // The bank's graph renders its chain with the printer's new level.
    const bank = await signedIn('bank@renkei.example', '/supply-chain/graph');
    await bank.getByRole('heading', { level: 2, name: 'サプライチェーンのグラフ' }).waitFor();
    const canvas = bank.locator('.graph-canvas');
    await canvas.locator('canvas').first().waitFor();
    // Set by the drawing once cytoscape has laid the nodes out.
    await expect.poll(async () => Number(await canvas.getAttribute('data-rendered-nodes')), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const table = bank.getByRole('table', { name: 'グラフに表示中の組織' });
    // Columns after the name: level, lowest on the path, tier, affected, expand.
    await table.getByRole('row', { name: /こもれび印刷/ }).locator('td').first().getByText('★3', { exact: true }).waitFor();
    await table.getByRole('row', { name: /さくら中央銀行/ }).getByText('起点').waitFor();
    // Beyond what the bank may see, a stand-in is shown as such.
    await table.getByRole('row', { name: /非公開の/ }).first().waitFor();
    // Focus and expand: selecting the MSP shows its details and its own suppliers.
    await table.getByRole('button', { name: 'つばさシステムサービス', exact: true }).click();
    await bank.getByRole('region', { name: '選択した組織' }).getByText('この組織の取引先').waitFor();
    await shot(bank, 'graph');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a registered assessor confirms a pending ★4 claim', async () => {
    const assessor = await signedIn('assessor@renkei.example', '/supply-chain/claims');
    const claim = assessor.getByRole('listitem').filter({ has: assessor.getByRole('heading', { name: /つばさシステムサービス/ }) });
    // What the claimant answered, item by item up to ★4, before deciding.
    await claim.getByText(/回答と証跡を確認（75 項目中 75 項目が「はい」/).click();
    await claim.getByRole('row', { name: /s4-01/ }).getByText('はい', { exact: true }).waitFor();
    await shot(assessor, 'assessor-review');
    await claim.getByRole('button', { name: '★4 を承認' }).click();
    await assessor.getByText('つばさシステムサービス の申請を承認しました。').waitFor();
    await assessor.getByRole('heading', { level: 2, name: '判定済みの申請' }).waitFor();
    await shot(assessor, 'assessor');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a supplier sees who depends on it, with depth, further tiers unnamed; the pages are complete in English', async () => {
    const msp = await signedIn('msp@renkei.example', '/supply-chain/graph');
    const blast = msp.getByRole('region', { name: '影響範囲（この組織に依存する顧客）' });
    await blast.getByRole('row', { name: /1 次.*さくら中央銀行/ }).waitFor();
    await blast.getByRole('row', { name: /1 次.*ひかり信用金庫/ }).waitFor();
    await blast.getByRole('row', { name: /2 次.*非公開の顧客/ }).first().waitFor();
    await expect.poll(async () => Number(await blast.locator('.graph-canvas').getAttribute('data-rendered-nodes')), { timeout: 15_000 }).toBeGreaterThan(4);
    await blast.getByTestId('blast-total').getByText(/1 次 \d+ \/ 2 次 \d+/).waitFor();
    await shot(msp, 'blast-radius');

    await msp.getByRole('button', { name: 'Language' }).click();
    await msp.getByRole('heading', { level: 2, name: 'Supply-chain graph' }).waitFor();
    await msp.getByRole('region', { name: 'Blast radius (customers depending on this organisation)' }).getByRole('row', { name: /Tier 1.*Sakura/ }).waitFor();
    await msp.getByRole('navigation', { name: 'Supply chain menu' }).getByRole('link', { name: 'Self-assessment' }).click();
    await msp.getByRole('heading', { level: 2, name: 'Self-assessment questions' }).waitFor();
    await msp.getByRole('region', { name: /^★3 \(baseline\)/ }).getByRole('radio', { name: 'Not sure' }).first().waitFor();
    await shot(msp, 'assessment-en');
    // Back to Japanese for whoever uses this browser profile next.
    await msp.getByRole('button', { name: 'Language' }).click();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a note typed just before the tab closes is kept; evidence attaches to an answer', async () => {
    const first = await signedIn('sasaki@renkei.example', '/supply-chain/assessment');
    const item = (page: Page) => page.locator('li.question', { has: page.getByRole('group', { name: /sa2-01/ }) });
    await item(first).getByRole('radio', { name: 'いいえ' }).check();
    await first.getByRole('status').filter({ hasText: '保存済み' }).waitFor();
    await item(first).getByRole('button', { name: /メモ・証跡/ }).click();
    await item(first).getByLabel('メモ').fill('来月までに更新手順を整備する（E2E）');
    // Closed well before the note's autosave pause ends: the page-hide flush must carry it.
    await first.close({ runBeforeUnload: true });

    const again = await first.context().newPage();
    await again.goto(bw.base + '/supply-chain/assessment');
    expect(await item(again).getByRole('radio', { name: 'いいえ' }).isChecked()).toBe(true);
    await item(again).getByRole('button', { name: /メモ・証跡/ }).click();
    expect(await item(again).getByLabel('メモ').inputValue()).toBe('来月までに更新手順を整備する（E2E）');
    await again.getByTestId('missing-next').getByText('「いいえ」と回答').first().waitFor();

    await item(again).getByLabel('ファイル').setInputFiles({ name: '更新手順.txt', mimeType: 'text/plain', buffer: Buffer.from('手順') });
    await item(again).getByRole('button', { name: '証跡を添付' }).click();
    await item(again).getByText('「更新手順.txt」を添付しました。').waitFor();
    await item(again).getByRole('button', { name: '更新手順.txt' }).waitFor();
    await item(again).screenshot({ path: path.join(ARTIFACTS, 'supply-chain-note-evidence.png') });
    expect(errors).toEqual([]);
  }, 120_000);

  it('the national hub oversees links without being a party and looks at any organisation’s chain', async () => {
    const hub = await signedIn('hub@renkei.example', '/supply-chain');
    await hub.getByRole('region', { name: '所管する取引関係' }).getByRole('row', { name: /はやてOTエンジニアリング/ }).first().waitFor();
    // The hub declares nothing itself.
    expect(await hub.getByRole('region', { name: '取引先を登録' }).count()).toBe(0);
    await hub.getByRole('navigation', { name: 'サプライチェーンのメニュー' }).getByRole('link', { name: 'グラフ・影響範囲' }).click();
    // It has no chain of its own: it is asked to choose, not told to declare suppliers.
    await hub.getByRole('status').filter({ hasText: '組織を選ぶと' }).waitFor();
    expect(await hub.getByText('登録された取引先はありません').count()).toBe(0);
    await hub.getByLabel('表示する組織').selectOption({ label: 'さくら中央銀行' });
    await hub.waitForURL(/\/supply-chain\/graph\?org=/);
    const table = hub.getByRole('table', { name: 'グラフに表示中の組織' });
    await table.getByRole('row', { name: /さくら中央銀行/ }).getByText('起点').waitFor();
    // The hub sees every organisation named: no stand-ins.
    await table.getByRole('row', { name: /つばさシステムサービス/ }).waitFor();
    expect(await table.getByRole('row', { name: /非公開の/ }).count()).toBe(0);
    await shot(hub, 'hub-graph');
    // Not a party to any link: the nation-wide counts instead of its own mismatches, and no questionnaire tab.
    const menu = hub.getByRole('navigation', { name: 'サプライチェーンのメニュー' });
    expect(await menu.getByRole('link', { name: '自己評価' }).count()).toBe(0);
    await menu.getByRole('link', { name: '要求水準との差' }).click();
    const nation = hub.getByRole('region', { name: '全国の状況：必要な水準に達していない取引関係' });
    // A header row and at least one pair of levels (the seeded printer is below ★4).
    await nation.getByRole('row').nth(1).waitFor();
    await shot(hub, 'hub-nation');
    expect(errors).toEqual([]);
  }, 120_000);

  it('a CSV import names each bad row and stores nothing; a correct file declares the suppliers as pending', async () => {
    const bank = await signedIn('bank@renkei.example', '/supply-chain');
    const csv = bank.getByRole('region', { name: 'CSV ファイルから登録' });
    const header = 'supplier,provides,holds_key_data,network_access,outage_unacceptable,criticality\n';
    await csv.getByLabel('CSV ファイル').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}hayate-ot,制御系の保守,maybe,no,no,medium\nmirai-network,,no,no,no,urgent\n`) });
    await csv.getByRole('button', { name: 'CSV を取り込む' }).click();
    const problems = csv.getByRole('alert');
    await problems.getByRole('row', { name: /2 行目.*holds_key_data/ }).waitFor();
    await problems.getByRole('row', { name: /3 行目.*provides/ }).waitFor();
    await problems.getByRole('row', { name: /3 行目.*criticality/ }).waitFor();
    await problems.getByText(/何も登録されていません/).waitFor();
    await csv.screenshot({ path: path.join(ARTIFACTS, 'supply-chain-csv-errors.png') });
    expect(await suppliers(bank).getByRole('row', { name: /はやてOTエンジニアリング/ }).count()).toBe(0);

    await csv.getByLabel('CSV ファイル').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}hayate-ot,制御系の保守,はい,yes,no,high\n`) });
    await csv.getByRole('button', { name: 'CSV を取り込む' }).click();
    await csv.getByText('1 件の取引先を登録しました。各取引先の確認待ちです。').waitFor();
    const row = suppliers(bank).getByRole('row', { name: /はやてOTエンジニアリング/ });
    await row.getByText('確認待ち').waitFor();
    await row.getByText('★4', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a CSV saved by Excel in Shift_JIS is imported with its Japanese intact; a file in neither UTF-8 nor Shift_JIS is refused before sending', async () => {
    const bank = await signedIn('bank@renkei.example', '/supply-chain');
    const csv = bank.getByRole('region', { name: 'CSV ファイルから登録' });
    let sent = 0;
    bank.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/api/supply-chain/links/import') && sent++));
    const garbage = Buffer.concat([Buffer.from('supplier,provides,holds_key_data,network_access,outage_unacceptable\r\nsasaki-denki,'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(',no,no,no\r\n')]);
    await csv.getByLabel('CSV ファイル').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: garbage });
    await csv.getByRole('button', { name: 'CSV を取り込む' }).click();
    await csv.getByRole('alert').getByText(/ファイルの文字コードを判別できません。UTF-8 で保存し直してから取り込んでください/).waitFor();
    expect(sent).toBe(0);

    // The fixture was written with `iconv -t SHIFT_JIS`, as Excel's "CSV" on Japanese Windows is.
    const sjis = fs.readFileSync(path.join(ROOT, 'src/capabilities/supply-chain/fixtures/excel-shift_jis.csv'));
    await csv.getByLabel('CSV ファイル').setInputFiles({ name: '取引先一覧.csv', mimeType: 'text/csv', buffer: sjis });
    expect(await csv.getByRole('alert').count()).toBe(0);
    await csv.getByRole('button', { name: 'CSV を取り込む' }).click();
    await csv.getByText('2 件の取引先を登録しました。各取引先の確認待ちです。').waitFor();
    expect(sent).toBe(1);
    await suppliers(bank).getByRole('row', { name: /佐々木電機/ }).getByText('受変電設備の保守点検（年２回）').waitFor();
    await suppliers(bank).getByRole('row', { name: /みらいネットワーク機器/ }).getByText('閉域網の提供・監視').waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('when a supplier further down reports an incident, the customer is told live, without the supplier’s name', async () => {
    const shinkin = await signedIn('shinkin@renkei.example', '/supply-chain');
    await suppliers(shinkin).getByRole('row', { name: /つばさシステムサービス/ }).waitFor();
    // The cloud provider (tier 2 for the credit union, through the MSP) files an initial report over the API.
    const cloud = await bw.world.login('cloud@renkei.example');
    const filed = await bw.world.as(cloud, {
      method: 'POST',
      url: '/api/incidents',
      payload: { report: { type: 'ransomware', title: 'ファイルサーバ暗号化（E2E）', detectedAt: new Date().toISOString(), summary: 'サーバが暗号化された', businessImpact: 'degraded', personalData: { involved: false }, contact: { name: '雲野 太郎', email: 'soc@kumo-cloud.example' } } },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const notice = shinkin.getByRole('region', { name: '取引先に関する通知' });
    await notice.getByText(/インシデント報告.*2 次の取引先、名称は非公開/).waitFor({ timeout: LIVE_TIMEOUT });
    expect(await notice.getByText('くもクラウド').count()).toBe(0);
    await shot(shinkin, 'supplier-alert');
    expect(errors).toEqual([]);
  }, 120_000);

  it('every supply-chain page passes the axe-core WCAG 2.1 A/AA rules, in Japanese and English', async () => {
    type Axe = { run: (context: string, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
    async function violations(page: Page): Promise<string[]> {
      await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
      return page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: Axe }).axe;
        const result = await axe.run('#main', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    }
    const pages: [string, string, string][] = [
      ['sme@renkei.example', '/supply-chain', '当社の取引先（委託先）'],
      ['sme@renkei.example', '/supply-chain/assessment', '自己評価の質問'],
      ['bank@renkei.example', '/supply-chain/mismatches', '必要な水準に達していない取引先'],
      ['msp@renkei.example', '/supply-chain/graph', 'サプライチェーンのグラフ'],
      ['assessor@renkei.example', '/supply-chain/claims', '確認待ちの申請'],
      ['hub@renkei.example', '/supply-chain/mismatches', '全国の状況：必要な水準に達していない取引関係'],
    ];
    const found: string[] = [];
    for (const [email, url, heading] of pages) {
      // Only so the axe-core script can be injected; the page's own CSP stays as served otherwise.
      const page = await signedIn(email, url, { bypassCSP: true });
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
      // Let lazy parts (the graph drawing, tables) settle.
      await page.waitForLoadState('networkidle');
      for (const v of await violations(page)) found.push(`${url} (ja): ${v}`);
      await page.getByRole('button', { name: 'Language' }).click();
      await page.locator('html[lang="en"]').waitFor();
      for (const v of await violations(page)) found.push(`${url} (en): ${v}`);
      await page.getByRole('button', { name: 'Language' }).click();
      await page.context().close();
    }
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});

import type { Platform } from '../platform/platform.js';
import { advisoriesService } from '../capabilities/advisories/service.js';
import { AssetInput } from '../capabilities/assets/schema.js';
import { assetsService } from '../capabilities/assets/service.js';
import { demoActor } from './intel.js';

/**
 * Registered equipment and two advisories for the demo, so that notifications, the exposure figures
 * and "why it matched" have something to show on first start: the bank's internet-facing VPN gateway
 * (run by its outsourced vendor) and a web server of the power company are affected; the bank's
 * patched gateway is not, and stays silent. Goes through the registry and the advisory ingest, as a
 * user's would (matching, deadlines, markings, events), never around them. The advisories are written
 * for the demo after public ones (CVE-2024-21762, CVE-2021-41773); their texts are our own.
 */
export async function seedDemoAdvisories(platform: Platform): Promise<void> {
  const [hub, bank, power, msp] = await Promise.all(['hub@renkei.example', 'bank@renkei.example', 'power@renkei.example', 'msp@renkei.example'].map((e) => demoActor(platform, e)));
  if (!hub || !bank || !power || !msp) return;
  const assets = assetsService(platform);
  const register = (actor: NonNullable<typeof bank>, input: unknown) => platform.transaction((trx) => assets.create(actor, trx, AssetInput.parse(input), 'form', 'ja'));
  await register(bank, { name: 'インターネット VPN ゲートウェイ（本店）', category: 'vpn_gateway', cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', placement: 'internet_facing', service: 'リモートアクセス', criticality: 'critical', operatorOrg: msp.orgId, designatedCritical: true });
  await register(bank, { name: 'VPN ゲートウェイ（災対センター）', category: 'vpn_gateway', cpe: 'cpe:2.3:o:fortinet:fortios:7.4.3:*:*:*:*:*:*:*', placement: 'internet_facing', service: 'リモートアクセス', criticality: 'high', operatorOrg: msp.orgId });
  await register(power, { name: '需給情報 Web サーバ', category: 'server', cpe: 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*', placement: 'internal', service: '需給調整', criticality: 'high' });

  const advisories = advisoriesService(platform);
  await advisories.ingest(hub, {
    reference: 'NCO-DEMO-2026-001',
    title: 'FortiOS SSL-VPN の境界外書き込みの脆弱性（悪用を確認）(demo)',
    summary: '認証前の遠隔コード実行につながる。国内でも悪用が確認されている。',
    cves: ['CVE-2024-21762'],
    severity: 'critical',
    knownExploited: true,
    remediation: '修正版（7.0.14 以降、7.2.7 以降、7.4.3 以降）へ更新する。更新までは SSL-VPN を無効化する。',
    products: [{ cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', versions: '>= 7.0.0, < 7.0.14' }, { cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', versions: '>= 7.2.0, < 7.2.7' }, { cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', versions: '>= 7.4.0, < 7.4.3' }],
  }, 'ja');
  await advisories.ingest(hub, {
    reference: 'NCO-DEMO-2026-002',
    title: 'Apache HTTP Server のパストラバーサルの脆弱性 (demo)',
    cves: ['CVE-2021-41773'],
    severity: 'high',
    remediation: '2.4.51 以降へ更新する。',
    products: [{ cpe: 'cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*', versions: '>= 2.4.49, < 2.4.51' }],
  }, 'ja');
}

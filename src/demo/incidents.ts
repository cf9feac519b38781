import type { Platform } from '../platform/platform.js';
import { IssueAlert } from '../capabilities/alerts/schema.js';
import { alertsService } from '../capabilities/alerts/service.js';
import { loadRegimes } from '../capabilities/incidents/regimes.js';
import { ReportBody, SubmitReport } from '../capabilities/incidents/schema.js';
import { incidentsService } from '../capabilities/incidents/service.js';
import { incidentViews } from '../capabilities/incidents/views.js';
import { demoActor } from './intel.js';

const HOUR = 3_600_000;

/**
 * Two incident reports in flight and one alert, so that inboxes, clocks, threads and the
 * acknowledgement figures have something to show on first start:
 * - the power company files a ransomware report this morning with customer data involved (the hub,
 *   METI and the PPC receive it; the police too, with its consent). Its C2 address is the one the
 *   hub's demo intelligence names, so the intel hub shows it seen in a report. The hub triages it and
 *   asks a question in its thread;
 * - the bank files a DDoS report and updates it once the attack has ended (two versions to compare);
 *   no personal data, so the PPC does not receive it;
 * - the hub warns the financial sector of the DDoS campaign (the bank and the shinkin bank must
 *   acknowledge it; the FSA oversees).
 * Everything goes through the services a user's request would reach (validation, routing, markings,
 * events, audit), never around them. Times are relative to the first start.
 */
export async function seedDemoIncidents(platform: Platform, now = new Date()): Promise<void> {
  const [hub, power, bank] = await Promise.all(['hub@renkei.example', 'power@renkei.example', 'bank@renkei.example'].map((e) => demoActor(platform, e)));
  if (!hub || !power || !bank) return;
  const regimes = loadRegimes(platform.law);
  const incidents = incidentsService(platform, regimes);
  const views = incidentViews(platform, regimes);
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString();

  const ransomware = await incidents.submit(
    power,
    platform.db,
    SubmitReport.parse({
      report: {
        type: 'ransomware',
        title: '顧客管理サーバのランサムウェア感染 (demo)',
        summary: '早朝、顧客管理サーバと周辺のファイルサーバで暗号化を確認した。需給・送配電の制御系への影響は確認されていない。被害範囲を調査中。',
        detectedAt: at(6),
        startedAt: at(9),
        affectedServices: ['料金・顧客窓口'],
        affectedSystems: [{ description: '顧客管理サーバ（本社）' }, { description: 'ファイルサーバ 2 台' }],
        intrusionRoute: 'vpn',
        intrusionDetail: '保守用 VPN のアカウントが使われた形跡がある。',
        ransomware: { noteText: 'Your files are encrypted by KuroKumo. Contact us within 72 hours.', encryptedExtension: '.kurokumo', family: 'KuroKumo', demandAmount: '未提示', paid: false },
        indicators: [
          { kind: 'ipv4', value: '203.0.113.45', note: '暗号化直前の通信先（C2）' },
          { kind: 'domain', value: 'update-check.example.net', note: 'C2 のドメイン' },
          { kind: 'sha256', value: '9f2b6c1d8e4a7f3b5c0d2e6a9b8c7d1e3f5a4b6c8d0e2f4a6b8c0d2e4f6a8b0c', note: '暗号化プログラム' },
        ],
        businessImpact: 'degraded',
        affectedPeople: 12000,
        personalData: { involved: true, records: 12000, categories: ['氏名', '住所', '契約番号'] },
        othersNotified: ['所轄警察署（電話）'],
        contact: { name: '東海電力 CSIRT', email: 'csirt@tokai-power.example', phone: '052-000-0000' },
      },
      sharing: { optionalRegimes: ['police'], nameInIntel: false },
    }),
    'ja',
  );
  const hubView = await views.view(hub, ransomware.id);
  const hubDelivery = hubView.deliveries.find((d) => d.recipient.orgId === hub.orgId);
  if (hubDelivery) {
    await views.setStatus(hub, ransomware.id, hubDelivery.id, 'triaged');
    await views.postMessage(hub, ransomware.id, hubDelivery.id, '保守用 VPN の機器名とバージョンを教えてください。同じ機器を使う事業者への注意喚起を検討しています。');
  }

  const ddos: Omit<ReportBody, 'schemaVersion'> = {
    type: 'ddos',
    title: 'インターネットバンキングへの DDoS 攻撃 (demo)',
    summary: 'インターネットバンキングへの接続が断続的に遅延・不能となった。回線事業者と連携して遮断中。',
    detectedAt: at(3),
    affectedServices: ['インターネットバンキング'],
    affectedSystems: [],
    ddos: { peakGbps: 38, targets: ['ib.sakura-bank.example'] },
    indicators: [
      { kind: 'ipv4', value: '198.51.100.23', note: '攻撃元（上位）' },
      { kind: 'ipv4', value: '198.51.100.87', note: '攻撃元（上位）' },
    ],
    businessImpact: 'degraded',
    personalData: { involved: false, categories: [] },
    othersNotified: [],
    contact: { name: 'さくら中央銀行 CSIRT', email: 'csirt@sakura-bank.example' },
  };
  const filed = await incidents.submit(bank, platform.db, SubmitReport.parse({ report: ddos }), 'ja');
  await platform.transaction((trx) =>
    incidents.submitStage(bank, trx, filed.id, {
      stage: 'update',
      report: ReportBody.parse({ ...ddos, summary: `${ddos.summary}攻撃は約 95 分で収まり、現在は平常どおり利用できる。`, ddos: { ...ddos.ddos, durationMinutes: 95 } }),
    }, 'ja'),
  );

  const alerts = alertsService(platform);
  await platform.transaction((trx) =>
    alerts.issue(hub, trx, IssueAlert.parse({
      severity: 'Severe',
      urgency: 'Expected',
      certainty: 'Likely',
      responseType: ['Prepare', 'Monitor'],
      sectors: ['finance'],
      info: {
        ja: {
          event: '金融機関を狙う DDoS 攻撃 (demo)',
          headline: 'インターネットバンキングを狙う DDoS 攻撃が続いています',
          description: '本日、国内の金融機関 1 社のインターネットバンキングが最大 38 Gbps の DDoS 攻撃を受けた。同じ攻撃元からの通信が他の金融機関にも向かっている。',
          instruction: '回線事業者の緩和策の発動手順を確認し、攻撃元アドレス（198.51.100.23、198.51.100.87）を監視してください。受領を確認してください。',
        },
        en: {
          event: 'DDoS attacks on financial institutions (demo)',
          headline: 'DDoS attacks on internet banking continue',
          description: 'Today the internet banking of one Japanese financial institution took a DDoS attack peaking at 38 Gbps. Traffic from the same sources is reaching other institutions.',
          instruction: 'Check how to trigger your carrier’s mitigation and watch the source addresses (198.51.100.23, 198.51.100.87). Please acknowledge.',
        },
      },
    }), 'ja'),
  );
}

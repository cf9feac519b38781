/**
 * The load side of the incidents bench: realistic report bodies, a keep-alive HTTP client per load
 * client, and a Server-Sent Events reader that timestamps each frame as it arrives.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** Small, fast, seeded PRNG (mulberry32): the same run seed gives the same campaign indicators. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const b36 = (r: () => number, n: number) => Array.from({ length: n }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 36)]).join('');

const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'io', 'biz', 'online', 'site', 'shop', 'cc', 'ru', 'cn'] as const;
const WORDS = ['update', 'cdn', 'secure', 'login', 'sync', 'cloud', 'mail', 'api', 'static', 'files', 'portal', 'auth', 'backup', 'vpn', 'support', 'service', 'data', 'dl', 'img', 'news', 'office', 'drive', 'verify', 'account'] as const;
const PATHS = ['payload', 'gate.php', 'upload', 'wp-content/plugins/x/load.php', 'api/v2/beacon', 'dl/setup.exe', 'invoice.zip', 'c2/checkin', 'admin/config.bin', 'assets/js/jquery.min.js'] as const;
/** First octets of public unicast space (campaign infrastructure and per-report hosts kept apart). */
const CAMPAIGN_OCTETS = [45, 91, 185, 193] as const;
const UNIQUE_OCTETS = [5, 23, 31, 37, 62, 77, 103, 141, 146, 176, 194, 195, 212, 217] as const;
const FAMILIES = ['LockBit 3.0', 'BlackCat/ALPHV', 'Akira', 'Phobos', '8Base', 'Black Basta', 'Medusa', 'Play'] as const;

export interface Indicator {
  kind: 'ipv4' | 'domain' | 'url' | 'sha256';
  value: string;
  note?: string;
}

/**
 * Campaign infrastructure several victims see: each report carries a few of these (one per kind),
 * picked with a skew so some are very common, and written in the varied ways analysts paste them
 * (case, trailing dot, defanged, default port) so correlation only works after normalisation.
 */
export function campaignPool(seed: number, perKind = 100): Record<Indicator['kind'], Indicator[]> {
  const r = rng(seed);
  const ipv4: Indicator[] = [];
  const domain: Indicator[] = [];
  const url: Indicator[] = [];
  const sha256: Indicator[] = [];
  for (let i = 0; i < perKind; i++) {
    ipv4.push({ kind: 'ipv4', value: `${pick(r, CAMPAIGN_OCTETS)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`, note: 'C2' });
    const d = `${pick(r, WORDS)}-${pick(r, WORDS)}-c${i}.${pick(r, TLDS)}`;
    domain.push({ kind: 'domain', value: d, note: 'C2' });
    url.push({ kind: 'url', value: `https://${pick(r, WORDS)}.c${i}-${pick(r, WORDS)}.${pick(r, TLDS)}/${pick(r, PATHS)}`, note: 'payload download' });
    sha256.push({ kind: 'sha256', value: crypto.createHash('sha256').update(`campaign-${seed}-${i}`).digest('hex'), note: 'encryptor' });
  }
  return { ipv4, domain, url, sha256 };
}

/** One of the analyst spellings of a campaign indicator (normalises to the same value). */
function spelled(r: () => number, ind: Indicator): Indicator {
  const v = r();
  switch (ind.kind) {
    case 'ipv4':
      return v < 0.3 ? { ...ind, value: ind.value.replace(/\.(\d+)$/, '[.]$1') } : ind;
    case 'domain':
      return v < 0.3 ? { ...ind, value: `${ind.value.toUpperCase()}.` } : v < 0.5 ? { ...ind, value: ind.value.replace('.', '[.]') } : ind;
    case 'url':
      return v < 0.3 ? { ...ind, value: ind.value.replace('https://', 'hxxps://') } : v < 0.5 ? { ...ind, value: ind.value.replace(/^https:\/\/([^/]+)/, (_m, h: string) => `HTTPS://${h.toUpperCase()}:443`) } : ind;
    case 'sha256':
      return v < 0.3 ? { ...ind, value: ind.value.toUpperCase() } : ind;
  }
}

/**
 * A submission body like the unified ransomware / DDoS form: `indicators` of them (a quarter from the
 * campaign pool, the rest seen only in this report). Personal data is never involved, so every report
 * goes to exactly the hub and the competent ministry.
 */
export function makeSubmission(r: () => number, pool: ReturnType<typeof campaignPool>, orgSlug: string, seq: number, indicators = 20): string {
  const kinds = ['ipv4', 'domain', 'url', 'sha256'] as const;
  const list: Indicator[] = [];
  const shared = Math.max(1, Math.round(indicators / 5));
  for (let i = 0; i < shared; i++) {
    const k = kinds[i % kinds.length]!;
    const p = pool[k];
    // Skewed: a handful of campaign indicators show up in many reports.
    list.push(spelled(r, p[Math.floor(r() * r() * p.length)]!));
  }
  for (let i = 0; list.length < indicators; i++) {
    const k = kinds[i % kinds.length]!;
    const token = b36(r, 8);
    if (k === 'ipv4') list.push({ kind: 'ipv4', value: `${pick(r, UNIQUE_OCTETS)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`, note: 'scanner' });
    else if (k === 'domain') list.push({ kind: 'domain', value: `${pick(r, WORDS)}-${token}.${pick(r, TLDS)}`, note: 'phishing' });
    else if (k === 'url') list.push({ kind: 'url', value: `http://${pick(r, WORDS)}.${token}.${pick(r, TLDS)}/${pick(r, PATHS)}?id=${seq}`, note: 'dropper' });
    else list.push({ kind: 'sha256', value: crypto.randomBytes(32).toString('hex'), note: 'dropped file' });
  }
  const type = r() < 0.7 ? 'ransomware' : r() < 0.5 ? 'ddos' : 'unauthorized_access';
  // Detected within the last two days: the initial stage is met by this submission, the final one is weeks away.
  const detected = new Date(Math.floor((Date.now() - int(r, 10, 48 * 60) * 60_000) / 60_000) * 60_000);
  const started = new Date(detected.getTime() - int(r, 10, 72 * 60) * 60_000);
  const report: Record<string, unknown> = {
    type,
    title: type === 'ransomware' ? `ファイルサーバの暗号化 (${orgSlug} #${seq})` : type === 'ddos' ? `公開サイトへの DDoS (${orgSlug} #${seq})` : `VPN 経由の不正アクセス (${orgSlug} #${seq})`,
    summary: 'SOC が EDR のアラートで検知。影響範囲を調査中。侵入経路はリモートアクセス機器の既知の脆弱性と推定。バックアップからの復旧を準備している。',
    detectedAt: detected.toISOString().replace('Z', '+00:00'),
    startedAt: started.toISOString().replace('Z', '+00:00'),
    affectedServices: ['インターネットバンキング', '社内メール'].slice(0, int(r, 1, 2)),
    affectedSystems: [{ description: 'ファイルサーバ (Windows Server 2019) 3台' }, { description: 'VPN 装置' }],
    intrusionRoute: pick(r, ['vpn', 'remote_desktop', 'email', 'web_application', 'unknown'] as const),
    indicators: list,
    businessImpact: pick(r, ['none', 'degraded', 'stopped'] as const),
    contact: { name: '林 浩二', email: `soc@${orgSlug}.example`, phone: '03-0000-0000' },
  };
  if (type === 'ransomware') report.ransomware = { noteText: 'YOUR FILES ARE ENCRYPTED. Contact us via Tor.', encryptedExtension: `.${b36(r, 5)}`, family: pick(r, FAMILIES), paid: false };
  if (type === 'ddos') report.ddos = { peakGbps: int(r, 1, 300), targets: [`www.${orgSlug}.example`], durationMinutes: int(r, 5, 600) };
  return JSON.stringify({ report, sharing: { optionalRegimes: [], nameInIntel: r() < 0.2 } });
}

export interface Answer {
  status: number;
  text: string;
}

/** POST with a keep-alive agent (one per load client); resolves when the whole answer has arrived. */
export function post(agent: http.Agent, base: URL, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface SseFrame {
  type: string;
  payload: Record<string, unknown>;
}

/** GET /api/events with a Bearer token; every frame is handed over with the time its chunk arrived. */
export class SseReader {
  private req: http.ClientRequest | null = null;
  frames = 0;
  ended = false;

  constructor(
    private readonly base: URL,
    private readonly token: string,
    private readonly onFrame: (frame: SseFrame, atMs: number) => void,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        {
          host: this.base.hostname,
          port: this.base.port,
          path: '/api/events',
          agent: false,
          headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`SSE answered ${res.statusCode}`));
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          let connected = false;
          res.on('data', (chunk: string) => {
            const at = performance.now();
            buffer += chunk;
            let idx: number;
            while ((idx = buffer.indexOf('\n\n')) !== -1) {
              const block = buffer.slice(0, idx);
              buffer = buffer.slice(idx + 2);
              for (const line of block.split('\n')) {
                if (line.startsWith(':')) {
                  if (!connected && line.includes('connected')) {
                    connected = true;
                    resolve();
                  }
                } else if (line.startsWith('data:')) {
                  this.frames++;
                  const d = JSON.parse(line.slice(5).trimStart()) as SseFrame;
                  this.onFrame(d, at);
                }
              }
            }
          });
          res.on('end', () => (this.ended = true));
          res.on('error', () => (this.ended = true));
        },
      );
      req.on('error', (err) => {
        this.ended = true;
        reject(err);
      });
      this.req = req;
    });
  }

  close(): void {
    this.req?.destroy();
  }
}

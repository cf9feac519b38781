/**
 * Synthetic inventory for the matching bench: products with CPE identities and realistic version
 * spreads, CVE JSON 5 records with version ranges on them, and the naive comparator of the baseline.
 * Everything is derived from one seeded PRNG, so every run builds the same catalogue.
 */

/** mulberry32: small, fast, seeded. */
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

export type Family = 'semver' | 'build' | 'letter' | 'cisco' | 'juniper' | 'twopart';

/** One release line: its versions oldest first, and how a CVE range on it is written. */
export interface Line {
  versions: string[];
}

export interface Product {
  idx: number;
  /** Display names as a registrant types them (the KEV vendorProject/product for KEV products). */
  maker: string;
  product: string;
  /** CPE vendor/product components. */
  cpeVendor: string;
  cpeProduct: string;
  family: Family;
  lines: Line[];
  /** All versions, oldest first (lines concatenated). */
  versions: string[];
  category: string;
  /** Number of assets in the synthetic inventory. */
  assets: number;
  /** The KEV name key (name:<vendor>:<product>) of a product named as in KEV, or null. */
  kevPair: string | null;
}

/** Lower-case, anything but [a-z0-9] → `_`: how the bench spells a display name as a CPE component. */
export const cpeComponent = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '') || 'x';

/** A CPE 2.3 formatted string with the version escaped as the spec requires. */
export function cpeString(p: Pick<Product, 'cpeVendor' | 'cpeProduct'>, version: string, part = 'a'): string {
  const v = version.replace(/[^A-Za-z0-9._\-]/g, (c) => `\\${c}`);
  return `cpe:2.3:${part}:${p.cpeVendor}:${p.cpeProduct}:${v}:*:*:*:*:*:*:*`;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function linesFor(family: Family, r: () => number): Line[] {
  const lines: Line[] = [];
  switch (family) {
    case 'semver': {
      const major0 = int(r, 1, 12);
      const majors = int(r, 1, 3);
      const pre = r() < 0.15;
      for (let M = major0; M < major0 + majors; M++) {
        const minors = int(r, 2, 4);
        for (let m = 0; m < minors; m++) {
          const patches = int(r, 4, 22);
          const vs: string[] = [];
          if (pre) vs.push(`${M}.${m}.0-rc1`, `${M}.${m}.0-rc2`);
          for (let p = 0; p <= patches; p++) vs.push(`${M}.${m}.${p}`);
          lines.push({ versions: vs });
        }
      }
      break;
    }
    case 'build': {
      const head = pick(r, ['10.0', '6.3', '16.0', '15.0']);
      const builds = [int(r, 14000, 15000), int(r, 17000, 18000), int(r, 19000, 20000), int(r, 22000, 23000)].slice(0, int(r, 2, 4));
      for (const b of builds) {
        const revs = int(r, 8, 30);
        const vs: string[] = [];
        let rev = int(r, 1, 200);
        for (let i = 0; i < revs; i++) {
          vs.push(`${head}.${b}.${rev}`);
          rev += int(r, 20, 400);
        }
        lines.push({ versions: vs });
      }
      break;
    }
    case 'letter': {
      const bases = pick(r, [['1.0.2', '1.1.1'], ['2.4.57', '2.4.58', '2.4.59'], ['9.7', '9.8', '9.9'], ['1.1.1', '3.0.13']]);
      for (const base of bases) {
        const n = int(r, 5, 22);
        const vs = [base];
        for (let i = 0; i < n; i++) vs.push(`${base}${String.fromCharCode(97 + i)}`);
        lines.push({ versions: vs });
      }
      break;
    }
    case 'cisco': {
      const trains = pick(r, [
        ['15.2(4)M', '15.2(7)E', '15.1(2)SY'],
        ['15.2(4)M', '15.2(7)E'],
        ['12.4(24)T', '15.2(4)M', '15.5(3)S'],
      ]);
      for (const t of trains) {
        const n = int(r, 4, 12);
        const vs: string[] = [];
        for (let k = 1; k <= n; k++) vs.push(`${t}${k}`);
        if (r() < 0.4) vs.splice(int(r, 1, vs.length - 1), 0, `${t}${int(r, 1, n - 1)}a`);
        lines.push({ versions: vs });
      }
      // IOS XE alongside: dotted with letter rebuilds.
      if (r() < 0.6) {
        const vs: string[] = [];
        for (let p = 1; p <= int(r, 4, 9); p++) vs.push(`17.3.${p}`, ...(r() < 0.3 ? [`17.3.${p}a`] : []));
        lines.push({ versions: vs });
      }
      break;
    }
    case 'juniper': {
      const rels = pick(r, [['20.4', '21.2', '21.4'], ['21.4', '22.2', '22.4'], ['19.4', '20.4', '21.4', '22.2']]);
      for (const rel of rels) {
        const vs = [`${rel}R1`, `${rel}R2`, `${rel}R3`];
        for (let s = 1; s <= int(r, 3, 9); s++) vs.push(`${rel}R3-S${s}`);
        lines.push({ versions: vs });
      }
      break;
    }
    case 'twopart': {
      const M0 = int(r, 2, 20);
      for (let M = M0; M < M0 + int(r, 2, 4); M++) {
        const vs: string[] = [];
        for (let m = 0; m <= int(r, 3, 9); m++) vs.push(`${M}.${m}`);
        lines.push({ versions: vs });
      }
      break;
    }
  }
  return lines;
}

const CATEGORIES = ['vpn_gateway', 'firewall', 'authentication_server', 'cloud_service', 'ot_controller', 'server', 'network_device', 'software_component', 'other'] as const;
const FAMILIES: [Family, number][] = [
  ['semver', 0.4],
  ['build', 0.1],
  ['letter', 0.1],
  ['cisco', 0.1],
  ['juniper', 0.1],
  ['twopart', 0.2],
];

function family(r: () => number): Family {
  let x = r();
  for (const [f, w] of FAMILIES) if ((x -= w) < 0) return f;
  return 'semver';
}

/** Box–Muller normal. */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/**
 * `count` products; the first `kevPairs.length` are named exactly as KEV names them. Asset counts are
 * log-normal (median ≈ 120, a long tail into the thousands), scaled to add up to `totalAssets`.
 */
export function makeProducts(count: number, totalAssets: number, kevPairs: { vendorProject: string; product: string }[], seed: number, kevKey?: (k: { vendorProject: string; product: string }) => string): Product[] {
  const r = rng(seed);
  const products: Product[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const kev = kevPairs[i];
    let maker: string;
    let product: string;
    if (kev) {
      maker = kev.vendorProject;
      product = kev.product;
    } else {
      maker = `Vendor ${String(int(r, 1, 1500)).padStart(4, '0')}`;
      product = `${pick(r, ['Secure', 'Edge', 'Core', 'Cloud', 'Smart', 'Net', 'Data', 'Ops', 'Control', 'Grid'])} ${pick(r, ['Gateway', 'Server', 'Manager', 'Switch', 'Router', 'Portal', 'Agent', 'Controller', 'Suite', 'Appliance'])} ${i}`;
    }
    let cpeVendor = cpeComponent(maker);
    let cpeProduct = cpeComponent(product);
    // Two KEV pairs may normalise to the same CPE ("Apple|iOS" vs "Apple|IOS"): keep identities distinct.
    while (used.has(`${cpeVendor}:${cpeProduct}`)) cpeProduct += '_x';
    used.add(`${cpeVendor}:${cpeProduct}`);
    const fam = kev && /cisco/i.test(maker) && /ios/i.test(product) ? 'cisco' : kev && /juniper/i.test(maker) ? 'juniper' : kev && /microsoft/i.test(maker) && /windows/i.test(product) ? 'build' : family(r);
    const lines = linesFor(fam, r);
    products.push({
      idx: i,
      maker,
      product,
      cpeVendor,
      cpeProduct,
      family: fam,
      lines,
      versions: lines.flatMap((l) => l.versions),
      category: pick(r, CATEGORIES),
      assets: 0,
      kevPair: kev ? kevKey!(kev) : null,
    });
  }
  // Log-normal sizes, shuffled independently of the KEV naming, scaled to the total.
  const raw = products.map(() => Math.exp(4.8 + 1.0 * normal(r)));
  const scale = totalAssets / raw.reduce((a, b) => a + b, 0);
  let assigned = 0;
  products.forEach((p, i) => {
    p.assets = Math.max(5, Math.round(raw[i]! * scale));
    assigned += p.assets;
  });
  // Settle the rounding on the largest products so the total is exact.
  const bySize = [...products].sort((a, b) => b.assets - a.assets);
  for (let i = 0; assigned !== totalAssets; i = (i + 1) % bySize.length) {
    const d = assigned > totalAssets ? -1 : 1;
    bySize[i]!.assets += d;
    assigned += d;
  }
  return products;
}

/** CVE JSON 5 `versions[]` for 1–3 of the product's release lines: the affected start and the fix. */
export function cveVersions(p: Product, r: () => number): { version: string; status: 'affected'; versionType: string; lessThan?: string; lessThanOrEqual?: string }[] {
  const lines = [...p.lines].sort(() => r() - 0.5).slice(0, int(r, 1, Math.min(3, p.lines.length)));
  return lines.map((l) => {
    const vs = l.versions;
    // The fix lands somewhere in the middle-to-late part of the line (index ≥ 1).
    const fix = int(r, Math.max(1, Math.floor(vs.length * 0.3)), vs.length - 1);
    const versionType = p.family === 'semver' ? 'semver' : 'custom';
    // Most CNAs write "lessThan <fixed>"; some write "lessThanOrEqual <last affected>".
    return r() < 0.7 ? { version: vs[0]!, status: 'affected' as const, versionType, lessThan: vs[fix]! } : { version: vs[0]!, status: 'affected' as const, versionType, lessThanOrEqual: vs[fix - 1]! };
  });
}

/** A published CVE JSON 5 record about one product, with version ranges and defaultStatus unaffected. */
export function cveRecord(cveId: string, p: Product, versions: ReturnType<typeof cveVersions>, title: string) {
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId, state: 'PUBLISHED', assignerShortName: 'bench', datePublished: '2025-07-01T00:00:00.000Z', dateUpdated: '2025-07-01T00:00:00.000Z' },
    containers: {
      cna: {
        title,
        providerMetadata: { shortName: 'bench' },
        affected: [{ vendor: p.maker, product: p.product, cpes: [`cpe:2.3:${p.family === 'cisco' || p.family === 'juniper' ? 'o' : 'a'}:${p.cpeVendor}:${p.cpeProduct}:*:*:*:*:*:*:*:*`], defaultStatus: 'unaffected', versions }],
        descriptions: [{ lang: 'en', value: `${title}. Synthetic record for the matching bench.` }],
        metrics: [{ cvssV3_1: { version: '3.1', baseScore: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseSeverity: 'CRITICAL' } }],
        solutions: [{ lang: 'en', value: `Upgrade ${p.product} to a fixed release.` }],
      },
    },
  };
}

// --------------------------------------------------------------------------------- the baseline's

/**
 * The comparator a straightforward implementation writes: split on dots and dashes, parseInt each part
 * (letters and anything after the first non-digit are dropped, NaN counts as 0), compare numerically,
 * missing parts are 0. Fine for `1.2.10` vs `1.2.9`; wrong for `1.1.1w`, `21.4R3-S7`, `15.2(4)M7`, `-rc1`.
 */
export function naiveCompare(a: string, b: string): number {
  const x = a.split(/[.\-]/).map((s) => parseInt(s, 10) || 0);
  const y = b.split(/[.\-]/).map((s) => parseInt(s, 10) || 0);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** One advisory-product row of the baseline: a vendor:product and an optional version interval. */
export interface BaselineRow {
  advisory: string; // `${source}:${sourceId}`
  vp: string; // cpe vendor:product as the naive join spells it
  lower: string | null;
  upper: string | null;
  upperInclusive: boolean;
}

export function naiveInRange(version: string | null, row: BaselineRow): boolean {
  if (row.lower === null && row.upper === null) return true;
  if (!version) return true; // no version recorded: flag it
  if (row.lower !== null && naiveCompare(version, row.lower) < 0) return false;
  if (row.upper !== null) {
    const c = naiveCompare(version, row.upper);
    if (c > 0 || (c === 0 && !row.upperInclusive)) return false;
  }
  return true;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

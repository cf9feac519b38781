/**
 * The synthetic national supplier graph of the supply-chain bench: organisations in tiers 0–6 (tier 0
 * = the critical operators and large buyers at the top, tier 6 = raw-material and small parts makers)
 * grouped into industry clusters, and customer → supplier edges drawn mostly one tier down within the
 * cluster, with skip-tier, same-tier and a few back edges (the last two make cycles, as real chains have:
 * an MSP and its cloud provider serve each other). Supplier popularity is skewed, so a few suppliers
 * have hundreds of customers and most have a handful. Deterministic for a given seed.
 */

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

/** Share of organisations per tier (sums to 1) and mean number of suppliers each declares. */
export const TIER_SHARE = [0.01, 0.05, 0.12, 0.2, 0.22, 0.22, 0.18];
const TIER_MEAN_DEGREE = [60, 25, 14, 11, 9, 7, 0.3];
export const CLUSTERS = 40;

export interface Graph {
  orgs: number;
  tier: Int8Array;
  cluster: Int16Array;
  /** Edge i: customer[i] → supplier[i] (organisation indices). */
  customer: Int32Array;
  supplier: Int32Array;
  kinds: { down1: number; down2: number; sameTier: number; back: number };
}

export function makeGraph(orgs: number, edges: number, seed: number): Graph {
  const r = rng(seed);
  const tier = new Int8Array(orgs);
  const cluster = new Int16Array(orgs);
  // Members of each (tier, cluster), in index order; low positions are the popular suppliers.
  const members: number[][][] = TIER_SHARE.map(() => Array.from({ length: CLUSTERS }, () => []));
  let i = 0;
  TIER_SHARE.forEach((share, t) => {
    const n = t === TIER_SHARE.length - 1 ? orgs - i : Math.round(orgs * share);
    for (let k = 0; k < n; k++, i++) {
      tier[i] = t;
      cluster[i] = Math.floor(r() * CLUSTERS);
      members[t]![cluster[i]!]!.push(i);
    }
  });
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const want = new Float64Array(orgs);
  let total = 0;
  for (let o = 0; o < orgs; o++) {
    want[o] = TIER_MEAN_DEGREE[tier[o]!]! * Math.exp(0.6 * gauss() - 0.18);
    total += want[o]!;
  }
  const scale = edges / total;
  const pick = (t: number, c: number): number => {
    // 90% within the customer's cluster, else anywhere; skewed towards each list's popular head.
    let list = members[t]![r() < 0.9 ? c : Math.floor(r() * CLUSTERS)]!;
    for (let tries = 0; list.length === 0 && tries < 50; tries++) list = members[t]![Math.floor(r() * CLUSTERS)]!;
    return list[Math.floor(list.length * Math.pow(r(), 2.2))]!;
  };
  const customer = new Int32Array(edges);
  const supplier = new Int32Array(edges);
  const seen = new Set<number>();
  const kinds = { down1: 0, down2: 0, sameTier: 0, back: 0 };
  const order = Array.from({ length: orgs }, (_, k) => k);
  for (let k = orgs - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const last = TIER_SHARE.length - 1;
  let n = 0;
  const add = (c: number): boolean => {
    const t = tier[c]!;
    const x = r();
    let st: number;
    let kind: keyof typeof kinds;
    if (t < last && x < 0.9) [st, kind] = [t + 1, 'down1'];
    else if (t < last - 1 && x < 0.98) [st, kind] = [t + 2, 'down2'];
    else if (x < 0.997 || t === 0) [st, kind] = [t, 'sameTier'];
    else [st, kind] = [t - 1, 'back'];
    const s = pick(st, cluster[c]!);
    if (s === undefined || s === c) return false;
    const key = c * orgs + s;
    if (seen.has(key)) return false;
    seen.add(key);
    customer[n] = c;
    supplier[n] = s;
    kinds[kind]++;
    n++;
    return true;
  };
  for (const c of order) {
    const d = Math.max(tier[c]! < last ? 1 : 0, Math.round(want[c]! * scale));
    for (let k = 0, misses = 0; k < d && n < edges && misses < 20; ) if (add(c)) k++;
    else misses++;
    if (n >= edges) break;
  }
  // Top up what duplicates cost, one more supplier for randomly chosen customers.
  while (n < edges) add(order[Math.floor(r() * orgs)]!);
  return { orgs, tier, cluster, customer, supplier, kinds };
}

/** Shortest depth of every customer above `start` (walk up, at most maxDepth), in memory: the check. */
export function reference(up: Int32Array[], start: number, maxDepth: number): Map<number, number> {
  const depth = new Map<number, number>();
  let frontier = [start];
  const seen = new Set([start]);
  for (let d = 1; d <= maxDepth && frontier.length; d++) {
    const next: number[] = [];
    for (const s of frontier)
      for (const c of up[s]!)
        if (!seen.has(c)) {
          seen.add(c);
          depth.set(c, d);
          next.push(c);
        }
    frontier = next;
  }
  return depth;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Product identity: the keys an asset and an advisory entry are known by, and the alias table that links
 * keys people have declared equal. There is deliberately no similarity measure here: "Fortinet Inc." and
 * "fortinet" are different strings until someone adds an alias, because a fuzzy vendor match is how
 * tools like Dependency-Track end up notifying the wrong operators.
 */
import { cpeKey, cpeVersionValue, parseCpe, type Cpe } from './cpe.js';
import type { Affected, Alias, Asset } from './model.js';
import { parsePurl, purlKey, purlVersion, type Purl } from './purl.js';

/** Text names: NFKC, lower case, one space for any run of whitespace or `_`; `n/a`-like values are no name. */
export function normaliseName(text: string | undefined): string {
  const t = (text ?? '').normalize('NFKC').toLowerCase().replace(/[\s_]+/g, ' ').trim();
  return /^(?:n\/?a|none|unknown|-|\*)$/.test(t) ? '' : t;
}

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/:/g, '\\:');

/** `name:<vendor>:<product>` for text-only identities, or null when there is no product name at all. */
export function nameKey(vendor: string | undefined, product: string | undefined): string | null {
  const p = normaliseName(product);
  return p ? `name:${esc(normaliseName(vendor))}:${esc(p)}` : null;
}

export type AliasIndex = ReadonlyMap<string, string>;

export function aliasIndex(aliases: readonly Alias[]): AliasIndex {
  return new Map(aliases.map((a) => [a.from, a.to]));
}

/** Callers matching in bulk pass a prebuilt index; building it per call would cost O(aliases) per asset. */
export type Aliases = readonly Alias[] | AliasIndex;
const isIndex = (a: Aliases): a is AliasIndex => !Array.isArray(a);
export const toAliasIndex = (a: Aliases): AliasIndex => (isIndex(a) ? a : aliasIndex(a));

/** Follows `from → to` links to the end (bounded, so a mistaken cycle cannot hang the matcher). */
export function resolveKey(key: string, index: AliasIndex): string {
  if (!index.has(key)) return key;
  let k = key;
  const seen = new Set([k]);
  for (let i = 0; i < 16; i++) {
    const next = index.get(k);
    if (next === undefined || seen.has(next)) break;
    seen.add(next);
    k = next;
  }
  return k;
}

export type AssetVersion = { value: string; from: 'version' | 'cpe' | 'purl' };

/** What the matcher knows about an asset, parsed once. Unparseable identifiers are reported, not guessed. */
export type AssetIdentity = {
  cpe?: { key: string; cpe: Cpe };
  purl?: { key: string; purl: Purl };
  name?: string;
  version: AssetVersion | null;
  platform?: { key: string; version: string | null };
  problems: string[];
};

export function assetIdentity(asset: Asset): AssetIdentity {
  const out: AssetIdentity = { version: null, problems: [] };
  if (asset.cpe) {
    const p = parseCpe(asset.cpe);
    const key = p.ok ? cpeKey(p.cpe) : null;
    if (p.ok && key) out.cpe = { key, cpe: p.cpe };
    else out.problems.push(p.ok ? `CPE ${asset.cpe} names no single product` : p.message);
  }
  if (asset.purl) {
    const p = parsePurl(asset.purl);
    if (p.ok) out.purl = { key: purlKey(p.purl), purl: p.purl };
    else out.problems.push(p.message);
  }
  const name = nameKey(asset.vendor, asset.product);
  if (name) out.name = name;
  // The explicit version field wins: registries record it deliberately, CPE/purl versions are often stale.
  const explicit = asset.version?.trim();
  const fromCpe = out.cpe ? cpeVersionValue(out.cpe.cpe) : null;
  const fromPurl = out.purl ? purlVersion(out.purl.purl) : null;
  if (explicit) out.version = { value: explicit, from: 'version' };
  else if (fromCpe) out.version = { value: fromCpe, from: 'cpe' };
  else if (fromPurl) out.version = { value: fromPurl, from: 'purl' };
  if (asset.platform) {
    const p = parseCpe(asset.platform);
    const key = p.ok ? cpeKey(p.cpe) : null;
    if (p.ok && key) out.platform = { key, version: cpeVersionValue(p.cpe) };
    else out.problems.push(`platform: ${p.ok ? 'names no single product' : p.message}`);
  }
  return out;
}

/** The asset's own keys, most precise first. */
export function assetKeys(id: AssetIdentity): { kind: 'cpe' | 'purl' | 'name'; key: string }[] {
  const out: { kind: 'cpe' | 'purl' | 'name'; key: string }[] = [];
  if (id.cpe) out.push({ kind: 'cpe', key: id.cpe.key });
  if (id.purl) out.push({ kind: 'purl', key: id.purl.key });
  if (id.name) out.push({ kind: 'name', key: id.name });
  return out;
}

/**
 * The keys under which a database should index an asset: its own cpe/purl keys and every key reachable
 * through the alias table. Name keys are included only when an alias resolves them elsewhere, since a
 * bare name never matches on its own.
 */
export function assetIndexKeys(asset: Asset, aliases: Aliases): string[] {
  const index = toAliasIndex(aliases);
  const keys = new Set<string>();
  for (const k of assetKeys(assetIdentity(asset))) {
    const resolved = resolveKey(k.key, index);
    if (k.kind !== 'name') keys.add(k.key);
    if (resolved !== k.key) keys.add(resolved);
  }
  return [...keys];
}

/** The key an advisory entry is filed under: its identity after alias resolution. */
export function entryIndexKey(entry: Affected, aliases: Aliases): string {
  return resolveKey(entry.identity.key, toAliasIndex(aliases));
}

import { cpeKey, cpeVersionValue, parseCpe } from '../advisories/engine/cpe.js';
import { parsePurl, purlKey, purlVersion } from '../advisories/engine/purl.js';

/** A maker/product name pair, folded the way CPE folds names; it matches only through the alias table. */
export function nameKey(maker: string, product: string): string {
  const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '_');
  return `name:${fold(maker)}:${fold(product)}`;
}

export interface AssetIdentity {
  keys: string[];
  /** The version to compare: the explicit field, else the CPE's or the purl's. */
  version: string | null;
  errors: { field: 'cpe' | 'purl'; message: string }[];
}

/** The normalised identities an asset is matched by, and the version to test against ranges. */
export function assetIdentity(a: { cpe?: string | null; purl?: string | null; maker?: string | null; product?: string | null; version?: string | null }): AssetIdentity {
  const keys: string[] = [];
  const errors: AssetIdentity['errors'] = [];
  let version = a.version ?? null;
  if (a.cpe) {
    const p = parseCpe(a.cpe);
    if (!p.ok) errors.push({ field: 'cpe', message: p.message });
    else {
      const key = cpeKey(p.cpe);
      if (key) keys.push(key);
      else errors.push({ field: 'cpe', message: 'vendor and product must be named (no * or -)' });
      version ??= cpeVersionValue(p.cpe);
    }
  }
  if (a.purl) {
    const p = parsePurl(a.purl);
    if (!p.ok) errors.push({ field: 'purl', message: p.message });
    else {
      keys.push(purlKey(p.purl));
      version ??= purlVersion(p.purl);
    }
  }
  if (a.maker && a.product) keys.push(nameKey(a.maker, a.product));
  return { keys: [...new Set(keys)], version, errors };
}

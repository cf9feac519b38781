import { assetIdentity as engineIdentity } from '../advisories/engine/identity.js';

export interface AssetIdentity {
  /** Normalised product identities the matcher indexes (cpe:…, purl:…, and name:… for aliases). */
  keys: string[];
  /** The version to compare: the explicit field, else the CPE's or the purl's. */
  version: string | null;
  errors: { field: 'cpe' | 'purl'; message: string }[];
}

/** The matching engine's reading of an asset, in the registry's terms (which field was wrong). */
export function assetIdentity(a: { cpe?: string | null; purl?: string | null; maker?: string | null; product?: string | null; version?: string | null }): AssetIdentity {
  const id = engineIdentity({ cpe: a.cpe ?? undefined, purl: a.purl ?? undefined, vendor: a.maker ?? undefined, product: a.product ?? undefined, version: a.version ?? undefined });
  const errors: AssetIdentity['errors'] = [];
  // The engine reports problems in the order it checks: CPE first, then purl.
  const cpeBad = a.cpe && !id.cpe;
  const purlBad = a.purl && !id.purl;
  if (cpeBad) errors.push({ field: 'cpe', message: id.problems[0] ?? 'unreadable CPE' });
  if (purlBad) errors.push({ field: 'purl', message: id.problems[cpeBad ? 1 : 0] ?? 'unreadable package URL' });
  const keys = [id.cpe?.key, id.purl?.key, id.name].filter((k): k is string => typeof k === 'string');
  return { keys: [...new Set(keys)], version: id.version?.value ?? null, errors };
}

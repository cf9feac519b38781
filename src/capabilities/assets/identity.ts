import { parseCpe } from '../advisories/engine/cpe.js';
import { assetIdentity as engineIdentity } from '../advisories/engine/identity.js';
import { parsePurl } from '../advisories/engine/purl.js';
import type { Lang } from '../../platform/i18n/messages.js';
import { text } from './texts.js';

export interface AssetIdentity {
  /** Normalised product identities the matcher indexes (cpe:…, purl:…, and name:… for aliases). */
  keys: string[];
  /** The version to compare: the explicit field, else the CPE's or the purl's. */
  version: string | null;
  errors: { field: 'cpe' | 'purl'; message: string }[];
}

/**
 * Why the engine could not read a CPE, in the caller's language. The engine (and packageurl-js) explain
 * in English prose; the known shapes are reworded here and anything else keeps the original as detail.
 */
function cpeProblem(cpe: string, lang: Lang): string {
  const p = parseCpe(cpe);
  if (p.ok) return text('cpe_no_product', lang);
  const m = p.message;
  const count = /^CPE 2\.3 needs 11 components, got (\d+)/.exec(m);
  if (count) return text('cpe_components', lang, { count: count[1]! });
  if (m.startsWith('CPE 2.2 URI has at most 7 components')) return text('cpe22_components', lang);
  const part = /^bad CPE part "(.*)"$/.exec(m);
  if (part) return text('cpe_part', lang, { part: part[1]! });
  if (/^bad (percent-encoding|packed edition)/.test(m)) return text('cpe_encoding', lang);
  return text('cpe_unreadable', lang, { detail: m });
}

function purlProblem(purl: string, lang: Lang): string {
  const p = parsePurl(purl);
  const m = p.ok ? '' : p.message;
  const missing = /"(\w+)" is a required component/.exec(m);
  if (missing) return text('purl_missing', lang, { component: missing[1]! });
  const needs = /(\w+) requires a "(\w+)" component/.exec(m);
  if (needs) return text('purl_type_needs', lang, { type: needs[1]!, component: needs[2]! });
  const encoding = /unable to decode "(\w+)" component/.exec(m);
  if (encoding) return text('purl_encoding', lang, { component: encoding[1]! });
  return text('purl_unreadable', lang, { detail: m });
}

/** The matching engine's reading of an asset, in the registry's terms (which field was wrong, in the caller's language). */
export function assetIdentity(
  a: { cpe?: string | null; purl?: string | null; maker?: string | null; product?: string | null; version?: string | null },
  lang: Lang = 'en',
): AssetIdentity {
  const id = engineIdentity({ cpe: a.cpe ?? undefined, purl: a.purl ?? undefined, vendor: a.maker ?? undefined, product: a.product ?? undefined, version: a.version ?? undefined });
  const errors: AssetIdentity['errors'] = [];
  if (a.cpe && !id.cpe) errors.push({ field: 'cpe', message: cpeProblem(a.cpe, lang) });
  if (a.purl && !id.purl) errors.push({ field: 'purl', message: purlProblem(a.purl, lang) });
  const keys = [id.cpe?.key, id.purl?.key, id.name].filter((k): k is string => typeof k === 'string');
  return { keys: [...new Set(keys)], version: id.version?.value ?? null, errors };
}

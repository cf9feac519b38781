import { normalizeObservable } from '../../platform/observables/normalize.js';
import type { Indicator } from './schema.js';

const KIND_JA: Record<Indicator['kind'], string> = {
  ipv4: 'IPv4 アドレス',
  ipv6: 'IPv6 アドレス',
  domain: 'ドメイン名',
  url: 'URL',
  md5: 'MD5 ハッシュ値',
  sha1: 'SHA-1 ハッシュ値',
  sha256: 'SHA-256 ハッシュ値',
  sha512: 'SHA-512 ハッシュ値',
  email: 'メールアドレス',
};
const KIND_EN: Record<Indicator['kind'], string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  domain: 'domain name',
  url: 'URL',
  md5: 'MD5 hash',
  sha1: 'SHA-1 hash',
  sha256: 'SHA-256 hash',
  sha512: 'SHA-512 hash',
  email: 'e-mail address',
};

/**
 * One indicator normalised (case, trailing dots, default ports, IDNA, defanging) so the same one is
 * indexed once however it was written, or why its value is not what its kind says — worded in both
 * languages, since the schema that calls this does not know the reader's (platform/i18n words it).
 */
export function normalizeIndicator(ind: Indicator): { ok: true; indicator: Indicator } | { ok: false; kindName: { ja: string; en: string } } {
  const r = normalizeObservable(ind.kind, ind.value);
  if (!r.ok) return { ok: false, kindName: { ja: KIND_JA[ind.kind], en: KIND_EN[ind.kind] } };
  return { ok: true, indicator: { kind: r.kind as Indicator['kind'], value: r.value, ...(ind.note ? { note: ind.note } : {}) } };
}

/** A report's indicators (already normalised by the schema) without repeats: the first one counts. */
export function uniqueIndicators(indicators: Indicator[]): Indicator[] {
  const seen = new Set<string>();
  return indicators.filter((n) => !seen.has(`${n.kind} ${n.value}`) && seen.add(`${n.kind} ${n.value}`));
}

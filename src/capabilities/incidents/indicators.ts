import { normalizeObservable } from '../../platform/observables/normalize.js';
import type { FieldError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
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
 * Normalises a report's indicators (case, trailing dots, default ports, IDNA, defanging) so the same
 * one is indexed once however it was written. Returns per-field errors for values that are not what
 * their kind says.
 */
export function normalizeIndicators(indicators: Indicator[], lang: Lang, pathPrefix = 'report.indicators') {
  const normalized: { kind: string; value: string; note?: string }[] = [];
  const errors: FieldError[] = [];
  indicators.forEach((ind, i) => {
    const r = normalizeObservable(ind.kind, ind.value);
    if (r.ok) normalized.push({ kind: r.kind, value: r.value, ...(ind.note ? { note: ind.note } : {}) });
    else errors.push({ path: `${pathPrefix}[${i}].value`, message: lang === 'ja' ? `${KIND_JA[ind.kind]}として正しくない値です。` : `Not a valid ${KIND_EN[ind.kind]} (${r.reason}).` });
  });
  const seen = new Set<string>();
  const unique = normalized.filter((n) => !seen.has(`${n.kind} ${n.value}`) && seen.add(`${n.kind} ${n.value}`));
  return { indicators: unique, errors };
}

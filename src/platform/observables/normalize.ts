import { domainToASCII } from 'node:url';
import { canonicalIpv4, canonicalIpv6, parseIpv4 } from './ip.js';

/**
 * One spelling per observable, so the same indicator is indexed and correlated once however an analyst
 * or a feed wrote it. The kinds mirror the incident form's indicator kinds (kept here, not imported,
 * because platform code does not depend on capabilities).
 */
export const OBSERVABLE_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'sha512', 'email'] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];
export type HashKind = 'md5' | 'sha1' | 'sha256' | 'sha512';

export type NormalizeResult = { ok: true; kind: ObservableKind; value: string } | { ok: false; reason: string };
type Step = { ok: true; value: string } | { ok: false; reason: string };

const HASH_LENGTHS: Record<HashKind, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };
const HASH_NAMES: Record<HashKind, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** Canonical form of `value` as an observable of `kind`, or why it is not one. */
export function normalizeObservable(kind: ObservableKind, value: string): NormalizeResult {
  const step = normalizeStep(kind, value);
  return step.ok ? { ok: true, kind, value: step.value } : step;
}

function normalizeStep(kind: ObservableKind, raw: string): Step {
  // NFKC folds full-width digits, letters and punctuation typed through a Japanese IME (１９２．０…) to
  // ASCII. Not applied to URLs, whose paths may legitimately hold such characters.
  const folded = raw.normalize('NFKC').trim();
  switch (kind) {
    case 'ipv4':
      return canonicalIpv4(refang(folded));
    case 'ipv6':
      return canonicalIpv6(refang(folded));
    case 'domain':
      return normalizeDomain(refang(folded));
    case 'url':
      return normalizeUrl(refang(raw.trim()));
    case 'email':
      return normalizeEmail(refang(folded));
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return normalizeHash(kind, folded);
  }
}

/** The hash kind a hex digest's length implies, or null when it is not hex or no known length. */
export function detectHashKind(hex: string): HashKind | null {
  const h = hex.normalize('NFKC').trim();
  if (!/^[0-9a-f]+$/i.test(h)) return null;
  const found = (Object.keys(HASH_LENGTHS) as HashKind[]).find((k) => HASH_LENGTHS[k] === h.length);
  return found ?? null;
}

function normalizeHash(kind: HashKind, value: string): Step {
  const hex = value.toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return { ok: false, reason: `not a hex ${HASH_NAMES[kind]} hash` };
  if (hex.length !== HASH_LENGTHS[kind]) {
    return { ok: false, reason: `${HASH_NAMES[kind]} hash must be ${HASH_LENGTHS[kind]} hex digits` };
  }
  return { ok: true, value: hex };
}

/**
 * Undo the usual "defanging" analysts apply so a pasted indicator is not clickable: `hxxp://`, `[.]`,
 * `(.)`, `[dot]`, `[@]`, `[at]`, `[:]`, `[://]`. Only bracketed forms (and a leading `hxxp`), which
 * ordinary indicators do not contain, so refanging a clean value changes nothing.
 */
export function refang(value: string): string {
  // Every form undone below has a bracket or a defanged scheme: most indicators have neither, and skip
  // the six passes (normalize.test.ts checks the shortcut against them).
  if (!MAYBE_DEFANGED.test(value)) return value;
  return refangAll(value);
}

/** What refang() may change: a bracket of any kind, or a defanged scheme at the start. */
const MAYBE_DEFANGED = /[[({]|^(?:h(?:xx|\*\*)p|fxp)/i;

/** refang() without its shortcut (exported for the test that checks the shortcut). */
export function refangAll(value: string): string {
  return value
    .replace(/^h(?:xx|\*\*)p(s?)(?=\[?:)/i, 'http$1')
    .replace(/^fxp(?=\[?:)/i, 'ftp')
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}/gi, '.')
    .replace(/\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\}/gi, '@');
}

/** Lowercase A-labels (IDNA via UTS #46, as browsers do), no trailing dot; refuses what is not a host name. */
export function normalizeDomain(value: string): Step {
  const bad = { ok: false as const, reason: 'not a domain name' };
  // domainToASCII cuts at `/` and similar ("a/b.com" → "a"), so such input must be refused before it.
  if (value === '' || /[\s/\\:@?#[\]%<>"'`,;]/.test(value)) return bad;
  const trimmed = value.replace(/[.。]$/u, ''); // the ideographic full stop is a dot to UTS #46
  const ascii = plainAsciiHost(trimmed) ?? domainToASCII(trimmed);
  if (ascii === '' || ascii.length > 253) return bad;
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, reason: 'domain name needs at least two labels' };
  // Underscores are not valid in host names but occur in real malicious DNS names, so they are kept.
  if (!labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))) return bad;
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return { ok: false, reason: 'IP address, not a domain name' };
  return { ok: true, value: ascii };
}

/**
 * domainToASCII's answer for the commonest host, found without it: letters, digits, `_` and `-` in
 * dot-separated labels, none an A-label (`xn--`, which UTS #46 decodes and checks) and the last not a
 * number (decimal or 0x hex, which WHATWG parses as an IPv4 address). UTS #46 only lowercases such a
 * name. Null for anything else, which goes through domainToASCII (normalize.test.ts compares the two).
 */
export function plainAsciiHost(host: string): string | null {
  if (!PLAIN_HOST.test(host)) return null;
  const lower = host.toLowerCase();
  if (lower.startsWith('xn--') || lower.includes('.xn--')) return null;
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  if (NUMERIC_LABEL.test(last)) return null;
  return lower;
}
const PLAIN_HOST = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/;

/** Host of a URL in the same spelling as the ipv4 / ipv6 / domain kinds. */
function normalizeHost(host: string): Step {
  if (host.startsWith('[')) return canonicalIpv6(host);
  if (parseIpv4(host).ok) return canonicalIpv4(host);
  const decoded = safeDecode(host);
  return decoded === null ? { ok: false, reason: 'URL host is not valid' } : normalizeDomain(decoded);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * WHATWG parsing (what a victim's browser would fetch), then: scheme and host lowercased, IDNA host,
 * default port dropped, empty path → `/`, path and query case kept, fragment dropped (never sent to
 * the server, so it does not change what was fetched).
 */
export function normalizeUrl(value: string): Step {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return { ok: false, reason: 'URL has no scheme' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.hostname === '') return { ok: false, reason: 'URL has no host' };
  const host = normalizeHost(url.hostname);
  if (!host.ok) return { ok: false, reason: 'URL host is not valid' };
  const hostText = host.value.includes(':') ? `[${host.value}]` : host.value;
  // WHATWG has already emptied `port` when it is the scheme's default (http 80, https 443, ws, wss, ftp).
  const port = url.port === '' ? '' : `:${url.port}`;
  const userinfo = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const path = url.pathname === '' ? '/' : url.pathname;
  return { ok: true, value: `${url.protocol}//${userinfo}${hostText}${port}${canonicalEscapes(path + url.search)}` };
}

/** RFC 3986 §6.2.2.1–2: `%2f` and `%2F` are one escape, and an escaped unreserved character is the character. */
function canonicalEscapes(text: string): string {
  return text.replace(/%[0-9a-f]{2}/gi, (escape) => {
    const char = String.fromCharCode(parseInt(escape.slice(1), 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : escape.toUpperCase();
  });
}

/**
 * Domain lowercased with IDNA; the local part lowercased too. RFC 5321 lets a mail server treat
 * local parts case-sensitively, but practically none does, and senders vary case to dodge exact
 * matching: for correlation, folding case is worth the negligible risk of merging two mailboxes.
 * Provider-specific folding (Gmail dots, `+tags`) is not applied: it is not true of other domains.
 */
export function normalizeEmail(value: string): Step {
  const bad = { ok: false as const, reason: 'not an email address' };
  const address = value.replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  if (at <= 0) return bad;
  const local = address.slice(0, at).normalize('NFC');
  if (local.startsWith('"')) return { ok: false, reason: 'quoted local parts are not supported' };
  // RFC 5322 dot-atom, plus non-ASCII letters (RFC 6531, internationalised addresses).
  const atom = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
  if (local.length > 64 || !local.split('.').every((part) => atom.test(part))) return bad;
  const domain = normalizeDomain(address.slice(at + 1));
  if (!domain.ok) return { ok: false, reason: 'email domain is not a domain name' };
  return { ok: true, value: `${local.toLowerCase()}@${domain.value}` };
}

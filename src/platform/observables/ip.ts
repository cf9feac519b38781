/**
 * IPv4 / IPv6 parsing and canonical text forms, with CIDR. Hand-written rather than `node:net` because
 * `net.isIP` only says yes or no: it neither canonicalises nor takes a prefix length.
 */

export type IpResult = { ok: true; value: string } | { ok: false; reason: string };

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Strict dotted quad → 32-bit number, or a reason. */
export function parseIpv4(text: string): { ok: true; n: number } | { ok: false; reason: string } {
  // The common case, four groups of one to three digits, comes apart with one regex; anything else is
  // split, and each part is checked for what is wrong with it.
  const m = DOTTED_QUAD.exec(text);
  const parts = m ? m.slice(1) : text.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'not an IPv4 address' };
  let n = 0;
  for (const part of parts) {
    if (!m && !/^\d{1,3}$/.test(part)) return { ok: false, reason: 'not an IPv4 address' };
    // `010` is 8 to inet_aton (octal) and 10 to most other parsers: refuse to guess which one was meant.
    if (part.length > 1 && part.startsWith('0')) return { ok: false, reason: 'ambiguous leading zero in IPv4 address' };
    const octet = Number(part);
    if (octet > 255) return { ok: false, reason: 'IPv4 octet out of range' };
    n = n * 256 + octet;
  }
  return { ok: true, n };
}

export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function parsePrefix(text: string, max: number): number | null {
  if (!/^(0|[1-9]\d{0,2})$/.test(text)) return null;
  const prefix = Number(text);
  return prefix <= max ? prefix : null;
}

/** `a.b.c.d` or `a.b.c.d/len`; a CIDR becomes its network address, and `/32` the plain address. */
export function canonicalIpv4(text: string): IpResult {
  const [address = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return { ok: false, reason: 'not an IPv4 address' };
  const parsed = parseIpv4(address);
  if (!parsed.ok) return parsed;
  if (prefixText === undefined) return { ok: true, value: formatIpv4(parsed.n) };
  const prefix = parsePrefix(prefixText, 32);
  if (prefix === null) return { ok: false, reason: 'invalid IPv4 prefix length' };
  if (prefix === 32) return { ok: true, value: formatIpv4(parsed.n) };
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { ok: true, value: `${formatIpv4((parsed.n & mask) >>> 0)}/${prefix}` };
}

/** Any RFC 4291 text form → eight 16-bit groups, or a reason. */
export function parseIpv6(text: string): { ok: true; groups: number[] } | { ok: false; reason: string } {
  const bad = { ok: false as const, reason: 'not an IPv6 address' };
  if (text.includes('%')) return { ok: false, reason: 'IPv6 zone index not allowed' };
  const halves = text.split('::');
  if (halves.length > 2) return bad;
  const side = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const pieces = s.split(':');
    for (const [i, piece] of pieces.entries()) {
      // RFC 4291 §2.2 (3): a dotted quad may stand for the last 32 bits only.
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4.ok) return null;
        out.push(v4.n >>> 16, v4.n & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = side(halves[0] ?? '');
  const tail = halves.length === 2 ? side(halves[1] ?? '') : [];
  if (!head || !tail) return bad;
  // A dotted quad is only allowed at the very end, so not at the end of the part before `::`.
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return bad;
  if (halves.length === 1) return head.length === 8 ? { ok: true, groups: head } : bad;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return bad;
  return { ok: true, groups: [...head, ...new Array<number>(missing).fill(0), ...tail] };
}

/** RFC 5952 §4: lowercase, no leading zeros, `::` for the longest (first on a tie) run of ≥ 2 zero groups. */
export function formatIpv6(groups: readonly number[]): string {
  // RFC 5952 §5: mixed notation for the well-known embedded-IPv4 prefixes it names (RFC 4291 mapped
  // ::ffff:0:0/96 and RFC 2765 translated ::ffff:0:0:0/96), so `::ffff:192.0.2.1` keeps one spelling.
  const isZero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const mapped = isZero(0, 5) && groups[5] === 0xffff;
  const translated = isZero(0, 4) && groups[4] === 0xffff && groups[5] === 0;
  const hexCount = mapped || translated ? 6 : 8;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < hexCount; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < hexCount && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  const tailV4 = hexCount === 6 ? formatIpv4((((groups[6] ?? 0) << 16) | (groups[7] ?? 0)) >>> 0) : '';
  if (bestStart < 0) return [hex(0, hexCount), tailV4].filter((s) => s !== '').join(':');
  const rest = [hex(bestStart + bestLen, hexCount), tailV4].filter((s) => s !== '').join(':');
  return `${hex(0, bestStart)}::${rest}`;
}

/** Any IPv6 text form, optionally bracketed or with `/len`; a CIDR becomes its network, `/128` the address. */
export function canonicalIpv6(text: string): IpResult {
  let t = text;
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const [address = '', prefixText, extra] = t.split('/');
  if (extra !== undefined) return { ok: false, reason: 'not an IPv6 address' };
  const parsed = parseIpv6(address);
  if (!parsed.ok) return parsed;
  if (prefixText === undefined) return { ok: true, value: formatIpv6(parsed.groups) };
  const prefix = parsePrefix(prefixText, 128);
  if (prefix === null) return { ok: false, reason: 'invalid IPv6 prefix length' };
  if (prefix === 128) return { ok: true, value: formatIpv6(parsed.groups) };
  const network = parsed.groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
  return { ok: true, value: `${formatIpv6(network)}/${prefix}` };
}

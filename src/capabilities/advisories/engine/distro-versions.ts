/**
 * Distribution package versions: RPM (`rpmvercmp`) and Debian (`dpkg --compare-versions`). Both are
 * `[epoch:]upstream[-release]`, but they order letters, digits and `~` differently, so each keeps its own
 * algorithm, ported from rpm's rpmvio.c and dpkg's version.c rather than approximated: a package that is
 * one build short of the fix must come out "in range", and `1.0~rc1` must sort before `1.0` on Debian.
 */

export type Order = -1 | 0 | 1;

const sign = (n: number): Order => (n < 0 ? -1 : n > 0 ? 1 : 0);

export type EvrVersion = { epoch: number; version: string; release: string | null };

/**
 * Splits `epoch:version-release`. The release is what follows the last `-` (Debian's rule; RPM forbids
 * `-` in the version, so the rule agrees there). A missing epoch is 0 in both worlds.
 */
export function parseEvr(text: string): EvrVersion | null {
  const t = text.trim();
  if (t === '' || /\s/.test(t)) return null;
  const m = /^(\d+):(.+)$/.exec(t);
  const epoch = m ? Number(m[1]) : 0;
  const rest = m ? (m[2] ?? '') : t;
  const dash = rest.lastIndexOf('-');
  if (dash === 0 || dash === rest.length - 1) return null;
  const version = dash > 0 ? rest.slice(0, dash) : rest;
  const release = dash > 0 ? rest.slice(dash + 1) : null;
  if (!/^[0-9A-Za-z]/.test(version)) return null;
  return { epoch, version, release };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/.test(c);
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);

function compareDigits(a: string, b: string): Order {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return sign(x.length - y.length);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** rpm's `rpmvercmp`: alternating digit/alpha segments, digits newer than letters, `~` older than anything, `^` newer. */
export function rpmvercmp(a: string, b: string): Order {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i]);
    const take = numeric ? isDigit : isAlpha;
    const si = i;
    const sj = j;
    while (i < a.length && take(a[i])) i++;
    while (j < b.length && take(b[j])) j++;
    const x = a.slice(si, i);
    const y = b.slice(sj, j);
    // Segments of different kinds: rpm calls the numeric one newer.
    if (y === '') return numeric ? 1 : -1;
    const c = numeric ? compareDigits(x, y) : x === y ? 0 : x < y ? -1 : 1;
    if (c !== 0) return c;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** dpkg's character weight: `~` below end-of-string, letters below other symbols. */
function dpkgOrder(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's `verrevcmp`, applied to the upstream version and to the Debian revision in turn. */
export function dpkgVerrevcmp(a: string, b: string): Order {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = dpkgOrder(a[i]);
      const bc = dpkgOrder(b[j]);
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = (a.charCodeAt(i) ?? 0) - (b.charCodeAt(j) ?? 0);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return sign(firstDiff);
  }
  return 0;
}

/**
 * RPM EVR comparison. When only one side carries a release, rpm compares epoch and version alone, so a
 * bare `1.2` equals every `1.2-N`: a bound written without a release must not invent an order.
 */
export function compareRpm(a: string, b: string): Order | null {
  const x = parseEvr(a);
  const y = parseEvr(b);
  if (!x || !y) return null;
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0 || x.release === null || y.release === null) return v;
  return rpmvercmp(x.release, y.release);
}

/** Debian comparison: epoch, then upstream, then revision (an absent revision compares as empty, as dpkg does). */
export function compareDeb(a: string, b: string): Order | null {
  const x = parseEvr(a);
  const y = parseEvr(b);
  if (!x || !y) return null;
  if (x.epoch !== y.epoch) return sign(x.epoch - y.epoch);
  const v = dpkgVerrevcmp(x.version, y.version);
  if (v !== 0) return v;
  return dpkgVerrevcmp(x.release ?? '', y.release ?? '');
}

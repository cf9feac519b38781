/**
 * Version schemes and comparison. Advisories and asset registers write versions in many dialects; a
 * comparison is only made when both sides are read by the same rules, otherwise the answer is
 * 'incomparable' and the matcher says "possible" instead of guessing (the false positives we avoid).
 *
 * - semver: strict SemVer 2.0.0, pre-release ordering by the spec (`1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0`).
 * - dotted: any number of numeric parts with letter parts (`1.2.10`, `2.4.57a`, `21.4R3-S7`, `9.7p1`,
 *   `1.0rc1`, `2024-07-03`); trailing zeros are equal (`1.2 == 1.2.0`). Known pre-release words sort
 *   before the release, any other letters after it (`1.0.2k > 1.0.2`, `2.4.57a > 2.4.57`).
 * - cisco: release trains, compared only within a train (cisco.ts).
 * - rpm / deb: `epoch:version-release` (distro-versions.ts).
 * - git: commit ids; only equality is known without the repository.
 */
import { compareCisco, looksCisco, parseCisco } from './cisco.js';
import { compareDeb, compareRpm } from './distro-versions.js';

export type Scheme = 'semver' | 'dotted' | 'cisco' | 'rpm' | 'deb' | 'git' | 'unknown';
export type Order = -1 | 0 | 1;
export type Comparison = Order | 'incomparable';

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
const DOTTED = /^v?\d[A-Za-z0-9]*(?:[._+-][A-Za-z0-9]+)*$/i;
const GIT = /^(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$/i;
const EPOCH = /^\d+:\S+$/;

/**
 * Maps the names advisories use for their numbering (CVE `versionType`, `vers:` schemes, purl types) to a
 * scheme. Names that promise nothing (`custom`, `generic`, `maven`, `pypi`) give undefined: detect instead.
 */
export function schemeFromHint(hint?: string): Scheme | undefined {
  const h = hint?.trim().toLowerCase();
  if (!h) return undefined;
  if (['semver', 'npm', 'golang', 'cargo', 'nuget', 'hex', 'pub', 'swift'].includes(h)) return 'semver';
  if (['rpm', 'redhat', 'fedora', 'centos', 'suse', 'opensuse'].includes(h)) return 'rpm';
  if (['deb', 'debian', 'ubuntu', 'dpkg'].includes(h)) return 'deb';
  if (h === 'git') return 'git';
  if (h === 'cisco' || h === 'ios') return 'cisco';
  return undefined;
}

/**
 * Bulk matching compares the same few thousand version strings millions of times; parsing is memoised in
 * bounded maps (cleared when full) so the regular expressions run once per distinct string.
 */
function memo<T>(limit: number, fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, { value: T }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit) return hit.value;
    if (cache.size >= limit) cache.clear();
    const value = fn(key);
    cache.set(key, { value });
    return value;
  };
}

const detectMemo = memo(50_000, (key) => {
  const cut = key.indexOf('\u0000');
  return detectUncached(key.slice(cut + 1), key.slice(0, cut) || undefined);
});

/** The scheme a version string is read with: the hint when the string fits it, otherwise its shape. */
export function detectScheme(version: string, hint?: string): Scheme {
  return detectMemo(`${hint ?? ''}\u0000${version}`);
}

function detectUncached(version: string, hint?: string): Scheme {
  const v = version.trim();
  if (v === '') return 'unknown';
  const h = schemeFromHint(hint);
  if ((h === 'rpm' || h === 'deb') && !/\s/.test(v)) return h;
  if (looksCisco(v)) return 'cisco';
  if (SEMVER.test(v)) return 'semver';
  if (EPOCH.test(v)) return h === 'deb' ? 'deb' : 'rpm';
  if (GIT.test(v) && (h === 'git' || !/^\d+$/.test(v))) return 'git';
  if (DOTTED.test(v)) return 'dotted';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------- dotted

/** One dotted part. Numbers are digit strings (no precision limit); words carry their ordering class. */
export type Token = { t: 'num'; v: string } | { t: 'pre'; rank: number; v: string } | { t: 'post'; v: string };

// Pre-release words ranked as PEP 440 (dev < a < b < rc) and Maven (… rc < SNAPSHOT < release) do;
// `a`, `b`, `c`, `m` only count when a number follows (`1.0a1` is an alpha, `2.4.57a` a patch letter).
const PRE_WORDS: Record<string, number> = { dev: 0, alpha: 1, beta: 2, milestone: 3, m: 3, pre: 4, preview: 4, c: 5, cr: 5, rc: 5, snapshot: 6 };
const PRE_NEEDS_NUMBER = new Set(['a', 'b', 'c', 'm']);
const RELEASE_WORDS = new Set(['ga', 'final', 'release']);

const tokensMemo = memo(50_000, (key) => tokensUncached(key.slice(1), key.startsWith('1')));

/**
 * Splits a dotted version into tokens; the numeric head loses its trailing zeros so `1.2 == 1.2.0`.
 * The result is shared between callers (memoised): treat it as read-only.
 */
export function dottedTokens(version: string, keepZeros = false): readonly Token[] | null {
  return tokensMemo(`${keepZeros ? 1 : 0}${version}`);
}

function tokensUncached(version: string, keepZeros: boolean): Token[] | null {
  const v = version.trim();
  if (!DOTTED.test(v)) return null;
  const raw = v.replace(/^v/i, '').toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const out: Token[] = [];
  raw.forEach((part, i) => {
    if (/^\d/.test(part)) return out.push({ t: 'num', v: part.replace(/^0+(?=\d)/, '') });
    if (RELEASE_WORDS.has(part)) return;
    const followedByNumber = /^\d/.test(raw[i + 1] ?? '');
    if (part === 'a' && followedByNumber) return out.push({ t: 'pre', rank: 1, v: 'alpha' });
    if (part === 'b' && followedByNumber) return out.push({ t: 'pre', rank: 2, v: 'beta' });
    const rank = PRE_WORDS[part];
    if (rank !== undefined && (!PRE_NEEDS_NUMBER.has(part) || followedByNumber)) return out.push({ t: 'pre', rank, v: part });
    return out.push({ t: 'post', v: part });
  });
  if (!keepZeros) {
    let head = out.findIndex((tok) => tok.t !== 'num');
    if (head < 0) head = out.length;
    let end = head;
    while (end > 0 && out[end - 1]?.t === 'num' && out[end - 1]?.v === '0') end--;
    out.splice(end, head - end);
  }
  return out;
}

const cmpStr = (a: string, b: string): Order => (a === b ? 0 : a < b ? -1 : 1);
const cmpDigits = (a: string, b: string): Order => (a.length !== b.length ? (a.length < b.length ? -1 : 1) : cmpStr(a, b));

// At a position where one side has ended: pre-release words < end < post words < numbers.
const KIND_WEIGHT = { pre: 0, end: 1, post: 2, num: 3 } as const;

function compareTokens(a: readonly Token[], b: readonly Token[]): Order {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const kx = x ? KIND_WEIGHT[x.t] : KIND_WEIGHT.end;
    const ky = y ? KIND_WEIGHT[y.t] : KIND_WEIGHT.end;
    if (kx !== ky) return kx < ky ? -1 : 1;
    if (!x || !y) continue;
    if (x.t === 'num' && y.t === 'num') {
      const c = cmpDigits(x.v, y.v);
      if (c) return c;
    } else if (x.t === 'pre' && y.t === 'pre') {
      if (x.rank !== y.rank) return x.rank < y.rank ? -1 : 1;
    } else if (x.t === 'post' && y.t === 'post') {
      const c = cmpStr(x.v, y.v);
      if (c) return c;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- semver

type SemverParts = { core: [string, string, string]; pre: string[] };

const parseSemver = memo(50_000, parseSemverUncached);

function parseSemverUncached(version: string): SemverParts | null {
  const m = SEMVER.exec(version.trim());
  if (!m) return null;
  return { core: [m[1] ?? '0', m[2] ?? '0', m[3] ?? '0'], pre: m[4] ? m[4].split('.') : [] };
}

/** SemVer 2.0.0 §11: numeric identifiers below alphanumeric ones, a shorter prefix below a longer list. */
function compareSemver(a: SemverParts, b: SemverParts): Order {
  for (let i = 0; i < 3; i++) {
    const c = cmpDigits(a.core[i] ?? '0', b.core[i] ?? '0');
    if (c) return c;
  }
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    const c = nx && ny ? cmpDigits(x, y) : nx !== ny ? (nx ? -1 : 1) : cmpStr(x, y);
    if (c) return c;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------- compare

/**
 * Orders two versions. semver and dotted are one family (a strict-semver pair uses SemVer's pre-release
 * rules, any other pair the dotted rules); rpm and deb compare anything without whitespace once either
 * side or the hint says so; Cisco compares within a train; git and unknown text only by equality.
 */
export function compareVersions(a: string, b: string, hint?: string): Comparison {
  return compareMemo(`${hint ?? ''}\u0000${a}\u0000${b}`);
}

// Assets share versions and advisories share bounds, so the same pairs recur: one lookup instead of four parses.
const compareMemo = memo(200_000, (key) => {
  const [hint, a, b] = key.split('\u0000');
  return compareUncached(a ?? '', b ?? '', hint || undefined);
});

function compareUncached(a: string, b: string, hint?: string): Comparison {
  const sa = detectScheme(a, hint);
  const sb = detectScheme(b, hint);
  if (sa === 'rpm' || sb === 'rpm' || sa === 'deb' || sb === 'deb') {
    const deb = sa === 'deb' || sb === 'deb';
    const r = deb ? compareDeb(a, b) : compareRpm(a, b);
    return r ?? 'incomparable';
  }
  if (sa === 'semver' && sb === 'semver') {
    const x = parseSemver(a);
    const y = parseSemver(b);
    if (x && y) return compareSemver(x, y);
  }
  if ((sa === 'semver' || sa === 'dotted') && (sb === 'semver' || sb === 'dotted')) {
    const x = dottedTokens(a);
    const y = dottedTokens(b);
    if (x && y) return compareTokens(x, y);
  }
  if (sa === 'cisco' && sb === 'cisco') return compareCisco(a, b) ?? 'incomparable';
  if (sa === 'git' && sb === 'git') {
    const x = a.trim().toLowerCase();
    const y = b.trim().toLowerCase();
    return x.startsWith(y) || y.startsWith(x) ? 0 : 'incomparable';
  }
  return 'incomparable';
}

/**
 * Whether two versions denote the same release: true/false when known, 'unknown' otherwise. Equality is
 * decidable more often than order: two Cisco trains, two different commits, or a Cisco train and a dotted
 * number are certainly not equal, and free text ("Oracle Java SE:8u361") at least equals itself.
 */
export function sameVersion(a: string, b: string, hint?: string): boolean | 'unknown' {
  const c = compareVersions(a, b, hint);
  if (c !== 'incomparable') return c === 0;
  // Both well-formed yet not comparable (two trains, two commits, a train and a dotted number): different.
  // Not so a commit against a release number: release 2023 may well be built from commit 944e257.
  const sa = detectScheme(a, hint);
  const sb = detectScheme(b, hint);
  if (sa !== 'unknown' && sb !== 'unknown' && (sa === 'git') === (sb === 'git')) return false;
  const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return norm(a) === norm(b) ? true : 'unknown';
}

// ---------------------------------------------------------------------------------------------- keys

/**
 * A byte-order sortable key, so a database can answer "version within [lower, upper)" with a B-tree range
 * scan instead of calling this module per row. Keys compare only within the same `family` and `group`
 * (a Cisco train); rpm/deb/git/unknown versions have no key and must be checked in code.
 */
export type VersionKey = { family: 'dotted' | 'semver' | 'cisco'; group: string; key: string };

// Class markers in ASCII order: pre (1) < end (2) < post (3) < num (4); words end with '!' (below digits/letters).
const num = (d: string): string => `4${String.fromCharCode(0x40 + d.length)}${d}`;
const tokenKey = (t: Token): string => (t.t === 'num' ? num(t.v) : t.t === 'pre' ? `1${t.rank}!` : `3${t.v}!`);

export function versionKey(version: string, hint?: string): VersionKey | null {
  const scheme = detectScheme(version, hint);
  if (scheme === 'cisco') {
    const c = parseCisco(version);
    if (!c) return null;
    const key = c.parts.map((p) => (typeof p === 'number' ? num(String(p)) : `3${p.toLowerCase()}!`)).join('');
    return { family: 'cisco', group: c.train, key };
  }
  // With a semver hint a strict semver string keeps SemVer's pre-release order; otherwise dotted order.
  if (scheme === 'semver' && schemeFromHint(hint) === 'semver') {
    const s = parseSemver(version);
    if (!s) return null;
    const pre = s.pre.map((id) => (/^\d+$/.test(id) ? num(id.replace(/^0+(?=\d)/, '')) : `5${id}!`)).join('');
    return { family: 'semver', group: '', key: s.core.map(num).join('') + (s.pre.length ? `1${pre}2` : '3') };
  }
  if (scheme !== 'semver' && scheme !== 'dotted') return null;
  const tokens = dottedTokens(version);
  return tokens ? { family: 'dotted', group: '', key: `${tokens.map(tokenKey).join('')}2` } : null;
}

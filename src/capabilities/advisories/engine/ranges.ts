/**
 * Version ranges as advisories state them, and the test "is this version in it?". The answer is three-
 * valued: 'unknown' whenever a bound cannot be compared with the version (another scheme, another Cisco
 * train, free text), so the matcher can say "possible" instead of pretending to know.
 *
 * Ranges stay plain data (JSON-storable); each bound keeps the advisory's own text so an explanation can
 * quote it, and versions.ts can turn bounds into sortable keys for a database index.
 */
import { compareVersions, dottedTokens, sameVersion } from './versions.js';

/** A bound as written; `version` may end in `*` (CVE's "arbitrarily large" limit such as `6.1.*`). */
export type Bound = { version: string; inclusive: boolean };

export type VersionRange =
  | { kind: 'all' }
  | { kind: 'exact'; version: string }
  | { kind: 'interval'; lower?: Bound; upper?: Bound }
  | { kind: 'wildcard'; prefix: string }
  | { kind: 'union'; ranges: VersionRange[]; except?: string[] }
  /** Text no scheme can read ("All versions up to and including 17.1, 16.5 …"): always 'unknown'. */
  | { kind: 'opaque'; text: string };

export type RangeTest = 'in' | 'out' | 'unknown';

const ALL: VersionRange = { kind: 'all' };

/** `2.4.*` / `2.4.x` → `2.4`; null when the text is not a wildcard. `*` alone is handled as "all". */
export function wildcardPrefix(text: string): string | null {
  const m = /^(.+?)\.(?:\*|x)$/i.exec(text.trim());
  return m?.[1] ?? null;
}

/** Whether `version` lies under `prefix` part by part (`6.1.13` under `6.1`, not `6.10`). */
export function hasVersionPrefix(version: string, prefix: string): boolean | 'unknown' {
  const v = dottedTokens(version, true);
  const p = dottedTokens(prefix, true);
  if (!v || !p) return version.trim().startsWith(`${prefix.trim()}.`) || version.trim() === prefix.trim() ? true : 'unknown';
  return p.every((tok, i) => {
    const other = v[i] ?? { t: 'num', v: '0' };
    return tok.t === other.t && tok.v === other.v;
  });
}

function testBound(version: string, bound: Bound, side: 'lower' | 'upper', hint?: string): RangeTest {
  const prefix = wildcardPrefix(bound.version);
  if (prefix !== null) {
    const under = hasVersionPrefix(version, prefix);
    if (under === true) return 'in';
    const c = compareVersions(version, prefix, hint);
    if (c === 'incomparable' || under === 'unknown') return 'unknown';
    return (side === 'upper' ? c < 0 : c > 0) ? 'in' : 'out';
  }
  const c = compareVersions(version, bound.version, hint);
  if (c === 'incomparable') return 'unknown';
  if (c === 0) return bound.inclusive ? 'in' : 'out';
  return (side === 'upper' ? c < 0 : c > 0) ? 'in' : 'out';
}

const both = (a: RangeTest, b: RangeTest): RangeTest => (a === 'out' || b === 'out' ? 'out' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'in');
const either = (tests: RangeTest[]): RangeTest => (tests.includes('in') ? 'in' : tests.every((t) => t === 'out') ? 'out' : 'unknown');

/** In, out, or unknown (no comparison possible). `hint` is the advisory's scheme name, if it gave one. */
export function inRange(version: string, range: VersionRange, hint?: string): RangeTest {
  switch (range.kind) {
    case 'all':
      return 'in';
    case 'opaque':
      return 'unknown';
    case 'exact': {
      const same = sameVersion(version, range.version, hint);
      return same === 'unknown' ? 'unknown' : same ? 'in' : 'out';
    }
    case 'wildcard': {
      const under = hasVersionPrefix(version, range.prefix);
      return under === 'unknown' ? 'unknown' : under ? 'in' : 'out';
    }
    case 'interval': {
      const lower = range.lower ? testBound(version, range.lower, 'lower', hint) : 'in';
      const upper = range.upper ? testBound(version, range.upper, 'upper', hint) : 'in';
      return both(lower, upper);
    }
    case 'union': {
      const hit = either(range.ranges.map((r) => inRange(version, r, hint)));
      if (hit !== 'in' || !range.except?.length) return hit;
      const excluded = either(range.except.map((e) => inRange(version, { kind: 'exact', version: e }, hint)));
      return excluded === 'in' ? 'out' : excluded === 'out' ? 'in' : 'unknown';
    }
  }
}

/** In any of several ranges (an advisory entry lists alternatives). */
export function inAnyRange(version: string, ranges: VersionRange[], hint?: string): RangeTest {
  return either(ranges.map((r) => inRange(version, r, hint)));
}

/** False when the range admits every version (or cannot be read): such a match is never certain. */
export function isBounded(range: VersionRange): boolean {
  switch (range.kind) {
    case 'all':
    case 'opaque':
      return false;
    case 'exact':
    case 'wildcard':
      return true;
    case 'interval':
      return [range.lower, range.upper].some((b) => b !== undefined && b.version.trim() !== '*');
    case 'union':
      return range.ranges.length > 0 && range.ranges.every(isBounded);
  }
}

/** Human-readable, as it appears in a match reason: `>=3.1.0 <3.2.2`, `=1.0`, `2.4.*`, `any version`. */
export function formatRange(range: VersionRange): string {
  switch (range.kind) {
    case 'all':
      return 'any version';
    case 'opaque':
      return `"${range.text}"`;
    case 'exact':
      return `=${range.version}`;
    case 'wildcard':
      return `${range.prefix}.*`;
    case 'interval': {
      const parts = [];
      if (range.lower) parts.push(`${range.lower.inclusive ? '>=' : '>'}${range.lower.version}`);
      if (range.upper) parts.push(`${range.upper.inclusive ? '<=' : '<'}${range.upper.version}`);
      return parts.length ? parts.join(' ') : 'any version';
    }
    case 'union': {
      const body = range.ranges.map(formatRange).join(' | ');
      return range.except?.length ? `${body} except ${range.except.join(', ')}` : body;
    }
  }
}

// ------------------------------------------------------------------------------------------- parsing

type Constraint = { op: '<' | '<=' | '>' | '>=' | '=' | '!='; version: string };

/**
 * Folds a list of constraints (in the order written, which `vers:` requires to be ascending) into
 * intervals: each `>`/`>=` opens an interval that the next `<`/`<=` closes, a lone `<` is open below.
 */
function fold(constraints: Constraint[]): VersionRange {
  const ranges: VersionRange[] = [];
  const except: string[] = [];
  let open: Bound | undefined;
  for (const c of constraints) {
    if (c.op === '=') ranges.push({ kind: 'exact', version: c.version });
    else if (c.op === '!=') except.push(c.version);
    else if (c.op === '>' || c.op === '>=') {
      if (open) ranges.push({ kind: 'interval', lower: open });
      open = { version: c.version, inclusive: c.op === '>=' };
    } else {
      const upper = { version: c.version, inclusive: c.op === '<=' };
      ranges.push(open ? { kind: 'interval', lower: open, upper } : { kind: 'interval', upper });
      open = undefined;
    }
  }
  if (open) ranges.push({ kind: 'interval', lower: open });
  if (!ranges.length) ranges.push(ALL);
  if (ranges.length === 1 && !except.length && ranges[0]) return ranges[0];
  return except.length ? { kind: 'union', ranges, except } : { kind: 'union', ranges };
}

export type VersParse = { ok: true; scheme: string; range: VersionRange } | { ok: false; message: string };

/** `vers:semver/>=1.0.0|<1.4.2`, `vers:generic/*`, `vers:deb/1.2.3|>=2.0.0|<2.1.0` (the purl-spec VERS syntax). */
export function parseVers(text: string): VersParse {
  const m = /^vers:([a-z0-9.+-]+)\/(.*)$/i.exec(text.trim());
  if (!m) return { ok: false, message: `not a vers: range: ${text}` };
  const scheme = (m[1] ?? '').toLowerCase();
  const body = (m[2] ?? '').replace(/\s+/g, '');
  if (body === '*') return { ok: true, scheme, range: ALL };
  const constraints: Constraint[] = [];
  for (const part of body.split('|')) {
    const c = /^(<=|>=|!=|<|>|=)?([^<>=!].*)$/.exec(part);
    if (!c || !c[2] || c[2] === '*') return { ok: false, message: `bad vers constraint "${part}" in ${text}` };
    let version: string;
    try {
      version = decodeURIComponent(c[2]);
    } catch {
      return { ok: false, message: `bad percent-encoding in "${part}"` };
    }
    constraints.push({ op: (c[1] ?? '=') as Constraint['op'], version });
  }
  return { ok: true, scheme, range: fold(constraints) };
}

const ENGLISH: [RegExp, Constraint['op']][] = [
  [/^(?:before|prior to|earlier than|older than)\s+(?:version\s+)?(\S+)$/i, '<'],
  [/^(?:up to and including|through|until and including)\s+(?:version\s+)?(\S+)$/i, '<='],
  [/^(?:version\s+)?(\S+)\s+(?:and|or)\s+(?:earlier|before|below|prior)$/i, '<='],
  [/^(?:version\s+)?(\S+)\s+(?:and|or)\s+(?:later|above|newer|after)$/i, '>='],
];
const CONSTRAINT = /(<=|>=|!=|==|<|>|=)\s*([^\s,|&<>=!]+)/g;

/**
 * Range notations found in advisory text fields: `>= 2.1.0, < 5.2.4` (GitHub style), `>=2.0 <2.4.3`,
 * `< 1.15.0`, `2.4.*`, `*`, `vers:…`, `before version 4.3.1.493`, `9.2 and earlier`, alternatives with
 * `||`. A single version is an exact range; anything else is kept verbatim as 'opaque'.
 */
export function parseRangeExpression(text: string): VersionRange {
  const t = text.trim();
  if (/^(?:\*|any|all|all versions|any version)$/i.test(t)) return ALL;
  if (/^vers:/i.test(t)) {
    const v = parseVers(t);
    return v.ok ? v.range : { kind: 'opaque', text: t };
  }
  if (t.includes('||')) {
    const parts = t.split('||').map((p) => parseRangeExpression(p));
    return parts.some((p) => p.kind === 'opaque') ? { kind: 'opaque', text: t } : { kind: 'union', ranges: parts };
  }
  for (const [re, op] of ENGLISH) {
    const m = re.exec(t);
    if (m?.[1]) return fold([{ op, version: m[1] }]);
  }
  const prefix = wildcardPrefix(t);
  if (prefix !== null && !/\s/.test(prefix)) return { kind: 'wildcard', prefix };
  const constraints = [...t.matchAll(CONSTRAINT)].map((m) => ({ op: (m[1] === '==' ? '=' : m[1]) as Constraint['op'], version: m[2] ?? '' }));
  const leftover = t.replace(CONSTRAINT, '').replace(/[\s,&]|and/gi, '');
  if (constraints.length && leftover === '') return fold(constraints);
  if (!/\s|[<>=,]/.test(t) && t !== '') return { kind: 'exact', version: t };
  return { kind: 'opaque', text: t };
}

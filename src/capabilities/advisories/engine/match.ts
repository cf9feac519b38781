/**
 * Matching one asset against advisory statements, with the reason written down. The rules, in order of
 * how much they protect operators from false alarms:
 *
 * 1. Identity is exact: CPE vendor:product, purl type/namespace/name, or an explicit alias. No fuzzy names.
 * 2. "affected" needs a bounded range, a comparable asset version, and no doubt about the variant
 *    (CPE target_sw etc.) or platform. Anything short of that is "possible", never "affected".
 * 3. A version outside the affected range is "not_affected"; the reason quotes the range.
 */
import { CPE_ATTRIBUTES, type CpeAttribute } from './cpe.js';
import { assetIdentity, assetKeys, resolveKey, toAliasIndex, type AliasIndex, type Aliases, type AssetIdentity } from './identity.js';
import type { Affected, Asset, Doubt, MatchResult, ReasonCase, Verdict } from './model.js';
import { formatRange, hasVersionPrefix, inAnyRange, isBounded, type RangeTest } from './ranges.js';
import { detectScheme, type Scheme } from './versions.js';

type Identifier = MatchResult['reason']['identifier'];
type Fit = { fit: 'ok' | 'conflict' } | { fit: 'unknown'; doubt: Doubt };
const OK: Fit = { fit: 'ok' };
const CONFLICT: Fit = { fit: 'conflict' };
const unknownFit = (kind: Doubt['kind'], subject: string): Fit => ({ fit: 'unknown', doubt: { kind, subject } });

/** A doubt as the English explanation words it (the web client words it in the reader's language). */
const DOUBT_TEXT: Record<Doubt['kind'], (subject: string) => string> = {
  'variant-no-cpe': (s) => `the advisory is specific to ${s} and the asset has no CPE to compare`,
  'variant-open': (s) => `the advisory is specific to ${s}, which the asset's CPE leaves open`,
  'platform-unrecorded': (s) => `the statement is scoped to platform ${s}, which the asset does not record`,
  'platform-version': (s) => `the statement is scoped to platform ${s} and the asset's platform version is not comparable`,
};
const isCpeAttribute = (k: string): k is CpeAttribute => (CPE_ATTRIBUTES as readonly string[]).includes(k);

function identify(id: AssetIdentity, entry: Affected, index: AliasIndex): Identifier | null {
  const e = entry.identity;
  if (e.kind === 'cpe' && id.cpe?.key === e.key) return 'cpe';
  if (e.kind === 'purl' && id.purl?.key === e.key) return 'purl';
  const target = resolveKey(e.key, index);
  for (const k of assetKeys(id)) {
    const resolved = resolveKey(k.key, index);
    // Two equal bare names with no alias between them are exactly the fuzzy match we refuse.
    if (resolved === target && !(k.key === e.key && resolved === k.key)) return 'alias';
  }
  return null;
}

/** Whether the asset is the variant the statement is about (CPE attributes beyond vendor/product). */
function variantFit(id: AssetIdentity, entry: Affected): Fit {
  const wanted = Object.entries(entry.constraints ?? {});
  if (!wanted.length) return OK;
  const shown = wanted.map(([k, v]) => `${k}=${v}`).join(', ');
  if (!id.cpe) return unknownFit('variant-no-cpe', shown);
  let unknown = false;
  for (const [attr, want] of wanted) {
    const have = isCpeAttribute(attr) ? id.cpe.cpe[attr] : undefined;
    if (!have || have.kind === 'any') unknown = true;
    else if ((have.kind === 'na' ? '-' : have.value) !== want) return CONFLICT;
  }
  return unknown ? unknownFit('variant-open', shown) : OK;
}

/** Whether the asset runs on the platform a scoped statement is about (e.g. a package on RHEL 9). */
function platformFit(id: AssetIdentity, entry: Affected, index: AliasIndex): Fit {
  const p = entry.platform;
  if (!p) return OK;
  const shown = `${p.identity.key}${p.version ? ` ${p.version}` : ''}`;
  if (!id.platform) return unknownFit('platform-unrecorded', shown);
  if (resolveKey(id.platform.key, index) !== resolveKey(p.identity.key, index)) return CONFLICT;
  if (!p.version) return OK;
  const under = id.platform.version ? hasVersionPrefix(id.platform.version, p.version) : 'unknown';
  if (under === false) return CONFLICT;
  return under === true ? OK : unknownFit('platform-version', shown);
}

// Entries are matched against many assets; their range text is built once per entry object. Its one
// English phrase, "any version" (with "except …"), is what the web client translates (localRange).
const described = new WeakMap<Affected, string>();

function describeRanges(entry: Affected): string {
  const cached = described.get(entry);
  if (cached !== undefined) return cached;
  const body = entry.ranges === 'all' ? 'any version' : entry.ranges.map(formatRange).join(' or ');
  const text = entry.except?.length ? `${body} except ${entry.except.map(formatRange).join(', ')}` : body;
  described.set(entry, text);
  return text;
}

type Coverage = { test: RangeTest; excluded: boolean };

function coverage(version: string | null, entry: Affected): Coverage {
  if (version === null) return { test: 'unknown', excluded: false };
  const inRanges = entry.ranges === 'all' ? 'in' : inAnyRange(version, entry.ranges, entry.scheme);
  if (inRanges !== 'in' || !entry.except?.length) return { test: inRanges, excluded: false };
  const ex = inAnyRange(version, entry.except, entry.scheme);
  return ex === 'in' ? { test: 'out', excluded: true } : { test: ex === 'out' ? 'in' : 'unknown', excluded: false };
}

/**
 * A statement counts as bounded when its ranges are, or when it is "every version except …" (a CVE
 * defaultStatus after explicit ranges): the exceptions are what make the answer specific to the version.
 */
function bounded(entry: Affected): boolean {
  if (entry.ranges === 'all') return (entry.except ?? []).some(isBounded);
  return entry.ranges.length > 0 && entry.ranges.every(isBounded);
}

/** Matches prepared inputs; use matchAsset unless matching one asset against many entries. */
export function matchPrepared(id: AssetIdentity, entry: Affected, index: AliasIndex): MatchResult | null {
  const identifier = identify(id, entry, index);
  if (!identifier) return null;
  const variant = variantFit(id, entry);
  const platform = platformFit(id, entry, index);
  if (variant.fit === 'conflict' || platform.fit === 'conflict') return null;

  const version = id.version?.value ?? null;
  const scheme: Scheme = version ? detectScheme(version, entry.scheme) : 'unknown';
  const range = describeRanges(entry);
  const what = `${entry.identity.key}${identifier === 'alias' ? ' (matched through the alias table)' : ''}`;
  const marks = entry.status === 'under_investigation' ? 'under investigation' : entry.status;
  const result = (verdict: Verdict, covered: boolean, because: ReasonCase, explanation: string, doubt?: Doubt): MatchResult => ({
    verdict,
    covered,
    reason: {
      identifier, key: entry.identity.key, range, assetVersion: version, scheme, explanation, because, status: entry.status,
      ...(doubt ? { doubt } : {}), ...(entry.justification && because === 'within-unaffected' ? { justification: entry.justification } : {}),
      source: entry.source,
    },
  });

  // Commit ranges cannot place a release number; the same record's numbered statements decide instead.
  if (entry.scheme === 'git' && version !== null && scheme !== 'git') {
    return result('not_affected', false, 'git-ranges', `The statement for ${what} gives git commit ranges, on which release version ${version} cannot be placed.`);
  }
  const { test, excluded } = coverage(version, entry);
  const isBounded = bounded(entry);
  const doubt = variant.fit === 'unknown' ? variant.doubt : platform.fit === 'unknown' ? platform.doubt : undefined;

  if (test === 'out') {
    if (excluded) return result('not_affected', false, 'decided-earlier', `Version ${version} is decided by an earlier statement of the advisory for ${what}, so this ${marks} statement (${range}) does not apply.`);
    return entry.status === 'affected' || entry.status === 'under_investigation'
      ? result('not_affected', false, 'outside', `Version ${version} is outside ${range}, the range the advisory marks ${marks} for ${what}.`)
      : result('not_affected', false, 'outside-unaffected', `Version ${version} is outside ${range}, which the advisory marks ${marks} for ${what}, and no affected range covers it.`);
  }
  if (entry.status === 'unaffected' || entry.status === 'fixed') {
    const why = entry.justification ? ` (${entry.justification})` : '';
    if (test === 'in') return result('not_affected', doubt === undefined, 'within-unaffected', `Version ${version} is within ${range}, which the advisory marks ${marks} for ${what}${why}.`);
    return version === null
      ? result('not_affected', false, 'unaffected-no-version', `The advisory marks ${range} of ${what} ${marks}, and the asset has no version to place against it.`)
      : result('not_affected', false, 'unaffected-incomparable', `Version ${version} cannot be compared with ${range}, which the advisory marks ${marks} for ${what}.`);
  }
  if (version === null) return result('possible', false, 'no-version', `The advisory marks ${range} of ${what} ${marks}, but the asset has no version recorded to place against it.`);
  if (test === 'unknown') {
    return result('possible', false, 'incomparable', `Version ${version} cannot be compared with ${range} (${marks} for ${what}): the versions follow a different scheme or release train.`);
  }
  if (entry.status === 'under_investigation') return result('possible', true, 'under-investigation', `Version ${version} is within ${range}, which the advisory lists as under investigation for ${what}.`);
  if (!isBounded) return result('possible', true, 'unbounded', `The advisory marks ${what} affected with no version bound (${range}), so version ${version} is only a possible match.`);
  if (entry.inferred) return result('possible', true, 'inferred', `Version ${version} is within ${range}, which the advisory implies but does not state is affected for ${what}.`);
  if (doubt) return result('possible', true, 'doubt', `Version ${version} is within ${range}, marked affected for ${what}, but ${DOUBT_TEXT[doubt.kind](doubt.subject)}.`, doubt);
  return result('affected', true, 'within', `Version ${version} is within ${range}, which the advisory marks affected for ${what}.`);
}

/** One asset against one advisory statement; null when the statement is about another product. */
export function matchAsset(asset: Asset, affected: Affected, aliases: Aliases = []): MatchResult | null {
  return matchPrepared(assetIdentity(asset), affected, toAliasIndex(aliases));
}

// affected > an explicit statement that this version is unaffected > possible > silence about the version.
const rank = (r: MatchResult): number =>
  r.verdict === 'affected' ? 3 : r.verdict === 'not_affected' && r.covered ? 2 : r.verdict === 'possible' ? 1 : 0;

/**
 * One asset against all statements of one advisory: the strongest result wins. An explicit "this version
 * is unaffected/fixed" outranks a "possible" that only arose because some other statement could not be
 * compared (e.g. a record's git-commit ranges beside its release-number ranges).
 */
export function matchAdvisory(asset: Asset, entries: readonly Affected[], aliases: Aliases = []): MatchResult | null {
  return matchAdvisoryPrepared(assetIdentity(asset), entries, toAliasIndex(aliases));
}

/** matchAdvisory over an identity parsed once, for callers matching one asset against many advisories. */
export function matchAdvisoryPrepared(id: AssetIdentity, entries: readonly Affected[], index: AliasIndex): MatchResult | null {
  let best: MatchResult | null = null;
  for (const entry of entries) {
    const r = matchPrepared(id, entry, index);
    if (r && (!best || rank(r) > rank(best))) best = r;
  }
  return best;
}

import { parsePattern, type Comparison, type ComparisonExpr, type ObservationExpr } from '../../incidents/stix-pattern.js';
import { canonicalIpv4, canonicalIpv6 } from '../../../platform/observables/ip.js';
import { IDENTIFIER, isObservableLike, isRecord, kindOf } from './classify.js';
import { issue, say, type Issue, type StixText } from './messages.js';

/**
 * The STIX 2.1 rules the official JSON schemas do not (or cannot) express. Each check names the
 * property it concerns so the caller can report a STIX path.
 */

export type { Issue };
export type RuleResult = { errors: Issue[]; warnings: Issue[] };

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** Top-level timestamp properties of the standard objects (§2.14), checked whatever the type. */
const TIMESTAMP_PROPERTIES = ['created', 'modified', 'valid_from', 'valid_until', 'first_seen', 'last_seen',
  'first_observed', 'last_observed', 'published', 'start_time', 'stop_time', 'submitted', 'analysis_started',
  'analysis_ended'];

/** Pairs the spec orders: [earlier, later, whether they may be equal]. */
const ORDERED: [string, string, boolean][] = [
  ['created', 'modified', true],
  ['valid_from', 'valid_until', false], // §4.7: valid_until MUST be greater than valid_from
  ['first_seen', 'last_seen', true],
  ['first_observed', 'last_observed', true],
  ['start_time', 'stop_time', false], // §5.1: stop_time MUST be later than start_time
  ['analysis_started', 'analysis_ended', true],
];

/** Types a relationship may not point at (§5.1: source and target are SDOs or SCOs). */
const NOT_RELATABLE = /^(relationship|sighting|bundle|marking-definition|language-content|extension-definition)--/;

export function checkRules(obj: Record<string, unknown> & { type: string }): RuleResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const observable = isObservableLike(obj);

  checkId(obj, observable, errors, warnings);

  // §3.2 / §3.6: every object but an SCO states spec_version 2.1; an SCO may omit it.
  const spec = obj['spec_version'];
  if (spec === undefined ? !observable : spec !== '2.1') {
    errors.push(issue('spec_version', spec === undefined ? say.specVersionRequired() : say.specVersion(spec)));
  }

  const custom = kindOf(obj) === 'custom';
  // A custom object's other properties are its producer's to define; only the common ones are STIX's.
  for (const name of custom ? ['created', 'modified'] : TIMESTAMP_PROPERTIES) {
    const value = obj[name];
    if (value === undefined) continue;
    const problem = timestampProblem(value);
    if (problem) errors.push(issue(name, problem));
  }
  if (!observable && obj.type !== 'marking-definition') {
    // Custom SDO-like objects are versioned like SDOs, so they need what versioning needs (§3.2).
    for (const name of ['created', 'modified']) if (obj[name] === undefined) errors.push(issue(name, say.required()));
  }
  for (const [earlier, later, mayEqual] of ORDERED) {
    const a = obj[earlier];
    const b = obj[later];
    if (typeof a !== 'string' || typeof b !== 'string' || timestampProblem(a) || timestampProblem(b)) continue;
    const order = compareTimestamps(b, a);
    if (order < 0 || (order === 0 && !mayEqual)) {
      errors.push(issue(later, say.laterThan(earlier, a, mayEqual)));
    }
  }

  if (obj.type === 'indicator') checkIndicator(obj, errors);
  if (obj.type === 'relationship') {
    for (const name of ['source_ref', 'target_ref']) {
      const ref = obj[name];
      if (typeof ref === 'string' && IDENTIFIER.test(ref) && NOT_RELATABLE.test(ref)) {
        errors.push(issue(name, say.relatable(ref.split('--')[0]!)));
      }
    }
  }
  if (!custom) checkRefs(obj, '', errors);
  return { errors, warnings };
}

/** §2.9: `<type>--<UUID>`, with the object's own type; SCO ids SHOULD be UUIDv5 (deterministic) or v4. */
function checkId(obj: Record<string, unknown> & { type: string }, observable: boolean, errors: Issue[], warnings: Issue[]): void {
  const id = obj['id'];
  if (typeof id !== 'string') {
    errors.push(issue('id', say.idRequired()));
    return;
  }
  const m = IDENTIFIER.exec(id);
  if (!m) {
    errors.push(issue('id', say.notIdentifier(id)));
  } else if (m[1] !== obj.type) {
    errors.push(issue('id', say.idNamesOtherType(m[1]!, obj.type)));
  } else if (observable) {
    const version = id.slice(id.indexOf('--') + 2)[14];
    if (version !== '4' && version !== '5') {
      warnings.push(issue('id', say.scoUuidVersion(String(version))));
    }
  }
}

function checkIndicator(obj: Record<string, unknown>, errors: Issue[]): void {
  const pattern = obj['pattern'];
  if (obj['pattern_type'] !== 'stix' || typeof pattern !== 'string') return;
  // pattern_version names the STIX patterning version; this parser implements 2.1 (and 2.0 is a subset).
  const parsed = parsePattern(pattern);
  if (!parsed.ok) errors.push(issue('pattern', say.badPattern(parsed.message)));
  else checkPatternAddresses(parsed.pattern, errors);
}

const ADDRESS_TYPES = { 'ipv4-addr': ['IPv4', canonicalIpv4], 'ipv6-addr': ['IPv6', canonicalIpv6] } as const;

/**
 * A comparison with `ipv4-addr:value` or `ipv6-addr:value` (anything but MATCHES, LIKE and EXISTS) must
 * name addresses, as quoted strings: the value of such an object always is one (its schema), so
 * `[ipv4-addr:value = '999.1.1.1']` or `= 5` could never match. They were stored, never matched anything
 * and added no sighting — typos no one saw. And every object type a pattern names is lower case (§2.6):
 * `[IPV4-ADDR:value = …]` names no type at all.
 */
function checkPatternAddresses(pattern: ObservationExpr, errors: Issue[]): void {
  for (const c of comparisonsOf(pattern)) {
    if (!/^[a-z0-9-]+$/.test(c.path.objectType)) {
      errors.push(issue('pattern', say.patternObjectType(c.path.objectType)));
      continue;
    }
    const type = ADDRESS_TYPES[c.path.objectType as keyof typeof ADDRESS_TYPES];
    if (!type || c.path.steps.length !== 1 || c.path.steps[0] !== 'value' || c.value === null || ['MATCHES', 'LIKE', 'EXISTS'].includes(c.operator)) continue;
    const [family, canonical] = type;
    const literals = c.value.type === 'set' ? c.value.items : [c.value];
    for (const l of literals) {
      const text = l.type === 'string' ? l.value : l.type === 'set' ? '(…)' : String(l.value);
      if (l.type !== 'string' || !canonical(l.value).ok) errors.push(issue('pattern', say.patternAddress(c.path.objectType, text, family)));
    }
  }
}

function comparisonsOf(e: ObservationExpr | ComparisonExpr): Comparison[] {
  switch (e.op) {
    case 'test': return [e.test];
    case 'observation': return comparisonsOf(e.expr);
    case 'qualified': return comparisonsOf(e.expr);
    default: return [...comparisonsOf(e.left), ...comparisonsOf(e.right)];
  }
}

/**
 * §2.9: a `*_ref` holds an identifier and a `*_refs` a non-empty list of them. The SCO schemas only
 * say "string" for most of these. Custom `x_` properties are left to their producer: only standard
 * property names carry the spec's promise.
 */
function checkRefs(value: unknown, path: string, errors: Issue[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkRefs(item, `${path}[${i}]`, errors));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('x_')) continue;
    const at = path === '' ? key : `${path}.${key}`;
    if (key.endsWith('_ref')) {
      if (typeof v !== 'string' || !IDENTIFIER.test(v)) errors.push(issue(at, say.identifier()));
    } else if (key.endsWith('_refs')) {
      if (!Array.isArray(v)) errors.push(issue(at, say.identifierList()));
      else v.forEach((ref, i) => {
        if (typeof ref !== 'string' || !IDENTIFIER.test(ref)) errors.push(issue(`${at}[${i}]`, say.identifier()));
      });
    } else {
      checkRefs(v, at, errors);
    }
  }
}

/** Why a value is not an RFC 3339 UTC timestamp as §2.14 requires, or null when it is one. */
export function timestampProblem(value: unknown): StixText | null {
  const bad = say.timestamp();
  if (typeof value !== 'string') return bad;
  const m = TIMESTAMP.exec(value);
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return say.notCalendarDate(value);
  // Second 60 is RFC 3339's leap second, which only ever occurs at 23:59 UTC.
  if (hour > 23 || minute > 59 || second > 60 || (second === 60 && (hour !== 23 || minute !== 59))) {
    return say.notTimeOfDay(value);
  }
  return null;
}

/**
 * Orders two valid timestamps. Not by Date: sub-millisecond digits are legal and significant in STIX,
 * and differently long fractions ('.1Z' vs '.100Z') are the same instant.
 */
export function compareTimestamps(a: string, b: string): number {
  const split = (s: string): [string, string] => {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(s);
    return [m?.[1] ?? s, m?.[2] ?? ''];
  };
  const [baseA, fracA] = split(a);
  const [baseB, fracB] = split(b);
  if (baseA !== baseB) return baseA < baseB ? -1 : 1;
  const width = Math.max(fracA.length, fracB.length);
  const fa = fracA.padEnd(width, '0');
  const fb = fracB.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

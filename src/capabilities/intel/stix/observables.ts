import { normalizeObservable, type HashKind, type ObservableKind } from '../../../platform/observables/normalize.js';
import { parsePattern, type ComparisonExpr, type Literal, type ObservationExpr } from '../../incidents/stix-pattern.js';
import { isRecord, type StixObject } from './classify.js';

/**
 * The observables a STIX object carries, in the platform's canonical spelling, so an IP or hash
 * reported as an SCO by one organisation and inside an indicator pattern by another correlate as one.
 */

/** Hash algorithms the platform has a kind for; any other (SHA3-256, SSDEEP, TLSH, …) is `hash:<algo>`. */
export type StixObservableKind = ObservableKind | `hash:${string}`;
export type StixObservable = {
  kind: StixObservableKind;
  value: string;
  /** Where it was found: `value` / `hashes.SHA-256` of an SCO, or the pattern's object path. */
  source: string;
};

/** SCO type → platform kind of its `value` property. Maps, not objects: a pattern may name `constructor:…`. */
const VALUE_KINDS = new Map<string, ObservableKind>([
  ['ipv4-addr', 'ipv4'],
  ['ipv6-addr', 'ipv6'],
  ['domain-name', 'domain'],
  ['url', 'url'],
  ['email-addr', 'email'],
]);
/** SCO types whose `hashes` are digests of content worth matching (x509 fingerprints are not file hashes). */
const HASHED_TYPES = new Set(['file', 'artifact']);
const HASH_KINDS = new Map<string, HashKind>([['MD5', 'md5'], ['SHA1', 'sha1'], ['SHA256', 'sha256'], ['SHA512', 'sha512']]);
/** Reference paths in patterns whose `.value` is an address of a known shape. */
const EMAIL_REFS = new Set(['from_ref', 'sender_ref', 'to_refs', 'cc_refs', 'bcc_refs']);
const ADDRESS_REFS = new Set(['src_ref', 'dst_ref']);

export function observablesOf(obj: StixObject): StixObservable[] {
  const found: StixObservable[] = [];
  const seen = new Set<string>();
  const add = (o: StixObservable | null): void => {
    if (!o || seen.has(`${o.kind}\u0000${o.value}`)) return;
    seen.add(`${o.kind}\u0000${o.value}`);
    found.push(o);
  };
  const valueKind = VALUE_KINDS.get(obj.type);
  if (valueKind && typeof obj['value'] === 'string') add(normalized(valueKind, obj['value'], 'value'));
  if (HASHED_TYPES.has(obj.type) && isRecord(obj['hashes'])) {
    for (const [algo, digest] of Object.entries(obj['hashes'])) {
      if (typeof digest === 'string') add(hashObservable(algo, digest, `hashes.${algo}`));
    }
  }
  if (obj.type === 'indicator' && obj['pattern_type'] === 'stix' && typeof obj['pattern'] === 'string') {
    const parsed = parsePattern(obj['pattern']);
    if (parsed.ok) for (const o of fromPattern(parsed.pattern)) add(o);
  }
  return found;
}

function normalized(kind: ObservableKind, raw: string, source: string): StixObservable | null {
  const result = normalizeObservable(kind, raw);
  return result.ok ? { kind: result.kind, value: result.value, source } : null;
}

/**
 * The four platform hash kinds by STIX name (tolerating `SHA256` / `sha-256` spellings from older
 * feeds); other algorithms keep their own kind, lowercased when hex so case does not split them.
 */
function hashObservable(algo: string, digest: string, source: string): StixObservable | null {
  const known = HASH_KINDS.get(algo.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  if (known) return normalized(known, digest, source);
  const value = digest.trim();
  if (value === '') return null;
  // SSDEEP and other fuzzy hashes are case-sensitive text; only hex (TLSH: after its `T1` version
  // prefix) is safe to fold.
  const hex = /^[0-9a-f]+$/i.test(value) || (algo.toUpperCase() === 'TLSH' && /^t1[0-9a-f]+$/i.test(value));
  return { kind: `hash:${algo.toLowerCase()}`, value: hex ? value.toLowerCase() : value, source };
}

/**
 * Every positive equality (`=`, `IN`) or subnet test (`ISSUBSET`) on an observable path, wherever it
 * sits in the pattern: even inside AND or FOLLOWEDBY, each named value was seen in the attack.
 * Negated tests and `!=` name what was *not* seen, so they are left out.
 */
function fromPattern(pattern: ObservationExpr): StixObservable[] {
  const out: StixObservable[] = [];
  const observation = (e: ObservationExpr): void => {
    if (e.op === 'observation') comparison(e.expr);
    else if (e.op === 'qualified') observation(e.expr);
    else {
      observation(e.left);
      observation(e.right);
    }
  };
  const comparison = (e: ComparisonExpr): void => {
    if (e.op !== 'test') {
      comparison(e.left);
      comparison(e.right);
      return;
    }
    const { path, operator, negated, value } = e.test;
    if (negated || !value || !['=', 'IN', 'ISSUBSET'].includes(operator)) return;
    const steps = path.steps.map((s, i) => (typeof s === 'number' || s === '*' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
    const source = `${path.objectType}:${steps}`;
    for (const text of strings(value)) {
      const o = fromPath(path.objectType, path.steps, text, source);
      if (o) out.push(o);
    }
  };
  observation(pattern);
  return out;
}

function strings(value: Literal): string[] {
  if (value.type === 'string') return [value.value];
  if (value.type === 'set') return value.items.flatMap(strings);
  return [];
}

function fromPath(objectType: string, steps: (string | number)[], text: string, source: string): StixObservable | null {
  const [first, second, third] = steps;
  const valueKind = VALUE_KINDS.get(objectType);
  if (valueKind && first === 'value' && steps.length === 1) return normalized(valueKind, text, source);
  if (HASHED_TYPES.has(objectType) && first === 'hashes' && typeof second === 'string' && steps.length === 2) {
    return hashObservable(second, text, source);
  }
  // `email-message:from_ref.value`, `email-message:to_refs[*].value`
  const refValue = (steps.length === 2 && second === 'value')
    || (steps.length === 3 && (typeof second === 'number' || second === '*') && third === 'value');
  if (objectType === 'email-message' && typeof first === 'string' && EMAIL_REFS.has(first) && refValue) {
    return normalized('email', text, source);
  }
  // `network-traffic:dst_ref.value`: an ipv4-addr, ipv6-addr or domain-name, told apart by its shape;
  // likewise what a name resolves to, `domain-name:resolves_to_refs[*].value`.
  const byShape = () => normalized('ipv4', text, source) ?? normalized('ipv6', text, source) ?? normalized('domain', text, source);
  if (objectType === 'network-traffic' && typeof first === 'string' && ADDRESS_REFS.has(first) && second === 'value' && steps.length === 2) return byShape();
  if (objectType === 'domain-name' && first === 'resolves_to_refs' && steps.length === 3 && refValue) return byShape();
  return null;
}

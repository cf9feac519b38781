import { normalizeObservable, type ObservableKind } from '../../platform/observables/normalize.js';
import { INCIDENT_TYPES, INDICATOR_KINDS, ReportBody } from './schema.js';
import { hashKindOfKey, kindOfValueSco, type IndicatorKind } from './stix-common.js';
import { alternativeComparisons, parsePattern, type Comparison } from './stix-pattern.js';

/** A problem at a STIX path such as `objects[3].pattern`. */
export type StixIssue = { path: string; message: string };
/**
 * `report` is input for `ReportBody` (the caller parses it). `skipped` lists what was valid STIX but
 * has no place in the form (other pattern languages, AND-ed patterns, other object types), so the UI
 * can say what was left out.
 */
export type StixImportResult = { ok: true; report: unknown; skipped: StixIssue[] } | { ok: false; errors: StixIssue[] };

type Json = Record<string, unknown>;
type Found = { kind: IndicatorKind; value: string; note?: string };

// The two kind lists live apart (platform vs capability); this fails to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatch: Same<IndicatorKind, ObservableKind> = true;
void kindsMatch;

const REPORT_FIELDS = new Set(Object.keys(ReportBody.shape));
const NOTE_MAX = 500;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `hashes.MD5` or `hashes['SHA-256']`, as a reader would write the path. */
function keyPath(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** The indicator a single comparison stands for, or why it is not one the form can hold. */
function comparisonIndicator(c: Comparison): { kind: IndicatorKind; raw: string } | { skip: string } {
  const path = `${c.path.objectType}:${c.path.steps.join('.')}`;
  if (c.negated || c.value?.type !== 'string') return { skip: `comparison on ${path} is not an equality with a string` };
  const valueKind = kindOfValueSco(c.path.objectType);
  if (valueKind && c.path.steps.length === 1 && c.path.steps[0] === 'value') {
    const cidr = (valueKind === 'ipv4' || valueKind === 'ipv6') && c.operator === 'ISSUBSET';
    if (c.operator === '=' || cidr) return { kind: valueKind, raw: c.value.value };
  }
  const [first, key, ...rest] = c.path.steps;
  if (c.path.objectType === 'file' && first === 'hashes' && typeof key === 'string' && rest.length === 0 && c.operator === '=') {
    const kind = hashKindOfKey(key);
    if (kind) return { kind, raw: c.value.value };
  }
  return { skip: `comparison ${path} ${c.operator} is not imported` };
}

/** Reads a STIX 2.1 bundle holding one incident into report-form input; see `StixImportResult`. */
export function reportFromStixBundle(bundle: unknown): StixImportResult {
  const errors: StixIssue[] = [];
  const skipped: StixIssue[] = [];
  if (!isRecord(bundle)) return { ok: false, errors: [{ path: '', message: 'not a JSON object' }] };
  if (bundle.type !== 'bundle') errors.push({ path: 'type', message: "expected 'bundle'" });
  if (!Array.isArray(bundle.objects)) errors.push({ path: 'objects', message: 'expected an array of STIX objects' });
  if (errors.length > 0 || !Array.isArray(bundle.objects)) return { ok: false, errors };

  const found: Found[] = [];
  const add = (path: string, kind: IndicatorKind, raw: unknown, note?: string) => {
    if (typeof raw !== 'string') return errors.push({ path, message: 'expected a string' });
    const n = normalizeObservable(kind, raw);
    if (!n.ok) return errors.push({ path, message: `${n.reason}: ${JSON.stringify(raw)}` });
    found.push({ kind, value: n.value, ...(note ? { note } : {}) });
  };

  const incidents: number[] = [];
  bundle.objects.forEach((o: unknown, i: number) => {
    const at = `objects[${i}]`;
    if (!isRecord(o) || typeof o.type !== 'string') return errors.push({ path: at, message: 'not a STIX object' });
    if (o.type === 'incident') return incidents.push(i);
    if (o.type === 'indicator') return readIndicator(o, at);
    const valueKind = kindOfValueSco(o.type);
    if (valueKind) return add(`${at}.value`, valueKind, o.value);
    if (o.type === 'file' && o.hashes !== undefined) readHashes(o.hashes, `${at}.hashes`);
  });

  function readIndicator(o: Json, at: string) {
    if (o.revoked === true) return skipped.push({ path: at, message: 'revoked indicator' });
    if (o.pattern_type !== 'stix') {
      return skipped.push({ path: `${at}.pattern_type`, message: `pattern type ${JSON.stringify(o.pattern_type)} is not imported` });
    }
    if (typeof o.pattern !== 'string') return errors.push({ path: `${at}.pattern`, message: 'expected a STIX pattern' });
    const parsed = parsePattern(o.pattern);
    if (!parsed.ok) return errors.push({ path: `${at}.pattern`, message: `malformed pattern: ${parsed.message}` });
    const comparisons = alternativeComparisons(parsed.pattern);
    if (!comparisons) {
      return skipped.push({ path: `${at}.pattern`, message: 'pattern joins observations with AND, FOLLOWEDBY or qualifiers' });
    }
    const note = typeof o.description === 'string' ? shortNote(o.description) : undefined;
    for (const c of comparisons) {
      const indicator = comparisonIndicator(c);
      if ('skip' in indicator) skipped.push({ path: `${at}.pattern`, message: indicator.skip });
      else add(`${at}.pattern`, indicator.kind, indicator.raw, note);
    }
  }

  function readHashes(hashes: unknown, at: string) {
    if (!isRecord(hashes)) return errors.push({ path: at, message: 'expected a hashes dictionary' });
    for (const [key, value] of Object.entries(hashes)) {
      const kind = hashKindOfKey(key);
      if (kind) add(keyPath(at, key), kind, value);
      else skipped.push({ path: keyPath(at, key), message: `hash algorithm ${key} is not imported` });
    }
  }

  if (incidents.length === 0) errors.push({ path: 'objects', message: 'bundle holds no incident object' });
  for (const i of incidents.slice(1)) {
    errors.push({ path: `objects[${i}]`, message: `bundle holds more than one incident (first at objects[${incidents[0]}])` });
  }
  const incidentAt = incidents[0];
  const incident: unknown = incidentAt === undefined ? undefined : bundle.objects[incidentAt];
  if (!isRecord(incident) || incidents.length !== 1) return { ok: false, errors };
  const custom = incident.x_renkei_report;
  if (custom !== undefined && !isRecord(custom)) {
    errors.push({ path: `objects[${incidentAt}].x_renkei_report`, message: 'expected an object' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, report: mergeReport(incident, isRecord(custom) ? custom : {}, found), skipped };
}

/** x_renkei_report's values win; the incident's standard properties and the bundle's indicators fill gaps. */
function mergeReport(incident: Json, custom: Json, found: Found[]): Json {
  const report: Json = Object.fromEntries(Object.entries(custom).filter(([k]) => REPORT_FIELDS.has(k)));
  report.title ??= incident.name;
  report.summary ??= incident.description;
  report.detectedAt ??= incident.created;
  // STIX has no incident type; `labels` is where producers (and our export) put one.
  const labels: unknown[] = Array.isArray(incident.labels) ? incident.labels : [];
  report.type ??= INCIDENT_TYPES.find((t) => labels.includes(t));
  if (report.indicators !== undefined && !Array.isArray(report.indicators)) return report;
  const indicators: unknown[] = Array.isArray(report.indicators) ? [...report.indicators] : [];
  const seen = new Set(indicators.map(indicatorKey));
  for (const f of found) {
    const key = indicatorKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    indicators.push(f);
  }
  report.indicators = indicators;
  return report;
}

/** Same kind and canonical value ⇒ same indicator, however it was written. */
function indicatorKey(indicator: unknown): string {
  if (!isRecord(indicator) || typeof indicator.kind !== 'string' || typeof indicator.value !== 'string') return '';
  const { kind, value } = indicator;
  const n = isIndicatorKind(kind) ? normalizeObservable(kind, value) : null;
  return `${kind}\u0000${n?.ok ? n.value : value}`;
}

function isIndicatorKind(kind: string): kind is IndicatorKind {
  return (INDICATOR_KINDS as readonly string[]).includes(kind);
}

function shortNote(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return t.length <= NOTE_MAX ? t : `${t.slice(0, NOTE_MAX - 1)}…`;
}

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
  if (!isRecord(bundle)) return { ok: false, errors: [{ path: '', message: 'not a JSON object' }] };
  const errors: StixIssue[] = [];
  if (bundle.type !== 'bundle') errors.push({ path: 'type', message: "expected 'bundle'" });
  if (!Array.isArray(bundle.objects)) errors.push({ path: 'objects', message: 'expected an array of STIX objects' });
  if (errors.length > 0 || !Array.isArray(bundle.objects)) return { ok: false, errors };
  const objects: unknown[] = bundle.objects;

  const reader = new IndicatorReader();
  const incidents: number[] = [];
  for (const [i, o] of objects.entries()) {
    const at = `objects[${i}]`;
    if (!isRecord(o) || typeof o.type !== 'string') reader.errors.push({ path: at, message: 'not a STIX object' });
    else if (o.type === 'incident') incidents.push(i);
    else reader.read(o, at);
  }
  errors.push(...reader.errors);

  const [incidentAt, ...extra] = incidents;
  if (incidentAt === undefined) errors.push({ path: 'objects', message: 'bundle holds no incident object' });
  for (const i of extra) {
    errors.push({ path: `objects[${i}]`, message: `bundle holds more than one incident (first at objects[${incidentAt}])` });
  }
  const incident = incidentAt === undefined ? undefined : objects[incidentAt];
  if (!isRecord(incident) || extra.length > 0) return { ok: false, errors };
  const custom = incident.x_renkei_report;
  if (custom !== undefined && !isRecord(custom)) {
    errors.push({ path: `objects[${incidentAt}].x_renkei_report`, message: 'expected an object' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, report: mergeReport(incident, isRecord(custom) ? custom : {}, reader.found), skipped: reader.skipped };
}

/** Collects indicators from `indicator` objects and SCOs, in bundle order, with errors at STIX paths. */
class IndicatorReader {
  readonly found: Found[] = [];
  readonly errors: StixIssue[] = [];
  readonly skipped: StixIssue[] = [];

  read(o: Json, at: string): void {
    const valueKind = kindOfValueSco(String(o.type));
    if (o.type === 'indicator') this.indicator(o, at);
    else if (valueKind) this.add(`${at}.value`, valueKind, o.value);
    else if (o.type === 'file' && o.hashes !== undefined) this.hashes(o.hashes, `${at}.hashes`);
  }

  private add(path: string, kind: IndicatorKind, raw: unknown, note?: string): void {
    if (typeof raw !== 'string') {
      this.errors.push({ path, message: 'expected a string' });
      return;
    }
    const n = normalizeObservable(kind, raw);
    if (n.ok) this.found.push({ kind, value: n.value, ...(note ? { note } : {}) });
    else this.errors.push({ path, message: `${n.reason}: ${JSON.stringify(raw)}` });
  }

  private indicator(o: Json, at: string): void {
    const patternAt = `${at}.pattern`;
    if (o.revoked === true) {
      this.skipped.push({ path: at, message: 'revoked indicator' });
    } else if (o.pattern_type !== 'stix') {
      this.skipped.push({ path: `${at}.pattern_type`, message: `pattern type ${JSON.stringify(o.pattern_type)} is not imported` });
    } else if (typeof o.pattern !== 'string') {
      this.errors.push({ path: patternAt, message: 'expected a STIX pattern' });
    } else {
      const parsed = parsePattern(o.pattern);
      const comparisons = parsed.ok ? alternativeComparisons(parsed.pattern) : null;
      if (!parsed.ok) this.errors.push({ path: patternAt, message: `malformed pattern: ${parsed.message}` });
      else if (!comparisons) {
        this.skipped.push({ path: patternAt, message: 'pattern joins observations with AND, FOLLOWEDBY or qualifiers' });
      } else {
        const note = typeof o.description === 'string' ? shortNote(o.description) : undefined;
        for (const c of comparisons) {
          const indicator = comparisonIndicator(c);
          if ('skip' in indicator) this.skipped.push({ path: patternAt, message: indicator.skip });
          else this.add(patternAt, indicator.kind, indicator.raw, note);
        }
      }
    }
  }

  private hashes(hashes: unknown, at: string): void {
    if (!isRecord(hashes)) {
      this.errors.push({ path: at, message: 'expected a hashes dictionary' });
      return;
    }
    for (const [key, value] of Object.entries(hashes)) {
      const kind = hashKindOfKey(key);
      if (kind) this.add(keyPath(at, key), kind, value);
      else this.skipped.push({ path: keyPath(at, key), message: `hash algorithm ${key} is not imported` });
    }
  }
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

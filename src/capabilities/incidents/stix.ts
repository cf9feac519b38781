import { normalizeObservable } from '../../platform/observables/normalize.js';
import type { Tlp } from '../../platform/policy/types.js';
import type { Indicator, ReportBody } from './schema.js';
import {
  HASH_KEYS,
  isHashKind,
  stixId,
  stixTimestamp,
  tlpMarkingDefinition,
  TLP2_MARKING_IDS,
  VALUE_SCO_TYPES,
} from './stix-common.js';
import { quotePatternString } from './stix-pattern.js';

/**
 * Incident reports ↔ STIX 2.1 bundles. Export turns a report into an incident with its indicators,
 * for the intelligence hub and partners; import (stix-import.ts) reads such a bundle back into the
 * form. Fields STIX has no place for travel in the incident's `x_renkei_report` custom property.
 */
export { reportFromStixBundle, type StixImportResult, type StixIssue } from './stix-import.js';
export { TLP2_MARKING_IDS } from './stix-common.js';

export type StixObject = { type: string; id: string; [property: string]: unknown };
export type StixBundle = { type: 'bundle'; id: string; objects: StixObject[] };

export type StixExportInput = {
  /** The report's id: every STIX id of the export is derived from it. */
  id: string;
  /** The human reference (e.g. RK-2026-000123), carried as an external reference. */
  reference: string;
  /**
   * The report as the caller may see it: a recipient's regime may leave out any field (the PPC gets
   * no indicators), so every field is optional here.
   */
  report: Partial<ReportBody>;
  /** The reporting organisation, or null when intelligence may not name it. */
  reporter: { name: string; sectors: string[] } | null;
  /** Sectors shown on the anonymous identity when `reporter` is null: a sector does not name anyone. */
  sectors?: string[];
  tlp: Tlp;
  createdAt: string;
  modifiedAt: string;
};

/** STIX pattern matching one indicator of the form, from its canonical value. */
export function indicatorPattern(kind: Indicator['kind'], value: string): string {
  if (isHashKind(kind)) {
    const key = HASH_KEYS[kind];
    return `[file:hashes.${key.includes('-') ? quotePatternString(key) : key} = ${quotePatternString(value)}]`;
  }
  // A CIDR is a set of addresses: ISSUBSET is the STIX operator for "an address in this network".
  const operator = (kind === 'ipv4' || kind === 'ipv6') && value.includes('/') ? 'ISSUBSET' : '=';
  return `[${VALUE_SCO_TYPES[kind]}:value ${operator} ${quotePatternString(value)}]`;
}

/**
 * The bundle for one report version: identity, incident, indicators, `indicates` links, report, TLP
 * marking. Throws a RangeError on an unparseable timestamp (the caller passes stored values).
 */
export function reportToStixBundle(input: StixExportInput): StixBundle {
  const { id: reportId, report } = input;
  const created = stixTimestamp(input.createdAt);
  const modified = stixTimestamp(input.modifiedAt);
  const marking = tlpMarkingDefinition(input.tlp);
  const common = { spec_version: '2.1', created, modified, object_marking_refs: [marking.id] };

  const identityId = stixId('identity', reportId, 'identity');
  const sectors = input.reporter ? input.reporter.sectors : (input.sectors ?? []);
  const identity: StixObject = {
    type: 'identity',
    id: identityId,
    ...common,
    // Anonymous means no name and no id that could link this report to the reporter's other reports:
    // the id is per report either way.
    name: input.reporter ? input.reporter.name : 'Anonymous reporter',
    identity_class: 'organization',
    ...(sectors.length > 0 ? { sectors } : {}),
  };

  const incidentId = stixId('incident', reportId, 'incident');
  const incident: StixObject = {
    type: 'incident',
    id: incidentId,
    ...common,
    created_by_ref: identityId,
    // STIX requires a name: the reference stands in when the caller may not see the title.
    name: report.title ?? input.reference,
    ...(report.summary !== undefined ? { description: report.summary } : {}),
    ...(report.type !== undefined ? { labels: [report.type] } : {}),
    external_references: [{ source_name: 'renkei', external_id: input.reference }],
    x_renkei_report: reportForExport(report, input.reporter !== null),
  };

  const indicators: StixObject[] = [];
  const relationships: StixObject[] = [];
  const seen = new Set<string>();
  // An indicator must say since when it is valid: detection when the caller may see it, else the report's creation.
  const validFrom = stixTimestamp(report.detectedAt ?? input.createdAt);
  for (const indicator of report.indicators ?? []) {
    const canonical = normalizeObservable(indicator.kind, indicator.value);
    // A value that is not a valid observable stays in x_renkei_report but gets no pattern: an invalid
    // pattern would be worse than none.
    if (!canonical.ok) continue;
    const role = `indicator/${indicator.kind}/${canonical.value}`;
    if (seen.has(role)) continue;
    seen.add(role);
    const indicatorId = stixId('indicator', reportId, role);
    indicators.push({
      type: 'indicator',
      id: indicatorId,
      ...common,
      created_by_ref: identityId,
      name: `${indicator.kind} ${canonical.value}`,
      ...(indicator.note ? { description: indicator.note } : {}),
      pattern: indicatorPattern(indicator.kind, canonical.value),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: validFrom,
    });
    relationships.push({
      type: 'relationship',
      id: stixId('relationship', reportId, `indicates/${role}`),
      ...common,
      created_by_ref: identityId,
      relationship_type: 'indicates',
      source_ref: indicatorId,
      target_ref: incidentId,
    });
  }

  const contents = [identity, incident, ...indicators, ...relationships];
  const stixReport: StixObject = {
    type: 'report',
    id: stixId('report', reportId, 'report'),
    ...common,
    created_by_ref: identityId,
    name: report.title !== undefined ? `${input.reference}: ${report.title}` : input.reference,
    report_types: ['threat-report'],
    published: modified,
    object_refs: contents.map((o) => o.id),
  };
  return {
    type: 'bundle',
    id: stixId('bundle', reportId, 'bundle'),
    objects: [marking, ...contents, stixReport],
  };
}

/**
 * The report as it travels in `x_renkei_report`. When the reporter is anonymous the contact person
 * goes too: a name and an email address identify the organisation as surely as its own name.
 */
function reportForExport(report: Partial<ReportBody>, named: boolean): Partial<ReportBody> {
  if (named) return report;
  const { contact: _contact, ...rest } = report;
  return rest;
}

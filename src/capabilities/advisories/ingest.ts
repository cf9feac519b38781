import crypto from 'node:crypto';
import { canonicalJson } from '../../platform/audit/chain.js';
import { cpeKey, parseCpe } from './engine/cpe.js';
import { extractCsaf } from './engine/extract-csaf.js';
import { extractCve } from './engine/extract-cve.js';
import { kevAffected, parseKev, type KevEntry } from './engine/kev.js';
import type { Affected, Extraction } from './engine/model.js';
import { parsePurl, purlKey } from './engine/purl.js';
import { parseRangeExpression } from './engine/ranges.js';
import { validateCsaf } from './csaf-schema.js';
import type { ManualAdvisory } from './schema.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

/** One advisory, whatever format it came in, ready to store and match. */
export interface NormalizedAdvisory {
  source: 'csaf' | 'cve' | 'kev' | 'manual';
  sourceId: string;
  contentHash: string;
  title: string | null;
  cveIds: string[];
  severity: Severity;
  cvssScore: number | null;
  cvssVector: string | null;
  knownExploited: boolean;
  remediation: string | null;
  statements: Affected[];
  meta: Record<string, unknown>;
}

export type Detected =
  | { format: 'csaf' | 'cve' | 'manual'; advisory: NormalizedAdvisory; warnings: string[] }
  | { format: 'kev'; catalogVersion: string; entries: KevEntry[]; warnings: string[] };

export type IngestError = { path: string; message: string };

const hash = (doc: unknown) => crypto.createHash('sha256').update(canonicalJson(doc)).digest('hex');

/** CVSS base score → the qualitative rating both CVSS 3.x and 4.0 use. */
export function severityOf(score: number | null | undefined, stated?: string): Severity {
  const s = stated?.toLowerCase();
  if (s && ['critical', 'high', 'medium', 'low', 'none'].includes(s)) return s as Severity;
  if (s === 'moderate' || s === 'important') return s === 'important' ? 'high' : 'medium';
  if (score === null || score === undefined) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

function fromExtraction(source: 'csaf' | 'cve', x: Extraction, doc: unknown): NormalizedAdvisory {
  const best = [...x.advisory.cvss].sort((a, b) => b.baseScore - a.baseScore)[0];
  const remediation = x.advisory.remediations.map((r) => r.text).filter(Boolean).slice(0, 5).join('\n') || null;
  return {
    source,
    sourceId: x.advisory.id,
    contentHash: hash(doc),
    title: x.advisory.title ?? null,
    cveIds: x.advisory.cves,
    severity: severityOf(best?.baseScore, x.advisory.severity ?? best?.severity),
    cvssScore: best?.baseScore ?? null,
    cvssVector: best?.vector ?? null,
    knownExploited: /active|exploited|attack/i.test(x.advisory.exploitation ?? ''),
    remediation,
    statements: x.affected,
    meta: { publisher: x.advisory.publisher ?? null, published: x.advisory.published ?? null, updated: x.advisory.updated ?? null, vex: x.advisory.vex, warnings: x.warnings },
  };
}

/** A manual advisory's products become engine statements (CPE or purl identity, a version range). */
function fromManual(m: ManualAdvisory, doc: unknown): { advisory: NormalizedAdvisory; errors: IngestError[] } {
  const errors: IngestError[] = [];
  const statements: Affected[] = [];
  m.products.forEach((p, i) => {
    let key: string | null = null;
    let kind: 'cpe' | 'purl' = 'cpe';
    if (p.cpe) {
      const c = parseCpe(p.cpe);
      key = c.ok ? cpeKey(c.cpe) : null;
      if (!key) errors.push({ path: `products[${i}].cpe`, message: c.ok ? 'names no single product' : c.message });
    } else if (p.purl) {
      kind = 'purl';
      const u = parsePurl(p.purl);
      key = u.ok ? purlKey(u.purl) : null;
      if (!u.ok) errors.push({ path: `products[${i}].purl`, message: u.message });
    }
    const range = p.versions ? parseRangeExpression(p.versions) : null;
    if (p.versions && !range) errors.push({ path: `products[${i}].versions`, message: 'not a version range (e.g. ">= 7.0.0, < 7.2.5")' });
    if (key) statements.push({ identity: { kind, key }, ranges: range ? [range] : 'all', status: 'affected', source: `manual:products[${i}]`, remediation: m.remediation });
  });
  return {
    errors,
    advisory: {
      source: 'manual',
      sourceId: m.reference,
      contentHash: hash(doc),
      title: m.title,
      cveIds: m.cves,
      severity: m.severity,
      cvssScore: null,
      cvssVector: null,
      knownExploited: m.knownExploited,
      remediation: m.remediation ?? null,
      statements,
      meta: { summary: m.summary ?? null },
    },
  };
}

/** Recognises the document by its content: CSAF 2.0, a CVE JSON 5 record, the KEV catalogue, or a manual advisory. */
export function detect(doc: unknown, manual: (d: unknown) => ManualAdvisory | IngestError[]): Detected | { errors: IngestError[] } {
  if (!doc || typeof doc !== 'object') return { errors: [{ path: '(root)', message: 'not a JSON object' }] };
  const d = doc as Record<string, unknown>;
  if ((d.document as { csaf_version?: unknown } | undefined)?.csaf_version) {
    const errors = validateCsaf(doc);
    if (errors.length) return { errors };
    const x = extractCsaf(doc);
    return { format: 'csaf', advisory: fromExtraction('csaf', x, doc), warnings: x.warnings };
  }
  if (d.dataType === 'CVE_RECORD' || d.cveMetadata) {
    try {
      const x = extractCve(doc);
      return { format: 'cve', advisory: fromExtraction('cve', x, doc), warnings: x.warnings };
    } catch (err) {
      return { errors: [{ path: '(root)', message: err instanceof Error ? err.message : String(err) }] };
    }
  }
  if (d.catalogVersion && Array.isArray(d.vulnerabilities)) {
    try {
      const k = parseKev(doc);
      return { format: 'kev', catalogVersion: k.catalogVersion, entries: k.entries, warnings: k.warnings };
    } catch (err) {
      return { errors: [{ path: '(root)', message: err instanceof Error ? err.message : String(err) }] };
    }
  }
  const m = manual(doc);
  if (Array.isArray(m)) return { errors: m };
  const r = fromManual(m, doc);
  if (r.errors.length) return { errors: r.errors };
  return { format: 'manual', advisory: r.advisory, warnings: [] };
}

/** A KEV entry as an advisory of its own: exploited, with the required action and CISA's due date. */
export function kevAdvisory(e: KevEntry): NormalizedAdvisory {
  const statement = kevAffected(e);
  return {
    source: 'kev',
    sourceId: e.cveID,
    contentHash: hash(e),
    title: `${e.vendorProject} ${e.product}: ${e.vulnerabilityName ?? e.cveID}`,
    cveIds: [e.cveID],
    severity: 'unknown',
    cvssScore: null,
    cvssVector: null,
    knownExploited: true,
    remediation: e.requiredAction ?? null,
    statements: statement ? [statement] : [],
    meta: { dateAdded: e.dateAdded, dueDate: e.dueDate, knownRansomwareCampaignUse: e.knownRansomwareCampaignUse ?? null, notes: e.notes ?? null },
  };
}

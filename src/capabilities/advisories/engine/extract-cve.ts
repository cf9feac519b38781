/**
 * CVE JSON 5 record → advisory metadata + affected statements. Both the CNA container and every ADP
 * container (CISA Vulnrichment adds CPEs and SSVC there) are read; each statement's `source` is its JSON
 * path, so a reason can point at the exact line of the record it rests on.
 */
import { z } from 'zod';
import { collectionIdentity } from './collections.js';
import { cpeConstraints, cpeKey, cpeVersionValue, parseCpe } from './cpe.js';
import { cveVersionStatements, type VersionStatement } from './cve-versions.js';
import { nameKey } from './identity.js';
import type { Affected, AdvisoryMeta, Cvss, Extraction, Identity, Remediation } from './model.js';

const Status = z.enum(['affected', 'unaffected', 'unknown']);
const VersionEntry = z.object({
  version: z.string(),
  status: Status,
  versionType: z.string().optional(),
  lessThan: z.string().optional(),
  lessThanOrEqual: z.string().optional(),
  changes: z.array(z.object({ at: z.string(), status: Status })).optional(),
});
const Product = z.object({
  vendor: z.string().optional(),
  product: z.string().optional(),
  collectionURL: z.string().optional(),
  packageName: z.string().optional(),
  cpes: z.array(z.string()).optional(),
  defaultStatus: Status.optional(),
  versions: z.array(VersionEntry).optional(),
});
const CvssBlock = z.object({ version: z.string().optional(), baseScore: z.number(), vectorString: z.string(), baseSeverity: z.string().optional() });
const Metric = z.object({
  cvssV4_0: CvssBlock.optional(),
  cvssV3_1: CvssBlock.optional(),
  cvssV3_0: CvssBlock.optional(),
  cvssV2_0: CvssBlock.optional(),
  other: z.object({ type: z.string(), content: z.unknown() }).optional(),
});
const Text = z.object({ lang: z.string().optional(), value: z.string() });
const Container = z.object({
  title: z.string().optional(),
  providerMetadata: z.object({ shortName: z.string().optional() }).optional(),
  affected: z.array(Product).optional(),
  metrics: z.array(Metric).optional(),
  descriptions: z.array(Text).optional(),
  solutions: z.array(Text).optional(),
  workarounds: z.array(Text).optional(),
});
export const CveRecord = z.object({
  cveMetadata: z.object({
    cveId: z.string(),
    state: z.string(),
    assignerShortName: z.string().optional(),
    datePublished: z.string().optional(),
    dateUpdated: z.string().optional(),
  }),
  containers: z.object({ cna: Container, adp: z.array(Container).optional() }),
});
type ContainerT = z.infer<typeof Container>;
type ProductT = z.infer<typeof Product>;

const Ssvc = z.object({ options: z.array(z.record(z.string(), z.string())) });
const TextContent = z.object({ value: z.string() }).or(z.object({ text: z.string() }));

type Target = { identity: Identity; constraints?: Record<string, string>; platform?: Affected['platform']; cpeVersion?: string };

/**
 * Which identities a product entry speaks about. A package in a known collection is the product and its
 * CPEs the platform it ships on (Red Hat: `openssh` on `cpe:/o:redhat:enterprise_linux:9`), because the
 * versions given are the package's. Otherwise each CPE is an identity; failing those, the text names.
 */
function targets(p: ProductT, warn: (m: string) => void): Target[] {
  const cpes = (p.cpes ?? []).flatMap((text) => {
    const c = parseCpe(text);
    const key = c.ok ? cpeKey(c.cpe) : null;
    if (!c.ok || !key) warn(`unusable CPE ${text}`);
    return c.ok && key ? [{ key, cpe: c.cpe }] : [];
  });
  const pkg = p.packageName ? collectionIdentity(p.collectionURL, p.packageName) : null;
  if (pkg?.kind === 'purl') {
    const platforms = new Map(cpes.map((c) => [`${c.key} ${cpeVersionValue(c.cpe) ?? ''}`, c]));
    if (!platforms.size) return [{ identity: pkg }];
    return [...platforms.values()].map((c) => {
      const version = cpeVersionValue(c.cpe);
      return { identity: pkg, platform: { identity: { kind: 'cpe' as const, key: c.key }, ...(version ? { version } : {}) } };
    });
  }
  if (cpes.length) {
    const seen = new Set<string>();
    return cpes.flatMap((c) => {
      const constraints = cpeConstraints(c.cpe);
      const version = cpeVersionValue(c.cpe);
      const id = JSON.stringify([c.key, constraints, version]);
      if (seen.has(id)) return [];
      seen.add(id);
      const t: Target = { identity: { kind: 'cpe', key: c.key } };
      if (Object.keys(constraints).length) t.constraints = constraints;
      if (version) t.cpeVersion = version;
      return [t];
    });
  }
  if (pkg) return [{ identity: pkg }];
  const name = nameKey(p.vendor, p.product);
  return name ? [{ identity: { kind: 'alias', key: name } }] : [];
}

/**
 * Statements for one target. Without a versions list, an explicit CPE version is the only version
 * information and becomes an exact range. With one, CPE versions are ignored: CNAs put the release train
 * (`visual_studio_2022:17.2`) or even the fixed build (`windows_10_1809:10.0.17763.5820`) there.
 */
function statementsFor(p: ProductT, t: Target): VersionStatement[] {
  if (!p.versions?.length && t.cpeVersion) {
    return cveVersionStatements([{ version: t.cpeVersion, status: p.defaultStatus === 'unaffected' ? 'unaffected' : 'affected' }], undefined).map((s) => ({ ...s, path: 'cpes' }));
  }
  return cveVersionStatements(p.versions, p.defaultStatus);
}

function cvssOf(c: ContainerT, source: string): Cvss[] {
  return (c.metrics ?? []).flatMap((m) =>
    (['cvssV4_0', 'cvssV3_1', 'cvssV3_0', 'cvssV2_0'] as const).flatMap((k) => {
      const b = m[k];
      if (!b) return [];
      const out: Cvss = { version: b.version ?? k.slice(5).replace('_', '.'), baseScore: b.baseScore, vector: b.vectorString, source };
      if (b.baseSeverity) out.severity = b.baseSeverity;
      return [out];
    }),
  );
}

/** SSVC "Exploitation" (none / poc / active) as CISA's ADP records it. */
function exploitationOf(containers: ContainerT[]): string | undefined {
  for (const c of containers) {
    for (const m of c.metrics ?? []) {
      if (m.other?.type !== 'ssvc') continue;
      const s = Ssvc.safeParse(m.other.content);
      const found = s.success ? s.data.options.find((o) => o['Exploitation'] !== undefined) : undefined;
      if (found?.['Exploitation']) return found['Exploitation'];
    }
  }
  return undefined;
}

function textSeverityOf(containers: ContainerT[]): string | undefined {
  for (const c of containers) {
    for (const m of c.metrics ?? []) {
      if (!m.other || m.other.type === 'ssvc') continue;
      const t = TextContent.safeParse(m.other.content);
      if (t.success) return 'value' in t.data ? t.data.value : t.data.text;
    }
  }
  return undefined;
}

const english = (texts: z.infer<typeof Text>[] | undefined): string | undefined =>
  (texts?.find((t) => !t.lang || t.lang.toLowerCase().startsWith('en')) ?? texts?.[0])?.value;

/** Throws (ZodError) on input that is not a CVE JSON 5 record. */
export function extractCve(input: unknown): Extraction {
  const record = CveRecord.parse(input);
  const { cveId } = record.cveMetadata;
  const warnings: string[] = [];
  const { cna } = record.containers;
  const adp = record.containers.adp ?? [];
  const containers: [ContainerT, string, string][] = [
    [cna, 'containers.cna', 'cna'],
    ...adp.map((c, i): [ContainerT, string, string] => [c, `containers.adp[${i}]`, `adp:${c.providerMetadata?.shortName ?? i}`]),
  ];
  const remediations: Remediation[] = [
    ...(cna.solutions ?? []).map((s) => ({ category: 'vendor_fix', text: s.value, cve: cveId })),
    ...(cna.workarounds ?? []).map((s) => ({ category: 'workaround', text: s.value, cve: cveId })),
  ];
  const fix = english(cna.solutions);
  const affected: Affected[] = [];
  if (record.cveMetadata.state !== 'PUBLISHED') warnings.push(`record state is ${record.cveMetadata.state}; no statements taken`);
  else {
    for (const [container, path] of containers) {
      (container.affected ?? []).forEach((product, i) => {
        const base = `cve:${path}.affected[${i}]`;
        const ts = targets(product, (m) => warnings.push(`${base}: ${m}`));
        if (!ts.length) warnings.push(`${base}: no usable product identity (vendor "${product.vendor ?? ''}", product "${product.product ?? ''}")`);
        for (const t of ts) {
          for (const s of statementsFor(product, t)) {
            const entry: Affected = { identity: t.identity, ranges: s.ranges, status: s.status, source: `${base}.${s.path}`, cve: cveId };
            if (s.scheme) entry.scheme = s.scheme;
            if (s.except) entry.except = s.except;
            if (t.constraints) entry.constraints = t.constraints;
            if (t.platform) entry.platform = t.platform;
            if (fix && s.status === 'affected') entry.remediation = fix;
            affected.push(entry);
          }
        }
      });
    }
  }
  const advisory: AdvisoryMeta = {
    format: 'cve',
    id: cveId,
    cves: [cveId],
    cvss: containers.flatMap(([c, , source]) => cvssOf(c, source)),
    remediations,
    vex: [],
  };
  const title = cna.title ?? english(cna.descriptions)?.split(/(?<=\.)\s/)[0];
  if (title) advisory.title = title;
  if (record.cveMetadata.assignerShortName) advisory.publisher = record.cveMetadata.assignerShortName;
  if (record.cveMetadata.datePublished) advisory.published = record.cveMetadata.datePublished;
  if (record.cveMetadata.dateUpdated) advisory.updated = record.cveMetadata.dateUpdated;
  const severity = textSeverityOf(containers.map(([c]) => c));
  if (severity) advisory.severity = severity;
  const exploitation = exploitationOf(containers.map(([c]) => c));
  if (exploitation) advisory.exploitation = exploitation;
  return { advisory, affected, warnings };
}

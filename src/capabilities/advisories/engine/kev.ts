/**
 * The CISA Known Exploited Vulnerabilities catalogue: parsing, and the delta between two snapshots so an
 * import touches only what changed (new CVEs, moved due dates, ransomware use turning "Known").
 *
 * KEV names products only as free text (`vendorProject` "Fortinet", `product` "FortiOS") and carries no
 * versions at all. On its own a KEV entry can therefore only make a match "possible", and only through
 * the alias table (`name:fortinet:fortios` → `cpe:fortinet:fortios`); the version ranges that turn it into
 * "affected" come from the CVE record of the same cveID. KEV's real contribution is the exploitation
 * flag, the required action and the due date that the notification carries.
 */
import { z } from 'zod';
import { nameKey } from './identity.js';
import type { Affected } from './model.js';

const Vulnerability = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d{4,19}$/),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: z.string(),
  shortDescription: z.string(),
  requiredAction: z.string(),
  dueDate: z.string(),
  knownRansomwareCampaignUse: z.string().optional(),
  notes: z.string().optional(),
  cwes: z.array(z.string()).optional(),
});
export const KevCatalogue = z.object({
  catalogVersion: z.string(),
  dateReleased: z.string(),
  count: z.number().int(),
  vulnerabilities: z.array(Vulnerability),
});

export type KevEntry = {
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  shortDescription: string;
  dateAdded: string;
  dueDate: string;
  requiredAction: string;
  /** 'Known' or 'Unknown' in practice; kept as published so a new value is not silently lost. */
  knownRansomwareCampaignUse: string;
  notes: string;
  cwes: string[];
};

export type Kev = { catalogVersion: string; dateReleased: string; entries: KevEntry[]; warnings: string[] };

/** Throws (ZodError) when the input is not a KEV catalogue. */
export function parseKev(input: unknown): Kev {
  const cat = KevCatalogue.parse(input);
  const warnings: string[] = [];
  if (cat.count !== cat.vulnerabilities.length) warnings.push(`catalogue says count ${cat.count} but lists ${cat.vulnerabilities.length}`);
  const seen = new Set<string>();
  const entries: KevEntry[] = [];
  for (const v of cat.vulnerabilities) {
    if (seen.has(v.cveID)) {
      warnings.push(`duplicate ${v.cveID}; the first listing is kept`);
      continue;
    }
    seen.add(v.cveID);
    entries.push({
      cveID: v.cveID,
      vendorProject: v.vendorProject,
      product: v.product,
      vulnerabilityName: v.vulnerabilityName,
      shortDescription: v.shortDescription,
      dateAdded: v.dateAdded,
      dueDate: v.dueDate,
      requiredAction: v.requiredAction,
      knownRansomwareCampaignUse: v.knownRansomwareCampaignUse ?? 'Unknown',
      notes: v.notes ?? '',
      cwes: v.cwes ?? [],
    });
  }
  return { catalogVersion: cat.catalogVersion, dateReleased: cat.dateReleased, entries, warnings };
}

export type KevChange = { before: KevEntry; after: KevEntry; fields: (keyof KevEntry)[] };
export type KevDelta = { added: KevEntry[]; changed: KevChange[]; removed: KevEntry[] };

const FIELDS: (keyof KevEntry)[] = [
  'vendorProject',
  'product',
  'vulnerabilityName',
  'shortDescription',
  'dateAdded',
  'dueDate',
  'requiredAction',
  'knownRansomwareCampaignUse',
  'notes',
  'cwes',
];

/**
 * What changed between two snapshots, keyed by cveID, with the changed field names so the importer can
 * tell a due-date move (re-notify) from a typo fix in the description (no notification). CISA does remove
 * entries occasionally; those come back as `removed` rather than being dropped silently.
 */
export function kevDelta(previous: readonly KevEntry[], next: readonly KevEntry[]): KevDelta {
  const before = new Map(previous.map((e) => [e.cveID, e]));
  const after = new Map(next.map((e) => [e.cveID, e]));
  const added: KevEntry[] = [];
  const changed: KevChange[] = [];
  for (const e of next) {
    const old = before.get(e.cveID);
    if (!old) {
      added.push(e);
      continue;
    }
    const fields = FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(e[f]));
    if (fields.length) changed.push({ before: old, after: e, fields });
  }
  const removed = previous.filter((e) => !after.has(e.cveID));
  return { added, changed, removed };
}

/**
 * The statement a KEV entry makes: "this product is exploited", with no version bound. Its identity is
 * alias-only and its range 'all', so the matcher can at most answer "possible"; pair it with the CVE
 * record's statements (same cveID) for a version-precise verdict.
 */
export function kevAffected(entry: KevEntry): Affected | null {
  const key = nameKey(entry.vendorProject, entry.product);
  if (!key) return null;
  return { identity: { kind: 'alias', key }, ranges: 'all', status: 'affected', source: `kev:${entry.cveID}`, cve: entry.cveID, remediation: entry.requiredAction };
}

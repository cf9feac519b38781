// Shapes of the advisories capability's JSON (src/capabilities/advisories/routes.ts and schema.ts).

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EXPOSURE_STATUSES = ['notified', 'acknowledged', 'mitigated', 'fixed', 'not_affected'] as const;
export type ExposureStatus = (typeof EXPOSURE_STATUSES)[number];
export const OPEN_STATUSES: readonly ExposureStatus[] = ['notified', 'acknowledged'];

/** VEX justifications the server accepts for "not affected" (CSAF 2.0 flags / OpenVEX). */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

export type Verdict = 'affected' | 'possible';

/** Why the engine matched: which identifier, which statement key, which range, against which version. */
export type MatchReason = {
  identifier: 'cpe' | 'purl' | 'alias';
  key: string;
  range: string;
  assetVersion: string | null;
  scheme: string;
  /** One English sentence written by the engine. */
  explanation: string;
  /**
   * The same sentence as data (the engine's ReasonCase and its details), which explainReason words in
   * the reader's language. Absent from reasons stored before the engine recorded it.
   */
  because?: ReasonCase;
  status?: 'affected' | 'unaffected' | 'fixed' | 'under_investigation';
  doubt?: { kind: 'variant-no-cpe' | 'variant-open' | 'platform-unrecorded' | 'platform-version'; subject: string };
  justification?: string;
  source: string;
  covered?: boolean;
  /** The name of the deadline rule in law/notification-deadlines.json. */
  deadlineRule?: string;
};

export const REASON_CASES = [
  'git-ranges', 'decided-earlier', 'outside', 'outside-unaffected', 'within-unaffected', 'unaffected-no-version',
  'unaffected-incomparable', 'no-version', 'incomparable', 'under-investigation', 'unbounded', 'inferred', 'doubt', 'within',
] as const;
export type ReasonCase = (typeof REASON_CASES)[number];

export type Notification = {
  id: string;
  verdict: Verdict;
  status: ExposureStatus;
  justification: string | null;
  /** What the owner or vendor wrote with the status (what was done, why not affected). */
  note: string | null;
  severity: Severity;
  knownExploited: boolean;
  dueAt: string;
  overdue: boolean;
  reason: MatchReason;
  advisory: { id: string; source: string; sourceId: string; title: string; cveIds: string[]; cvssScore: number | null; remediation: string | null };
  asset: {
    id: string;
    name: string;
    version: string | null;
    category: string;
    placement: string;
    orgId: string;
    orgName: string;
    orgNameEn: string;
    /** The owner's sectors, as the organisation directory lists them. */
    orgSectors: string[];
    operatorOrgId: string | null;
  };
  abilities: { update: boolean };
  createdAt: string;
};

export type NotificationPage = { items: Notification[]; nextCursor: string | null };

export type ListScope = 'all' | 'own' | 'operated';
export type StatusFilter = 'open' | ExposureStatus | '';

export type ExposureScope = 'organization' | 'sector' | 'national';
export type ExposureSummary = { scope: ExposureScope; open: number; by: Partial<Record<SummaryDimension, Record<string, number>>> };
/** What the counts are split by; `sector` (the owner's) only in the sector and national scopes. */
export const SUMMARY_DIMENSIONS = ['sector', 'severity', 'knownExploited', 'overdue', 'verdict', 'placement', 'category'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

export type IngestResult = {
  format: 'csaf' | 'cve' | 'kev' | 'manual';
  advisories: { id: string; source: string; sourceId: string; status: 'created' | 'updated' | 'unchanged' }[];
  exposures: { created: number; updated: number };
  kev?: { added: number; changed: number; removed: number };
  warnings: string[];
};

export type ManualAdvisory = {
  reference: string;
  title: string;
  summary?: string;
  cves: string[];
  severity: Severity;
  knownExploited: boolean;
  remediation?: string;
  products: { cpe?: string; purl?: string; versions?: string }[];
};

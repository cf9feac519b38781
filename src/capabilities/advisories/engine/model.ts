/**
 * The data the matching engine works on. Everything is plain JSON so a database can store affected
 * entries as rows: `identity.key` is the index column (after alias resolution), `ranges` the predicate.
 */
import type { VersionRange } from './ranges.js';
import type { Scheme } from './versions.js';

/**
 * `cpe:<vendor>:<product>`, `purl:<type>/<namespace>/<name>`, or, for names that are only text
 * (a CVE vendor/product, a KEV vendorProject/product, a CSAF branch), `name:<vendor>:<product>` and
 * `collection:<url>:<package>` under kind 'alias': these match only through an explicit alias entry.
 */
export type IdentityKind = 'cpe' | 'purl' | 'alias';
export type Identity = { kind: IdentityKind; key: string };

/** An explicit rename or equivalence, curated by people: `{from: 'name:fortinet:fortios', to: 'cpe:fortinet:fortios'}`. */
export type Alias = { from: string; to: string };

export type AffectedStatus = 'affected' | 'unaffected' | 'fixed' | 'under_investigation';

/** One statement of an advisory about one product identity. */
export type Affected = {
  identity: Identity;
  ranges: VersionRange[] | 'all';
  status: AffectedStatus;
  /** Where in the advisory this came from, e.g. `cve:containers.cna.affected[0].versions[2]`. */
  source: string;
  /** The advisory's name for its version numbering (CVE versionType, vers scheme, purl type). */
  scheme?: string;
  /** Versions an earlier statement of the same product already decided (CVE first-match order). */
  except?: VersionRange[];
  /** CPE attributes the statement is specific to (`targetSw: 'iphone_os'`); a different value is another product. */
  constraints?: Record<string, string>;
  /** The platform the statement is scoped to (a CSAF relationship, a CVE package on a distribution). */
  platform?: { identity: Identity; version?: string };
  /** The range is implied (e.g. "below CSAF first_fixed"), not stated: it can make a match possible, never certain. */
  inferred?: boolean;
  cve?: string;
  /** VEX reason for not affected (CSAF flag label or impact statement). */
  justification?: string;
  /** Fix or mitigation text that applies to this statement. */
  remediation?: string;
};

/** A registered asset as the matcher sees it (the registry keeps far more). */
export type Asset = {
  cpe?: string;
  purl?: string;
  vendor?: string;
  product?: string;
  version?: string;
  /** CPE of the platform the asset runs on (e.g. the OS of a package), for platform-scoped statements. */
  platform?: string;
};

export type Verdict = 'affected' | 'possible' | 'not_affected';

export type MatchReason = {
  identifier: 'cpe' | 'purl' | 'alias';
  /** The advisory entry's identity key that matched. */
  key: string;
  /** The range(s) the verdict rests on, human-readable (`>=3.1.0 <3.2.2`). */
  range: string;
  assetVersion: string | null;
  scheme: Scheme;
  /** One English sentence. */
  explanation: string;
  /**
   * The same sentence as data, so each reader gets it in its own language: which of the engine's
   * cases decided (ReasonCase), what the statement marks its range, and for a doubt or a VEX
   * justification, their details. The explanation's other parts are the fields above.
   */
  because: ReasonCase;
  status: AffectedStatus;
  doubt?: Doubt;
  justification?: string;
  source: string;
};

/** Why the engine decided as it did: one of its rules in match.ts (matchPrepared), in order. */
export type ReasonCase =
  | 'git-ranges'
  | 'decided-earlier'
  | 'outside'
  | 'outside-unaffected'
  | 'within-unaffected'
  | 'unaffected-no-version'
  | 'unaffected-incomparable'
  | 'no-version'
  | 'incomparable'
  | 'under-investigation'
  | 'unbounded'
  | 'inferred'
  | 'doubt'
  | 'within';

/**
 * What keeps a match in range from being certain: the statement is about a variant (CPE attributes) or
 * a platform that the asset's record does not settle. `subject`: the variant or platform, as written.
 */
export type Doubt = { kind: 'variant-no-cpe' | 'variant-open' | 'platform-unrecorded' | 'platform-version'; subject: string };

export type MatchResult = {
  verdict: Verdict;
  /** True when the statement speaks about this very version; false when the verdict follows from its absence. */
  covered: boolean;
  reason: MatchReason;
};

// ----------------------------------------------------------------------------- advisory metadata

export type Cvss = { version: string; baseScore: number; vector: string; severity?: string; source: string };

export type Remediation = { category: string; text: string; url?: string; cve?: string; productIds?: string[] };

/** A VEX-style status statement as published (CSAF product_status), kept verbatim for the record. */
export type VexStatement = { cve?: string; productId: string; status: string; flags?: string[]; impact?: string };

export type AdvisoryMeta = {
  format: 'cve' | 'csaf';
  id: string;
  cves: string[];
  title?: string;
  publisher?: string;
  published?: string;
  updated?: string;
  cvss: Cvss[];
  /** Textual severity (CSAF aggregate_severity, a CNA's own rating), when given. */
  severity?: string;
  remediations: Remediation[];
  vex: VexStatement[];
  /** Exploitation state as the advisory says it (SSVC `Exploitation`, CSAF exploit_status threats). */
  exploitation?: string;
};

export type Extraction = { advisory: AdvisoryMeta; affected: Affected[]; warnings: string[] };

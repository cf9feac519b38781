// Shapes of the supply-chain API (src/capabilities/supply-chain/{routes,present,graph,service}.ts),
// written by hand like web/src/api/types.ts.

export type Criticality = 'low' | 'medium' | 'high' | 'critical';
export type LinkStatus = 'pending' | 'confirmed' | 'rejected';
export type Answer = 'yes' | 'no' | 'unsure';

type OrgRef = { orgId: string; name: string; nameEn: string };

export type Link = {
  id: string;
  customer: OrgRef;
  supplier: OrgRef & { kind: string };
  provides: string;
  holdsKeyData: boolean;
  networkAccess: boolean;
  outageUnacceptable: boolean;
  criticality: Criticality;
  requiredLevel: number;
  requiredRule: string;
  status: LinkStatus;
  decidedAt: string | null;
  source: string;
  createdAt: string;
  abilities: { confirm: boolean; remove: boolean };
};

export type LinkInput = {
  supplierOrgId: string;
  provides: string;
  holdsKeyData: boolean;
  networkAccess: boolean;
  outageUnacceptable: boolean;
  criticality: Criticality;
};

export type CreatedLink = { id: string; requiredLevel: number; requiredRule: string; status: LinkStatus };
export type ImportedLinks = { imported: number; items: { id: string; requiredLevel: number; requiredRule: string; supplierOrgId: string }[] };

export type Area = 'governance' | 'people' | 'technical' | 'physical' | 'supplier' | 'incident';
export type Requirement = { id: string; area: Area; text: string; textEn: string };
export type CatalogueLevel = {
  level: number;
  code: string;
  scheme: 'security_action' | 'meti';
  name: string;
  nameEn: string;
  assessment: 'self' | 'third_party';
  validityMonths: number;
  summary: string;
  summaryEn: string;
  requirements: Requirement[];
};
export type RequiredRule = {
  name: string;
  when: { minYes?: number; criticality?: Criticality[] };
  level: number;
  reason: string;
  reasonEn: string;
};
export type Catalogue = {
  version: string;
  status: 'in_force' | 'to_confirm';
  levels: CatalogueLevel[];
  requiredLevelRules: { version: string; rules: RequiredRule[] };
};

export type GapItem = Requirement & { level: number };

export type Rating = {
  id: string;
  level: number;
  basis: 'self' | 'third_party';
  status: 'active' | 'pending' | 'rejected' | 'superseded';
  expired: boolean;
  catalogueVersion: string;
  assessor: OrgRef | null;
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
  grantedAt: string | null;
  expiresAt: string | null;
};

export type Evidence = { id: string; itemId: string; filename: string; mediaType: string; sizeBytes: number; url: string | null; createdAt: string };

export type Assessment = {
  catalogueVersion: string;
  answers: Record<string, { answer: Answer; note: string | null; updatedAt: string }>;
  evidence: Evidence[];
  metLevel: number;
  selfDeclarable: number;
  currentLevel: number;
  missing: { level: number; count: number; items: GapItem[] }[];
  ratings: Rating[];
};

export type SavedAnswer = { itemId: string; answer: Answer; metLevel: number; selfDeclarable: number };

export type Declared = {
  selfLevel: number;
  selfExpiresAt: string;
  claim: { id: string; level: number; assessorOrgId: string; status: string } | null;
  metLevel: number;
};

/** What the addressed assessor reviews before deciding a pending claim. */
export type ClaimReview = {
  answers: Record<string, { answer: Answer; note: string | null }>;
  evidence: { id: string; itemId: string; filename: string; url: string | null; sizeBytes: number }[];
};
export type Claim = Rating & { org: OrgRef; review: ClaimReview | null };
export type Assessor = { orgId: string; registrationNo: string; name: string; nameEn: string; registeredAt: string };

export type Mismatch = {
  linkId: string;
  customer: OrgRef;
  supplier: OrgRef;
  provides: string;
  status: LinkStatus;
  requiredLevel: number;
  actualLevel: number;
  gapCount: number;
  gapItems: GapItem[];
};

export type GraphNode = {
  id: string;
  named: boolean;
  name: string | null;
  nameEn: string | null;
  kind: string;
  level: number;
  depth: number;
  pathMinLevel: number;
  alerted: boolean;
  root: boolean;
};
export type GraphEdge = { from: string; to: string; status: LinkStatus; requiredLevel: number; mismatch: boolean; named: boolean };
export type SupplyGraphData = { rootId: string; nodes: GraphNode[]; edges: GraphEdge[]; weakestLevel: number | null; weakestNodes: string[] };

export type BlastItem = {
  depth: number;
  named: boolean;
  orgId: string | null;
  name: string | null;
  nameEn: string | null;
  kind: string;
  sectors: string[];
  linkStatus: LinkStatus | null;
};
export type BlastRadius = { orgId: string; name: string; nameEn: string; total: number; byDepth: { depth: number; count: number }[]; items: BlastItem[] };

/** One cell of the nation-wide summary (the repository's own column names). */
export type MismatchCount = { required_level: number; actual_level: number; links: number; suppliers: number };

/** What the organisation was told about a supplier below it (named only with the reporter's consent). */
export type SupplierAlert = {
  id: string;
  kind: 'incident' | 'advisory';
  depth: number;
  sourceSectors: string[];
  sourceOrgKind: string;
  named: boolean;
  source: OrgRef | null;
  createdAt: string;
};

// Shapes of the incidents API, written by hand from src/capabilities/incidents (schema.ts, views.ts,
// present.ts, routes.ts). The enumerations mirror schema.ts; the server stays the authority and
// answers 400 for anything outside them.

export const INCIDENT_TYPES = ['ransomware', 'ddos', 'unauthorized_access', 'data_leak', 'malware', 'supply_chain', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const INTRUSION_ROUTES = ['vpn', 'remote_desktop', 'email', 'web_application', 'supplier', 'removable_media', 'unknown', 'other'] as const;
export type IntrusionRoute = (typeof INTRUSION_ROUTES)[number];

export const BUSINESS_IMPACTS = ['none', 'degraded', 'stopped'] as const;
export type BusinessImpact = (typeof BUSINESS_IMPACTS)[number];

export const INDICATOR_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'sha512', 'email'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const REPORT_STAGES = ['initial', 'update', 'final'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

export const DELIVERY_STATUSES = ['received', 'triaged', 'supporting', 'closed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type Indicator = { kind: IndicatorKind; value: string; note?: string };

/** The unified ransomware / DDoS form (schema.ts `ReportBody`). */
export type ReportBody = {
  schemaVersion?: 1;
  type: IncidentType;
  title: string;
  summary: string;
  detectedAt: string;
  startedAt?: string;
  affectedServices: string[];
  affectedSystems?: { assetId?: string; description: string }[];
  intrusionRoute?: IntrusionRoute;
  intrusionDetail?: string;
  ransomware?: {
    noteText?: string;
    encryptedExtension?: string;
    family?: string;
    demandAmount?: string;
    paid: boolean;
    paidAt?: string;
  };
  ddos?: { peakGbps?: number; peakPps?: number; targets: string[]; durationMinutes?: number };
  indicators: Indicator[];
  businessImpact: BusinessImpact;
  affectedPeople?: number;
  personalData: { involved: boolean; records?: number; categories: string[] };
  othersNotified: string[];
  contact: { name: string; email: string; phone?: string };
};

export type Sharing = { optionalRegimes: string[]; nameInIntel: boolean };

export type OrgRef = { orgId: string; name: string; nameEn: string; sectors: string[] };

export type IncidentSummary = {
  id: string;
  reference: string;
  type: IncidentType;
  title: string;
  stage: ReportStage;
  version: number;
  detectedAt: string;
  submittedAt: string;
  updatedAt: string;
  businessImpact: BusinessImpact;
  personalData: boolean;
  reporter: OrgRef;
  direction: 'sent' | 'received';
  /** To a recipient its own delivery's status; to both, the earliest stage still owed and how many are past due. */
  clock: ListClock;
};

export type ListClock = {
  status: DeliveryStatus | null;
  next: { regime: string; regimeName: string; regimeNameEn: string; stage: string; stageName: string; stageNameEn: string; dueAt: string; overdue: boolean } | null;
  overdue: number;
};

export type IncidentPage = { items: IncidentSummary[]; nextCursor: string | null };

export type DeliveryStage = {
  code: string;
  name: string;
  nameEn: string;
  note: string | null;
  noteEn: string | null;
  dueAt: string | null;
  satisfiedVersion: number | null;
  satisfiedAt: string | null;
  overdue: boolean;
  late: boolean;
};

export type Message = {
  id: string;
  authorOrgId: string;
  authorOrgName: string;
  authorOrgNameEn: string;
  authorName: string | null;
  body: string;
  createdAt: string;
};

export type Delivery = {
  id: string;
  regime: string;
  regimeName: string;
  regimeNameEn: string;
  toConfirm: boolean;
  recipient: { orgId: string | null; name: string; nameEn: string; external: boolean };
  status: DeliveryStatus;
  statusChangedAt: string | null;
  stages: DeliveryStage[];
  abilities: { setStatus: boolean; message: boolean };
  messages: Message[];
};

/** GET /api/incidents/:id — the caller's view: a recipient sees only the fields its regimes grant. */
export type IncidentView = {
  id: string;
  reference: string;
  stage: ReportStage;
  version: number;
  submittedAt: string;
  updatedAt: string;
  reporter: OrgRef;
  role: 'reporter' | 'recipient';
  sharing: Sharing | null;
  report: Partial<ReportBody>;
  deliveries: Delivery[];
  versions: { version: number; stage: ReportStage; submittedAt: string }[];
  seenElsewhere: { otherReports: number; indicators: { kind: string; value: string; reports: number }[] };
  abilities: { submitStage: boolean };
  /** Not sent by the server today (see the incidents UI notes); shown when it is. */
  tlp?: string;
};

export type RegimeInfo = {
  code: string;
  name: string;
  nameEn: string;
  basis: string;
  basisEn: string;
  optional: boolean;
  toConfirm: boolean;
  stages: { code: string; name: string; nameEn: string; note: string | null; noteEn: string | null; due: { from: string; hours?: number; days?: number; months?: number } | null }[];
};

export type Draft = { id: string; content: Record<string, unknown>; createdAt: string; updatedAt: string };

export type SubmitResult = {
  id: string;
  reference: string;
  version: number;
  deliveries: { regime: string; recipientOrgId: string | null; externalRecipient: string | null }[];
};

export type Change = { path: string; before: unknown; after: unknown };
export type DiffResult = { from: number; to: number; changes: Change[] };

// Shapes of the alerts API (src/capabilities/alerts/present.ts and routes.ts).

export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
/** Exercise alerts come only from an exercise's injects; the form offers these. */
export const ISSUABLE_STATUSES = ['Actual', 'Test'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type AlertStatus = 'Actual' | 'Exercise' | 'Test';
export type MsgType = (typeof MSG_TYPES)[number];
export type Box = 'received' | 'issued' | 'all';

export type AlertInfo = { event: string; headline: string; description: string; instruction?: string };
export type Figures = { recipients: number; acknowledged: number; rate: number | null };

export type Alert = {
  id: string;
  status: AlertStatus;
  msgType: MsgType;
  references: string[];
  scope: (typeof SCOPES)[number];
  category: string[];
  severity: Severity;
  urgency: (typeof URGENCIES)[number];
  certainty: (typeof CERTAINTIES)[number];
  info: { ja: AlertInfo; en: AlertInfo | null };
  sectors: string[];
  organizations: string[];
  issuer: { id: string; slug: string; name: string; nameEn: string };
  sentAt: string;
  expiresAt: string | null;
  expired: boolean;
  exerciseId: string | null;
};

export type AlertListItem = Alert & { addressedToMe: boolean; acknowledgedAt: string | null; figures: Figures | null };
export type AlertPage = { items: AlertListItem[]; nextCursor: string | null };

export type Recipient = {
  orgId: string;
  slug: string;
  name: string;
  nameEn: string;
  sectors: string[];
  acknowledgedAt: string | null;
  by: string | null;
  note: string | null;
  escalationLevel: number;
};

export type AlertDetail = Alert & {
  cancelled: boolean;
  successors: { id: string; msgType: MsgType; sentAt: string }[];
  acknowledgement: { acknowledgedAt: string | null; by: string | null; note: string | null } | null;
  figures: Figures | null;
  recipients: Recipient[] | null;
  abilities: { acknowledge: boolean; update: boolean; manage: boolean };
};

export type IssueAlertBody = {
  status: 'Actual' | 'Test';
  msgType: MsgType;
  references: string[];
  scope: (typeof SCOPES)[number];
  severity: Severity;
  urgency: (typeof URGENCIES)[number];
  certainty: (typeof CERTAINTIES)[number];
  info: { ja: AlertInfo; en?: AlertInfo };
  sectors: string[];
  organizations: string[];
  expiresAt?: string;
};

export type Webhook = { url: string; createdAt: string; updatedAt: string } | null;

import { z } from 'zod';

/** CAP 1.2 code lists (OASIS CAP-v1.2 §3.2), as the schema in cap-schema/ enumerates them. */
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
/** Exercise is not offered here: only an exercise's injects carry it (with their exercise id). */
export const ISSUABLE_STATUSES = ['Actual', 'Test'] as const;
export const STATUSES = ['Actual', 'Exercise', 'Test'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type Status = (typeof STATUSES)[number];

/** One language's texts (one CAP <info> block). */
export const AlertInfo = z.object({
  event: z.string().trim().min(1).max(200),
  headline: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(10_000),
  instruction: z.string().trim().max(10_000).optional(),
});
export type AlertInfo = z.infer<typeof AlertInfo>;

/** POST /api/alerts. Addressing rules (who may address what) are the policy's, checked in the service. */
export const IssueAlert = z.object({
  status: z.enum(ISSUABLE_STATUSES).default('Actual'),
  msgType: z.enum(MSG_TYPES).default('Alert'),
  /** Update / Cancel: the earlier alerts (ids) this one replaces or withdraws. */
  references: z.array(z.uuid()).max(20).default([]),
  scope: z.enum(SCOPES).default('Restricted'),
  category: z.array(z.enum(CATEGORIES)).min(1).max(12).default(['Security']),
  severity: z.enum(SEVERITIES),
  urgency: z.enum(URGENCIES),
  certainty: z.enum(CERTAINTIES),
  responseType: z.array(z.enum(RESPONSE_TYPES)).max(9).default([]),
  info: z.object({ ja: AlertInfo, en: AlertInfo.optional() }),
  sectors: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).max(50).default([]),
  organizations: z.array(z.uuid()).max(500).default([]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type IssueAlert = z.infer<typeof IssueAlert>;

export const Acknowledge = z.object({ note: z.string().trim().max(2000).optional() });

export const AlertListQuery = z.object({
  box: z.enum(['all', 'issued', 'received']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const RegisterWebhook = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  secret: z.string().min(16).max(200),
});

import { z } from 'zod';

/** The registry's asset.changed event (assets service): the ids, and for a single asset its identity as stored. */
const NullableText = z.string().nullable();
export const AssetChanged = z.object({
  assetIds: z.array(z.uuid()),
  asset: z.object({ id: z.uuid(), cpe: NullableText, purl: NullableText, maker: NullableText, product: NullableText, version: NullableText, identityKeys: z.array(z.string()) }).optional(),
});

/** An advisory written by a ministry or the hub in the UI (the other formats are standards). */
export const ManualAdvisory = z.object({
  reference: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(300),
  summary: z.string().trim().max(10_000).optional(),
  cves: z.array(z.string().regex(/^CVE-\d{4}-\d{4,}$/)).max(50).default([]),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'none', 'unknown']),
  knownExploited: z.boolean().default(false),
  remediation: z.string().trim().max(10_000).optional(),
  products: z
    .array(
      z
        .object({ cpe: z.string().trim().max(1000).optional(), purl: z.string().trim().max(1000).optional(), versions: z.string().trim().max(500).optional() })
        .refine((p) => p.cpe || p.purl, { message: 'asset_identity_required' }),
    )
    .min(1)
    .max(500),
});
export type ManualAdvisory = z.infer<typeof ManualAdvisory>;

/** VEX justifications (CSAF 2.0 flags / OpenVEX) for "not affected". */
export const VexJustification = z.enum([
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
]);

export const NotificationStatus = z.enum(['acknowledged', 'mitigated', 'fixed', 'not_affected']);

export const SetNotificationStatus = z
  .object({ status: NotificationStatus, justification: VexJustification.optional(), note: z.string().trim().max(2000).optional() })
  .superRefine((b, ctx) => {
    if (b.status === 'not_affected' && !b.justification) ctx.addIssue({ code: 'custom', path: ['justification'], message: 'justification_required' });
  });

export const NotificationQuery = z.object({
  scope: z.enum(['own', 'operated', 'all']).default('all'),
  status: z.enum(['open', 'notified', 'acknowledged', 'mitigated', 'fixed', 'not_affected']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

export const ExposureQuery = z.object({ scope: z.enum(['organization', 'sector', 'national']).default('organization') });

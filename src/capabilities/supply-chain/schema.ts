import { z } from 'zod';
import { Criticality } from './law.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A customer declares a supplier: what it provides and the three questions that decide the required level. */
export const LinkInput = z.object({
  supplierOrgId: z.uuid(),
  provides: Text(300),
  holdsKeyData: z.boolean(),
  networkAccess: z.boolean(),
  outageUnacceptable: z.boolean(),
  criticality: Criticality.default('medium'),
});
export type LinkInput = z.infer<typeof LinkInput>;

export const LinkListQuery = z.object({
  side: z.enum(['customer', 'supplier', 'all']).default('all'),
  status: z.enum(['pending', 'confirmed', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const LinkDecision = z.object({ note: z.string().trim().max(1000).optional() }).default({});

export const AnswerInput = z.object({
  answer: z.enum(['yes', 'no', 'unsure']),
  note: z.string().trim().max(2000).nullable().optional(),
});

/** At most 256 KiB per evidence file, kept in the database; larger files are given as a reference. */
export const EVIDENCE_MAX_BYTES = 262_144;

export const EvidenceInput = z
  .object({
    itemId: z.string().min(1).max(40),
    filename: Text(200),
    mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(100).default('application/octet-stream'),
    /** The file itself, base64-encoded (padded, no line breaks: what a browser's FileReader gives). */
    contentBase64: z.base64().max(Math.ceil((EVIDENCE_MAX_BYTES * 4) / 3) + 4, 'evidence_too_large').optional(),
    /** Or where it lives (document management system, shared drive). */
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  })
  .refine((e) => e.contentBase64 !== undefined || e.url !== undefined, { path: ['contentBase64'], message: 'required' });

export const DeclareInput = z.object({
  /** A registered assessor organisation to confirm a ★4/★5 claim; omitted = self-declared levels only. */
  assessorOrgId: z.uuid().optional(),
});

export const ClaimDecision = z.object({
  decision: z.enum(['confirm', 'reject']),
  note: z.string().trim().max(2000).optional(),
});

export const AssessorInput = z.object({ orgId: z.uuid(), registrationNo: Text(50) });

export const GraphQuery = z.object({
  orgId: z.uuid().optional(),
  depth: z.coerce.number().int().min(1).max(10).default(6),
});

export const MismatchQuery = z.object({ side: z.enum(['customer', 'supplier']).default('customer') });

/** CSV columns for bulk declaration of suppliers; the header row uses these names. */
export const LINK_CSV_COLUMNS = ['supplier', 'provides', 'holds_key_data', 'network_access', 'outage_unacceptable', 'criticality'] as const;

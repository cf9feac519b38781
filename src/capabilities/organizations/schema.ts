import { z } from 'zod';
import { OrgKind } from '../../platform/identity/ids.js';
import { Tlp } from '../../platform/policy/types.js';

export const OrgIdParams = z.object({ id: z.uuid() });

export const OrganizationListQuery = z.object({
  kind: OrgKind.optional(),
  sector: z.string().max(40).optional(),
});

export const Organization = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: OrgKind,
  authority: z.string().nullable(),
  sectors: z.array(z.string()),
  designated: z.boolean(),
  designatedBusinessTypes: z.array(z.string()),
  abilities: z.object({ manage: z.boolean(), readContacts: z.boolean() }),
});

export const Contacts = z.object({
  orgId: z.uuid(),
  phone24h: z.string(),
  csirtEmail: z.string(),
  escalation: z.string(),
  tlp: Tlp,
  updatedAt: z.string(),
});

export const ContactsBody = z.object({
  phone24h: z.string().trim().min(5).max(40).regex(/^[0-9+\-() ]+$/),
  csirtEmail: z.email().max(254),
  escalation: z.string().max(2000).default(''),
  /** May only be raised above AMBER, never lowered. */
  tlp: z.enum(['amber', 'amber+strict']).default('amber'),
});

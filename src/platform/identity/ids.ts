import { z } from 'zod';

/** Branded ids: a user id cannot be passed where an organisation id is wanted. */
export const OrgId = z.uuid().brand<'OrgId'>();
export type OrgId = z.infer<typeof OrgId>;
export const UserId = z.uuid().brand<'UserId'>();
export type UserId = z.infer<typeof UserId>;
export const TokenId = z.uuid().brand<'TokenId'>();
export type TokenId = z.infer<typeof TokenId>;

export const ORG_KINDS = ['national_hub', 'ministry', 'police', 'regulator', 'operator', 'vendor', 'isac', 'sme'] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;

export const ROLES = ['admin', 'analyst', 'reporter', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const CLEARANCES = ['none', 'cei', 'sds'] as const;
export const Clearance = z.enum(CLEARANCES);
export type Clearance = z.infer<typeof Clearance>;

export const GOVERNMENT_KINDS: readonly OrgKind[] = ['national_hub', 'ministry', 'police', 'regulator'];
export const COMPANY_KINDS: readonly OrgKind[] = ['operator', 'vendor', 'isac', 'sme'];

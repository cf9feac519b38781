import { z } from 'zod';
import { Clearance, OrgKind, Role } from '../../platform/identity/ids.js';

export const LoginBody = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

export const OrganizationSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: OrgKind,
  sectors: z.array(z.string()),
});

export const MeResponse = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string() }),
  organization: OrganizationSummary,
  role: Role,
  clearance: Clearance,
  abilities: z.record(z.string(), z.boolean()),
  /** Echo this in X-CSRF-Token on writes made with the session cookie (null for token callers). */
  csrfToken: z.string().nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const TokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** An admin may issue a token for another user of the same organisation (e.g. a service account). */
  userEmail: z.email().optional(),
});

export const TokenItem = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  userEmail: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const TokenCreated = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  token: z.string(),
  createdAt: z.string(),
});

export const IdParams = z.object({ id: z.uuid() });

export const UserCreateBody = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  role: Role,
  clearance: Clearance.default('none'),
  password: z.string().min(12).max(1024),
});

export const UserItem = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  clearance: Clearance,
});

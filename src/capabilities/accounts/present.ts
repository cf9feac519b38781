import type { z } from 'zod';
import type { ActorRow } from '../../platform/identity/repository.js';
import { abilities } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { MeResponse, TokenItem, UserItem } from './schema.js';

export function presentMe(actor: Actor, row: ActorRow, csrfToken: string | null): MeResponse {
  return {
    user: { id: row.user_id, email: row.email, displayName: row.display_name },
    organization: {
      id: row.org_id,
      slug: row.org_slug,
      name: row.org_name,
      nameEn: row.org_name_en,
      kind: actor.orgKind,
      sectors: row.sectors,
    },
    role: actor.role,
    clearance: actor.clearance,
    abilities: abilities(actor),
    csrfToken,
  };
}

export function presentToken(row: {
  id: string;
  name: string;
  prefix: string;
  email: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): z.infer<typeof TokenItem> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userEmail: row.email,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export function presentUser(row: { id: string; email: string; display_name: string; clearance: string; role: string }): z.infer<typeof UserItem> {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as z.infer<typeof UserItem>['role'],
    clearance: row.clearance as z.infer<typeof UserItem>['clearance'],
  };
}

import type { Db } from '../db/database.js';
import { Clearance, OrgKind, Role, type OrgId, type UserId } from '../identity/ids.js';
import { findActorRow, operatesFor, type ActorRow } from '../identity/repository.js';
import type { Law } from '../law/law.js';
import type { Actor } from '../policy/types.js';

export interface ResolvedActor {
  actor: Actor;
  row: ActorRow;
}

/**
 * Builds the actor for a user acting for an organisation, or null if either is gone or disabled.
 * Results are cached briefly per node: every request needs one, and the facts change rarely. Logout,
 * revocation and membership changes call forget() (and other nodes learn of them within the TTL).
 */
export class ActorDirectory {
  private cache = new Map<string, { value: ResolvedActor | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly law: Law,
    private readonly ttlMs = 5000,
  ) {}

  async resolve(userId: string, orgId: string, via: Actor['via']): Promise<ResolvedActor | null> {
    const key = `${userId}/${orgId}/${via}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await this.load(userId, orgId, via);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  forget(userId?: string): void {
    if (!userId) return this.cache.clear();
    for (const key of this.cache.keys()) if (key.startsWith(`${userId}/`)) this.cache.delete(key);
  }

  private async load(userId: string, orgId: string, via: Actor['via']): Promise<ResolvedActor | null> {
    const row = await findActorRow(this.db, userId, orgId);
    if (!row || row.disabled_at) return null;
    const actor: Actor = {
      userId: row.user_id as UserId,
      orgId: row.org_id as OrgId,
      orgKind: OrgKind.parse(row.org_kind),
      role: Role.parse(row.role),
      clearance: Clearance.parse(row.clearance),
      orgSectors: row.sectors,
      authority: row.authority,
      competentSectors: this.law.competentSectors(row.authority),
      operatesForOrgIds: (await operatesFor(this.db, row.org_id)) as OrgId[],
      via,
    };
    return { actor, row };
  }
}

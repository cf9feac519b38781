import type { OrgId, OrgKind, Role } from '../identity/ids.js';
import { CLEARANCE_RANK, type Actor, type Marking } from './types.js';

/**
 * The small named checks every rule is built from. Each one has a twin in sql.ts; the ability-matrix
 * test proves the twins agree.
 */
export const isMemberOf = (actor: Actor, orgId: OrgId | null): boolean => orgId !== null && actor.orgId === orgId;

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.includes(actor.role);

export const orgKindIs = (actor: Actor, ...kinds: OrgKind[]): boolean => kinds.includes(actor.orgKind);

export const hasClearance = (actor: Actor, required: Marking['clearance']): boolean =>
  CLEARANCE_RANK[actor.clearance] >= CLEARANCE_RANK[required];

/** The sectors an actor answers for: its own, plus those it is the competent authority of. */
export const sectorScope = (actor: Actor): string[] => [...new Set([...actor.orgSectors, ...actor.competentSectors])];

export const inSectorScope = (actor: Actor, sectors: readonly string[]): boolean => {
  const scope = sectorScope(actor);
  return sectors.some((s) => scope.includes(s));
};

/** Named as an organisation: the owner, a recipient organisation, or inside an addressed sector. */
const isNamedOrg = (actor: Actor, m: Marking): boolean =>
  isMemberOf(actor, m.ownerOrgId) || m.recipientOrgIds.includes(actor.orgId) || inSectorScope(actor, m.recipientSectors);

/** TLP 2.0 as DOMAIN.md §5 defines it on this platform. */
export function tlpAllows(actor: Actor | null, m: Marking): boolean {
  switch (m.tlp) {
    case 'clear':
      return true;
    case 'green':
      return actor !== null;
    case 'amber+strict':
      return actor !== null && isNamedOrg(actor, m);
    case 'amber': {
      if (actor === null) return false;
      if (isNamedOrg(actor, m)) return true;
      // Need to know: the organisation that runs a named organisation's systems.
      const named = [m.ownerOrgId, ...m.recipientOrgIds];
      return actor.operatesForOrgIds.some((o) => named.includes(o));
    }
    case 'red':
      return actor !== null && (actor.userId === m.createdBy || m.recipientUserIds.includes(actor.userId));
  }
}

/** Read access to marked data: the TLP rule and the clearance rule must both hold. */
export const canReadMarked = (actor: Actor | null, m: Marking): boolean =>
  tlpAllows(actor, m) && (m.clearance === 'none' || (actor !== null && hasClearance(actor, m.clearance)));

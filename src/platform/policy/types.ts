import { z } from 'zod';
import { Clearance, type OrgId, type OrgKind, type Role, type UserId } from '../identity/ids.js';

/** TLP 2.0, lowest to highest. */
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const Tlp = z.enum(TLPS);
export type Tlp = z.infer<typeof Tlp>;
export { Clearance };

/** Someone acting on the platform: a person through a session, or a machine through their token. */
export interface Actor {
  userId: UserId;
  orgId: OrgId;
  orgKind: OrgKind;
  role: Role;
  clearance: Clearance;
  /** The organisation's own sectors. */
  orgSectors: readonly string[];
  /** Authority code (law/authorities.json) of a government body, else null. */
  authority: string | null;
  /** Sectors this organisation is the competent authority for (empty for companies). */
  competentSectors: readonly string[];
  /** Organisations whose systems this organisation operates: TLP:AMBER need-to-know reaches it. */
  operatesForOrgIds: readonly OrgId[];
  via: 'session' | 'token';
}

/**
 * Who may see a piece of data. Every TLP-marked table stores these as columns (see MarkedColumns),
 * so the same facts drive authorize() and the SQL list filter.
 */
export interface Marking {
  tlp: Tlp;
  clearance: Clearance;
  ownerOrgId: OrgId | null;
  createdBy: UserId | null;
  recipientOrgIds: readonly OrgId[];
  recipientSectors: readonly string[];
  recipientUserIds: readonly UserId[];
}

export const CLEARANCE_RANK: Record<Clearance, number> = { none: 0, cei: 1, sds: 2 };
export const TLP_RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** Markings that make a read audit-worthy. */
export function isRestricted(marking: Pick<Marking, 'tlp' | 'clearance'>): boolean {
  return TLP_RANK[marking.tlp] >= TLP_RANK.amber || marking.clearance !== 'none';
}

/** Combines two markings without ever lowering either: the higher TLP and clearance win. */
export function raiseMarking<T extends Pick<Marking, 'tlp' | 'clearance'>>(current: T, requested: Pick<Marking, 'tlp' | 'clearance'>): T {
  return {
    ...current,
    tlp: TLP_RANK[requested.tlp] > TLP_RANK[current.tlp] ? requested.tlp : current.tlp,
    clearance: CLEARANCE_RANK[requested.clearance] > CLEARANCE_RANK[current.clearance] ? requested.clearance : current.clearance,
  };
}

export function marking(partial: Partial<Marking> & Pick<Marking, 'tlp'>): Marking {
  return {
    clearance: 'none',
    ownerOrgId: null,
    createdBy: null,
    recipientOrgIds: [],
    recipientSectors: [],
    recipientUserIds: [],
    ...partial,
  };
}

/** The marked columns of a row (see MarkedColumns in db/schema.ts), as the policy reads them. */
export interface MarkedRow {
  tlp: string;
  clearance: string;
  owner_org_id: string | null;
  created_by: string | null;
  recipient_org_ids: string[];
  recipient_sectors: string[];
  recipient_user_ids: string[];
}

/** Reads a row's marked columns into a Marking: every marked table uses this one reading. */
export function markingOf(row: MarkedRow): Marking {
  return {
    tlp: row.tlp as Tlp,
    clearance: row.clearance as Clearance,
    ownerOrgId: row.owner_org_id as OrgId | null,
    createdBy: row.created_by as UserId | null,
    recipientOrgIds: row.recipient_org_ids as OrgId[],
    recipientSectors: row.recipient_sectors,
    recipientUserIds: row.recipient_user_ids as UserId[],
  };
}

import type { OrgId, UserId } from '../../platform/identity/ids.js';
import { marking, type Marking, type Tlp } from '../../platform/policy/index.js';

type MarkedRow = {
  tlp: string;
  clearance: string;
  owner_org_id: string | null;
  created_by: string | null;
  recipient_org_ids: string[];
  recipient_sectors: string[];
  recipient_user_ids: string[];
};

/** A report's marking: TLP:AMBER+STRICT, owned by the reporter, shared with the organisations it reached. */
export function reportMarking(row: MarkedRow): Marking {
  return marking({
    tlp: row.tlp as Tlp,
    clearance: row.clearance as Marking['clearance'],
    ownerOrgId: row.owner_org_id as OrgId | null,
    createdBy: row.created_by as UserId | null,
    recipientOrgIds: row.recipient_org_ids as OrgId[],
    recipientSectors: row.recipient_sectors,
    recipientUserIds: row.recipient_user_ids as UserId[],
  });
}

/** Events about one delivery (its status, its thread, its overdue stage) reach only its two parties. */
export function deliveryMarking(reporterOrgId: string, recipientOrgId: string | null): Marking {
  return marking({
    tlp: 'amber+strict',
    ownerOrgId: reporterOrgId as OrgId,
    recipientOrgIds: recipientOrgId ? [recipientOrgId as OrgId] : [],
  });
}

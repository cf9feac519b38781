import type { OrgId } from '../../platform/identity/ids.js';
import { marking, markingOf, type Marking } from '../../platform/policy/index.js';

/** A report's marking: TLP:AMBER+STRICT, owned by the reporter, shared with the organisations it reached. */
export const reportMarking = markingOf;

/** Events about one delivery (its status, its thread, its overdue stage) reach only its two parties. */
export function deliveryMarking(reporterOrgId: string, recipientOrgId: string | null): Marking {
  return marking({
    tlp: 'amber+strict',
    ownerOrgId: reporterOrgId as OrgId,
    recipientOrgIds: recipientOrgId ? [recipientOrgId as OrgId] : [],
  });
}

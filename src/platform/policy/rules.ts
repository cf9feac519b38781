import type { OrgId, UserId } from '../identity/ids.js';
import { canReadMarked, hasRole, isMemberOf, orgKindIs } from './checks.js';
import type { Actor, Marking } from './types.js';

/**
 * Every resource the platform protects, and what each action on it requires. Capabilities add their
 * resources here, so that all authorisation stays in this one module.
 */
export type Resource =
  | { type: 'organization'; orgId: OrgId }
  | { type: 'org_contacts'; orgId: OrgId; marking: Marking }
  | { type: 'user'; orgId: OrgId; userId: UserId }
  | { type: 'api_token'; orgId: OrgId; userId: UserId }
  | { type: 'audit_log'; orgId: OrgId | null }
  | { type: 'event'; marking: Marking }
  | { type: 'marked'; marking: Marking }
  | { type: 'incident'; reporterOrgId: OrgId; marking: Marking }
  | { type: 'incident_delivery'; reporterOrgId: OrgId; recipientOrgId: OrgId | null; marking: Marking }
  | { type: 'incident_draft'; orgId: OrgId; userId: UserId }
  | { type: 'exposure'; ownerOrgId: OrgId; operatorOrgId: OrgId | null; marking: Marking }
  | { type: 'exposure_summary'; scope: 'organization' | 'sector' | 'national' }
  // Capability-level resources (no instance yet): "may this actor do X at all?"
  | { type: 'incidents' }
  | { type: 'assets' }
  | { type: 'advisories' }
  | { type: 'intel' }
  | { type: 'supply_chain' }
  | { type: 'alerts' };

export type Action = 'read' | 'list' | 'create' | 'update' | 'delete' | 'manage' | 'publish' | 'issue';

type Rule<R> = (actor: Actor, resource: R) => boolean;
type RulesFor<R extends Resource> = Partial<Record<Action, Rule<R>>>;
type RuleBook = { [K in Resource['type']]: RulesFor<Extract<Resource, { type: K }>> };

const government = (a: Actor) => orgKindIs(a, 'national_hub', 'ministry', 'police', 'regulator');
const companies = (a: Actor) => orgKindIs(a, 'operator', 'vendor', 'isac', 'sme');
const writers = (a: Actor) => hasRole(a, 'admin', 'analyst');

export const RULES: RuleBook = {
  organization: {
    // The directory (names, kinds, sectors) is shared with every member organisation.
    read: () => true,
    list: () => true,
    manage: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
  },
  org_contacts: {
    read: (a, r) => canReadMarked(a, r.marking),
    update: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
  },
  user: {
    read: (a, r) => isMemberOf(a, r.orgId),
    create: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
    manage: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
  },
  api_token: {
    // Tokens act with their user's full rights, so only the organisation's admins issue and revoke them.
    create: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
    read: (a, r) => isMemberOf(a, r.orgId) && (hasRole(a, 'admin') || a.userId === r.userId),
    delete: (a, r) => isMemberOf(a, r.orgId) && (hasRole(a, 'admin') || a.userId === r.userId),
  },
  audit_log: {
    // An organisation's admins read their own trail; the national hub's admins read the whole chain.
    read: (a, r) =>
      hasRole(a, 'admin') && (orgKindIs(a, 'national_hub') || (r.orgId !== null && isMemberOf(a, r.orgId))),
  },
  event: { read: (a, r) => canReadMarked(a, r.marking) },
  marked: { read: (a, r) => canReadMarked(a, r.marking) },
  incident: {
    // The reporter and the organisations it was delivered to (the report's marking lists them).
    read: (a, r) => canReadMarked(a, r.marking),
    // Updates and the final report come from the reporting organisation, never from a viewer.
    update: (a, r) => isMemberOf(a, r.reporterOrgId) && hasRole(a, 'admin', 'analyst', 'reporter'),
  },
  incident_delivery: {
    // Status (received → triaged → supporting → closed) is the recipient's to set.
    update: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.recipientOrgId) && writers(a),
    // The thread of one delivery is between the reporter and that recipient only.
    read: (a, r) => canReadMarked(a, r.marking) && (isMemberOf(a, r.reporterOrgId) || isMemberOf(a, r.recipientOrgId)),
    create: (a, r) =>
      canReadMarked(a, r.marking) &&
      ((isMemberOf(a, r.reporterOrgId) && hasRole(a, 'admin', 'analyst', 'reporter')) || (isMemberOf(a, r.recipientOrgId) && writers(a))),
  },
  incident_draft: {
    // Drafts are personal until submitted.
    read: (a, r) => isMemberOf(a, r.orgId) && a.userId === r.userId,
    update: (a, r) => isMemberOf(a, r.orgId) && a.userId === r.userId,
    delete: (a, r) => isMemberOf(a, r.orgId) && a.userId === r.userId,
  },
  exposure: {
    read: (a, r) => canReadMarked(a, r.marking),
    // The owner and the vendor that operates the asset track it; government bodies watch.
    update: (a, r) => canReadMarked(a, r.marking) && (isMemberOf(a, r.ownerOrgId) || isMemberOf(a, r.operatorOrgId)) && writers(a),
  },
  exposure_summary: {
    // Counts only: each organisation its own, a ministry its sectors, the national hub the nation.
    read: (a, r) => r.scope === 'organization' || (r.scope === 'sector' && orgKindIs(a, 'ministry', 'national_hub')) || (r.scope === 'national' && orgKindIs(a, 'national_hub')),
  },
  incidents: {
    list: () => true,
    create: (a) => companies(a) && hasRole(a, 'admin', 'analyst', 'reporter'),
  },
  assets: {
    list: () => true,
    manage: (a) => orgKindIs(a, 'operator', 'vendor', 'sme') && writers(a),
  },
  advisories: {
    list: () => true,
    publish: (a) => orgKindIs(a, 'national_hub', 'ministry') && writers(a),
  },
  intel: {
    list: () => true,
    publish: (a) => writers(a),
  },
  supply_chain: {
    list: (a) => companies(a) || orgKindIs(a, 'national_hub', 'ministry'),
  },
  alerts: {
    list: () => true,
    issue: (a) => orgKindIs(a, 'national_hub', 'ministry') && writers(a),
  },
};

export { government, companies };

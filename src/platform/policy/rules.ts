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
  | { type: 'supply_link'; customerOrgId: OrgId; supplierOrgId: OrgId; marking: Marking }
  | { type: 'supply_assessment'; orgId: OrgId }
  | { type: 'supply_claim'; orgId: OrgId; assessorOrgId: OrgId | null }
  | { type: 'blast_radius'; orgId: OrgId }
  | { type: 'intel_collection'; kind: 'national' | 'sector' | 'isac' | 'org'; orgId: OrgId | null; marking: Marking }
  | { type: 'alert'; issuerOrgId: OrgId; marking: Marking }
  | { type: 'alert_addressing'; sectors: readonly string[]; orgSectors: readonly (readonly string[])[] }
  | { type: 'alert_acknowledgement'; recipientOrgId: OrgId; marking: Marking }
  | { type: 'alert_webhook'; orgId: OrgId }
  | { type: 'exercise'; ownerOrgId: OrgId; marking: Marking }
  | { type: 'exercise_response'; orgId: OrgId; marking: Marking }
  // Capability-level resources (no instance yet): "may this actor do X at all?"
  | { type: 'incidents' }
  | { type: 'assets' }
  | { type: 'advisories' }
  | { type: 'intel' }
  | { type: 'supply_chain' }
  | { type: 'alerts' }
  | { type: 'exercises' };

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
  intel_collection: {
    // The collection's own marking (its floor) says who belongs to the community; objects inside
    // carry their own, at least as strict.
    read: (a, r) => canReadMarked(a, r.marking),
    // Adding objects: members who write; the national collection is the government's to publish in.
    create: (a, r) => canReadMarked(a, r.marking) && writers(a) && (r.kind !== 'national' || government(a)),
    // Editing a collection (title, ISAC membership): hub admins, and an ISAC's admins for its own.
    manage: (a, r) => hasRole(a, 'admin') && (orgKindIs(a, 'national_hub') || (r.kind === 'isac' && isMemberOf(a, r.orgId))),
  },
  alert: {
    read: (a, r) => canReadMarked(a, r.marking),
    // Update and Cancel come from the organisation that issued the alert.
    update: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.issuerOrgId) && writers(a),
    // Who acknowledged, who did not: the issuer and the national hub.
    manage: (a, r) => canReadMarked(a, r.marking) && (isMemberOf(a, r.issuerOrgId) || orgKindIs(a, 'national_hub')),
  },
  alert_addressing: {
    // The hub addresses anyone; a ministry only its competent sectors and organisations inside them.
    issue: (a, r) =>
      writers(a) &&
      (orgKindIs(a, 'national_hub') ||
        (orgKindIs(a, 'ministry') && r.sectors.every((s) => a.competentSectors.includes(s)) && r.orgSectors.every((os) => os.some((s) => a.competentSectors.includes(s))))),
  },
  alert_acknowledgement: {
    update: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.recipientOrgId) && hasRole(a, 'admin', 'analyst', 'reporter'),
  },
  alert_webhook: {
    manage: (a, r) => isMemberOf(a, r.orgId) && hasRole(a, 'admin'),
  },
  exercise: {
    // The organising body and the participants (the exercise's marking names them).
    read: (a, r) => canReadMarked(a, r.marking),
    // Starting, ending and the full after-action report: the organising body's writers.
    manage: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.ownerOrgId) && writers(a),
  },
  exercise_response: {
    update: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.orgId) && hasRole(a, 'admin', 'analyst', 'reporter'),
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
    // New ISAC collections: hub admins, and ISAC admins (owned by their ISAC).
    manage: (a) => hasRole(a, 'admin') && orgKindIs(a, 'national_hub', 'isac'),
  },
  supply_link: {
    // The customer, the supplier, the national hub and the competent ministries (the link's marking).
    read: (a, r) => canReadMarked(a, r.marking),
    // The customer declares the link; only the supplier confirms or rejects it.
    create: (a, r) => isMemberOf(a, r.customerOrgId) && companies(a) && writers(a),
    update: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.supplierOrgId) && writers(a),
    delete: (a, r) => canReadMarked(a, r.marking) && isMemberOf(a, r.customerOrgId) && writers(a),
  },
  supply_assessment: {
    // Answers and evidence are the organisation's own until it declares a level.
    read: (a, r) => isMemberOf(a, r.orgId),
    update: (a, r) => isMemberOf(a, r.orgId) && companies(a) && writers(a),
  },
  supply_claim: {
    // The claimant follows its claim; the addressed assessor decides it (independence is checked on
    // the graph by the supply-chain service, which needs the database).
    read: (a, r) => isMemberOf(a, r.orgId) || isMemberOf(a, r.assessorOrgId) || orgKindIs(a, 'national_hub'),
    update: (a, r) => isMemberOf(a, r.assessorOrgId) && writers(a),
  },
  blast_radius: {
    // The supplier itself (its direct customers named, further tiers anonymised), the national hub
    // (everything) and ministries (named within their sectors).
    read: (a, r) => isMemberOf(a, r.orgId) || orgKindIs(a, 'national_hub', 'ministry'),
  },
  supply_chain: {
    list: (a) => companies(a) || orgKindIs(a, 'national_hub', 'ministry'),
    create: (a) => companies(a) && writers(a),
    // Nation-wide required-vs-actual counts.
    read: (a) => orgKindIs(a, 'national_hub', 'ministry'),
    // Registering assessor organisations is the national hub's.
    manage: (a) => orgKindIs(a, 'national_hub') && hasRole(a, 'admin'),
  },
  alerts: {
    list: () => true,
    issue: (a) => orgKindIs(a, 'national_hub', 'ministry') && writers(a),
  },
  exercises: {
    list: () => true,
    // Exercises are run by the hub (cross-sector) or a ministry (its sectors), like alerts.
    create: (a) => orgKindIs(a, 'national_hub', 'ministry') && writers(a),
  },
};

export { government, companies };

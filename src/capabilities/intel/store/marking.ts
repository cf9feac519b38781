import type { OrgId, UserId } from '../../../platform/identity/ids.js';
import { CLEARANCE_RANK, TLP_RANK, type Actor, type Clearance, type Marking, type Tlp } from '../../../platform/policy/types.js';
import { TLP2_MARKING_IDS } from '../../incidents/stix-common.js';
import type { StixCollectionsTable } from '../tables.js';

/**
 * Markings of stored intelligence. An object's TLP comes from its own `object_marking_refs` and
 * `granular_markings` (the TLP 2.0 marking-definition ids, and the STIX 2.1 TLP 1.0 ids feeds still
 * send); inside a collection it is raised to the collection's floor, which names the community
 * (sector, ISAC members, one organisation).
 * Markings are only ever raised: see docs/decisions.md "Intel markings".
 */

/** STIX 2.1 §7.2.1.4 predefined TLP 1.0 markings; WHITE is TLP 2.0's CLEAR. */
const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};
const TLP_BY_MARKING_ID: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ...Object.entries(TLP1_MARKING_IDS),
  ...Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp as Tlp] as const),
]);

/** What an unmarked object is treated as: shared with members, never with the public. */
export const UNMARKED_TLP: Tlp = 'green';

/**
 * The highest TLP among an object's object_marking_refs and its granular_markings' marking_ref values
 * (unmarked → GREEN). The store serves objects whole, so a part marked higher than the object (a
 * TLP:RED `name` on a TLP:GREEN indicator) makes the whole object that high: it is withheld from
 * anyone who may not see its most restricted part.
 */
export function tlpOfObject(obj: Record<string, unknown>): Tlp {
  let best: Tlp | null = null;
  for (const ref of markingRefsOf(obj)) {
    const tlp = TLP_BY_MARKING_ID.get(ref);
    if (tlp && (best === null || TLP_RANK[tlp] > TLP_RANK[best])) best = tlp;
  }
  return best ?? UNMARKED_TLP;
}

/** The marking-definition ids an object applies to itself or to any of its parts. */
function markingRefsOf(obj: Record<string, unknown>): string[] {
  const refs = Array.isArray(obj['object_marking_refs']) ? (obj['object_marking_refs'] as unknown[]) : [];
  const granular = Array.isArray(obj['granular_markings']) ? (obj['granular_markings'] as unknown[]) : [];
  const parts = granular.map((g) => (g !== null && typeof g === 'object' ? (g as Record<string, unknown>)['marking_ref'] : undefined));
  return [...refs, ...parts].filter((r): r is string => typeof r === 'string');
}

/** The marking-definition ids an object applies that are not the standard TLP ones (statements, custom TLPs, typos). */
export function otherMarkingRefs(obj: Record<string, unknown>): string[] {
  return [...new Set(markingRefsOf(obj).filter((ref) => !TLP_BY_MARKING_ID.has(ref)))];
}

/** What a marking that is not a standard TLP id does to who may read. */
export type OtherMarking = { tlp: Tlp } | 'statement';

/** What an unresolvable or unfamiliar marking is taken as: kept to the collection's community, not spread. */
export const UNKNOWN_MARKING_TLP: Tlp = 'amber+strict';

const TLP_NAMES: Record<string, Tlp> = { white: 'clear', clear: 'clear', green: 'green', amber: 'amber', 'amber+strict': 'amber+strict', red: 'red' };

/**
 * A marking-definition object as a reader restriction: a copyright or terms statement restricts nobody;
 * a TLP marking under an id of its own (TLP 2.0's extension, STIX 2.1's `definition_type: tlp`, or a
 * name such as "TLP:RED") is that TLP; anything else (PAP, a community's own scheme) is of unknown meaning
 * and taken as UNKNOWN_MARKING_TLP.
 */
export function markingDefinitionEffect(def: Record<string, unknown>): OtherMarking {
  const definition = def['definition'] as Record<string, unknown> | undefined;
  if (def['definition_type'] === 'statement') return 'statement';
  if (def['definition_type'] === 'tlp' && typeof definition?.['tlp'] === 'string') return { tlp: TLP_NAMES[definition['tlp'].toLowerCase()] ?? UNKNOWN_MARKING_TLP };
  const extensions = def['extensions'] as Record<string, Record<string, unknown> | undefined> | undefined;
  const tlp2 = extensions?.['extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d']?.['tlp_2_0'];
  if (typeof tlp2 === 'string' && TLP_NAMES[tlp2.toLowerCase()]) return { tlp: TLP_NAMES[tlp2.toLowerCase()]! };
  const name = typeof def['name'] === 'string' ? /^TLP:\s*(CLEAR|WHITE|GREEN|AMBER\+STRICT|AMBER|RED)$/i.exec(def['name'].trim()) : null;
  if (name) return { tlp: TLP_NAMES[name[1]!.toLowerCase()]! };
  return { tlp: UNKNOWN_MARKING_TLP };
}

export const higherTlp = (a: Tlp, b: Tlp): Tlp => (TLP_RANK[a] >= TLP_RANK[b] ? a : b);
export const higherClearance = (a: Clearance, b: Clearance): Clearance => (CLEARANCE_RANK[a] >= CLEARANCE_RANK[b] ? a : b);

export type CollectionRow = Pick<StixCollectionsTable, 'id' | 'key' | 'kind' | 'title' | 'sector' | 'org_id'> & { member_org_ids: string[]; clearance: string; description: string };

/**
 * Who belongs to a collection, as a marking: national — every member; a sector — its organisations and
 * competent authorities; an ISAC — the ISAC and its admitted members; an organisation — itself. The
 * national hub is named in every community collection (it is the hub), never in a private one.
 */
export function collectionMarking(c: CollectionRow, hubOrgIds: readonly string[]): Marking {
  const clearance = c.clearance as Clearance;
  const base = { clearance, createdBy: null, recipientUserIds: [] as UserId[] };
  switch (c.kind) {
    case 'national':
      return { ...base, tlp: 'green', ownerOrgId: null, recipientOrgIds: [], recipientSectors: [] };
    case 'sector':
      return { ...base, tlp: 'amber+strict', ownerOrgId: null, recipientOrgIds: hubOrgIds as OrgId[], recipientSectors: c.sector ? [c.sector] : [] };
    case 'isac':
      return { ...base, tlp: 'amber+strict', ownerOrgId: c.org_id as OrgId, recipientOrgIds: [...new Set([...c.member_org_ids, ...hubOrgIds])] as OrgId[], recipientSectors: [] };
    case 'org':
      return { ...base, tlp: 'amber+strict', ownerOrgId: c.org_id as OrgId, recipientOrgIds: [], recipientSectors: [] };
  }
}

/**
 * The marking of one version inside a collection: the object's TLP raised to the collection floor,
 * the clearance raised to the collection's and the contributor's request. The contributor stays able
 * to see what it shared (owner where the collection has none; created_by for TLP:RED).
 */
export function entryMarking(floor: Marking, objectTlp: Tlp, contributor: Actor, clearance: Clearance): Marking {
  return {
    tlp: higherTlp(objectTlp, floor.tlp),
    clearance: higherClearance(floor.clearance, clearance),
    ownerOrgId: floor.ownerOrgId ?? contributor.orgId,
    createdBy: contributor.userId,
    recipientOrgIds: floor.recipientOrgIds,
    recipientSectors: floor.recipientSectors,
    recipientUserIds: floor.recipientUserIds,
  };
}

import type { CollectionAccess } from './service.js';

/** What leaves the server about collections and objects: allow-lists, no recipient lists. */

export function presentCollection(a: CollectionAccess, objectCount: number | null) {
  const r = a.row;
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    description: r.description,
    kind: r.kind,
    sector: r.sector,
    orgId: r.org_id,
    clearance: r.clearance,
    // Membership is the ISAC admins' business; others learn only that they belong.
    memberOrgIds: a.canManage ? r.member_org_ids : undefined,
    canRead: a.canRead,
    canWrite: a.canWrite,
    canManage: a.canManage,
    objectCount,
  };
}

export function presentListItem(r: { id: string; type: string; name: string | null; relationship_type?: string | null; source_name?: string | null; target_name?: string | null; version: string; tlp: string; clearance: string }) {
  return {
    id: r.id, type: r.type, name: r.name, modified: r.version || null, tlp: r.tlp, clearance: r.clearance,
    // A relationship has no name; its type ("indicates", "uses") and its ends' names, where the caller
    // may see them, are what a list can show for it.
    ...(r.relationship_type ? { relationshipType: r.relationship_type, sourceName: r.source_name ?? null, targetName: r.target_name ?? null } : {}),
  };
}

export function presentRelationship(r: { id: string; relationship_type: string | null; source_ref: string; target_ref: string; other_id: string; other_type: string | null; other_name: string | null }) {
  return {
    id: r.id,
    relationshipType: r.relationship_type,
    sourceRef: r.source_ref,
    targetRef: r.target_ref,
    // The other end is named only when the viewer may see it; otherwise just its id.
    other: { id: r.other_id, type: r.other_type ?? r.other_id.split('--')[0], name: r.other_name, visible: r.other_type !== null },
  };
}

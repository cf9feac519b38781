import type { LinkRow } from './repository.js';
import type { SupplyChainLaw } from './law.js';

/** What leaves the server about a link: no recipient lists; abilities so the UI hides what the server refuses. */
export function presentLink(l: LinkRow, actorOrgId: string) {
  return {
    id: l.id,
    customer: { orgId: l.customer_org_id, name: l.customer_name, nameEn: l.customer_name_en },
    supplier: { orgId: l.supplier_org_id, name: l.supplier_name, nameEn: l.supplier_name_en, kind: l.supplier_kind },
    provides: l.provides,
    holdsKeyData: l.holds_key_data,
    networkAccess: l.network_access,
    outageUnacceptable: l.outage_unacceptable,
    criticality: l.criticality,
    requiredLevel: l.required_level,
    requiredRule: l.required_rule,
    status: l.status,
    decidedAt: l.decided_at?.toISOString() ?? null,
    source: l.source,
    createdAt: l.created_at.toISOString(),
    abilities: {
      confirm: l.status === 'pending' && l.supplier_org_id === actorOrgId,
      remove: l.customer_org_id === actorOrgId,
    },
  };
}

export function presentRating(r: { id: string; level: number; basis: string; status: string; catalogue_version: string; assessor_org_id: string | null; assessor_name?: string | null; assessor_name_en?: string | null; note: string | null; created_at: Date; decided_at: Date | null; granted_at: Date | null; expires_at: Date | null }, now = new Date()) {
  return {
    id: r.id,
    level: r.level,
    basis: r.basis,
    status: r.status,
    expired: r.status === 'active' && r.expires_at !== null && r.expires_at.getTime() <= now.getTime(),
    catalogueVersion: r.catalogue_version,
    assessor: r.assessor_org_id ? { orgId: r.assessor_org_id, name: r.assessor_name ?? null, nameEn: r.assessor_name_en ?? null } : null,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    grantedAt: r.granted_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
  };
}

/** Requirement ids with their texts and level, for gap lists. */
export function presentItems(law: SupplyChainLaw, ids: string[]) {
  const byId = new Map(law.catalogue.levels.flatMap((l) => l.requirements.map((r) => [r.id, { ...r, level: l.level }] as const)));
  return ids.map((id) => byId.get(id)!).filter(Boolean).map((r) => ({ id: r.id, level: r.level, area: r.area, text: r.text, textEn: r.textEn }));
}

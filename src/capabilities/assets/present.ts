import type { AssetsTable } from './tables.js';

type Row = Omit<AssetsTable, 'created_at' | 'updated_at'> & { created_at: Date; updated_at: Date; operator_name?: string | null; operator_name_en?: string | null; org_name?: string; org_name_en?: string };

/** What leaves the server about an asset: no recipient lists, and the operator by name. */
export function presentAsset(a: Row, actorOrgId: string) {
  return {
    id: a.id,
    orgId: a.org_id,
    orgName: a.org_name ?? null,
    orgNameEn: a.org_name_en ?? null,
    parentId: a.parent_id,
    name: a.name,
    category: a.category,
    maker: a.maker,
    product: a.product,
    version: a.version,
    cpe: a.cpe,
    purl: a.purl,
    identityKeys: a.identity_keys,
    placement: a.placement,
    service: a.service,
    criticality: a.criticality,
    operator: a.operator_org_id ? { orgId: a.operator_org_id, name: a.operator_name ?? null, nameEn: a.operator_name_en ?? null } : null,
    designatedCritical: a.designated_critical,
    source: a.source,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
    abilities: { edit: a.org_id === actorOrgId },
  };
}

/** The ministry notification of designated critical computers, one line each (CSV, UTF-8 with BOM for Excel). */
export function ministryCsv(rows: Row[]): string {
  const cols = ['名称 name', '種別 category', 'メーカー maker', '製品 product', 'バージョン version', 'CPE', 'purl', '設置場所 placement', '支える業務 service', '重要度 criticality', '運用者 operator'];
  const esc = (v: string | null | undefined) => {
    const s = v ?? '';
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) =>
    [r.name, r.category, r.maker, r.product, r.version, r.cpe, r.purl, r.placement, r.service, r.criticality, r.operator_name ?? '自社 (own staff)'].map(esc).join(','),
  );
  return `\ufeff${cols.join(',')}\n${lines.join('\n')}\n`;
}

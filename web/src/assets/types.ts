// Shapes of the asset registry's JSON (src/capabilities/assets/schema.ts and present.ts).

export const ASSET_CATEGORIES = [
  'vpn_gateway',
  'firewall',
  'authentication_server',
  'cloud_service',
  'ot_controller',
  'server',
  'network_device',
  'software_component',
  'other',
] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

export const PLACEMENTS = ['internet_facing', 'internal', 'ot'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export type Asset = {
  id: string;
  orgId: string;
  orgName: string | null;
  orgNameEn: string | null;
  parentId: string | null;
  name: string;
  category: AssetCategory;
  maker: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  identityKeys: string[];
  placement: Placement;
  service: string | null;
  criticality: Criticality;
  operator: { orgId: string; name: string | null; nameEn: string | null } | null;
  designatedCritical: boolean;
  source: string;
  createdAt: string;
  updatedAt: string;
  abilities: { edit: boolean };
};

export type AssetPage = { items: Asset[]; nextCursor: string | null };

/** What the form sends on registration; PATCH sends the same fields with null for cleared ones. */
export type AssetInput = {
  name: string;
  category: AssetCategory;
  maker?: string;
  product?: string;
  version?: string;
  cpe?: string;
  purl?: string;
  placement: Placement;
  service?: string;
  criticality: Criticality;
  operatorOrg?: string;
  designatedCritical: boolean;
};

export type ImportResult = { format: 'csv' | 'cyclonedx'; specVersion?: string; imported: number; created: number; updated: number };

export type Scope = 'own' | 'operated';

export type AssetFilters = { category?: AssetCategory; placement?: Placement; designated?: boolean; q?: string };

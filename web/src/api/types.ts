// Shapes of the backend's JSON, written by hand from the API contract. When the server's zod schemas
// settle, these can be replaced by types inferred from them.

export type Role = 'admin' | 'analyst' | 'reporter' | 'viewer';
export type Clearance = 'none' | 'cei' | 'sds';
export type OrganizationKind =
  | 'national_hub'
  | 'ministry'
  | 'police'
  | 'regulator'
  | 'operator'
  | 'vendor'
  | 'isac'
  | 'sme';

/** The abilities the UI acts on. The server may send more; unknown or missing keys mean "not allowed". */
export type AbilityKey =
  | 'tokens.manage'
  | 'users.manage'
  | 'audit.read'
  | 'incidents.read'
  | 'incidents.create'
  | 'assets.manage'
  | 'advisories.publish'
  | 'intel.read'
  | 'intel.publish'
  | 'supplyChain.read'
  | 'supplyChain.create'
  | 'alerts.issue'
  | 'exercises.create';

export type Organization = {
  id: string;
  slug: string;
  name: string;
  nameEn: string;
  kind: OrganizationKind;
  sectors: string[];
};

export type Me = {
  user: { id: string; email: string; displayName: string };
  organization: Organization;
  role: Role;
  clearance: Clearance;
  abilities: Record<string, boolean>;
  csrfToken: string;
};

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The only time the secret is ever sent: the reply to its creation. */
export type CreatedApiToken = {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
};

export type ListOf<T> = { items: T[] };

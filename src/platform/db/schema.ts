import type { ColumnType, Generated } from 'kysely';
import type { AdvisoryTables } from '../../capabilities/advisories/tables.js';
import type { AlertTables } from '../../capabilities/alerts/tables.js';
import type { ExerciseTables } from '../../capabilities/exercises/tables.js';
import type { SupplyChainTables } from '../../capabilities/supply-chain/tables.js';
import type { AssetsTable } from '../../capabilities/assets/tables.js';
import type { IncidentTables } from '../../capabilities/incidents/tables.js';
import type { CorrelationTables } from '../../capabilities/intel/correlation/tables.js';
import type { IntelStoreTables } from '../../capabilities/intel/tables.js';

/**
 * Kysely's view of the tables. Each part owns its tables (see its migrations); this file only
 * gathers their row types so one Kysely instance can type every query.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface PlatformMetaTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditPendingTable {
  id: Generated<number>;
  at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  detail: Json<Record<string, unknown>>;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  visibility: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  published_at: Date | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: Json;
  created_at: Generated<Date>;
}

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  name_en: string;
  kind: string;
  authority: string | null;
  sectors: string[];
  designated: Generated<boolean>;
  designated_business_types: string[];
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  clearance: Generated<string>;
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: string;
  created_at: Generated<Date>;
}

export interface OrgPartnersTable {
  org_id: string;
  partner_org_id: string;
  relation: string;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  org_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  org_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginFailuresTable {
  email: string;
  ip: string | null;
  at: Generated<Date>;
}

/** Columns every TLP-marked table carries; platform/policy's SQL filter reads exactly these. */
export interface MarkedColumns {
  tlp: string;
  clearance: string;
  owner_org_id: string | null;
  created_by: string | null;
  recipient_org_ids: string[];
  recipient_sectors: string[];
  recipient_user_ids: string[];
}

export interface OrgContactsTable extends MarkedColumns {
  org_id: string;
  phone_24h: string;
  csirt_email: string;
  escalation: string;
  updated_at: Generated<Date>;
}

export interface Database extends IncidentTables, AdvisoryTables, AlertTables, ExerciseTables, SupplyChainTables, CorrelationTables, IntelStoreTables {
  schema_migrations: SchemaMigrationsTable;
  platform_meta: PlatformMetaTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_pending: AuditPendingTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  org_partners: OrgPartnersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  org_contacts: OrgContactsTable;
  assets: AssetsTable;
}

import type { Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

/** Row type of the assets table (see migrations/0006_assets.sql). */
export interface AssetsTable extends MarkedColumns {
  id: string;
  org_id: string;
  parent_id: string | null;
  name: string;
  category: string;
  maker: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  purl: string | null;
  identity_keys: string[];
  placement: string;
  service: string | null;
  criticality: string;
  operator_org_id: string | null;
  designated_critical: boolean;
  source: string;
  source_ref: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

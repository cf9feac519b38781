import type { Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

/** Row types of the supply-chain tables (see migrations/0030_supply_chain.sql). */
export interface SupplyLinksTable extends MarkedColumns {
  id: string;
  customer_org_id: string;
  supplier_org_id: string;
  provides: string;
  holds_key_data: boolean;
  network_access: boolean;
  outage_unacceptable: boolean;
  criticality: string;
  required_level: number;
  required_rule: string;
  rules_version: string;
  status: string;
  decided_at: Date | null;
  decided_by: string | null;
  source: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SupplyAnswersTable {
  org_id: string;
  item_id: string;
  answer: string;
  note: string | null;
  answered_by: string | null;
  updated_at: Generated<Date>;
}

export interface SupplyEvidenceTable {
  id: string;
  org_id: string;
  item_id: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  content: Buffer | null;
  url: string | null;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface SupplyAssessorsTable {
  org_id: string;
  registration_no: string;
  registered_by: string | null;
  registered_at: Generated<Date>;
}

export interface SupplyRatingsTable {
  id: string;
  org_id: string;
  level: number;
  basis: string;
  status: string;
  catalogue_version: string;
  assessor_org_id: string | null;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
  created_at: Generated<Date>;
  granted_at: Date | null;
  expires_at: Date | null;
}

export interface SupplyAlertsTable {
  id: string;
  recipient_org_id: string;
  source_org_id: string;
  source_kind: string;
  source_ref: string;
  source_sectors: string[];
  source_org_kind: string;
  named: boolean;
  depth: number;
  created_at: Generated<Date>;
}

export interface SupplyChainTables {
  supply_links: SupplyLinksTable;
  supply_answers: SupplyAnswersTable;
  supply_evidence: SupplyEvidenceTable;
  supply_assessors: SupplyAssessorsTable;
  supply_ratings: SupplyRatingsTable;
  supply_alerts: SupplyAlertsTable;
}

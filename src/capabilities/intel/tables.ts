import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

/** Row types of the STIX store (migrations/0020_intel_store.sql). */
export interface StixCollectionsTable {
  id: string;
  key: string;
  kind: 'national' | 'sector' | 'isac' | 'org';
  title: string;
  description: Generated<string>;
  sector: string | null;
  org_id: string | null;
  member_org_ids: Generated<string[]>;
  clearance: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StixObjectsTable {
  id: string;
  version: string;
  version_at: Date | null;
  type: string;
  spec_version: string;
  name: string | null;
  relationship_type: string | null;
  source_ref: string | null;
  target_ref: string | null;
  body: string;
  tlp: string;
  /** Clearance the contributor required (migrations/0027). */
  clearance: Generated<string>;
  added_at: Generated<Date>;
}

export interface StixCollectionObjectsTable extends MarkedColumns {
  seq: Generated<number>;
  collection_id: string;
  object_id: string;
  version: string;
  version_at: Date | null;
  type: string;
  spec_version: string;
  date_added: Generated<Date>;
  is_last: Generated<boolean>;
  is_first: Generated<boolean>;
  /** Ids this version references (migrations/0026): withheld with them (store/references.ts). */
  refs: Generated<string[]>;
  /** Every referenced object has a version every signed-in reader may see (migrations/0028; false = check). */
  refs_open: Generated<boolean>;
  /** The version's JSON text, as stix_objects.body (migrations/0029: pages are served from the entry; copied when omitted). */
  body: Generated<string>;
}

export interface TaxiiStatusTable {
  id: string;
  collection_id: string;
  user_id: string;
  org_id: string;
  request_timestamp: Generated<Date>;
  total_count: number;
  success_count: number;
  failure_count: number;
  successes: ColumnType<unknown, string, string>;
  failures: ColumnType<unknown, string, string>;
}

export interface IntelStoreTables {
  stix_collections: StixCollectionsTable;
  stix_objects: StixObjectsTable;
  stix_collection_objects: StixCollectionObjectsTable;
  taxii_status: TaxiiStatusTable;
}

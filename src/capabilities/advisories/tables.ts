import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

type Json<T = unknown> = ColumnType<T, string, string>;

/** Row types of the advisories capability (see migrations/0008_advisories.sql). */
export interface AdvisoryTables {
  advisories: {
    id: string;
    source: string;
    source_id: string;
    content_hash: string;
    title: string | null;
    cve_ids: string[];
    severity: string;
    cvss_score: number | null;
    cvss_vector: string | null;
    known_exploited: boolean;
    remediation: string | null;
    published_by_org_id: string | null;
    statements: Json<unknown[]>;
    meta: Json<Record<string, unknown>>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    /** Stamped by a trigger from advisory_index_state (migration 0015); bigint, read as text. */
    index_version: Generated<string>;
  };
  advisory_keys: { advisory_id: string; key: string };
  product_aliases: { from_key: string; to_key: string; created_by: string | null; created_at: Generated<Date>; index_version: Generated<string> };
  advisory_index_state: { only_row: Generated<boolean>; version: Generated<string>; deleted_version: Generated<string>; writer: string | null };
  known_exploited: { cve_id: string; entry: Json<Record<string, unknown>>; updated_at: Generated<Date> };
  exposure_reasons: { id: string; reason: Json<Record<string, unknown>> };
  exposures: MarkedColumns & {
    id: string;
    advisory_id: string;
    asset_id: string;
    verdict: string;
    /** exposure_reasons.id (migration 0066): the engine's reason, stored once per distinct text. */
    reason_id: string;
    deadline_rule: string | null;
    severity: string;
    known_exploited: boolean;
    placement: string;
    due_at: Date;
    status: Generated<string>;
    justification: string | null;
    status_note: Generated<string | null>;
    status_changed_at: Date | null;
    status_changed_by: string | null;
    reminded_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

type Json<T = unknown> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Row types of the incidents capability's tables (see migrations/0005_incidents.sql). */
export interface IncidentTables {
  incident_reports: MarkedColumns & {
    id: string;
    reference: string;
    reporter_org_id: string;
    type: string;
    title: string;
    current_stage: string;
    version: number;
    detected_at: Timestamp;
    personal_data: boolean;
    business_impact: string;
    sharing: Json<{ optionalRegimes: string[]; nameInIntel: boolean }>;
    submitted_at: Timestamp;
    updated_at: Timestamp;
  };
  incident_versions: {
    report_id: string;
    version: number;
    stage: string;
    body: Json<Record<string, unknown>>;
    submitted_at: Timestamp;
    submitted_by: string | null;
  };
  incident_deliveries: {
    id: string;
    report_id: string;
    regime: string;
    recipient_org_id: string | null;
    external_recipient: string | null;
    status: Generated<string>;
    status_changed_at: Timestamp | null;
    created_at: Timestamp;
  };
  incident_delivery_stages: {
    delivery_id: string;
    stage: string;
    due_at: Timestamp | null;
    satisfied_version: number | null;
    satisfied_at: Timestamp | null;
    overdue_notified_at: Timestamp | null;
  };
  incident_messages: {
    id: string;
    delivery_id: string;
    author_org_id: string;
    author_user_id: string | null;
    body: string;
    created_at: Timestamp;
  };
  incident_drafts: {
    id: string;
    org_id: string;
    user_id: string;
    content: Json<Record<string, unknown>>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

type Json<T = unknown> = ColumnType<T, string, string>;

/** Row types of the alerts capability (see migrations/0040_alerts.sql). */
export interface AlertTables {
  alerts: MarkedColumns & {
    id: string;
    status: string;
    msg_type: string;
    references_ids: string[];
    scope: string;
    category: string[];
    severity: string;
    urgency: string;
    certainty: string;
    response_type: string[];
    infos: Json<Record<string, unknown>>;
    addressed_sectors: string[];
    addressed_org_ids: string[];
    issuer_org_id: string;
    issued_by: string | null;
    sent_at: Date;
    expires_at: Date | null;
    exercise_id: string | null;
  };
  alert_recipients: {
    alert_id: string;
    org_id: string;
    org_sectors: string[];
    acknowledged_at: Date | null;
    acknowledged_by: string | null;
    note: string | null;
    escalation_level: Generated<number>;
    escalated_at: Date | null;
    escalate_at: Date | null;
  };
  alert_webhooks: {
    id: string;
    org_id: string;
    url: string;
    secret: string;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  alert_webhook_deliveries: {
    id: string;
    alert_id: string;
    webhook_id: string;
    status: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    last_error: string | null;
    last_status: number | null;
    delivered_at: Date | null;
    created_at: Generated<Date>;
  };
}

import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../platform/db/schema.js';

type Json<T = unknown> = ColumnType<T, string, string>;

/** Row types of the exercises capability (see migrations/0050_exercises.sql). */
export interface ExerciseTables {
  exercises: MarkedColumns & {
    id: string;
    name: string;
    description: string;
    participant_org_ids: string[];
    state: Generated<string>;
    created_at: Generated<Date>;
    started_at: Date | null;
    ended_at: Date | null;
  };
  exercise_injects: {
    id: string;
    exercise_id: string;
    seq: number;
    offset_seconds: number;
    kind: string;
    content: Json<Record<string, unknown>>;
    fire_at: Date | null;
    fired_at: Date | null;
    alert_id: string | null;
  };
  exercise_responses: {
    inject_id: string;
    exercise_id: string;
    org_id: string;
    delivered_at: Date;
    responded_at: Date | null;
    responded_by: string | null;
    note: string | null;
    report: Json<Record<string, unknown>> | null;
  };
}

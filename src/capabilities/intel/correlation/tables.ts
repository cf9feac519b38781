import type { ColumnType, Generated } from 'kysely';
import type { MarkedColumns } from '../../../platform/db/schema.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Row types of the correlation tables (see ../migrations/0025_intel_correlation.sql). */
export interface CorrelationTables {
  intel_observables: {
    id: Generated<number>;
    kind: string;
    value: string;
    ip: string | null;
  };
  intel_sightings: MarkedColumns & {
    observable_id: number;
    source_id: string;
    reporter_org_id: string;
    reporter_sectors: string[];
    name_reporter: boolean;
    seen_at: Timestamp;
  };
  intel_early_warnings: MarkedColumns & {
    id: string;
    observable_id: number;
    kind: string;
    value: string;
    organisations: number;
    sectors: number;
    sector_codes: string[];
    window_hours: number;
    window_start: Timestamp;
    fired_at: Generated<Date>;
  };
}

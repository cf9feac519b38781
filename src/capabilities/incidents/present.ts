import type { IncidentTables } from './tables.js';
import { fieldsFor, pickFields, type Regime } from './regimes.js';
import type { ReportBody } from './schema.js';

type ReportRow = { [K in keyof IncidentTables['incident_reports']]: IncidentTables['incident_reports'][K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : IncidentTables['incident_reports'][K] };

export interface DeliveryView {
  id: string;
  regime: string;
  regimeName: string;
  regimeNameEn: string;
  toConfirm: boolean;
  recipient: { orgId: string | null; name: string; nameEn: string; external: boolean };
  status: string;
  statusChangedAt: string | null;
  stages: { code: string; name: string; nameEn: string; note: string | null; noteEn: string | null; dueAt: string | null; satisfiedVersion: number | null; satisfiedAt: string | null; overdue: boolean; late: boolean }[];
  abilities: { setStatus: boolean; message: boolean };
  messages: { id: string; authorOrgId: string; authorOrgName: string; authorOrgNameEn: string; authorName: string | null; body: string; createdAt: string }[];
}

export function presentStage(
  regime: Regime | undefined,
  s: { stage: string; due_at: Date | null; satisfied_version: number | null; satisfied_at: Date | null },
  now: Date,
): DeliveryView['stages'][number] {
  const def = regime?.stages.find((x) => x.code === s.stage);
  return {
    code: s.stage,
    name: def?.name ?? s.stage,
    nameEn: def?.nameEn ?? s.stage,
    note: def?.note ?? null,
    noteEn: def?.noteEn ?? null,
    dueAt: s.due_at?.toISOString() ?? null,
    satisfiedVersion: s.satisfied_version,
    satisfiedAt: s.satisfied_at?.toISOString() ?? null,
    overdue: !s.satisfied_at && !!s.due_at && s.due_at < now,
    late: !!s.satisfied_at && !!s.due_at && s.satisfied_at > s.due_at,
  };
}

/** The report body one caller may see: the reporter all of it, a recipient the fields its regimes grant. */
export function tailorReport(body: ReportBody, isReporter: boolean, receivedVia: Regime[]): Partial<ReportBody> {
  return isReporter ? body : pickFields(body, fieldsFor(receivedVia));
}

export function presentSummary(row: Pick<ReportRow, 'id' | 'reference' | 'type' | 'title' | 'current_stage' | 'version' | 'detected_at' | 'submitted_at' | 'updated_at' | 'reporter_org_id' | 'personal_data' | 'business_impact'> & { reporter_name: string; reporter_name_en: string; reporter_sectors: string[] }) {
  return {
    id: row.id,
    reference: row.reference,
    type: row.type,
    title: row.title,
    stage: row.current_stage,
    version: row.version,
    detectedAt: row.detected_at.toISOString(),
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    businessImpact: row.business_impact,
    personalData: row.personal_data,
    reporter: { orgId: row.reporter_org_id, name: row.reporter_name, nameEn: row.reporter_name_en, sectors: row.reporter_sectors },
  };
}

/**
 * What a list row shows of a report's clocks: to a recipient, the status of its own delivery; to the
 * reporter and a recipient alike, the earliest stage still owed (with the regime that sets it) and how
 * many owed stages are past due. `stages`: the rows of the deliveries the caller may see in the list.
 */
export function presentListClock(
  stages: Array<{ regime: string; status: string; stage: string; due_at: Date | null; satisfied_version: number | null; satisfied_at: Date | null }>,
  isReporter: boolean,
  regimeByCode: ReadonlyMap<string, Regime>,
  now: Date,
) {
  // Equal deadlines under several regimes are common (same law, same clock): the regime code breaks the tie.
  const owed = stages.filter((s) => !s.satisfied_at && s.due_at).sort((a, b) => a.due_at!.getTime() - b.due_at!.getTime() || a.regime.localeCompare(b.regime));
  const first = owed[0];
  const regime = first && regimeByCode.get(first.regime);
  const stage = first && presentStage(regime, first, now);
  return {
    status: isReporter ? null : (stages[0]?.status ?? null),
    next: first && stage
      ? {
          regime: first.regime, regimeName: regime?.name ?? first.regime, regimeNameEn: regime?.nameEn ?? first.regime,
          stage: stage.code, stageName: stage.name, stageNameEn: stage.nameEn, dueAt: stage.dueAt!, overdue: stage.overdue,
        }
      : null,
    overdue: owed.filter((s) => s.due_at! < now).length,
  };
}

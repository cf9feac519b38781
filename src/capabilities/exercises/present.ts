import type { Selectable } from 'kysely';
import type { Inject } from './schema.js';
import type { ExerciseTables } from './tables.js';

export type ExerciseRow = Selectable<ExerciseTables['exercises']>;
export type InjectRow = Selectable<ExerciseTables['exercise_injects']>;

/** The fields of an exercise its organiser and participants may see (markings stay on the server). */
export function presentExercise(row: ExerciseRow, owner: { slug: string; name: string; nameEn: string }) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    state: row.state,
    exercise: true as const,
    owner: { id: row.owner_org_id, ...owner },
    participantIds: row.participant_org_ids,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
  };
}

export function presentInject(row: InjectRow) {
  const c = row.content as unknown as Inject;
  return {
    id: row.id,
    seq: row.seq,
    offsetSeconds: row.offset_seconds,
    kind: row.kind,
    severity: c.severity,
    headline: c.headline,
    headlineEn: c.headlineEn ?? null,
    description: c.description,
    instruction: c.instruction ?? null,
    fireAt: row.fire_at?.toISOString() ?? null,
    firedAt: row.fired_at?.toISOString() ?? null,
    alertId: row.alert_id,
  };
}

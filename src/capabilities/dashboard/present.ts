const iso = (d: Date) => new Date(d).toISOString();

/** An overdue report stage as the drill-down list shows it (no body: the report page has that). */
export function presentOverdue(r: { report_id: string; reference: string; title: string; type: string; regime: string; stage: string; due_at: Date }) {
  return { reportId: r.report_id, reference: r.reference, title: r.title, type: r.type, regime: r.regime, stage: r.stage, dueAt: iso(r.due_at) };
}

/** A correlated observable: counts of organisations, never who they are. */
export function presentCorrelation(r: { kind: string; value: string; organisations: number; sightings: number; last_seen: Date }) {
  return { kind: r.kind, value: r.value, organisations: r.organisations, sightings: r.sightings, lastSeen: iso(r.last_seen) };
}


import type { InjectKind } from './schema.js';

/** One thing a participant received in an exercise and, perhaps, answered. */
export interface ResponseItem {
  orgId: string;
  kind: InjectKind;
  deliveredAt: Date;
  respondedAt: Date | null;
}

export interface KindFigures {
  delivered: number;
  answered: number;
  /** Seconds from delivery to answer, over the answered ones (null when none were answered). */
  meanSeconds: number | null;
  maxSeconds: number | null;
}

const empty = (): KindFigures => ({ delivered: 0, answered: 0, meanSeconds: null, maxSeconds: null });

/**
 * The after-action figures per organisation: for alerts the acknowledgement times, for incident
 * injects the reporting times, for advisories the acknowledgement times. Organisations that received
 * nothing still get a row, so a silent participant shows as such.
 */
export function perOrgFigures(orgIds: readonly string[], items: readonly ResponseItem[]) {
  const out = new Map<string, Record<InjectKind, KindFigures>>(orgIds.map((id) => [id, { alert: empty(), incident: empty(), advisory: empty() }]));
  const sums = new Map<string, number>();
  for (const it of items) {
    const row = out.get(it.orgId);
    if (!row) continue;
    const f = row[it.kind];
    f.delivered += 1;
    if (!it.respondedAt) continue;
    const seconds = Math.max(0, Math.round((it.respondedAt.getTime() - it.deliveredAt.getTime()) / 1000));
    f.answered += 1;
    f.maxSeconds = Math.max(f.maxSeconds ?? 0, seconds);
    const key = `${it.orgId}/${it.kind}`;
    sums.set(key, (sums.get(key) ?? 0) + seconds);
    f.meanSeconds = Math.round((sums.get(key)! / f.answered) * 10) / 10;
  }
  return orgIds.map((orgId) => ({ orgId, ...out.get(orgId)! }));
}

import type { Selectable } from 'kysely';
import type { CapAlert } from './cap.js';
import type { AlertInfo } from './schema.js';
import type { AlertTables } from './tables.js';

export type AlertRow = Selectable<AlertTables['alerts']>;
type Infos = { ja: AlertInfo; en?: AlertInfo };

export const infosOf = (row: AlertRow) => row.infos as unknown as Infos;

/** The fields of an alert every reader may see (allow-list: markings and internal columns stay here). */
export function presentAlert(row: AlertRow, issuer: { slug: string; name: string; nameEn: string }) {
  const infos = infosOf(row);
  return {
    id: row.id,
    status: row.status,
    msgType: row.msg_type,
    references: row.references_ids,
    scope: row.scope,
    category: row.category,
    severity: row.severity,
    urgency: row.urgency,
    certainty: row.certainty,
    responseType: row.response_type,
    info: { ja: infos.ja, en: infos.en ?? null },
    sectors: row.addressed_sectors,
    organizations: row.addressed_org_ids,
    issuer: { id: row.issuer_org_id, ...issuer },
    sentAt: row.sent_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    expired: row.expires_at !== null && row.expires_at < new Date(),
    exerciseId: row.exercise_id,
  };
}

/** Acknowledgement figures for the issuer: how many of how many, and the rate. */
export function ackFigures(total: number, acknowledged: number) {
  return { recipients: total, acknowledged, rate: total === 0 ? null : Math.round((acknowledged / total) * 1000) / 1000 };
}

/** The stored alert as a CAP message (cap.ts builds the XML from this). */
export function capAlertOf(
  row: AlertRow,
  ctx: { issuer: { slug: string; name: string; nameEn: string }; orgSlugs: string[]; references: { id: string; issuerSlug: string; sentAt: Date }[]; publicUrl: string | null },
): CapAlert {
  return {
    id: row.id,
    status: row.status as CapAlert['status'],
    msgType: row.msg_type as CapAlert['msgType'],
    scope: row.scope as CapAlert['scope'],
    category: row.category,
    severity: row.severity,
    urgency: row.urgency,
    certainty: row.certainty,
    responseType: row.response_type,
    infos: infosOf(row),
    sectors: row.addressed_sectors,
    organizationSlugs: ctx.orgSlugs,
    issuer: ctx.issuer,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    references: ctx.references,
    exercise: row.exercise_id ? { id: row.exercise_id, name: null } : null,
    web: ctx.publicUrl ? `${ctx.publicUrl.replace(/\/$/, '')}/alerts/${row.id}` : null,
  };
}

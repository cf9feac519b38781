import crypto from 'node:crypto';

/** One entry of the audit trail, as it is hashed. */
export interface AuditEntry {
  seq: number;
  at: string; // ISO-8601 with milliseconds, UTC
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: 'success' | 'denied' | 'failure';
  detail: Record<string, unknown>;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The entry's hash covers every field and the previous entry's hash. */
export function hashEntry(entry: AuditEntry): string {
  return crypto.createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

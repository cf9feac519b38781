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
  // Hashes every request body with an Idempotency-Key and every audit entry: built by plain string
  // concatenation (no intermediate arrays), with exactly the output of the map/sort/join original.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // join() writes an unserialisable element (undefined, a function) as nothing.
      out += canonicalJson(value[i]) ?? '';
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` on strings does.
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return out + '}';
}

/** The entry's hash covers every field and the previous entry's hash. */
export function hashEntry(entry: AuditEntry): string {
  return crypto.createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

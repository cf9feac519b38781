import type { FieldError } from '../api/client';

/** The server keeps files up to this size; larger documents are referenced by URL (schema.ts EVIDENCE_MAX_BYTES). */
export const EVIDENCE_MAX_BYTES = 262_144;

/** A stored file's size as people read it: bytes below 1 KiB (a 16-byte file is not "1 KiB"), else whole KiB. */
export function evidenceSize(bytes: number): { unit: 'bytes' | 'kib'; value: number } {
  return bytes < 1024 ? { unit: 'bytes', value: bytes } : { unit: 'kib', value: Math.round(bytes / 1024) };
}

export type EvidenceField = 'file' | 'url';
export type EvidenceErrors = Partial<Record<EvidenceField | 'form', string>>;

/** Which control of the evidence form a server field path is about. */
const FIELD_OF: Record<string, EvidenceField> = { contentBase64: 'file', filename: 'file', mediaType: 'file', url: 'url' };

/**
 * A refused attach's field errors, placed as the server said: each message at its control (the first
 * per control), anything about no control of this form under the form.
 */
export function placeEvidenceErrors(fields: readonly FieldError[]): EvidenceErrors {
  const out: EvidenceErrors = {};
  const rest: string[] = [];
  for (const f of fields) {
    const field = FIELD_OF[f.path];
    if (field) out[field] ??= f.message;
    else rest.push(f.message);
  }
  if (rest.length) out.form = rest.join(' ');
  return out;
}

import { z } from 'zod';
import { canonicalTimestamp } from '../stix/classify.js';
import type { Position, StreamFilter } from '../store/queries.js';

/**
 * TAXII 2.1 query parameters (§3.4, §3.5) and the `next` token. `next` is opaque to clients: it carries
 * the keyset position (date_added, seq) AND the filters it was issued for, so a page is the same query
 * resumed, never an offset — stable while objects are being added.
 */

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export class FilterError extends Error {}

/** A query parameter as a list: repeated keys and comma-separated values both count. */
function list(q: Record<string, unknown>, name: string): string[] | undefined {
  const raw = q[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  return values.length ? values : undefined;
}

export interface PageRequest {
  filter: StreamFilter;
  after: Position | null;
  limit: number;
}

/**
 * Reads `added_after`, `limit`, `next` and `match[...]` for an endpoint; `allowed` names the match
 * fields that endpoint supports and `defaultVersion` its match[version] default.
 */
export function pageRequest(q: Record<string, unknown>, allowed: { id: boolean; type: boolean; version: boolean; specVersion: boolean }, defaultVersion: 'last' | 'all'): PageRequest {
  const limitRaw = q['limit'];
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== undefined) {
    const n = Number(limitRaw);
    if (!Number.isInteger(n) || n < 1) throw new FilterError('limit must be a positive integer');
    limit = Math.min(n, MAX_LIMIT);
  }
  const next = q['next'];
  if (next !== undefined) {
    const token = decodeNext(String(next));
    if (!token) throw new FilterError('next is not a token this server issued');
    return { filter: token.filter, after: token.after, limit };
  }
  const filter: StreamFilter = { versions: [defaultVersion] };
  const addedAfter = q['added_after'];
  if (addedAfter !== undefined) {
    if (typeof addedAfter !== 'string' || !TIMESTAMP.test(addedAfter)) throw new FilterError('added_after must be a timestamp like 2026-01-01T00:00:00.000Z');
    filter.addedAfter = addedAfter;
  }
  const ids = allowed.id ? list(q, 'match[id]') : undefined;
  if (ids) filter.ids = ids;
  const types = allowed.type ? list(q, 'match[type]') : undefined;
  if (types) {
    if (!types.every((t) => STIX_TYPE.test(t))) throw new FilterError('match[type] must list STIX types');
    filter.types = types;
  }
  const versions = allowed.version ? list(q, 'match[version]') : undefined;
  if (versions) {
    for (const v of versions) if (!['last', 'first', 'all'].includes(v) && !TIMESTAMP.test(v)) throw new FilterError('match[version] must be last, first, all or timestamps');
    filter.versions = versions.map((v) => (TIMESTAMP.test(v) ? canonicalTimestamp(v) : v));
  }
  const specs = allowed.specVersion ? list(q, 'match[spec_version]') : undefined;
  if (specs) filter.specVersions = specs;
  return { filter, after: null, limit };
}

const Token = z.object({ v: z.literal(1), d: z.string().regex(TIMESTAMP), s: z.number().int().nonnegative(), f: z.object({
  addedAfter: z.string().optional(), ids: z.array(z.string()).optional(), types: z.array(z.string()).optional(),
  versions: z.array(z.string()), specVersions: z.array(z.string()).optional(),
}) });

export function encodeNext(after: Position, filter: StreamFilter): string {
  return Buffer.from(JSON.stringify({ v: 1, d: after.dateAdded, s: after.seq, f: filter })).toString('base64url');
}

export function decodeNext(token: string): { after: Position; filter: StreamFilter } | null {
  try {
    const t = Token.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { after: { dateAdded: t.d, seq: t.s }, filter: t.f };
  } catch {
    return null;
  }
}

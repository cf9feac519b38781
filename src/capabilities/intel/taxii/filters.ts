import { z } from 'zod';
import { canonicalTimestamp } from '../stix/classify.js';
import type { Position, StreamFilter } from '../store/queries.js';
import type { TaxiiText } from './texts.js';

/**
 * TAXII 2.1 query parameters (§3.4, §3.5) and the `next` token. `next` is opaque to clients: it carries
 * the keyset position (date_added, seq) AND the filters it was issued for, so a page is the same query
 * resumed, never an offset — stable while objects are being added. The client repeats the filters with
 * `next`; a request naming other filters than the token's is refused (the token's would otherwise win
 * unseen); `next` alone resumes the token's query.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/**
 * A timestamp in the STIX form that names a real instant PostgreSQL can hold: 2026-02-30, 25:61:61,
 * year 0000 or a fraction of hundreds of digits match the shape but made PostgreSQL fail the query
 * (a 500). Nanoseconds are the finest precision anyone sends.
 */
export function isTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  return day <= lastDay.getUTCDate();
}
const VERSION_WORDS = ['last', 'first', 'all'];
const STIX_TYPE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

/** A query parameter the TAXII server cannot serve (answered 400, worded in the caller's language). */
export class FilterError extends Error {
  constructor(readonly text: TaxiiText) {
    super(text);
  }
}

/** A query parameter as a list: repeated keys and comma-separated values both count. */
function list(q: Record<string, unknown>, name: string): string[] | undefined {
  const raw = q[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  return values.length ? values : undefined;
}

/** The match fields an endpoint supports. */
export type AllowedFilters = { id: boolean; type: boolean; version: boolean; specVersion: boolean };

export interface PageRequest {
  filter: StreamFilter;
  after: Position | null;
  limit: number;
}

/**
 * Reads `added_after`, `limit`, `next` and `match[...]` for an endpoint; `allowed` names the match
 * fields that endpoint supports, `defaultVersion` its match[version] default and `fixedId` the object
 * id its path names, if any. A `next` token resumes the query it was issued for: the request must
 * carry the same filters (TAXII 2.1 §3.4: "along with the same original query options"), else it is
 * refused rather than answered with the token's filters while the request's are silently ignored. A
 * `next` alone is taken as the token's query resumed.
 */
export function pageRequest(
  q: Record<string, unknown>,
  allowed: AllowedFilters,
  defaultVersion: 'last' | 'all',
  fixedId?: string,
  collectionId?: string,
): PageRequest {
  const limitRaw = q['limit'];
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== undefined) {
    const n = Number(limitRaw);
    if (!Number.isInteger(n) || n < 1) throw new FilterError('limit_positive');
    limit = Math.min(n, MAX_LIMIT);
  }
  const filter = requestFilter(q, allowed, defaultVersion);
  // The path's object: the one-object endpoints do not take match[id] from the query.
  if (fixedId) filter.ids = [fixedId];
  const next = q['next'];
  if (next === undefined) return { filter, after: null, limit };
  const token = decodeNext(String(next));
  // A token from another collection names a position in another stream: refused, not an empty page.
  if (!token || (token.collectionId && collectionId && token.collectionId !== collectionId.toLowerCase())) throw new FilterError('next_unknown');
  // A bare `next` (no filter named at all) resumes the token's query, as some clients send only
  // `next`; on a one-object endpoint the token must still be for the object the path names.
  const namesFilters = Object.keys(q).some((k) => k === 'added_after' || k.startsWith('match['));
  const resumable = namesFilters ? sameFilter(token.filter, filter) : !fixedId || (token.filter.ids?.length === 1 && token.filter.ids[0] === fixedId);
  if (!resumable) throw new FilterError('next_other_filters');
  return { filter: token.filter, after: token.after, limit };
}

/** The filters a request names (§3.5), with the endpoint's defaults. */
function requestFilter(q: Record<string, unknown>, allowed: AllowedFilters, defaultVersion: 'last' | 'all'): StreamFilter {
  const filter: StreamFilter = { versions: [defaultVersion] };
  const addedAfter = q['added_after'];
  if (addedAfter !== undefined) {
    if (typeof addedAfter !== 'string' || !isTimestamp(addedAfter)) throw new FilterError('added_after_format');
    filter.addedAfter = addedAfter;
  }
  const ids = allowed.id ? list(q, 'match[id]') : undefined;
  if (ids) filter.ids = ids;
  const types = allowed.type ? list(q, 'match[type]') : undefined;
  if (types) {
    if (!types.every((t) => STIX_TYPE.test(t))) throw new FilterError('match_type_format');
    filter.types = types;
  }
  const versions = allowed.version ? list(q, 'match[version]') : undefined;
  if (versions) {
    for (const v of versions) if (!VERSION_WORDS.includes(v) && !isTimestamp(v)) throw new FilterError('match_version_format');
    filter.versions = versions.map((v) => (isTimestamp(v) ? canonicalTimestamp(v) : v));
  }
  const specs = allowed.specVersion ? list(q, 'match[spec_version]') : undefined;
  if (specs) filter.specVersions = specs;
  return filter;
}

/**
 * Whether two filters select the same entries: lists compare as sets (`match[type]=a,b` is `b,a`, and
 * `a,a` is `a`), added_after as the instant it names.
 */
export function sameFilter(a: StreamFilter, b: StreamFilter): boolean {
  const set = (l: readonly string[] | undefined) => (l ? [...new Set(l)].sort().join('\n') : '');
  const instant = (t: string | undefined) => (t === undefined ? undefined : canonicalTimestamp(t));
  return (
    instant(a.addedAfter) === instant(b.addedAfter) &&
    set(a.ids) === set(b.ids) &&
    set(a.types) === set(b.types) &&
    set(a.versions) === set(b.versions) &&
    set(a.specVersions) === set(b.specVersions)
  );
}

// A token is opaque but not trusted: a forged one must fail here (400), not in the query (500).
const Instant = z.string().refine(isTimestamp);
const Token = z.object({ v: z.literal(1), d: Instant, s: z.number().int().nonnegative(), c: z.string().optional(), f: z.object({
  addedAfter: Instant.optional(), ids: z.array(z.string()).optional(), types: z.array(z.string().regex(STIX_TYPE)).optional(),
  versions: z.array(z.string().refine((v) => VERSION_WORDS.includes(v) || isTimestamp(v))), specVersions: z.array(z.string()).optional(),
}) });

/** `collectionId`: the collection whose stream the position is in (tokens issued before carried none). */
export function encodeNext(after: Position, filter: StreamFilter, collectionId?: string): string {
  return Buffer.from(JSON.stringify({ v: 1, d: after.dateAdded, s: after.seq, f: filter, ...(collectionId ? { c: collectionId.toLowerCase() } : {}) })).toString('base64url');
}

export function decodeNext(token: string): { after: Position; filter: StreamFilter; collectionId?: string } | null {
  try {
    const t = Token.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return { after: { dateAdded: t.d, seq: t.s }, filter: t.f, ...(t.c ? { collectionId: t.c } : {}) };
  } catch {
    return null;
  }
}

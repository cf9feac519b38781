import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Insertable } from 'kysely';
import { canonicalJson } from '../audit/chain.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Platform } from '../platform.js';
import { IdempotencyMismatchError, ValidationError } from './errors.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
}

/** The idempotency_keys row a single-statement write inserts together with its change. */
export type IdempotencyKeyRow = Insertable<Database['idempotency_keys']>;

const UNIQUE_VIOLATION = '23505';

interface KeyContext {
  scope: string;
  key: string;
  requestHash: string;
}

/** The request's Idempotency-Key and what identifies it (caller, route, body), or null without one. */
function keyContext(req: FastifyRequest): KeyContext | null {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || key.length < 8 || key.length > 200) {
    throw new ValidationError([{ path: 'Idempotency-Key', message: req.lang === 'ja' ? '8〜200 文字で指定してください。' : 'Must be 8 to 200 characters.' }]);
  }
  const scope = `${req.actor?.userId ?? 'anonymous'} ${req.method} ${req.routeOptions.url}`;
  const requestHash = crypto.createHash('sha256').update(canonicalJson(req.body ?? null)).digest('hex');
  return { scope, key, requestHash };
}

/** The answer stored under the key, if any; a different body under the same key is refused. */
async function storedAnswer<T>(platform: Platform, k: KeyContext): Promise<StoredResponse<T> | null> {
  const row = await platform.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', k.scope).where('key', '=', k.key).executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== k.requestHash) throw new IdempotencyMismatchError();
  return { status: row.status, body: row.body as T };
}

/**
 * Runs a write at most once per (caller, route, Idempotency-Key): the answer is stored in the same
 * transaction as the write, so a retry after a timeout or a crash gets the original answer and never
 * a duplicate. Reusing a key for a different body is refused.
 */
export async function idempotent<T>(
  platform: Platform,
  req: FastifyRequest,
  write: (trx: Db) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  const k = keyContext(req);
  if (!k) return platform.transaction(write);
  const earlier = await storedAnswer<T>(platform, k);
  if (earlier) return earlier;
  try {
    return await platform.transaction(async (trx) => {
      const result = await write(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({ scope: k.scope, key: k.key, request_hash: k.requestHash, status: result.status, body: JSON.stringify(result.body) })
        .execute();
      return result;
    });
  } catch (err) {
    // A concurrent retry committed first: our transaction rolled back whole; answer as it did.
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
      const winner = await storedAnswer<T>(platform, k);
      if (winner) return winner;
    }
    throw err;
  }
}

/**
 * idempotent() for a write that is ONE statement, which PostgreSQL runs atomically without BEGIN and
 * COMMIT: the write computes its answer before it runs, asks `keyRows(body)` for the key row and
 * inserts it in that same statement, so a filing costs one round trip instead of five.
 *
 * There is no look-up first: a retry runs the statement again and the key's primary key refuses it
 * whole (also when the first attempt is still in flight: the insert waits for it). Only then, or when
 * the write fails in any other way (a retry whose body no longer validates, say), is the stored answer
 * read: it is replayed, or a different body under the same key is refused, as idempotent() does.
 * Events the statement commits are the write's to hand to platform.events (deliverCommitted(), or
 * committed() for a round); left alone they still go out with the dispatcher's next poll.
 */
export async function idempotentStatement<T>(
  platform: Platform,
  req: FastifyRequest,
  status: number,
  write: (db: Db, keyRows: (body: T) => IdempotencyKeyRow[]) => Promise<T>,
): Promise<StoredResponse<T>> {
  const k = keyContext(req);
  let asked = false;
  const keyRows = (body: T): IdempotencyKeyRow[] => {
    asked = true;
    return k ? [{ scope: k.scope, key: k.key, request_hash: k.requestHash, status, body: JSON.stringify(body) }] : [];
  };
  let body: T;
  try {
    body = await write(platform.db, keyRows);
  } catch (err) {
    const earlier = k ? await storedAnswer<T>(platform, k) : null;
    if (earlier) return earlier;
    throw err;
  }
  // A write that never asked for its key row stored no answer: a retry would file twice.
  if (k && !asked) throw new Error('idempotentStatement: the write did not insert its idempotency key');
  return { status, body };
}

import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { canonicalJson } from '../audit/chain.js';
import type { Db } from '../db/database.js';
import type { Platform } from '../platform.js';
import { IdempotencyMismatchError, ValidationError } from './errors.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
}

const UNIQUE_VIOLATION = '23505';

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
  const key = req.headers['idempotency-key'];
  if (key === undefined) return platform.transaction(write);
  if (typeof key !== 'string' || key.length < 8 || key.length > 200) {
    throw new ValidationError([{ path: 'Idempotency-Key', message: req.lang === 'ja' ? '8〜200 文字で指定してください。' : 'Must be 8 to 200 characters.' }]);
  }
  const scope = `${req.actor?.userId ?? 'anonymous'} ${req.method} ${req.routeOptions.url}`;
  const requestHash = crypto.createHash('sha256').update(canonicalJson(req.body ?? null)).digest('hex');
  const replay = async (): Promise<StoredResponse<T> | null> => {
    const row = await platform.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (!row) return null;
    if (row.request_hash !== requestHash) throw new IdempotencyMismatchError();
    return { status: row.status, body: row.body as T };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await platform.transaction(async (trx) => {
      const result = await write(trx);
      await trx
        .insertInto('idempotency_keys')
        .values({ scope, key, request_hash: requestHash, status: result.status, body: JSON.stringify(result.body) })
        .execute();
      return result;
    });
  } catch (err) {
    // A concurrent retry committed first: our transaction rolled back whole; answer as it did.
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw err;
  }
}

import type { FastifyRequest } from 'fastify';
import type { Actor } from '../policy/types.js';
import { UnauthorizedError } from './errors.js';

/** The caller, or 401: for routes that need a logged-in user or a token. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new UnauthorizedError();
  return req.actor;
}

/** Keyset-pagination cursors: an opaque (time, id) pair, so pages stay stable while rows are added. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [t, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = t ? new Date(t) : null;
  return at && !Number.isNaN(at.getTime()) && id ? { at, id } : undefined;
}

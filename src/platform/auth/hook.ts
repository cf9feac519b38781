import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CsrfError } from '../http/errors.js';
import { pickLang } from '../i18n/messages.js';
import type { Platform } from '../platform.js';
import { safeEqual } from './secrets.js';

export const SESSION_COOKIE = 'renkei_session';
export const CSRF_COOKIE = 'renkei_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Identifies the caller of every request: `Authorization: Bearer <token>` for machines, the session
 * cookie for browsers. Cookie-authenticated writes must echo the session's CSRF token in a header
 * (a cross-site form cannot set one); token-authenticated calls carry no ambient credential and skip it.
 */
export function installAuthHook(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'ja');
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    req.actor = null;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const owner = await platform.tokens.verify(auth.slice(7).trim());
      if (owner) req.actor = (await platform.actors.resolve(owner.userId, owner.orgId, 'token'))?.actor ?? null;
      return;
    }
    await fromSession(req, platform);
  });
}

async function fromSession(req: FastifyRequest, platform: Platform): Promise<void> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id) return;
  const session = await platform.sessions.find(id);
  if (!session) return;
  const resolved = await platform.actors.resolve(session.userId, session.orgId, 'session');
  if (!resolved) return;
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) throw new CsrfError();
  }
  req.actor = resolved.actor;
  req.sessionId = id;
}

import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/hook.js';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { UnauthorizedError } from '../../platform/http/errors.js';
import { idempotent } from '../../platform/http/idempotency.js';
import type { Platform } from '../../platform/platform.js';
import { presentMe, presentToken, presentUser } from './present.js';
import { IdParams, LoginBody, MeResponse, TokenCreateBody, TokenCreated, TokenItem, UserCreateBody, UserItem } from './schema.js';
import { accountsService } from './service.js';

const tags = ['accounts'];

function setSessionCookies(reply: FastifyReply, platform: Platform, id: string, csrf: string, expires: Date) {
  const secure = platform.config.secureCookies;
  reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
  // Readable by the page so it can echo it; useless to another site, which cannot read our cookies.
  reply.setCookie(CSRF_COOKIE, csrf, { path: '/', httpOnly: false, sameSite: 'strict', secure, expires });
}

export const accountsRoutes: CapabilityRoutes = (app, platform) => {
  const service = accountsService(platform);

  app.post(
    '/api/session',
    {
      schema: { tags, summary: 'Log in with e-mail and password', body: LoginBody, response: { 200: MeResponse } },
      // A tighter per-address limit on top of the per-account throttle.
      config: { rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `login:${req.ip}` } },
    },
    async (req, reply) => {
      const { actor, row, session } = await service.login(req.body.email, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] });
      setSessionCookies(reply, platform, session.id, session.csrfToken, session.expiresAt);
      return presentMe(actor, row, session.csrfToken);
    },
  );

  app.delete('/api/session', { schema: { tags, summary: 'Log out' } }, async (req, reply) => {
    await service.logout(req.actor, req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { tags, summary: 'The caller, its organisation and abilities', response: { 200: MeResponse } } }, async (req) => {
    if (!req.actor) throw new UnauthorizedError();
    const resolved = await platform.actors.resolve(req.actor.userId, req.actor.orgId, req.actor.via);
    if (!resolved) throw new UnauthorizedError();
    const csrf = req.sessionId ? ((await platform.sessions.find(req.sessionId))?.csrfToken ?? null) : null;
    return presentMe(resolved.actor, resolved.row, csrf);
  });

  app.get('/api/tokens', { schema: { tags, summary: 'API tokens of the organisation', response: { 200: z.object({ items: z.array(TokenItem) }) } } }, async (req) => {
    if (!req.actor) throw new UnauthorizedError();
    return { items: (await service.listTokens(req.actor)).map(presentToken) };
  });

  app.post(
    '/api/tokens',
    { schema: { tags, summary: 'Issue an API token (shown once)', body: TokenCreateBody, response: { 201: TokenCreated } } },
    async (req, reply) => {
      if (!req.actor) throw new UnauthorizedError();
      const issued = await service.createToken(req.actor, req.body.name, req.body.userEmail);
      reply.header('Cache-Control', 'no-store');
      return reply.status(201).send({ ...issued, createdAt: issued.createdAt.toISOString() });
    },
  );

  app.delete('/api/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: IdParams } }, async (req, reply) => {
    if (!req.actor) throw new UnauthorizedError();
    await service.revokeToken(req.actor, req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/users', { schema: { tags, summary: 'Users of the caller’s organisation', response: { 200: z.object({ items: z.array(UserItem) }) } } }, async (req) => {
    if (!req.actor) throw new UnauthorizedError();
    return { items: (await service.listUsers(req.actor)).map(presentUser) };
  });

  app.post(
    '/api/users',
    { schema: { tags, summary: 'Create a user in the caller’s organisation (Idempotency-Key supported)', body: UserCreateBody, response: { 201: UserItem } } },
    async (req, reply) => {
      const actor = req.actor;
      if (!actor) throw new UnauthorizedError();
      const result = await idempotent(platform, req, async (trx) => ({ status: 201, body: presentUser(await service.createUser(actor, trx, req.body)) }));
      return reply.status(201).send(result.body);
    },
  );
};

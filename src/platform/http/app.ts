import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installAuthHook } from '../auth/hook.js';
import type { Platform } from '../platform.js';
import { installErrorHandler } from './error-handler.js';
import { registerOpenApi } from './openapi.js';
import { installSecurityHeaders } from './security-headers.js';
import './request.js';
import { registerWeb } from './web.js';
import { zodValidatorCompiler } from './validation.js';

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** A capability plugs its routes in through one function. */
export type CapabilityRoutes = (app: ZodApp, platform: Platform) => void | Promise<void>;

export interface AppOptions {
  capabilities: CapabilityRoutes[];
  /** Serve the built dashboard from web/dist (off in API-only tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

/** Builds the HTTP server: conventions (security headers, limits, errors, docs) in one place. */
export async function buildApp(platform: Platform, options: AppOptions): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (platform.log as FastifyBaseLogger),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: undefined,
  });
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, config.bodyLimitBytes);

  const tls = config.publicUrl?.startsWith('https://') ?? false;
  installSecurityHeaders(app, tls);
  await app.register(cookie);
  installAuthHook(app, platform);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // One budget per caller: the user behind a session or token, else the address.
    keyGenerator: (req) => (req.actor ? `u:${req.actor.userId}` : `ip:${req.ip}`),
    hook: 'preHandler',
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }),
  });
  await registerOpenApi(app);

  app.get('/api/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  for (const register of options.capabilities) await register(zapp, platform);
  if (options.serveWeb !== false) await registerWeb(app);
  return app;
}

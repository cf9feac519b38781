import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers (CSP, frame denial, HSTS over TLS, …) from helmet's policy, computed once at start;
 * API and TAXII answers also say no-store.
 * @fastify/helmet rebuilt the whole policy on every request (about 12% of a small request's CPU in
 * bench/platform); our headers are the same for every response, so they are captured once and set
 * with one call per reply.
 */
export function installSecurityHeaders(app: FastifyInstance, tls: boolean): void {
  const options: HelmetOptions = {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: tls ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    // HSTS only means something over TLS; sent when the public URL is https.
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  };
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: () => undefined,
    getHeader: () => undefined,
  };
  helmet(options)({} as never, recorder as never, () => undefined);
  if (!headers['Content-Security-Policy']) throw new Error('helmet produced no Content-Security-Policy');
  // API answers carry restricted data and depend on who asks and in which language: no cache (a shared
  // proxy or the browser's back button) keeps them, and a cache that ignores that rule still keys them
  // by language. Static files keep their own caching.
  const apiHeaders = { ...headers, 'Cache-Control': 'no-store', Vary: 'Accept-Language' };
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(req.url.startsWith('/api/') || req.url.startsWith('/taxii2') ? apiHeaders : headers);
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Serves the built dashboard; any non-API path falls back to index.html for client-side routing. */
export async function registerWeb(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    app.log.warn(`dashboard not built (${WEB_DIST} missing); serving the API only`);
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'));
  // Static files above are exact routes; everything else that is not API is a dashboard URL.
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/taxii2/')) return reply.status(404).send(errorBody('not_found', req.lang));
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(index);
  });
}

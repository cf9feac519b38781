import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CapabilityRoutes, ZodApp } from '../../../platform/http/app.js';
import { NotFoundError, UnauthorizedError } from '../../../platform/http/errors.js';
import type { Actor } from '../../../platform/policy/types.js';
import type { WhereSeen } from '../correlation/index.js';
import { storeService, type CollectionAccess } from '../store/service.js';
import { basicAuthenticator } from './auth.js';
import { registerObjectRoutes } from './objects.js';
import { TAXII_MEDIA, TaxiiError, acceptsTaxii, isTaxiiContentType, sendTaxii, taxiiErrorHandler } from './media.js';

/**
 * TAXII 2.1 server under /taxii2/: discovery, one API root (/taxii2/api/), its collections (the
 * caller's, with can_read/can_write from the policy module), objects, manifest, versions and status.
 * Authentication: Basic (email + password) or Bearer (API token, via the platform's hook).
 */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;
export const API_ROOT = '/taxii2/api/';
/** Paths inside the /taxii2 plugin (registered with that prefix so its 404s are TAXII errors too). */
export const ROOT = '/api/';

export interface TaxiiContext {
  service: ReturnType<typeof storeService>;
  actorOf(req: FastifyRequest): Actor;
  collectionOf(req: FastifyRequest, need: 'read' | 'write'): Promise<CollectionAccess>;
  /** The error for a request no route of its method serves: 405 with Allow if another method does, else 404. */
  notHere(req: FastifyRequest, reply: FastifyReply): Error;
}

/** Registers `path` with and without its trailing slash (TAXII URLs end in one; clients vary). */
export function both(path: string): string[] {
  // Fastify already serves a prefixed plugin's '/' route at both '/taxii2' and '/taxii2/'.
  if (path === '/') return [path];
  return path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
}

export const taxiiRoutes: CapabilityRoutes = async (app, platform) => {
  const service = storeService(platform);
  const basic = basicAuthenticator(platform);
  await app.register(async (taxii: ZodApp) => {
    taxii.setErrorHandler(taxiiErrorHandler);
    // Every other path under /taxii2/ is a route of its own, not only left to the handler above: the
    // dashboard's catch-all `/*` (platform/http/web.ts) would otherwise take it and answer the platform's
    // JSON error instead of a TAXII error message. Registered routes are more specific and win.
    // A path that exists with another method is a 405 with Allow (RFC 9110 §15.5.6), as clients probing
    // what an endpoint supports expect; only an unknown path is a 404. Both the catch-all and the
    // not-found handler ask (the router sends some method mismatches to the latter).
    const methodsOf = routeMethods();
    taxii.addHook('onRoute', (route) => methodsOf.add(route.url, route.method));
    const notHere = (req: FastifyRequest, reply: FastifyReply) => {
      const allow = methodsOf.allowed(req.url.split('?')[0]!);
      if (!allow.length) return new NotFoundError();
      reply.header('allow', allow.join(', '));
      return new TaxiiError(405, 'method_not_allowed', 'allowed_methods', { allow: allow.join(', ') });
    };
    taxii.setNotFoundHandler((req, reply) => taxiiErrorHandler(notHere(req, reply), req, reply));
    taxii.all('/*', { schema: { hide: true } }, async (req, reply) => {
      throw notHere(req, reply);
    });
    taxii.addContentTypeParser('application/taxii+json', { parseAs: 'string', bodyLimit: MAX_CONTENT_LENGTH }, (req, body, done) => {
      if (!isTaxiiContentType(req.headers['content-type'])) return done(new TaxiiError(415, 'unsupported_media_type', 'send_taxii', { media: TAXII_MEDIA }), undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new TaxiiError(400, 'invalid_json'), undefined);
      }
    });
    taxii.addHook('onRequest', async (req) => {
      await basic(req);
      if (!acceptsTaxii(req.headers.accept)) throw new TaxiiError(406, 'not_acceptable', 'answers_taxii', { media: TAXII_MEDIA });
    });

    const actorOf = (req: FastifyRequest): Actor => {
      if (!req.actor) throw new UnauthorizedError();
      return req.actor;
    };
    const ctx: TaxiiContext = {
      service,
      actorOf,
      notHere,
      async collectionOf(req, need) {
        const a = await service.collection(actorOf(req), (req.params as { collectionId: string }).collectionId, 'read').catch(() => {
          throw new NotFoundError();
        });
        // TAXII §5.3 / §5.4: a readable collection that cannot be written answers 403 to a write.
        if (need === 'write' && !a.canWrite) throw new TaxiiError(403, 'forbidden', 'read_only_collection');
        return a;
      },
    };

    const base = (req: FastifyRequest) => platform.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    for (const url of both('/')) {
      taxii.get(url, { schema: { hide: true } }, async (req, reply: FastifyReply) => {
        actorOf(req);
        return sendTaxii(reply, 200, { title: 'Renkei TAXII 2.1', description: 'National threat-intelligence hub', contact: 'hub@renkei.example', default: `${base(req)}${API_ROOT}`, api_roots: [`${base(req)}${API_ROOT}`] });
      });
    }
    for (const url of both(ROOT)) {
      taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
        actorOf(req);
        return sendTaxii(reply, 200, { title: 'Renkei intelligence', description: 'Collections: national, sectors, ISACs, your organisation', versions: [TAXII_MEDIA], max_content_length: MAX_CONTENT_LENGTH });
      });
    }
    for (const url of both(`${ROOT}collections/`)) {
      taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
        const list = await service.collections(actorOf(req));
        return sendTaxii(reply, 200, list.length ? { collections: list.map(presentTaxiiCollection) } : {});
      });
    }
    for (const url of both(`${ROOT}collections/:collectionId/`)) {
      taxii.get(url, { schema: { hide: true } }, async (req, reply) => sendTaxii(reply, 200, presentTaxiiCollection(await ctx.collectionOf(req, 'read'))));
    }
    for (const url of both(`${ROOT}status/:statusId/`)) {
      taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
        const actor = actorOf(req);
        const row = await service.status((req.params as { statusId: string }).statusId);
        // A status belongs to the organisation whose request it reports on.
        if (!row || row.org_id !== actor.orgId) throw new NotFoundError();
        return sendTaxii(reply, 200, presentStatus(row, await service.statusCorrelations(actor, row.collection_id, row.successes)));
      });
    }
    registerObjectRoutes(taxii, platform, ctx);
  }, { prefix: '/taxii2' });
};

export function presentTaxiiCollection(a: CollectionAccess) {
  return { id: a.row.id, title: a.row.title, description: a.row.description, alias: a.row.key.replace(/[^a-z0-9-]/g, '-'), can_read: a.canRead, can_write: a.canWrite, media_types: ['application/stix+json;version=2.1'] };
}

/**
 * A TAXII status resource. `x_renkei_correlations` (ours, x_-prefixed like STIX custom properties, so a
 * client that does not know it can tell and ignore it) is where else each observable of the added
 * objects was seen, as far as the requester may know.
 */
export function presentStatus(
  row: { id: string; request_timestamp: Date; total_count: number; success_count: number; failure_count: number; successes: unknown; failures: unknown },
  correlations?: WhereSeen[],
) {
  return {
    id: row.id,
    status: 'complete',
    request_timestamp: row.request_timestamp.toISOString(),
    total_count: row.total_count,
    success_count: row.success_count,
    successes: row.successes,
    failure_count: row.failure_count,
    failures: row.failures,
    pending_count: 0,
    pendings: [],
    ...(correlations ? { x_renkei_correlations: correlations } : {}),
  };
}

/**
 * The methods registered for each route pattern of the TAXII plugin, so a request that reached the
 * catch-all can tell "no such resource" from "not with this method". Patterns are Fastify's (`:param`
 * is one path segment); there are a few dozen, so a linear scan is enough.
 */
function routeMethods() {
  // Every TAXII path is served with and without its trailing slash (both()), the root as Fastify does.
  const withoutSlash = (path: string) => path.replace(/\/+$/, '');
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  const byUrl = new Map<string, Set<string>>();
  return {
    add(route: string, method: string | string[]) {
      if (route.includes('*')) return;
      const url = withoutSlash(route);
      let methods = byUrl.get(url);
      if (!methods) {
        methods = new Set();
        byUrl.set(url, methods);
        const source = url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
        routes.push({ pattern: new RegExp(`^${source}$`), methods });
      }
      for (const m of Array.isArray(method) ? method : [method]) methods.add(m.toUpperCase());
    },
    allowed(path: string): string[] {
      const out = new Set<string>();
      for (const r of routes) if (r.pattern.test(withoutSlash(path))) for (const m of r.methods) out.add(m);
      return [...out].sort();
    },
  };
}

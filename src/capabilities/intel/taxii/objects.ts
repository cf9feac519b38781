import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodApp } from '../../../platform/http/app.js';
import { NotFoundError, fieldsIn } from '../../../platform/http/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { isRestricted, type Actor, type Marking } from '../../../platform/policy/types.js';
import { pageDb, storeQueries, versionCondition, type StreamRow } from '../store/queries.js';
import { FilterError, encodeNext, pageRequest, type AllowedFilters, type PageRequest } from './filters.js';
import { STIX_MEDIA, TAXII_MEDIA, TaxiiError, sendTaxii } from './media.js';
import { ROOT, both, presentStatus, type TaxiiContext } from './routes.js';

/**
 * The object endpoints of a collection (TAXII 2.1 §5.4–§5.8). A page is one keyset query over the
 * collection's stream with the visibility filter in SQL; the envelope is assembled from the stored
 * JSON texts by concatenation, so no object is parsed or re-serialised on the way out.
 */

const ALL_FILTERS: AllowedFilters = { id: true, type: true, version: true, specVersion: true };

function request(req: FastifyRequest, allowed: AllowedFilters, defaultVersion: 'last' | 'all', fixedId?: string): PageRequest {
  try {
    return pageRequest(req.query as Record<string, unknown>, allowed, defaultVersion, fixedId, (req.params as { collectionId: string }).collectionId);
  } catch (err) {
    if (err instanceof FilterError) throw new TaxiiError(400, 'bad_request', err.text);
    throw err;
  }
}

/** TAXII reads of restricted data are audited, one entry per page (AuditWriter batches concurrent ones). */
async function auditPage(platform: Platform, actor: Actor, collectionId: string, restricted: number, ids: string[]) {
  if (restricted) await platform.audit.record({ actor, action: 'taxii.objects.read', resourceType: 'stix_collection', resourceId: collectionId, detail: { restricted, ids } });
}

/** Sets the X-TAXII-Date-Added-First/Last headers of a page that has entries. */
function dateAddedHeaders(reply: FastifyReply, first: string | undefined | null, last: string | undefined | null) {
  if (first && last) {
    reply.header('X-TAXII-Date-Added-First', first);
    reply.header('X-TAXII-Date-Added-Last', last);
  }
}

/** A page of entries without bodies (manifest, versions); returns the rows and `more`/`next`. */
async function page(platform: Platform, reply: FastifyReply, actor: Actor, collectionId: string, r: PageRequest) {
  const rows = await storeQueries.stream(pageDb(platform.database, r.limit), actor, collectionId, r.filter, r.after, r.limit);
  const more = rows.length > r.limit;
  const items = more ? rows.slice(0, r.limit) : rows;
  dateAddedHeaders(reply, items[0]?.date_added, items.at(-1)?.date_added);
  const last = items.at(-1);
  const next = more && last ? encodeNext({ dateAdded: last.date_added, seq: last.seq }, r.filter, collectionId) : null;
  const restricted = items.filter((i) => isRestricted({ tlp: i.tlp as Marking['tlp'], clearance: i.clearance as Marking['clearance'] }));
  await auditPage(platform, actor, collectionId, restricted.length, restricted.slice(0, 20).map((i) => i.object_id));
  return { items, more, next };
}

/**
 * A page of objects as the TAXII envelope's text: the stored JSON texts arrive already joined
 * (storeQueries.streamPage), so no object is parsed or re-serialised on the way out.
 */
async function objectsPage(platform: Platform, reply: FastifyReply, actor: Actor, collectionId: string, r: PageRequest): Promise<{ count: number; envelope: string }> {
  const p = await storeQueries.streamPage(pageDb(platform.database, r.limit), actor, collectionId, r.filter, r.after, r.limit);
  dateAddedHeaders(reply, p.firstAdded, p.lastAdded);
  const next = p.next ? encodeNext(p.next, r.filter, collectionId) : null;
  await auditPage(platform, actor, collectionId, p.restricted, p.restrictedIds);
  return { count: p.count, envelope: `{"more":${next !== null}${next ? `,"next":${JSON.stringify(next)}` : ''},"objects":[${p.bodies}]}` };
}

/**
 * The object id of a path. The router also matches `objects/` (and `objects//versions/`) against
 * `objects/:objectId/` with an empty id: that is the collection's resource, or nothing, with this method.
 */
function objectIdOf(req: FastifyRequest, reply: FastifyReply, ctx: TaxiiContext): string {
  const id = (req.params as { objectId: string }).objectId;
  if (!id) throw ctx.notHere(req, reply);
  return id;
}

/** TAXII's version of an entry: its modified/created stamp, or date_added for unversioned SCOs (§3.4.1). */
const versionOf = (i: StreamRow) => i.version || i.date_added;

export function registerObjectRoutes(taxii: ZodApp, platform: Platform, ctx: TaxiiContext): void {
  const objects = `${ROOT}collections/:collectionId/objects/`;
  const one = `${objects}:objectId/`;

  for (const url of both(objects)) {
    taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
      const a = await ctx.collectionOf(req, 'read');
      const { envelope } = await objectsPage(platform, reply, ctx.actorOf(req), a.row.id, request(req, ALL_FILTERS, 'last'));
      return sendTaxii(reply, 200, envelope);
    });

    taxii.post(url, { schema: { hide: true }, bodyLimit: 64 * 1024 * 1024 }, async (req, reply) => {
      const ctype = req.headers['content-type'];
      if (!ctype?.toLowerCase().startsWith('application/taxii+json')) throw new TaxiiError(415, 'unsupported_media_type', 'send_taxii', { media: TAXII_MEDIA });
      const actor = ctx.actorOf(req);
      const a = await ctx.collectionOf(req, 'write');
      const body = req.body as { objects?: unknown };
      if (typeof body !== 'object' || body === null || !Array.isArray(body.objects)) throw new TaxiiError(400, 'bad_request', 'envelope_required');
      const outcome = await ctx.service.ingest(actor, a.row.id, body.objects, { clearance: 'none', nameReporter: false });
      const successes = outcome.accepted.map((o) => ({ id: o.id, version: o.version || o.dateAdded || '' }));
      // Stored with the status: in the poster's language (Accept-Language), as every other error here.
      const failures = outcome.rejected.map((r) => ({ id: r.id ?? `objects[${r.index}]`, version: versionIn(body.objects as unknown[], r.index), message: fieldsIn(r.errors, req.lang).map((e) => `${e.path}: ${e.message}`).join('; ') }));
      const status = { id: crypto.randomUUID(), collection_id: a.row.id, user_id: actor.userId, org_id: actor.orgId, total_count: successes.length + failures.length, success_count: successes.length, failure_count: failures.length, successes: JSON.stringify(successes), failures: JSON.stringify(failures) };
      // Presented as stored (request_timestamp is the database's), so polling it later answers the same.
      const stored = await storeQueries.insertStatus(platform.db, status);
      const correlations = await ctx.service.correlate(actor, outcome);
      return sendTaxii(reply, 202, presentStatus(stored, correlations));
    });
  }

  for (const url of both(one)) {
    taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
      const id = objectIdOf(req, reply, ctx);
      const a = await ctx.collectionOf(req, 'read');
      const r = request(req, { id: false, type: false, version: true, specVersion: true }, 'last', id);
      const { count, envelope } = await objectsPage(platform, reply, ctx.actorOf(req), a.row.id, r);
      if (!count && !r.after) throw new NotFoundError();
      return sendTaxii(reply, 200, envelope);
    });

    taxii.delete(url, { schema: { hide: true } }, async (req, reply) => {
      const actor = ctx.actorOf(req);
      const id = objectIdOf(req, reply, ctx);
      const a = await ctx.collectionOf(req, 'write');
      const r = request(req, { id: false, type: false, version: true, specVersion: true }, 'all', id);
      const removed = await platform.transaction(async (trx) => {
        const n = await ctx.service.deleteObject(trx, actor, a.row.id, id, versionCondition(r.filter.versions));
        if (n) await platform.audit.inTransaction(trx, [{ actor, action: 'taxii.object.delete', resourceType: 'stix_object', resourceId: id, detail: { collectionId: a.row.id, versions: n } }]);
        return n;
      });
      // Denied and missing look the same: only versions the caller contributed can be removed.
      if (!removed) throw new NotFoundError();
      return sendTaxii(reply, 200, '');
    });
  }

  for (const url of both(`${one}versions/`)) {
    taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
      const id = objectIdOf(req, reply, ctx);
      const a = await ctx.collectionOf(req, 'read');
      const r = request(req, { id: false, type: false, version: false, specVersion: true }, 'all', id);
      const { items, more, next } = await page(platform, reply, ctx.actorOf(req), a.row.id, r);
      if (!items.length && !r.after) throw new NotFoundError();
      return sendTaxii(reply, 200, { more, ...(next ? { next } : {}), versions: items.map(versionOf) });
    });
  }

  for (const url of both(`${ROOT}collections/:collectionId/manifest/`)) {
    taxii.get(url, { schema: { hide: true } }, async (req, reply) => {
      const a = await ctx.collectionOf(req, 'read');
      const { items, more, next } = await page(platform, reply, ctx.actorOf(req), a.row.id, request(req, ALL_FILTERS, 'last'));
      return sendTaxii(reply, 200, { more, ...(next ? { next } : {}), objects: items.map((i) => ({ id: i.object_id, date_added: i.date_added, version: versionOf(i), media_type: STIX_MEDIA })) });
    });
  }
}

function versionIn(objects: unknown[], index: number): string {
  const o = objects[index] as { modified?: unknown; created?: unknown } | null;
  const v = o && typeof o === 'object' ? (o.modified ?? o.created) : undefined;
  return typeof v === 'string' ? v : '';
}

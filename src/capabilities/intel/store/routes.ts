import type { CapabilityRoutes } from '../../../platform/http/app.js';
import { idempotent } from '../../../platform/http/idempotency.js';
import { fieldsIn } from '../../../platform/http/errors.js';
import { requireActor } from '../../../platform/http/request-helpers.js';
import { presentCollection, presentListItem, presentRelationship } from './present.js';
import { BundleBody, CollectionInput, CollectionPatch, IngestQuery, ObjectListQuery, StixIdParam, VersionParams } from './schema.js';
import { storeService } from './service.js';
import { z } from 'zod';

const tags = ['intel'];
const BUNDLE_LIMIT = 64 * 1024 * 1024;

/** REST endpoints of the STIX store under /api/intel (the dashboard's; machines may prefer TAXII). */
export const storeRoutes: CapabilityRoutes = (app, platform) => {
  const service = storeService(platform);
  // application/stix+json bodies are parsed by the parser the incidents capability registers.

  app.get('/api/intel/collections', { schema: { tags, summary: 'Collections the caller belongs to, with what it may do in each' } }, async (req) => {
    const actor = requireActor(req);
    const [list, counts] = await Promise.all([service.collections(actor), service.counts(actor)]);
    return { items: list.map((a) => presentCollection(a, counts.get(a.row.id) ?? 0)) };
  });

  app.post('/api/intel/collections', { schema: { tags, summary: 'Create a community collection (hub admins; ISAC admins for their ISAC)', body: CollectionInput } }, async (req, reply) => {
    const actor = requireActor(req);
    // A retry with the same Idempotency-Key answers with the collection the first attempt created.
    const created = await idempotent(platform, req, async (trx) => ({ status: 201, body: { id: await service.createCollection(actor, req.body, trx) } }));
    service.collectionsChanged();
    return reply.status(201).send(presentCollection(await service.collection(actor, created.body.id), 0));
  });

  app.patch('/api/intel/collections/:id', { schema: { tags, summary: 'Edit a collection: title, description, members, clearance (raise only)', params: z.object({ id: z.uuid() }), body: CollectionPatch } }, async (req) => {
    const actor = requireActor(req);
    return presentCollection(await service.updateCollection(actor, req.params.id, req.body), null);
  });

  app.post(
    '/api/intel/bundles',
    { bodyLimit: BUNDLE_LIMIT, schema: { tags, summary: 'Add a STIX 2.1 bundle to a collection; each object judged on its own', querystring: IngestQuery, body: BundleBody } },
    async (req) => {
      const actor = requireActor(req);
      const { outcome, correlations } = await service.ingestBundle(actor, req.query.collection, req.body, { clearance: req.query.clearance, nameReporter: req.query.nameReporter });
      return {
        accepted: outcome.accepted.length,
        added: outcome.accepted.filter((a) => a.dateAdded !== null).length,
        rejected: outcome.rejected.map((r) => ({ index: r.index, id: r.id ?? null, errors: fieldsIn(r.errors, req.lang) })),
        // What each accepted object became here: a contributor sees which marking is in force (the
        // collection's floor, an unknown marking taken as AMBER+STRICT), not only how many were stored.
        objects: outcome.accepted.map((a) => ({ index: a.index, id: a.id, added: a.dateAdded !== null, tlp: a.marking?.tlp ?? null, clearance: a.marking?.clearance ?? null })),
        correlations,
      };
    },
  );

  app.get('/api/intel/objects', { schema: { tags, summary: 'Objects the caller may see (latest versions), newest first', querystring: ObjectListQuery } }, async (req) => {
    const actor = requireActor(req);
    const { cursor, ...f } = req.query;
    const rows = await service.list(actor, { ...f, beforeSeq: cursor ? Number(cursor) : undefined });
    // One object may sit in several collections: list it once.
    const seen = new Set<string>();
    const items = rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(presentListItem);
    return { items, next: rows.length === f.limit ? String(rows.at(-1)!.seq) : null };
  });

  app.get('/api/intel/objects/:id', { schema: { tags, summary: 'One object: latest visible version, versions, markings, relationships, observables', params: StixIdParam } }, async (req) => {
    const actor = requireActor(req);
    const o = await service.object(actor, req.params.id);
    return {
      object: o.object,
      versions: o.versions,
      tlp: o.marking.tlp,
      clearance: o.marking.clearance,
      collections: o.collections.map((c) => ({ id: c.id, key: c.key, title: c.title, kind: c.kind })),
      relationships: o.relationships.map(presentRelationship),
      // What the object's references are, for those the caller may see; the others are ids only.
      references: o.references.map((r) => ({ id: r.id, type: r.type, name: r.name, relationshipType: r.relationship_type })),
      observables: o.observables,
    };
  });

  app.get('/api/intel/objects/:id/versions/:modified', { schema: { tags, summary: 'One version of an object, as stored', params: VersionParams } }, async (req, reply) => {
    const actor = requireActor(req);
    const body = await service.version(actor, req.params.id, req.params.modified === 'unversioned' ? '' : req.params.modified);
    return reply.type('application/json; charset=utf-8').send(`{"object":${body}}`);
  });
};

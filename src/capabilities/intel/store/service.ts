import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.js';
import type { OrgId } from '../../../platform/identity/ids.js';
import type { Platform } from '../../../platform/platform.js';
import { authorize, can, isRestricted, visibleTo, type Actor, type Marking } from '../../../platform/policy/index.js';
import { CLEARANCE_RANK } from '../../../platform/policy/types.js';
import { whereSeen, type WhereSeen } from '../correlation/index.js';
import { canonicalTimestamp, type StixObject } from '../stix/classify.js';
import { observablesOf, type StixObservable } from '../stix/observables.js';
import { issue, say } from '../stix/messages.js';
import { validateBundle } from '../stix/validate.js';
import { collections } from './collections.js';
import { ingestInto, type IngestOptions, type IngestOutcome } from './ingest.js';
import { collectionMarking, type CollectionRow } from './marking.js';
import { storeQueries as q } from './queries.js';
import { referencesVisibleTo, withholdingRefs } from './references.js';
import { storeRepository } from './repository.js';
import type { CollectionInput, CollectionPatch } from './schema.js';

export interface CollectionAccess {
  row: CollectionRow;
  floor: Marking;
  canRead: boolean;
  canWrite: boolean;
  canManage: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TLP_ORDER = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const CLEARANCE_ORDER = ['none', 'cei', 'sds'];

/** The STIX store's rules: who reaches which collection, ingest, and the object views. */
export function storeService(platform: Platform) {
  const { db, law } = platform;

  const access = (actor: Actor, row: CollectionRow, hubs: string[]): CollectionAccess => {
    const floor = collectionMarking(row, hubs);
    const res = { type: 'intel_collection' as const, kind: row.kind, orgId: row.org_id as OrgId | null, marking: floor };
    return { row, floor, canRead: can(actor, 'read', res), canWrite: can(actor, 'create', res), canManage: can(actor, 'manage', res) };
  };

  const service = {
    /** Collections the actor belongs to (a collection it cannot read does not exist for it). */
    async collections(actor: Actor): Promise<CollectionAccess[]> {
      const { rows, hubs } = await collections.all(db, law);
      return rows.map((r) => access(actor, r, hubs)).filter((a) => a.canRead);
    },

    /** One collection, or 404 when it is missing or the actor may not do `need` with it. */
    async collection(actor: Actor, id: string, need: 'read' | 'write' | 'manage' = 'read'): Promise<CollectionAccess> {
      const { row, hubs } = await collections.find(db, law, id);
      const a = row && access(actor, row, hubs);
      if (!a || !a.canRead || (need === 'write' && !a.canWrite) || (need === 'manage' && !a.canManage)) throw new NotFoundError();
      return a;
    },

    counts: (actor: Actor) => q.counts(db, actor),

    /** A TAXII status resource (the caller checks it is the requester's organisation's). */
    status: (id: string) => (UUID.test(id) ? q.status(db, id) : Promise.resolve(undefined)),

    /** TAXII DELETE: versions of an object the actor contributed to a collection it may write. */
    deleteObject: (trx: Db, actor: Actor, collectionId: string, objectId: string, versions: RawBuilder<SqlBool>) => storeRepository.deleteEntries(trx, actor, collectionId, objectId, versions),

    /** Creates in the caller's transaction (the route's Idempotency-Key record commits with it); returns the id. */
    async createCollection(actor: Actor, input: CollectionInput, trx: Db): Promise<string> {
      authorize(actor, 'manage', { type: 'intel' });
      const slug = input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'collection';
      const owner = actor.orgKind === 'isac' ? actor.orgId : null;
      const id = await collections.create(trx, {
        key: `custom:${slug}-${Date.now().toString(36)}`, title: input.title, description: input.description,
        org_id: owner, member_org_ids: input.memberOrgIds, clearance: input.clearance,
      });
      await platform.audit.inTransaction(trx, [{ actor, action: 'intel.collection.create', resourceType: 'stix_collection', resourceId: id, detail: { title: input.title } }]);
      return id;
    },

    /** After a commit that created collections: this node's collection cache is reloaded on next use. */
    collectionsChanged(): void {
      collections.forget(db);
    },

    async updateCollection(actor: Actor, id: string, patch: CollectionPatch) {
      const a = await service.collection(actor, id, 'manage');
      if (patch.clearance && CLEARANCE_ORDER.indexOf(patch.clearance) < CLEARANCE_ORDER.indexOf(a.row.clearance)) {
        // Lowering would expose what was shared under the stricter floor.
        throw new ValidationError([issue('clearance', say.collectionClearanceLowered())]);
      }
      await collections.update(db, id, { title: patch.title, description: patch.description, member_org_ids: patch.memberOrgIds, clearance: patch.clearance });
      await platform.audit.record({ actor, action: 'intel.collection.update', resourceType: 'stix_collection', resourceId: id, detail: { fields: Object.keys(patch) } });
      return service.collection(actor, id);
    },

    /** Ingest into a collection the actor may write; writes its own transaction. */
    async ingest(actor: Actor, collectionId: string, objects: readonly unknown[], options: IngestOptions): Promise<IngestOutcome> {
      const a = await service.collection(actor, collectionId, 'write');
      // Requiring a clearance one does not hold would lock the poster out of its own objects.
      if (CLEARANCE_RANK[options.clearance] > CLEARANCE_RANK[actor.clearance]) {
        throw new ValidationError([
          { path: 'clearance', message: `You can require at most your own clearance (${actor.clearance}).`, messageJa: `求められる適性評価は、ご自身の適性評価（${actor.clearance}）までです。` },
        ]);
      }
      return platform.transaction((trx) => ingestInto(platform, trx, actor, a.row, a.floor, objects, options));
    },

    /** POST /api/intel/bundles: a STIX bundle, judged per object, plus where-seen for its observables. */
    async ingestBundle(actor: Actor, collectionId: string, bundle: unknown, options: IngestOptions) {
      const envelope = validateBundle({ ...(bundle as object), objects: [] });
      if (envelope.errors.length) throw new ValidationError(envelope.errors);
      const objects = (bundle as { objects: unknown[] }).objects;
      const outcome = await service.ingest(actor, collectionId, objects, options);
      return { outcome, correlations: await service.correlate(actor, outcome) };
    },

    /**
     * Issue 5 item 4: for each observable of what was just ingested, where else it was seen — other
     * sources only, counted as far as the actor may know (whereSeen filters sightings by marking and
     * names only reporters that allowed it).
     */
    correlate: (actor: Actor, outcome: Pick<IngestOutcome, 'observables' | 'sourceIds'>): Promise<WhereSeen[]> =>
      outcome.observables.length ? whereSeen(db, actor, outcome.observables, { excludeSourceIds: outcome.sourceIds, excludeReporterOrgId: actor.orgId }) : Promise.resolve([]),

    /**
     * The same for a TAXII status polled later, computed for whoever polls now: only objects of that
     * request the poller may see in the collection are read (a colleague with a lower clearance than
     * the poster learns nothing of a TLP:RED or cleared object through the status).
     */
    async statusCorrelations(actor: Actor, collectionId: string, successes: unknown): Promise<WhereSeen[]> {
      const ids = [...new Set((Array.isArray(successes) ? successes : []).map((s: { id?: unknown }) => s?.id).filter((id): id is string => typeof id === 'string'))];
      if (!ids.length) return [];
      const { rows } = await sql<{ body: string }>`
        select e.body from stix_collection_objects e
        where e.collection_id = ${collectionId}::uuid and e.object_id = any(${ids}::text[])
          and ${visibleTo(actor, 'e')} and ${referencesVisibleTo(actor, 'e')}`.execute(db);
      const unique = new Map<string, StixObservable>();
      for (const r of rows) for (const o of observablesOf(JSON.parse(r.body) as StixObject)) unique.set(`${o.kind}\u0000${o.value}`, o);
      return service.correlate(actor, { observables: [...unique.values()], sourceIds: ids });
    },

    async list(actor: Actor, f: Parameters<typeof q.list>[2]) {
      authorize(actor, 'list', { type: 'intel' });
      const rows = await q.list(db, actor, f);
      // A relationship's ends are named in the list: naming a restricted one is a restricted read too.
      if (rows.some((r) => isRestricted(markOf(r)) || !r.ends_open)) {
        await platform.audit.record({ actor, action: 'intel.objects.list', resourceType: 'stix_object', detail: { count: rows.length } });
      }
      return rows;
    },

    /** Everything the object page shows, as far as the actor may see; 404 when it may see no version. */
    async object(actor: Actor, id: string) {
      const entries = await q.entriesOf(db, actor, id);
      const latest = entries.at(-1);
      if (!latest) throw new NotFoundError();
      const versions = [...new Set(entries.map((e) => e.version))];
      const ofLatest = entries.filter((e) => e.version === latest.version);
      // The first entry of that version the actor may see (the stored body, unless only a poster's own is visible).
      const body = await q.entryBody(db, ofLatest[0]!.seq);
      if (!body) throw new NotFoundError();
      const marking = strictest(ofLatest);
      const { rows: all, hubs } = await collections.all(db, law);
      const inCollections = [...new Set(entries.map((e) => e.collection_id))]
        .map((cid) => all.find((r) => r.id === cid))
        .filter((r): r is CollectionRow => r !== undefined && access(actor, r, hubs).canRead);
      const object = JSON.parse(body) as StixObject;
      const relationships = await q.relationshipsOf(db, actor, id);
      const references = await q.namesOf(db, actor, withholdingRefs(object).slice(0, 500));
      await auditRead(actor, id, marking);
      // Naming a restricted object is reading it (its name can be the secret).
      const restricted = references.filter((r) => isRestricted(markOf(r)));
      if (restricted.length) await platform.audit.record({ actor, action: 'intel.object.references_read', resourceType: 'stix_object', resourceId: id, detail: { restricted: restricted.length, ids: restricted.slice(0, 20).map((r) => r.id) } });
      return { body, object, versions, marking, collections: inCollections, relationships, references, observables: observablesOf(object).map((o) => ({ kind: o.kind, value: o.value })), entries };
    },

    /** One version's JSON text, if the actor may see that version somewhere. */
    async version(actor: Actor, id: string, modified: string): Promise<string> {
      const wanted = modified === '' ? '' : canonicalTimestamp(modified);
      const entries = (await q.entriesOf(db, actor, id)).filter((e) => e.version === wanted);
      if (!entries.length) throw new NotFoundError();
      const body = await q.entryBody(db, entries[0]!.seq);
      if (!body) throw new NotFoundError();
      await auditRead(actor, id, strictest(entries));
      return body;
    },
  };

  async function auditRead(actor: Actor, id: string, m: { tlp: string; clearance: string }) {
    if (isRestricted(markOf(m))) await platform.audit.record({ actor, action: 'intel.object.read', resourceType: 'stix_object', resourceId: id, detail: { tlp: m.tlp, clearance: m.clearance } });
  }
  return service;
}

const markOf = (m: { tlp: string; clearance: string }) => ({ tlp: m.tlp as Marking['tlp'], clearance: m.clearance as Marking['clearance'] });

/** The strictest marking among entries (what the badge shows: the object is at least this sensitive). */
export function strictest(entries: Array<{ tlp: string; clearance: string }>): { tlp: string; clearance: string } {
  let tlp = 'clear';
  let clearance = 'none';
  for (const e of entries) {
    if (TLP_ORDER.indexOf(e.tlp) > TLP_ORDER.indexOf(tlp)) tlp = e.tlp;
    if (CLEARANCE_ORDER.indexOf(e.clearance) > CLEARANCE_ORDER.indexOf(clearance)) clearance = e.clearance;
  }
  return { tlp, clearance };
}

export type StoreService = ReturnType<typeof storeService>;
export type { Db };

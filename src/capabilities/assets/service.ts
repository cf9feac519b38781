import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError, ValidationError, type FieldError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking, markingOf, type Marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { assetIdentity } from './identity.js';
import { assetsRepository as repo } from './repository.js';
import type { AssetInput } from './schema.js';
import type { AssetsTable } from './tables.js';
import { text } from './texts.js';

type AssetRow = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

/** One row of a bulk import; `path` ("line 3", "components[2]") prefixes each of its errors. */
export interface ImportRow {
  /** Null when the reader already refused the row; its reasons are then in `problems`. */
  input: AssetInput | null;
  operatorOrg: string | null;
  sourceRef: string;
  parentRef?: string;
  path: string;
  problems?: FieldError[];
}

export const assetMarking = (row: AssetRow): Marking => markingOf(row);

const msg = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);
/** Asset ids per asset.changed event. */
const CHANGED_EVENT_IDS = 1000;

/** The registry: each organisation's critical equipment, who operates it, and what the Act asks to notify. */
export function assetsService(platform: Platform) {
  const { db, law } = platform;

  // Every helper takes the connection to use: inside a transaction on PGlite (one connection), a query
  // on the pool would wait for the transaction that waits for it.
  /**
   * The competent authorities of an owner's sectors, who see its designated critical computers. Read
   * once per request, not once per row of an import.
   */
  async function ownerAuthorities(q: Db, ownerOrgId: string): Promise<string[]> {
    const owner = (await repo.org(q, ownerOrgId))!;
    const authorities = [...new Set(owner.sectors.flatMap((s) => law.sector(s)?.competentAuthorities ?? []))];
    return authorities.length ? (await repo.authorityOrgIds(q, authorities)).map((r) => r.id) : [];
  }

  /** Who sees an asset besides its owner: the vendor operating it and, for a designated critical computer, the owner's authorities. */
  function recipientsFor(authorityIds: string[], operatorOrgId: string | null, designated: boolean): string[] {
    return [...new Set([...(operatorOrgId ? [operatorOrgId] : []), ...(designated ? authorityIds : [])])];
  }

  async function checkOperator(q: Db, operatorOrg: string | undefined | null, lang: Lang, path = 'operatorOrg'): Promise<string | null> {
    if (!operatorOrg) return null;
    const [org] = await repo.orgsBySlugOrId(q, [operatorOrg]);
    if (!org || org.kind !== 'vendor') throw new ValidationError([{ path, message: msg(lang, '運用委託先として登録されたベンダー組織ではありません。', 'Not a vendor organisation on the platform.') }]);
    return org.id;
  }

  function identityOrThrow(input: { cpe?: string | null; purl?: string | null; maker?: string | null; product?: string | null; version?: string | null }, lang: Lang) {
    const id = assetIdentity(input, lang);
    if (id.errors.length) throw new ValidationError(id.errors.map((e) => ({ path: e.field, message: e.message })));
    return id;
  }

  function row(actor: Actor, authorityIds: string[], input: AssetInput, source: AssetsTable['source'], operatorOrgId: string | null, sourceRef: string | null, parentId: string | null, lang: Lang): Insertable<AssetsTable> {
    const identity = identityOrThrow(input, lang);
    return {
      id: crypto.randomUUID(),
      org_id: actor.orgId,
      parent_id: parentId,
      name: input.name,
      category: input.category,
      maker: input.maker ?? null,
      product: input.product ?? null,
      version: input.version ?? identity.version,
      cpe: input.cpe ?? null,
      purl: input.purl ?? null,
      identity_keys: identity.keys,
      placement: input.placement,
      service: input.service ?? null,
      criticality: input.criticality,
      operator_org_id: operatorOrgId,
      designated_critical: input.designatedCritical,
      source,
      source_ref: sourceRef,
      created_by: actor.userId,
      tlp: 'amber+strict',
      clearance: 'none',
      owner_org_id: actor.orgId,
      recipient_org_ids: recipientsFor(authorityIds, operatorOrgId, input.designatedCritical),
      recipient_sectors: [],
      recipient_user_ids: [],
    };
  }

  /**
   * The matching engine reacts to these: new or changed assets are matched against past advisories.
   * One event per CHANGED_EVENT_IDS assets keeps each outbox row small; every asset is in one of them
   * (a large import must be retro-matched whole, not its first thousand). A single asset's event also
   * carries its identity as stored, so that it can be matched without being read back (advisories).
   */
  const changedEvents = (ids: string[], orgId: string, operator: string | null, one?: AssetRow) => {
    const events = [];
    const asset = one && ids.length === 1 && one.id === ids[0]
      ? { id: one.id, cpe: one.cpe, purl: one.purl, maker: one.maker, product: one.product, version: one.version, identityKeys: one.identity_keys }
      : undefined;
    for (let i = 0; i < ids.length; i += CHANGED_EVENT_IDS) {
      events.push({
        type: 'asset.changed',
        payload: { assetIds: ids.slice(i, i + CHANGED_EVENT_IDS), count: ids.length, orgId, ...(asset ? { asset } : {}) },
        visibility: marking({ tlp: 'amber+strict', ownerOrgId: orgId as OrgId, recipientOrgIds: operator ? [operator as OrgId] : [] }),
      });
    }
    return events;
  };

  return {
    async create(actor: Actor, trx: Db, input: AssetInput, source: 'form' | 'api', lang: Lang) {
      authorize(actor, 'manage', { type: 'assets' });
      const operator = await checkOperator(trx, input.operatorOrg, lang);
      if (input.parentId) {
        const parent = await repo.find(trx, input.parentId);
        if (!parent || parent.org_id !== actor.orgId) throw new ValidationError([{ path: 'parentId', message: msg(lang, '親資産が見つかりません。', 'No such parent asset.') }]);
      }
      const r = row(actor, await ownerAuthorities(trx, actor.orgId), input, source, operator, null, input.parentId ?? null, lang);
      await repo.insert(trx, [r]);
      await platform.audit.inTransaction(trx, [{ actor, action: 'asset.create', resourceType: 'asset', resourceId: r.id, detail: { name: r.name, source } }]);
      await repo.markForMatching(trx, [r.id]);
      const stored = (await repo.find(trx, r.id))!;
      await emit(trx, changedEvents([r.id], actor.orgId, operator, stored));
      return stored;
    },

    async get(actor: Actor, id: string) {
      const a = await repo.find(db, id);
      if (!a) throw new NotFoundError();
      authorize(actor, 'read', { type: 'marked', marking: assetMarking(a) });
      await platform.audit.record({ actor, action: 'asset.read', resourceType: 'asset', resourceId: id });
      return a;
    },

    async list(actor: Actor, f: Parameters<typeof repo.list>[2]) {
      authorize(actor, 'list', { type: 'assets' });
      const rows = await repo.list(db, actor, f);
      await platform.audit.record({ actor, action: 'asset.list', resourceType: 'asset', detail: { count: rows.length, scope: f.scope } });
      return rows;
    },

    async update(actor: Actor, id: string, patch: Partial<{ [K in keyof AssetInput]: AssetInput[K] | null }>, lang: Lang) {
      const a = await repo.find(db, id);
      if (!a) throw new NotFoundError();
      authorize(actor, 'read', { type: 'marked', marking: assetMarking(a) });
      if (a.org_id !== actor.orgId) throw new NotFoundError();
      authorize(actor, 'manage', { type: 'assets' });
      const merged = {
        cpe: patch.cpe === undefined ? a.cpe : patch.cpe,
        purl: patch.purl === undefined ? a.purl : patch.purl,
        maker: patch.maker === undefined ? a.maker : patch.maker,
        product: patch.product === undefined ? a.product : patch.product,
        version: patch.version === undefined ? a.version : patch.version,
      };
      const identity = identityOrThrow(merged, lang);
      if (identity.keys.length === 0) throw new ValidationError([{ path: 'cpe', message: msg(lang, 'CPE・purl・メーカーと製品名のいずれかが必要です。', 'A CPE, a package URL, or maker and product are needed.') }]);
      const operator = patch.operatorOrg === undefined ? a.operator_org_id : await checkOperator(db, patch.operatorOrg, lang);
      const designated = patch.designatedCritical ?? a.designated_critical;
      const authorityIds = await ownerAuthorities(db, a.org_id);
      return platform.transaction(async (trx) => {
        await repo.update(trx, id, {
          ...(patch.name ? { name: patch.name } : {}),
          ...(patch.category ? { category: patch.category } : {}),
          ...(patch.placement ? { placement: patch.placement } : {}),
          ...(patch.criticality ? { criticality: patch.criticality } : {}),
          ...(patch.service !== undefined ? { service: patch.service } : {}),
          ...merged,
          identity_keys: identity.keys,
          operator_org_id: operator,
          designated_critical: designated,
          recipient_org_ids: recipientsFor(authorityIds, operator, designated),
        });
        await platform.audit.inTransaction(trx, [{ actor, action: 'asset.update', resourceType: 'asset', resourceId: id, detail: { fields: Object.keys(patch) } }]);
        await repo.markForMatching(trx, [id]);
        const stored = (await repo.find(trx, id))!;
        await emit(trx, changedEvents([id], a.org_id, operator, stored));
        return stored;
      });
    },

    async remove(actor: Actor, id: string) {
      const a = await repo.find(db, id);
      if (!a || a.org_id !== actor.orgId) throw new NotFoundError();
      authorize(actor, 'manage', { type: 'assets' });
      await platform.transaction(async (trx) => {
        await repo.remove(trx, id);
        await platform.audit.inTransaction(trx, [{ actor, action: 'asset.delete', resourceType: 'asset', resourceId: id }]);
      });
    },

    /**
     * Imports many assets at once, all or nothing. Rows carry a stable source_ref, so importing the same
     * document again updates what it created instead of adding copies. A row may arrive already refused
     * by its reader (`input: null`, `problems`): it is still checked for what only this service can check
     * (the operator), so that one refusal lists every problem of every row.
     */
    async importRows(actor: Actor, rows: ImportRow[], source: 'csv' | 'sbom', lang: Lang) {
      authorize(actor, 'manage', { type: 'assets' });
      const errors: FieldError[] = [];
      const operatorRefs = [...new Set(rows.flatMap((r) => (r.operatorOrg ? [r.operatorOrg] : [])))];
      const orgs = await repo.orgsBySlugOrId(db, operatorRefs);
      const authorityIds = await ownerAuthorities(db, actor.orgId);
      const built: { from: ImportRow; asset: Insertable<AssetsTable> }[] = [];
      for (const r of rows) {
        errors.push(...(r.problems ?? []));
        const op = r.operatorOrg ? orgs.find((o) => o.slug === r.operatorOrg || o.id === r.operatorOrg) : null;
        if (r.operatorOrg && (!op || op.kind !== 'vendor')) errors.push({ path: `${r.path}, operator_org`, message: text('operator_unknown', lang, { ref: r.operatorOrg }) });
        if (!r.input) continue;
        try {
          built.push({ from: r, asset: row(actor, authorityIds, r.input, source, op?.kind === 'vendor' ? op.id : null, r.sourceRef, null, lang) });
        } catch (err) {
          if (err instanceof ValidationError) errors.push(...err.fields.map((f) => ({ path: `${r.path}, ${f.path}`, message: f.message })));
          else throw err;
        }
      }
      if (errors.length) throw new ValidationError(errors);
      if (built.length !== rows.length) throw new Error('import row without input and without problems');
      return platform.transaction(async (trx) => {
        // Parents first, so children can point at them (by their final ids after the upsert).
        const parents = built.filter((b) => !b.from.parentRef);
        const children = built.filter((b) => b.from.parentRef);
        const parentResult = await repo.upsertImported(trx, parents.map((p) => p.asset));
        const finalId = new Map<string, string>();
        parents.forEach((p, i) => finalId.set(p.from.sourceRef, parentResult[i]!.id));
        const idByRef = new Map(built.map((b) => [b.from.sourceRef, b.asset.id!]));
        for (const c of children) {
          const ref = c.from.parentRef!;
          c.asset.parent_id = finalId.get(ref) ?? idByRef.get(ref) ?? null;
        }
        const childResult = await repo.upsertImported(trx, children.map((c) => c.asset));
        const all = [...parentResult, ...childResult];
        const created = all.filter((r) => r.inserted).length;
        await platform.audit.inTransaction(trx, [{ actor, action: 'asset.import', resourceType: 'asset', detail: { source, rows: all.length, created } }]);
        await repo.markForMatching(trx, all.map((r) => r.id));
        await emit(trx, changedEvents(all.map((r) => r.id), actor.orgId, null));
        return { imported: all.length, created, updated: all.length - created, ids: all.map((r) => r.id) };
      });
    },

    async designated(actor: Actor) {
      authorize(actor, 'manage', { type: 'assets' });
      const rows = await repo.designated(db, actor.orgId);
      await platform.audit.record({ actor, action: 'asset.designated.read', resourceType: 'asset', detail: { count: rows.length } });
      return rows;
    },
  };
}

import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { visibleTo } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { AssetsTable } from './tables.js';

/** Every SQL statement of the assets capability. */
export const assetsRepository = {
  insert(trx: Db, rows: Insertable<AssetsTable>[]) {
    return trx.insertInto('assets').values(rows).execute();
  },

  /**
   * Marks assets as owed a retro-match, in the transaction that changes them (the table is the advisories
   * capability's, migration 0064): a new token per change, so a retro-match of the previous version
   * cannot clear it. The retro-match commits asynchronously; this row is what survives a crash.
   */
  markForMatching(trx: Db, ids: string[]) {
    if (ids.length === 0) return Promise.resolve();
    return sql`insert into asset_match_pending (asset_id, token, since)
      select id, gen_random_uuid(), now() from unnest(${ids}::uuid[]) as u(id)
      on conflict (asset_id) do update set token = excluded.token, since = excluded.since`.execute(trx).then(() => undefined);
  },

  /** Re-importing a document updates the rows it created before instead of adding copies. */
  upsertImported(trx: Db, rows: Insertable<AssetsTable>[]) {
    if (rows.length === 0) return Promise.resolve([]);
    return trx
      .insertInto('assets')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'source_ref'])
          .where('source_ref', 'is not', null)
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            category: eb.ref('excluded.category'),
            maker: eb.ref('excluded.maker'),
            product: eb.ref('excluded.product'),
            version: eb.ref('excluded.version'),
            cpe: eb.ref('excluded.cpe'),
            purl: eb.ref('excluded.purl'),
            identity_keys: eb.ref('excluded.identity_keys'),
            placement: eb.ref('excluded.placement'),
            service: eb.ref('excluded.service'),
            criticality: eb.ref('excluded.criticality'),
            operator_org_id: eb.ref('excluded.operator_org_id'),
            designated_critical: eb.ref('excluded.designated_critical'),
            recipient_org_ids: eb.ref('excluded.recipient_org_ids'),
            updated_at: sql<Date>`case when (assets.name, assets.version, assets.cpe, assets.purl, assets.placement) is distinct from (excluded.name, excluded.version, excluded.cpe, excluded.purl, excluded.placement) then now() else assets.updated_at end`,
          })),
      )
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
  },

  update(trx: Db, id: string, set: Updateable<AssetsTable>) {
    return trx.updateTable('assets').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
  },

  remove(trx: Db, id: string) {
    return trx.deleteFrom('assets').where('id', '=', id).execute();
  },

  find(db: Db, id: string) {
    return db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
  },

  list(db: Db, actor: Actor, f: { scope: 'own' | 'operated' | 'all'; category?: string; placement?: string; designated?: boolean; q?: string; limit: number; after?: { createdAt: Date; id: string } }) {
    let q = db
      .selectFrom('assets as a')
      .leftJoin('organizations as op', 'op.id', 'a.operator_org_id')
      .innerJoin('organizations as o', 'o.id', 'a.org_id')
      .selectAll('a')
      .select(['op.name as operator_name', 'op.name_en as operator_name_en', 'o.name as org_name', 'o.name_en as org_name_en'])
      .where(visibleTo(actor, 'a'))
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(f.limit);
    if (f.scope === 'own') q = q.where('a.org_id', '=', actor.orgId);
    if (f.scope === 'operated') q = q.where('a.operator_org_id', '=', actor.orgId);
    if (f.category) q = q.where('a.category', '=', f.category);
    if (f.placement) q = q.where('a.placement', '=', f.placement);
    if (f.designated !== undefined) q = q.where('a.designated_critical', '=', f.designated);
    if (f.q) q = q.where((eb) => eb.or([eb('a.name', 'ilike', `%${f.q}%`), eb('a.product', 'ilike', `%${f.q}%`), eb('a.maker', 'ilike', `%${f.q}%`)]));
    if (f.after) {
      const { createdAt, id } = f.after;
      q = q.where((eb) => eb.or([eb('a.created_at', '<', createdAt), eb.and([eb('a.created_at', '=', createdAt), eb('a.id', '<', id)])]));
    }
    return q.execute();
  },

  /** The designated critical computers of one organisation, as the Act asks them to be notified. */
  designated(db: Db, orgId: string) {
    return db
      .selectFrom('assets as a')
      .leftJoin('organizations as op', 'op.id', 'a.operator_org_id')
      .selectAll('a')
      .select(['op.name as operator_name'])
      .where('a.org_id', '=', orgId)
      .where('a.designated_critical', '=', true)
      .orderBy('a.name')
      .execute();
  },

  org(db: Db, id: string) {
    return db.selectFrom('organizations').select(['id', 'kind', 'sectors', 'name', 'name_en']).where('id', '=', id).executeTakeFirst();
  },

  orgsBySlugOrId(db: Db, refs: string[]) {
    if (refs.length === 0) return Promise.resolve([]);
    const uuids = refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r));
    return db
      .selectFrom('organizations')
      .select(['id', 'slug', 'kind'])
      .where((eb) => eb.or([eb('slug', 'in', refs), ...(uuids.length ? [eb('id', 'in', uuids)] : [])]))
      .execute();
  },

  authorityOrgIds(db: Db, authorities: string[]) {
    return db
      .selectFrom('organizations')
      .select('id')
      .where((eb) => eb.or([eb('kind', '=', 'national_hub'), ...(authorities.length ? [eb('authority', 'in', authorities)] : [])]))
      .execute();
  },
};

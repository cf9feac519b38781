import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Law } from '../../../platform/law/law.js';
import type { CollectionRow } from './marking.js';

/**
 * The collections every deployment has — national, one per sector of law/sectors.json, one per ISAC,
 * one private per organisation — created idempotently at start and whenever an organisation appears,
 * and a short per-node cache of them (the TAXII hot path needs the collection on every page).
 */

const COLUMNS = ['id', 'key', 'kind', 'title', 'description', 'sector', 'org_id', 'member_org_ids', 'clearance'] as const;
const TTL_MS = 5000;
const cache = new WeakMap<Db, { until: number; rows: CollectionRow[]; hubs: string[]; orgCount: number }>();

/** Creates the standard collections that are missing (one statement each kind; repeats change nothing). */
export async function ensureCollections(db: Db, law: Law): Promise<void> {
  const orgs = await db.selectFrom('organizations').select(['id', 'slug', 'name', 'name_en', 'kind', 'sectors']).execute();
  const rows: Array<{ id: string; key: string; kind: CollectionRow['kind']; title: string; description: string; sector: string | null; org_id: string | null; member_org_ids: string[] }> = [
    { id: crypto.randomUUID(), key: 'national', kind: 'national', title: '国家共有 / National', description: 'Shared with every member organisation', sector: null, org_id: null, member_org_ids: [] },
    ...law.sectors.map((s) => ({ id: crypto.randomUUID(), key: `sector:${s.code}`, kind: 'sector' as const, title: `${s.name} / ${s.nameEn}`, description: `Sector community: ${s.nameEn}`, sector: s.code, org_id: null, member_org_ids: [] })),
    ...orgs.filter((o) => o.kind === 'isac').map((o) => ({
      id: crypto.randomUUID(), key: `isac:${o.slug}`, kind: 'isac' as const, title: `${o.name} / ${o.name_en}`, description: `ISAC community: ${o.name_en}`, sector: null, org_id: o.id,
      // Founding members: the companies of the ISAC's sectors; its admins admit others (PATCH).
      member_org_ids: orgs.filter((m) => m.id !== o.id && ['operator', 'sme', 'vendor'].includes(m.kind) && m.sectors.some((s) => o.sectors.includes(s))).map((m) => m.id),
    })),
    ...orgs.map((o) => ({ id: crypto.randomUUID(), key: `org:${o.slug}`, kind: 'org' as const, title: `${o.name} / ${o.name_en}`, description: 'Private to the organisation', sector: null, org_id: o.id, member_org_ids: [] })),
  ];
  await db.insertInto('stix_collections').values(rows).onConflict((oc) => oc.column('key').doNothing()).execute();
  invalidate(db);
}

/**
 * A reload under way per database: the requests that find the cache expired share it (TAXII pages
 * arrive 32 at a time). A change forgets it with the cache, so no one reads a reload begun before
 * the change, and that reload's rows are not kept.
 */
const loading = new WeakMap<Db, Promise<{ until: number; rows: CollectionRow[]; hubs: string[]; orgCount: number }>>();

function invalidate(db: Db): void {
  cache.delete(db);
  loading.delete(db);
}

async function load(db: Db) {
  const hit = cache.get(db);
  if (hit && hit.until > Date.now()) return hit;
  let p = loading.get(db);
  if (!p) {
    // Assigned before its first await resumes, so the checks inside see it.
    let reload!: Promise<{ until: number; rows: CollectionRow[]; hubs: string[]; orgCount: number }>;
    reload = (async () => {
      const [rows, hubs, orgCount] = await Promise.all([
        db.selectFrom('stix_collections').select([...COLUMNS]).orderBy('kind').orderBy('key').execute(),
        db.selectFrom('organizations').select('id').where('kind', '=', 'national_hub').execute(),
        sql<{ n: number }>`select count(*)::int as n from organizations`.execute(db),
      ]);
      const value = { until: Date.now() + TTL_MS, rows: rows as CollectionRow[], hubs: hubs.map((h) => h.id), orgCount: Number(orgCount.rows[0]?.n ?? 0) };
      if (loading.get(db) === reload) {
        cache.set(db, value);
        loading.delete(db);
      }
      return value;
    })();
    reload.catch(() => {
      if (loading.get(db) === reload) loading.delete(db);
    });
    loading.set(db, reload);
    p = reload;
  }
  return p;
}

export const collections = {
  async all(db: Db, law: Law): Promise<{ rows: CollectionRow[]; hubs: string[] }> {
    let value = await load(db);
    // An organisation created since (or a database seeded after start) gets its collection now.
    if (value.rows.filter((r) => r.kind === 'org').length < value.orgCount) {
      await ensureCollections(db, law);
      value = await load(db);
    }
    return value;
  },
  async find(db: Db, law: Law, id: string): Promise<{ row: CollectionRow | undefined; hubs: string[] }> {
    const { rows, hubs } = await collections.all(db, law);
    // A UUID is case-insensitive on input (RFC 9562 §4): a TAXII client that upper-cases it asks for the same collection.
    const wanted = id.toLowerCase();
    return { row: rows.find((r) => r.id === wanted), hubs };
  },
  async create(db: Db, row: { key: string; title: string; description: string; org_id: string | null; member_org_ids: string[]; clearance: string }): Promise<string> {
    const id = crypto.randomUUID();
    await db.insertInto('stix_collections').values({ id, kind: 'isac', sector: null, ...row }).execute();
    invalidate(db);
    return id;
  },
  async update(db: Db, id: string, patch: Partial<{ title: string; description: string; member_org_ids: string[]; clearance: string }>): Promise<void> {
    await db.updateTable('stix_collections').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
    invalidate(db);
  },
  forget(db: Db): void {
    invalidate(db);
  },
};

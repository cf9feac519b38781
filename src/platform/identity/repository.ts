import type { Db } from '../db/database.js';

/** The identity facts an actor is built from: one user acting for one organisation. */
export interface ActorRow {
  user_id: string;
  email: string;
  display_name: string;
  clearance: string;
  disabled_at: Date | null;
  org_id: string;
  role: string;
  org_slug: string;
  org_name: string;
  org_name_en: string;
  org_kind: string;
  authority: string | null;
  sectors: string[];
}

function actorQuery(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select([
      'u.id as user_id',
      'u.email',
      'u.display_name',
      'u.clearance',
      'u.disabled_at',
      'o.id as org_id',
      'm.role',
      'o.slug as org_slug',
      'o.name as org_name',
      'o.name_en as org_name_en',
      'o.kind as org_kind',
      'o.authority',
      'o.sectors',
    ]);
}

export async function findActorRow(db: Db, userId: string, orgId: string): Promise<ActorRow | undefined> {
  return actorQuery(db).where('u.id', '=', userId).where('o.id', '=', orgId).executeTakeFirst();
}

/** A user's login facts; the organisation is the membership they joined first. */
export async function findLogin(db: Db, email: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id as user_id', 'u.password_hash', 'u.disabled_at', 'm.org_id'])
    .where('u.email', '=', email.toLowerCase())
    .orderBy('m.created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function operatesFor(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('org_partners')
    .select('org_id')
    .where('partner_org_id', '=', orgId)
    .where('relation', '=', 'operates_systems')
    .execute();
  return rows.map((r) => r.org_id);
}

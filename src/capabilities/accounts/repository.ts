import type { Db } from '../../platform/db/database.js';

/** Every SQL statement of the accounts capability. */
export const accountsRepository = {
  listTokens(db: Db, orgId: string, onlyUserId?: string) {
    let q = db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.name', 't.prefix', 't.user_id', 'u.email', 't.created_at', 't.last_used_at', 't.revoked_at'])
      .where('t.org_id', '=', orgId)
      .orderBy('t.created_at', 'desc');
    if (onlyUserId) q = q.where('t.user_id', '=', onlyUserId);
    return q.execute();
  },

  findToken(db: Db, id: string) {
    return db.selectFrom('api_tokens').select(['id', 'user_id', 'org_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  },

  revokeToken(db: Db, id: string) {
    return db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },

  findMemberByEmail(db: Db, orgId: string, email: string) {
    return db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .select(['u.id', 'u.email'])
      .where('m.org_id', '=', orgId)
      .where('u.email', '=', email.toLowerCase())
      .executeTakeFirst();
  },

  listUsers(db: Db, orgId: string) {
    return db
      .selectFrom('users as u')
      .innerJoin('memberships as m', 'm.user_id', 'u.id')
      .select(['u.id', 'u.email', 'u.display_name', 'u.clearance', 'm.role'])
      .where('m.org_id', '=', orgId)
      .where('u.disabled_at', 'is', null)
      .orderBy('u.email')
      .execute();
  },

  emailExists(db: Db, email: string) {
    return db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  },

  async insertUser(
    db: Db,
    user: { id: string; email: string; displayName: string; passwordHash: string | null; clearance: string },
    membership: { orgId: string; role: string },
  ) {
    await db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email.toLowerCase(),
        display_name: user.displayName,
        password_hash: user.passwordHash,
        clearance: user.clearance,
      })
      .execute();
    await db.insertInto('memberships').values({ user_id: user.id, org_id: membership.orgId, role: membership.role }).execute();
  },
};

import type { Db } from '../db/database.js';
import { hashSecret, randomSecret } from './secrets.js';

export interface SessionRow {
  userId: string;
  orgId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side sessions: the cookie holds a random id; the table holds only its hash. */
export class SessionStore {
  private cache = new Map<string, { row: SessionRow | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly hours: number,
    private readonly cacheMs = 5000,
  ) {}

  async create(userId: string, orgId: string, meta: { ip?: string; userAgent?: string }): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
    const id = randomSecret();
    const csrfToken = randomSecret(24);
    const expiresAt = new Date(Date.now() + this.hours * 3600_000);
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: hashSecret(id),
        user_id: userId,
        org_id: orgId,
        csrf_token: csrfToken,
        expires_at: expiresAt,
        ip: meta.ip ?? null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { id, csrfToken, expiresAt };
  }

  async find(id: string): Promise<SessionRow | null> {
    const key = hashSecret(id);
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.row && hit.row.expiresAt > new Date() ? hit.row : null;
    const found = await this.db
      .selectFrom('sessions')
      .select(['user_id', 'org_id', 'csrf_token', 'expires_at'])
      .where('id_hash', '=', key)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    const row = found ? { userId: found.user_id, orgId: found.org_id, csrfToken: found.csrf_token, expiresAt: found.expires_at } : null;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, { row, until: Date.now() + this.cacheMs });
    return row;
  }

  async destroy(id: string): Promise<void> {
    const key = hashSecret(id);
    this.cache.delete(key);
    await this.db.deleteFrom('sessions').where('id_hash', '=', key).execute();
  }

  /** Ends every session of a user (password change, disabling). */
  async destroyAllFor(userId: string): Promise<void> {
    this.cache.clear();
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  }
}

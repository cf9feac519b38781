import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import { hashSecret, randomSecret } from './secrets.js';

/** Tokens look like `rk_<43 chars>`; the first characters are kept in clear to tell tokens apart. */
const TOKEN_PREFIX = 'rk_';

export interface IssuedToken {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: Date;
}

export interface TokenOwner {
  tokenId: string;
  userId: string;
  orgId: string;
}

/** Machine credentials: shown once at creation, stored only as a hash, revocable. */
export class TokenStore {
  private cache = new Map<string, { owner: TokenOwner | null; until: number }>();
  private touched = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs = 5000,
  ) {}

  async issue(input: { userId: string; orgId: string; name: string; createdBy: string | null }, trx: Db = this.db): Promise<IssuedToken> {
    const token = `${TOKEN_PREFIX}${randomSecret()}`;
    const row = {
      id: crypto.randomUUID(),
      user_id: input.userId,
      org_id: input.orgId,
      name: input.name,
      prefix: token.slice(0, 10),
      token_hash: hashSecret(token),
      created_by: input.createdBy,
    };
    const inserted = await trx.insertInto('api_tokens').values(row).returning('created_at').executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, prefix: row.prefix, token, createdAt: inserted.created_at };
  }

  async verify(token: string): Promise<TokenOwner | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const key = hashSecret(token);
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.owner;
    const row = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'org_id'])
      .where('token_hash', '=', key)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const owner = row ? { tokenId: row.id, userId: row.user_id, orgId: row.org_id } : null;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, { owner, until: Date.now() + this.cacheMs });
    if (owner) this.noteUse(owner.tokenId);
    return owner;
  }

  /** last_used_at is informative; write it at most once a minute per token, off the request path. */
  private noteUse(tokenId: string): void {
    const last = this.touched.get(tokenId) ?? 0;
    if (Date.now() - last < 60_000) return;
    this.touched.set(tokenId, Date.now());
    void this.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date() })
      .where('id', '=', tokenId)
      .execute()
      .catch(() => undefined);
  }

  /** Forgets cached verifications so a revocation takes effect on this node at once. */
  forgetAll(): void {
    this.cache.clear();
  }
}

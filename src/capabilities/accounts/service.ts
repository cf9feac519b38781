import crypto from 'node:crypto';
import { hashPassword, verifyPassword } from '../../platform/auth/secrets.js';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { ConflictError, InvalidCredentialsError, NotFoundError, RateLimitedError } from '../../platform/http/errors.js';
import type { OrgId, UserId } from '../../platform/identity/ids.js';
import { findLogin } from '../../platform/identity/repository.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { accountsRepository as repo } from './repository.js';

/** Events about an organisation's own accounts are for that organisation only. */
const orgInternal = (orgId: OrgId) => marking({ tlp: 'amber+strict', ownerOrgId: orgId });

export function accountsService(platform: Platform) {
  const { db } = platform;

  return {
    /** Checks a password, throttled per address; failures and successes are both audited. */
    async login(email: string, password: string, meta: { ip?: string; userAgent?: string }) {
      const blocked = await platform.throttle.blockedFor(email);
      if (blocked) {
        await platform.audit.record({ actor: null, action: 'session.create', resourceType: 'session', outcome: 'denied', detail: { email, reason: 'throttled' } });
        throw new RateLimitedError(blocked);
      }
      const login = await findLogin(db, email);
      const ok = await verifyPassword(login?.password_hash ?? null, password);
      if (!login || !ok || login.disabled_at) {
        await platform.throttle.fail(email, meta.ip);
        await platform.audit.record({ actor: null, action: 'session.create', resourceType: 'session', outcome: 'failure', detail: { email } });
        throw new InvalidCredentialsError();
      }
      await platform.throttle.succeed(email);
      const resolved = await platform.actors.resolve(login.user_id, login.org_id, 'session');
      if (!resolved) throw new InvalidCredentialsError();
      const session = await platform.sessions.create(login.user_id, login.org_id, meta);
      await platform.audit.record({ actor: resolved.actor, action: 'session.create', resourceType: 'session', resourceId: login.user_id });
      return { ...resolved, session };
    },

    async logout(actor: Actor | null, sessionId: string | null) {
      if (!sessionId) return;
      await platform.sessions.destroy(sessionId);
      if (actor) await platform.audit.record({ actor, action: 'session.delete', resourceType: 'session', resourceId: actor.userId });
    },

    async listTokens(actor: Actor) {
      authorize(actor, 'read', { type: 'api_token', orgId: actor.orgId, userId: actor.userId });
      // Admins see every token of their organisation; others only their own.
      const rows = await repo.listTokens(db, actor.orgId, actor.role === 'admin' ? undefined : actor.userId);
      return rows;
    },

    async createToken(actor: Actor, name: string, userEmail?: string) {
      let userId: string = actor.userId;
      if (userEmail) {
        const member = await repo.findMemberByEmail(db, actor.orgId, userEmail);
        if (!member) throw new NotFoundError();
        userId = member.id;
      }
      authorize(actor, 'create', { type: 'api_token', orgId: actor.orgId, userId: userId as UserId });
      return platform.transaction(async (trx) => {
        const issued = await platform.tokens.issue({ userId, orgId: actor.orgId, name, createdBy: actor.userId }, trx);
        await platform.audit.inTransaction(trx, [
          { actor, action: 'api_token.create', resourceType: 'api_token', resourceId: issued.id, detail: { name, userId, prefix: issued.prefix } },
        ]);
        await emit(trx, [{ type: 'api_token.created', payload: { id: issued.id, name, prefix: issued.prefix }, visibility: orgInternal(actor.orgId) }]);
        return issued;
      });
    },

    async revokeToken(actor: Actor, id: string) {
      const token = await repo.findToken(db, id);
      if (!token) throw new NotFoundError();
      authorize(actor, 'delete', { type: 'api_token', orgId: token.org_id as OrgId, userId: token.user_id as UserId });
      await platform.transaction(async (trx) => {
        await repo.revokeToken(trx, id);
        await platform.audit.inTransaction(trx, [{ actor, action: 'api_token.revoke', resourceType: 'api_token', resourceId: id }]);
        await emit(trx, [{ type: 'api_token.revoked', payload: { id }, visibility: orgInternal(actor.orgId) }]);
      });
      platform.tokens.forgetAll();
    },

    async listUsers(actor: Actor) {
      authorize(actor, 'read', { type: 'user', orgId: actor.orgId, userId: actor.userId });
      return repo.listUsers(db, actor.orgId);
    },

    /** Creates a user in the admin's own organisation. */
    async createUser(
      actor: Actor,
      trx: Db,
      input: { email: string; displayName: string; role: string; clearance: string; password: string },
    ) {
      const id = crypto.randomUUID();
      authorize(actor, 'create', { type: 'user', orgId: actor.orgId, userId: id as UserId });
      // Nobody can grant a clearance above their own.
      const rank = { none: 0, cei: 1, sds: 2 } as Record<string, number>;
      if (rank[input.clearance]! > rank[actor.clearance]!) throw new NotFoundError();
      if (await repo.emailExists(trx, input.email)) throw new ConflictError('email_taken');
      await repo.insertUser(trx, { id, email: input.email, displayName: input.displayName, passwordHash: await hashPassword(input.password), clearance: input.clearance }, { orgId: actor.orgId, role: input.role });
      await platform.audit.inTransaction(trx, [
        { actor, action: 'user.create', resourceType: 'user', resourceId: id, detail: { email: input.email.toLowerCase(), role: input.role, clearance: input.clearance } },
      ]);
      await emit(trx, [{ type: 'user.created', payload: { id, email: input.email.toLowerCase(), role: input.role }, visibility: orgInternal(actor.orgId) }]);
      return { id, email: input.email.toLowerCase(), display_name: input.displayName, clearance: input.clearance, role: input.role };
    },
  };
}

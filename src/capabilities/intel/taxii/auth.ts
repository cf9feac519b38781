import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verifyPassword } from '../../../platform/auth/secrets.js';
import { findLogin } from '../../../platform/identity/repository.js';
import type { Platform } from '../../../platform/platform.js';

/**
 * HTTP Basic for TAXII clients (most only speak Basic): a demo user's email and password. argon2 is
 * deliberately slow, so a verified pair is remembered for a few seconds per node, keyed by a hash of
 * the pair — like session and token verifications (docs/decisions.md). Failures go through the login
 * throttle, so Basic is no shortcut around it. Bearer tokens are handled by the platform's auth hook.
 */
const TTL_MS = 5000;
const REFRESH_MS = 1000;

export function basicAuthenticator(platform: Platform) {
  const verified = new Map<string, { userId: string; orgId: string; until: number }>();
  const inflight = new Map<string, Promise<{ userId: string; orgId: string } | null>>();

  async function check(email: string, password: string, ip: string): Promise<{ userId: string; orgId: string } | null> {
    if (await platform.throttle.isBlocked(email)) return null;
    const login = await findLogin(platform.db, email);
    const ok = await verifyPassword(login?.password_hash ?? null, password);
    if (!login || !ok || login.disabled_at) {
      await platform.throttle.fail(email, ip);
      await platform.audit.record({ actor: null, action: 'taxii.basic_auth', resourceType: 'session', outcome: 'failure', detail: { email } });
      return null;
    }
    return { userId: login.user_id, orgId: login.org_id };
  }

  /** Sets req.actor from an `Authorization: Basic` header, when there is one and it is right. */
  return async function authenticate(req: FastifyRequest): Promise<void> {
    const header = req.headers.authorization;
    if (req.actor || !header?.startsWith('Basic ')) return;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return;
    const email = decoded.slice(0, colon).toLowerCase();
    const key = crypto.createHash('sha256').update(decoded).digest('hex');
    // Concurrent requests with the same pair share one argon2 verification.
    const verify = () => {
      let p = inflight.get(key);
      if (!p) {
        p = check(email, decoded.slice(colon + 1), req.ip)
          .then((owner) => {
            if (owner) {
              if (verified.size > 10_000) verified.clear();
              verified.set(key, { ...owner, until: Date.now() + TTL_MS });
            } else verified.delete(key);
            return owner;
          })
          .finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return p;
    };
    let owner: { userId: string; orgId: string } | null = null;
    const hit = verified.get(key);
    const now = Date.now();
    if (hit && hit.until > now) {
      owner = hit;
      // Verified again shortly before the entry runs out, while it still answers: a client polling
      // steadily never waits for argon2 (tens of ms, which every request in flight then waited for:
      // bench/intel's p99). Nothing is trusted longer than TTL_MS after its last verification.
      if (hit.until - now < REFRESH_MS) verify().catch(() => undefined);
    } else owner = await verify();
    if (owner) req.actor = (await platform.actors.resolve(owner.userId, owner.orgId, 'token'))?.actor ?? null;
  };
}

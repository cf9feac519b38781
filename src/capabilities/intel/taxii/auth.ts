import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { verifyPassword } from '../../../platform/auth/secrets.js';
import { RateLimitedError } from '../../../platform/http/errors.js';
import { findLogin } from '../../../platform/identity/repository.js';
import type { Platform } from '../../../platform/platform.js';

/**
 * HTTP Basic for TAXII clients (most only speak Basic): a demo user's email and password. argon2 is
 * deliberately slow, so a verified pair is remembered for a few seconds per node, keyed by a hash of
 * the pair — like session and token verifications (docs/decisions.md). Failures go through the login
 * throttle, so Basic is no shortcut around it. Bearer tokens are handled by the platform's auth hook.
 * A remembered pair is checked again against the stored login before it runs out: while the stored
 * hash is the one this password was verified against, the password still matches it, and argon2 is not
 * run again (19 MiB of fresh memory and two passes every few seconds per polling client); a changed
 * password, a disabled user or a blocked login ends it as before.
 */
const TTL_MS = 5000;
const REFRESH_MS = 1000;

export function basicAuthenticator(platform: Platform) {
  type Owner = { userId: string; orgId: string; hash: string };
  const verified = new Map<string, Owner & { until: number }>();
  const inflight = new Map<string, Promise<Owner | null>>();

  /** `verifiedHash`: the stored hash this very password was verified against before, if any. */
  async function check(email: string, password: string, ip: string, verifiedHash: string | null): Promise<Owner | null> {
    // Locked out by failed logins: 429 with Retry-After, as the login form answers, not a bare 401.
    const blocked = await platform.throttle.blockedFor(email);
    if (blocked) throw new RateLimitedError(blocked);
    const login = await findLogin(platform.db, email);
    const unchanged = verifiedHash !== null && login?.password_hash === verifiedHash;
    const ok = unchanged || (await verifyPassword(login?.password_hash ?? null, password));
    if (!login || !ok || login.disabled_at || !login.password_hash) {
      await platform.throttle.fail(email, ip);
      await platform.audit.record({ actor: null, action: 'taxii.basic_auth', resourceType: 'session', outcome: 'failure', detail: { email } });
      return null;
    }
    return { userId: login.user_id, orgId: login.org_id, hash: login.password_hash };
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
    // Concurrent requests with the same pair share one check.
    const verify = (verifiedHash: string | null) => {
      let p = inflight.get(key);
      if (!p) {
        p = check(email, decoded.slice(colon + 1), req.ip, verifiedHash)
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
    let owner: Owner | null = null;
    const hit = verified.get(key);
    const now = Date.now();
    if (hit && hit.until > now) {
      owner = hit;
      // Checked again shortly before the entry runs out, while it still answers: a client polling
      // steadily never waits (argon2 took tens of ms, which every request in flight then waited for:
      // bench/intel's p99). Nothing is trusted longer than TTL_MS after its last check.
      if (hit.until - now < REFRESH_MS) verify(hit.hash).catch(() => undefined);
    } else owner = await verify(hit?.hash ?? null);
    if (owner) req.actor = (await platform.actors.resolve(owner.userId, owner.orgId, 'token'))?.actor ?? null;
  };
}

import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { hashPassword } from '../../../platform/auth/secrets.js';
import { startTestWorld, type TestWorld } from '../../../platform/testing/harness.js';
import { basicAuthenticator } from './auth.js';

// The real argon2 verification, counted: a re-check of a pair whose stored hash is unchanged must not run it.
const argon2 = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../platform/auth/secrets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../platform/auth/secrets.js')>();
  return {
    ...real,
    verifyPassword: async (hash: string | null, password: string) => {
      argon2.calls++;
      return real.verifyPassword(hash, password);
    },
  };
});

/**
 * A verified Basic pair is remembered for a few seconds, and checked again in the background during
 * its last second: a password changed meanwhile stops working when the entry would have run out, not
 * later, while a steadily polling client never waits for argon2. The check runs argon2 only when the
 * stored hash is no longer the one the pair was verified against.
 */
describe('TAXII Basic credentials', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld();
  });
  afterAll(() => w.close());
  afterEach(() => vi.useRealTimers());

  const EMAIL = 'isac@renkei.example';
  const request = (password: string, email: string) =>
    ({ headers: { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` }, ip: '192.0.2.10', actor: null }) as unknown as FastifyRequest & { actor: unknown };
  const signedIn = async (authenticate: (req: FastifyRequest) => Promise<void>, password: string, email = EMAIL) => {
    const req = request(password, email);
    await authenticate(req);
    return req.actor !== null && req.actor !== undefined;
  };

  it('a changed password is refused once the background re-verification has run, before the entry would expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-12-02T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const authenticate = basicAuthenticator(w.platform);
    expect(await signedIn(authenticate, DEMO_PASSWORD)).toBe(true);

    // The password changes; within the entry's life the remembered pair still answers.
    await w.platform.db.updateTable('users').set({ password_hash: await hashPassword('a-new-password-2026') }).where('email', '=', EMAIL).execute();
    vi.setSystemTime(start + 2_000);
    expect(await signedIn(authenticate, DEMO_PASSWORD)).toBe(true);

    // In its last second it still answers at once, and starts verifying again in the background…
    vi.setSystemTime(start + 4_500);
    expect(await signedIn(authenticate, DEMO_PASSWORD)).toBe(true);
    // … which fails (argon2 on the new hash): the entry is gone before its five seconds are up.
    const before = argon2.calls;
    await vi.waitFor(async () => expect(await signedIn(authenticate, DEMO_PASSWORD)).toBe(false), { timeout: 5_000, interval: 50 });
    expect(Date.now()).toBeLessThan(start + 5_000);
    expect(argon2.calls).toBeGreaterThan(before);
    expect(await signedIn(authenticate, 'a-new-password-2026')).toBe(true);
  });

  it('a pair whose stored hash is unchanged is checked again without argon2, and a disabled user is refused at that check', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-12-03T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const email = 'fsa@renkei.example';
    const signedInFsa = (authenticate: (req: FastifyRequest) => Promise<void>) => signedIn(authenticate, DEMO_PASSWORD, email);
    const authenticate = basicAuthenticator(w.platform);
    const first = argon2.calls;
    expect(await signedInFsa(authenticate)).toBe(true);
    expect(argon2.calls).toBe(first + 1);

    // Polled through three refresh windows and past an expiry: each check reads the login, none runs argon2.
    for (const at of [4_500, 8_600, 12_700, 30_000]) {
      vi.setSystemTime(start + at);
      expect(await signedInFsa(authenticate)).toBe(true);
      // Let the background check (if one started) finish before moving the clock on.
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(argon2.calls).toBe(first + 1);

    // Disabled meanwhile: the next check refuses, although the hash is the same.
    await w.platform.db.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', email).execute();
    try {
      vi.setSystemTime(start + 34_500);
      await vi.waitFor(async () => expect(await signedInFsa(authenticate)).toBe(false), { timeout: 5_000, interval: 50 });
      expect(Date.now()).toBeLessThan(start + 35_000);
    } finally {
      await w.platform.db.updateTable('users').set({ disabled_at: null }).where('email', '=', email).execute();
    }
  });
});

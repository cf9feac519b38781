import type { FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { hashPassword } from '../../../platform/auth/secrets.js';
import { startTestWorld, type TestWorld } from '../../../platform/testing/harness.js';
import { basicAuthenticator } from './auth.js';

/**
 * A verified Basic pair is remembered for a few seconds, and verified again in the background during
 * its last second: a password changed meanwhile stops working when the entry would have run out, not
 * later, while a steadily polling client never waits for argon2.
 */
describe('TAXII Basic credentials', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld();
  });
  afterAll(() => w.close());
  afterEach(() => vi.useRealTimers());

  const EMAIL = 'isac@renkei.example';
  const request = (password: string) =>
    ({ headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${password}`).toString('base64')}` }, ip: '192.0.2.10', actor: null }) as unknown as FastifyRequest & { actor: unknown };
  const signedIn = async (authenticate: (req: FastifyRequest) => Promise<void>, password: string) => {
    const req = request(password);
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
    await vi.waitFor(async () => expect(await signedIn(authenticate, DEMO_PASSWORD)).toBe(false), { timeout: 5_000, interval: 50 });
    expect(Date.now()).toBeLessThan(start + 5_000);
    expect(await signedIn(authenticate, 'a-new-password-2026')).toBe(true);
  });
});

import crypto from 'node:crypto';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended minimums (19 MiB, 2 passes). @node-rs/argon2 ships prebuilt
 * binaries as npm packages, so installing needs no compiler and no install script.
 */
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

// Verified against when the e-mail is unknown, so a wrong address costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('renkei-timing-equaliser');
    await argon2Verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2Verify(hash, password);
  } catch {
    return false;
  }
}

/** A random secret for sessions and tokens: 32 bytes, URL-safe. */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Session ids and API tokens are 256-bit random secrets, so a fast hash is enough to make a stolen
 * table useless (there is nothing to brute-force); it also keeps every request's lookup cheap.
 */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

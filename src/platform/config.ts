import path from 'node:path';
import { z } from 'zod';

/**
 * Every configuration variable Renkei reads, parsed once at start. docs/operations.md lists the same
 * variables; keep the two in step.
 */
const EnvSchema = z.object({
  RENKEI_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL connection string. Absent → embedded PGlite under RENKEI_DATA. */
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL schema to use (tests isolate themselves with one schema each). */
  RENKEI_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public'),
  RENKEI_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  RENKEI_DATA: z.string().default('./data'),
  /** NATS server(s) for multi-node event delivery; absent → in-process delivery only. */
  RENKEI_NATS_URL: z.string().optional(),
  RENKEI_NATS_STREAM: z.string().default('RENKEI_EVENTS'),
  /** Public base URL, used to decide on secure cookies and HSTS. */
  RENKEI_PUBLIC_URL: z.string().url().optional(),
  /** Set when a TLS-terminating proxy sits in front (trust X-Forwarded-*). */
  RENKEI_TRUST_PROXY: z.stringbool().default(false),
  RENKEI_COOKIE_SECURE: z.stringbool().optional(),
  RENKEI_SESSION_HOURS: z.coerce.number().positive().default(12),
  RENKEI_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  RENKEI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  RENKEI_LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().positive().default(10),
  /** How often an open event stream is re-checked (logout, revocation, role change) and kept alive. */
  RENKEI_SSE_HEARTBEAT_SECONDS: z.coerce.number().positive().default(15),
  /** Seed the demo world on first start (never allowed in production). */
  RENKEI_SEED_DEMO: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database:
    | {
        kind: 'postgres';
        url: string;
        schema: string;
        poolSize: number;
        /** How long an idle pooled connection stays open (pg-pool's default, 10 s, when unset; 0 keeps it). */
        idleTimeoutMillis?: number;
      }
    | { kind: 'pglite'; dataDir: string | null };
  nats: { url: string; stream: string } | null;
  publicUrl: string | null;
  trustProxy: boolean;
  secureCookies: boolean;
  sessionHours: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  loginAttemptsPer15Min: number;
  sseHeartbeatMs: number;
  seedDemo: boolean;
  logLevel: string;
};

/** Reads the configuration from an environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const tls = e.RENKEI_PUBLIC_URL?.startsWith('https://') ?? false;
  const config: Config = {
    env: e.RENKEI_ENV,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, schema: e.RENKEI_DB_SCHEMA, poolSize: e.RENKEI_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.RENKEI_DATA) },
    nats: e.RENKEI_NATS_URL ? { url: e.RENKEI_NATS_URL, stream: e.RENKEI_NATS_STREAM } : null,
    publicUrl: e.RENKEI_PUBLIC_URL ?? null,
    trustProxy: e.RENKEI_TRUST_PROXY,
    secureCookies: e.RENKEI_COOKIE_SECURE ?? (tls || e.RENKEI_ENV === 'production'),
    sessionHours: e.RENKEI_SESSION_HOURS,
    bodyLimitBytes: e.RENKEI_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RENKEI_RATE_LIMIT_PER_MINUTE,
    loginAttemptsPer15Min: e.RENKEI_LOGIN_ATTEMPTS_PER_15_MIN,
    sseHeartbeatMs: e.RENKEI_SSE_HEARTBEAT_SECONDS * 1000,
    seedDemo: e.RENKEI_SEED_DEMO && e.RENKEI_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
  };
  return { ...config, ...overrides };
}

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { demoState, seedDemoWorld } from './demo/seed.js';
import { loadConfig } from './platform/config.js';
import { createLogger, startPlatform, type Platform } from './platform/platform.js';
import { dropSchema, testDatabase, TEST_PG_URL } from './platform/testing/harness.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A first `npm start` stopped while the demo's content went in (Ctrl-C in the seconds it takes) left
 * a database with the demo's organisations and users and none of its reports: every later start saw
 * "already seeded". Here the world is seeded without its content, as such a stop leaves it.
 */
describe('a first start stopped before the demo was complete', () => {
  const db = testDatabase();
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-start-'));
  const dataDir = path.join(parent, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, RENKEI_ENV: 'development', RENKEI_SEED_DEMO: 'true', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  if (db.kind === 'postgres') Object.assign(env, { DATABASE_URL: TEST_PG_URL, RENKEI_DB_SCHEMA: db.schema });
  else env.RENKEI_DATA = dataDir;

  async function withPlatform<T>(fn: (platform: Platform) => Promise<T>): Promise<T> {
    const config = loadConfig(env, { seedDemo: false });
    const platform = await startPlatform(config, createLogger({ ...config, logLevel: 'silent' }));
    try {
      return await fn(platform);
    } finally {
      await platform.close();
    }
  }

  /** Runs the server until it says it is running, then stops it as Ctrl-C would; returns what it printed. */
  function startServer(): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('is running')) child.kill('SIGINT');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (out.includes('is running')) resolve(out);
        else reject(new Error(`server exited (${code}) before running:\n${out}`));
      });
    });
  }

  const countDemo = (platform: Platform) =>
    Promise.all(['organizations', 'incident_reports', 'exposures', 'stix_objects', 'exercises'].map(async (t) => [t, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(platform.db)).rows[0]!.n)] as const));

  afterAll(async () => {
    if (db.kind === 'postgres') await dropSchema(db.schema);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it.runIf(db.kind === 'pglite')('the embedded database is moved aside and the demo seeded again, whole', async () => {
    await withPlatform(async (platform) => {
      expect(await seedDemoWorld(platform)).toBe(true);
      expect(await demoState(platform)).toBe('interrupted');
    });
    const out = await startServer();
    expect(out).toContain('starting over');
    expect(out).toContain('(demo world seeded now)');
    const aside = fs.readdirSync(parent).filter((f) => f.startsWith('data-interrupted-'));
    expect(aside).toHaveLength(1);
    await withPlatform(async (platform) => {
      expect(await demoState(platform)).toBe('complete');
      for (const [table, n] of await countDemo(platform)) expect(n, table).toBeGreaterThan(0);
    });
    // A second start finds the demo complete and leaves it alone.
    const again = await startServer();
    expect(again).not.toContain('starting over');
    expect(again).not.toContain('seeded now');
  }, 300_000);

  it.runIf(db.kind === 'postgres')('a PostgreSQL database is not touched: the server says what is missing', async () => {
    await withPlatform(async (platform) => {
      expect(await seedDemoWorld(platform)).toBe(true);
    });
    const out = await startServer();
    expect(out).toContain('its first start stopped before the rest of the demo');
    await withPlatform(async (platform) => {
      expect(await demoState(platform)).toBe('interrupted');
      expect(Object.fromEntries(await countDemo(platform)).incident_reports).toBe(0);
    });
    // `npm run cli -- seed` says so too, instead of "already seeded".
    await expect(promisify(execFile)('npm', ['run', 'cli', '--', 'seed'], { cwd: ROOT, env })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('empty this database and seed again') });
  }, 300_000);
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from './platform/config.js';
import { createLogger, startPlatform } from './platform/platform.js';
import { dropSchema, testDatabase, TEST_PG_URL } from './platform/testing/harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

describe('npm run cli', () => {
  const db = testDatabase();
  const dataDir = db.kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-cli-')) : null;
  const env: NodeJS.ProcessEnv = { ...process.env, RENKEI_ENV: 'test', LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (db.kind === 'postgres') Object.assign(env, { DATABASE_URL: TEST_PG_URL, RENKEI_DB_SCHEMA: db.schema });
  else env.RENKEI_DATA = dataDir!;
  // Exactly what an operator types, through npm, so npm's own output is part of what is checked.
  const cli = (...args: string[]) => run('npm', ['run', 'cli', '--', ...args], { cwd: ROOT, env });

  /** Rows in each table, read by opening the database the CLI wrote (after its process has exited). */
  async function inDatabase(tables: string[]): Promise<Record<string, number>> {
    const config = loadConfig(env, { seedDemo: false });
    const platform = await startPlatform(config, createLogger(config));
    try {
      const counts: Record<string, number> = {};
      for (const t of tables) counts[t] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(platform.db)).rows[0]!.n);
      return counts;
    } finally {
      await platform.close();
    }
  }

  afterAll(async () => {
    if (db.kind === 'postgres') await dropSchema(db.schema);
    else fs.rmSync(dataDir!, { recursive: true, force: true });
  });

  it('seeds, creates an organisation and a user, and `token create` prints only the token on stdout', async () => {
    expect((await cli('seed')).stdout).toBe('demo world seeded\n');
    expect((await cli('seed')).stdout).toBe('already seeded; nothing to do\n');
    // The same demo as a first `npm start`: work in flight, not only organisations and users.
    const counts = await inDatabase(['incident_reports', 'exposures', 'exercises', 'stix_objects']);
    for (const [table, n] of Object.entries(counts)) expect(n, table).toBeGreaterThan(0);
    const org = await cli('org', 'create', '--slug', 'umi-port', '--name', '海の港湾', '--name-en', 'Umi Port', '--kind', 'operator', '--sector', 'ports');
    expect(org.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const user = await cli('user', 'create', '--email', 'ops@umi-port.example', '--name', '港 太郎', '--org', 'umi-port', '--role', 'admin', '--password', 'a-long-password-1');
    expect(user.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const token = await cli('token', 'create', '--user', 'ops@umi-port.example');
    expect(token.stdout).toMatch(/^rk_[A-Za-z0-9_-]{43}\n$/);
    await expect(cli('org', 'create', '--slug', 'x', '--name', 'x', '--name-en', 'x', '--kind', 'operator', '--sector', 'nowhere')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown sector nowhere') });
    // Each call starts a process that opens the database (PGlite takes a few seconds to boot).
  }, 180_000);
});

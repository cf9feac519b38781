import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config.js';
import { createLogger, startPlatform, type Platform } from '../platform.js';
import { dropSchema, testDatabase, TEST_PG_URL } from '../testing/harness.js';
import { appendAudit } from './audit-log.js';
import { verifyAuditChain } from './verify.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The CLI needs a database another process can open: a PGlite directory, or a PostgreSQL schema. */
function sharedDatabase(): Config['database'] {
  const db = testDatabase();
  return db.kind === 'pglite' ? { kind: 'pglite', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-audit-')) } : db;
}

function cliEnv(database: Config['database']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RENKEI_ENV: 'test', LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (database.kind === 'postgres') Object.assign(env, { DATABASE_URL: TEST_PG_URL, RENKEI_DB_SCHEMA: database.schema });
  else env.RENKEI_DATA = database.dataDir!;
  return env;
}

async function cli(database: Config['database'], ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: cliEnv(database) });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('audit chain', () => {
  const database = sharedDatabase();
  let platform: Platform;
  const open = async () => {
    const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database });
    platform = await startPlatform(config, createLogger(config));
  };

  beforeAll(async () => {
    await open();
    const actor = { userId: null, orgId: null } as never;
    for (let i = 0; i < 5; i++) {
      await platform.db.transaction().execute((trx) => appendAudit(trx, [{ actor, action: `test.write.${i}`, resourceType: 'probe', resourceId: String(i), detail: { i, note: '日本語もそのまま' } }]));
    }
    // Concurrent reads are group-committed and still chained one after another.
    await Promise.all(Array.from({ length: 50 }, (_, i) => platform.audit.record({ actor, action: 'test.read', resourceType: 'probe', resourceId: `r${i}` })));
    await platform.audit.drain();
  });
  afterAll(async () => {
    await platform.close();
    if (database.kind === 'postgres') await dropSchema(database.schema);
    else fs.rmSync(database.dataDir!, { recursive: true, force: true });
  });

  it('verifies an untouched chain, in code and through `cli audit verify`', async () => {
    const result = await verifyAuditChain(platform.db);
    expect(result).toEqual({ ok: true, entries: 55, broken: [] });
    await platform.close();
    const { code, out } = await cli(database, 'audit', 'verify');
    expect(out).toContain('audit chain OK: 55 entries');
    expect(code).toBe(0);
    await open();
  });

  it('names the entry whose stored content was altered', async () => {
    await sql`update audit_log set detail = '{"i": 2, "note": "書き換え"}'::jsonb where seq = 3`.execute(platform.db);
    const result = await verifyAuditChain(platform.db);
    expect(result.ok).toBe(false);
    expect(result.broken).toEqual([{ seq: 3, reason: 'content does not match its hash (altered)' }]);
    await platform.close();
    const { code, out } = await cli(database, 'audit', 'verify');
    expect(code).toBe(1);
    expect(out).toContain('entry 3: content does not match its hash (altered)');
    await open();
  });

  it('notices a deleted entry', async () => {
    await sql`delete from audit_log where seq = 10`.execute(platform.db);
    const reasons = (await verifyAuditChain(platform.db)).broken.map((b) => `${b.seq}: ${b.reason}`);
    expect(reasons).toContain('11: sequence gap: expected 10');
    expect(reasons).toContain('11: prev_hash does not match the previous entry');
  });
});

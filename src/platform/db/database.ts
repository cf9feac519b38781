import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { pgliteDialect } from './pglite-dialect.js';
import { sendPreparedByName } from './prepared.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for log lines (never includes a password). */
  description: string;
  close(): Promise<void>;
}

// The same JavaScript values come back from either engine: int8 and numeric as numbers (our counters
// stay far below 2^53), timestamps as Date, json as objects.
const INT8 = 20;
const NUMERIC = 1700;

/** Opens PostgreSQL when configured, otherwise the embedded PGlite (in memory when dataDir is null). */
export async function openDatabase(config: Config['database']): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') return openPostgres(config);
  return openPglite(config.dataDir);
}

async function openPostgres(config: Extract<Config['database'], { kind: 'postgres' }>): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  if (config.schema !== 'public') {
    const admin = new pg.Client({ connectionString: config.url });
    await admin.connect();
    await admin.query(`create schema if not exists "${config.schema}"`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    types,
    options: config.schema === 'public' ? undefined : `-c search_path=${config.schema}`,
  });
  // Statements marked `/* prepared: <name> */` are parsed once per connection (prepared.ts).
  pool.on('connect', (client) => sendPreparedByName(client));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const url = new URL(config.url);
  return {
    db,
    kind: 'postgres',
    description: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname} (schema ${config.schema})`,
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create(dataDir ?? undefined, {
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite at ${dataDir}` : 'embedded PGlite in memory',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

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
  /**
   * For statements prepared by name whose generic plan is known to serve every call (the TAXII page):
   * connections with plan_cache_mode = force_generic_plan, so PostgreSQL never plans them again. Left to
   * itself it compares the generic plan's estimate, made without the parameters' values, with the
   * custom plans'; for the page the generic estimate came out higher in some ANALYZE samples (2,103
   * against 1,652 in bench/intel at 1M objects), and every page was then planned again: 0.4 ms of its
   * ~0.8 ms of server CPU, to save 0.1 ms of execution. Only marked statements go here: on these
   * connections a one-off query would get a plan made without its values too. PGlite: the same as db.
   */
  genericPlans: Db;
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

/** Connections of DatabaseHandle.genericPlans beside a pool of `poolSize`. */
export const genericPlansPoolSize = (poolSize: number) => Math.max(2, Math.ceil(poolSize / 4));

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
  // JIT off: every statement here is short, and PostgreSQL compiled one whose estimate crossed
  // jit_above_cost in 40–100 ms to run it in 5 (docs/decisions.md, "No JIT for short statements").
  const connectionSettings = [...(config.schema === 'public' ? [] : [`-c search_path=${config.schema}`]), '-c jit=off'];
  const open = (settings: string[], max: number) => {
    const pool = new pg.Pool({ connectionString: config.url, max, types, options: settings.join(' '), idleTimeoutMillis: config.idleTimeoutMillis });
    // Statements marked `/* prepared: <name> */` are parsed once per connection (prepared.ts).
    pool.on('connect', (client) => sendPreparedByName(client));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  };
  const db = open(connectionSettings, config.poolSize);
  // A quarter of the pool's size beside it (docs/operations.md), opened when first used: only TAXII
  // pages of the prepared sizes use it (intel/store/queries.ts pageDb), one short statement per request.
  const genericPlans = open([...connectionSettings, '-c plan_cache_mode=force_generic_plan'], genericPlansPoolSize(config.poolSize));
  await sql`select 1`.execute(db);
  const url = new URL(config.url);
  return {
    db,
    genericPlans,
    kind: 'postgres',
    description: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname} (schema ${config.schema})`,
    close: async () => {
      await genericPlans.destroy();
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create(dataDir ?? undefined, {
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  // PostgreSQL fills each new 16 MB WAL segment with zeros by default. In memory, PGlite's file system
  // grows a file by copying it into an array 12.5 % larger, so that fill copied ~100 MB, and every
  // statement waited behind it: bench/incidents on PGlite had its slowest filings at 360–450 ms, against
  // 240–260 ms without the fill. With it off, PostgreSQL sizes the segment with one write at its end.
  // Only a file system that allocates on write gains from the fill; PGlite runs without fsync anyway.
  await pglite.exec('set wal_init_zero = off');
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    genericPlans: db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite at ${dataDir}` : 'embedded PGlite in memory',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Migration {
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

/**
 * Every capability owns its tables: migrations live in src/platform/<part>/migrations and
 * src/capabilities/<name>/migrations, and run in the global order of their file names
 * (NNNN_<capability>_<what>.sql), so a capability can build on tables created before it.
 */
export function listMigrations(root = SRC): Migration[] {
  const dirs: string[] = [];
  for (const area of ['platform', 'capabilities']) {
    const base = path.join(root, area);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) dirs.push(path.join(base, name, 'migrations'));
  }
  const migrations: Migration[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      migrations.push({
        name: file.replace(/\.sql$/, ''),
        file: path.join(dir, file),
        sql: text,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      });
    }
  }
  migrations.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const m of migrations) {
    const prefix = m.name.split('_')[0]!;
    if (seen.has(prefix)) throw new Error(`Two migrations share the number ${prefix}: renumber ${m.file}`);
    seen.add(prefix);
  }
  return migrations;
}

/** Applies pending migrations in one transaction (all or none); refuses if an applied one was edited. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`.execute(db);
  // Serialise concurrent starts of several nodes on one PostgreSQL.
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7302431)`.execute(trx);
    const applied = new Map(
      (await trx.selectFrom('schema_migrations').select(['name', 'checksum']).execute()).map((r) => [r.name, r.checksum]),
    );
    const done: string[] = [];
    for (const m of migrations) {
      const known = applied.get(m.name);
      if (known !== undefined) {
        if (known !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied; add a new one instead`);
        continue;
      }
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: m.name, checksum: m.checksum }).execute();
      done.push(m.name);
    }
    return done;
  });
}

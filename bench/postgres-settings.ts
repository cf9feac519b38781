/**
 * The PostgreSQL settings a bench ran with, printed by bench/run.ts and kept beside a bench's figures:
 * bench/matching's KEV import took 18.8 s on the packaged defaults and 15.7 s with bench/postgres-settings.sql
 * (one run each, 2026-12-02, before migration 0066), so a figure means little without them.
 */
import pg from 'pg';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const NAMES = ['shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout', 'synchronous_commit', 'jit', 'wal_compression', 'full_page_writes', 'huge_pages', 'shared_memory_size_in_huge_pages'];

export async function postgresSettings(url = PG_URL): Promise<Record<string, string> | null> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const { rows } = await c.query<{ name: string; value: string }>(`select name, current_setting(name) as value from unnest($1::text[]) as name`, [NAMES]);
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

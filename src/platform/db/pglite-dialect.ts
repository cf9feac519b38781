import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

/**
 * Lets Kysely's own PostgreSQL driver run on PGlite. PGlite is one connection in one process, so the
 * "pool" hands out that connection to one borrower at a time; a Kysely transaction keeps it borrowed
 * from BEGIN to COMMIT, which is exactly the isolation a single-connection database can give.
 */
export function pgliteDialect(pg: PGlite): PostgresDialect {
  return new PostgresDialect({ pool: new PGlitePool(pg) });
}

class PGlitePool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    // Kysely only uses query(sql, params) and release(); cursors (streaming) are not offered on PGlite.
    return new PGliteClient(this.pg, release) as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
  }
}

const COMMANDS = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'] as const;

class PGliteClient {
  private released = false;
  constructor(
    private readonly pg: PGlite,
    private readonly onRelease: () => void,
  ) {}

  async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    // Like node-postgres: no parameters → simple protocol, which also runs multi-statement scripts.
    const result =
      parameters.length === 0
        ? ((await this.pg.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<R>(sql, parameters as unknown[]);
    const verb = sql.trimStart().slice(0, 6).toUpperCase();
    const command = COMMANDS.find((c) => verb.startsWith(c)) ?? 'SELECT';
    // Kysely reads rowCount for INSERT/UPDATE/DELETE/MERGE; PGlite reports it as affectedRows.
    return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows as R[] };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

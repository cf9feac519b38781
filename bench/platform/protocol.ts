/** Messages between the bench driver (bench/platform/index.ts) and the server child (server.ts). */

/** 'bare-read': plain Fastify doing the same contacts read by key, with no auth, policy or audit. */
export type Target = 'bare' | 'bare-read' | 'secured';
export type DbKind = 'postgres' | 'pglite';

/** What the driver passes to the child, as JSON in the BENCH_SERVER environment variable. */
export interface ServerSpec {
  target: Target;
  /** For targets 'secured' and 'bare-read'. */
  db?: { kind: 'postgres'; url: string; schema: string } | { kind: 'pglite' };
  /**
   * secured only. 'contacts' is what the bench measures; the others exist for --breakdown and are not
   * valid configurations: 'health' is GET /api/health with the token (HTTP + security plugins + auth
   * hook, no database query), 'contacts-no-audit' stubs out the audit writer.
   */
  variant?: 'contacts' | 'health' | 'contacts-no-audit';
}

export type ToServer =
  | { type: 'mark' }
  | { type: 'count' }
  | { type: 'verify-chain' }
  /** V8 CPU profile of the server's main thread between the two, written to `file`. */
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

export interface Mark {
  /** process.cpuUsage() of the server process, user + system, in microseconds since it started. */
  cpuMicros: number;
  /** performance.eventLoopUtilization() snapshot, to diff between two marks. */
  elu: { idle: number; active: number; utilization: number };
  atMs: number;
}

export type FromServer =
  | {
      type: 'ready';
      url: string;
      /** secured only: the Bearer token, the org whose contacts are read. */
      token?: string;
      bankOrgId?: string;
      description: string;
      startupMs: number;
    }
  | ({ type: 'mark' } & Mark)
  /** secured only: audit_log rows, and how many group-commit transactions wrote them (distinct `at`). */
  | { type: 'count'; auditEntries: number; auditFlushes: number }
  | { type: 'verify-chain'; ok: boolean; entries: number; broken: number; ms: number }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'error'; message: string };

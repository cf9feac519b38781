/** Messages between the incidents bench driver (bench/incidents/index.ts) and its server child (server.ts). */

export type DbKind = 'postgres' | 'pglite';

/** What the driver passes to the child, as JSON in the BENCH_SERVER environment variable. */
export interface ServerSpec {
  /**
   * 'renkei': the real app (helmet, auth hook, rate limiter, zod, policy, idempotency, audit chain,
   * outbox + dispatcher, SSE) seeded with the demo world. 'plain': a bare Fastify server whose one
   * route inserts the request body into `bench_plain (id uuid primary key, body jsonb)`, nothing else.
   */
  target: 'renkei' | 'plain';
  db: { kind: 'postgres'; url: string; schema: string } | { kind: 'pglite' };
  /** PostgreSQL pool size (both targets, so the two compare like with like). */
  poolSize: number;
  /** renkei only: one API token per load client, for these users (index i → client i). */
  clientEmails?: string[];
  /** renkei only: the recipients whose SSE streams the driver opens. */
  recipientEmails?: string[];
  /**
   * renkei on PostgreSQL only (--breakdown): time every statement node-postgres sends, the pool
   * waits, and how long each submission holds the audit-chain head lock. Diagnostic: adds overhead.
   */
  timeStatements?: boolean;
  /**
   * renkei, --breakdown only, not a valid configuration: 'no-audit' stubs out the in-transaction audit
   * append (so no audit_head row lock), to show what the lock costs.
   */
  variant?: 'no-audit';
  /** application_name of the child's connections, so the driver can watch them in pg_stat_activity. */
  applicationName?: string;
}

export interface ClientIdentity {
  email: string;
  token: string;
  orgId: string;
  orgSlug: string;
  sectors: string[];
  /** The organisations every report of this client must be delivered to: the hub, then the competent ministries. */
  expectedRecipientOrgIds: string[];
}

export interface RecipientIdentity {
  email: string;
  token: string;
  orgId: string;
  orgSlug: string;
}

export type ToServer =
  | { type: 'mark' }
  /** renkei: incident_reports rows; plain: bench_plain rows. */
  | { type: 'count' }
  /** renkei only: the database checks (see Verification). */
  | { type: 'verify'; expectIndicators: number }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stats-reset' }
  | { type: 'stats' }
  | { type: 'stop' };

export interface Mark {
  /** process.cpuUsage() of the server process, user + system, in microseconds. */
  cpuMicros: number;
  /** The kernel's share of cpuMicros (socket reads and writes mostly). */
  systemMicros?: number;
  /** performance.eventLoopUtilization() snapshot, to diff between two marks. */
  elu: { idle: number; active: number; utilization: number };
  atMs: number;
  /** renkei: filing statements run so far and the filings they carried (group commit totals). */
  filings?: { statements: number; items: number };
}

export interface Verification {
  reports: number;
  reportIds: string[];
  /** Reports whose deliveries are not exactly {nco → the hub, competent_ministry → each competent ministry}. */
  badDeliveries: number;
  badDeliveryExamples: string[];
  /** Reports whose delivery stages are not exactly two per delivery. */
  badStages: number;
  /** Reports without exactly version 1 (stage initial) and nothing else. */
  badVersions: number;
  /** Reports whose indicator rows are not the expected count. */
  badIndicators: number;
  indicatorRows: number;
  distinctIndicators: number;
  /** Indicators carried by two or more reports (what "seen elsewhere" correlates on). */
  sharedIndicators: number;
  maxReportsPerIndicator: number;
  idempotencyKeys: number;
  auditSubmitEntries: number;
  outboxSubmitted: number;
  outboxUnpublished: number;
  /** Event types of the rows left unpublished (for the failure message). */
  outboxUnpublishedTypes: string[];
  /** After the load: ms until every report had its intel sightings and the outbox was drained. */
  settleMs: number;
  /** Reports with no intel sighting once that wait was over. */
  reportsWithoutSightings: number;
  chain: { ok: boolean; entries: number; broken: number; ms: number };
}

export interface StatementStat {
  statement: string;
  count: number;
  totalMs: number;
  meanMs: number;
  p99Ms: number;
}

export interface StatementStats {
  statements: StatementStat[];
  poolWait: { count: number; meanMs: number; p99Ms: number };
  /** From `select … from audit_head for update` answered (lock granted) to COMMIT answered. */
  headLockHold: { count: number; meanMs: number; p50Ms: number; p99Ms: number };
  /** How long `select … from audit_head for update` took to answer (mostly waiting for the lock). */
  headLockWait: { count: number; meanMs: number; p50Ms: number; p99Ms: number };
  /** BEGIN → COMMIT answered of the submission transactions. */
  submitTransaction: { count: number; meanMs: number; p50Ms: number; p99Ms: number };
  /** Outbox dispatcher rounds (select … for update skip locked): how many and how many rows each. */
  dispatcher: { batches: number; rows: number };
}

export type FromServer =
  | {
      type: 'ready';
      url: string;
      description: string;
      startupMs: number;
      clients?: ClientIdentity[];
      recipients?: RecipientIdentity[];
      /** renkei: the national hub's organisation. */
      hubOrgId?: string;
    }
  | ({ type: 'mark' } & Mark)
  | { type: 'count'; rows: number }
  | ({ type: 'verify' } & Verification)
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stats-reset' }
  | ({ type: 'stats' } & StatementStats)
  | { type: 'error'; message: string };

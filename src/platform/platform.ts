import pino, { type Logger } from 'pino';
import { ActorDirectory } from './auth/actors.js';
import { SessionStore } from './auth/sessions.js';
import { LoginThrottle } from './auth/throttle.js';
import { TokenStore } from './auth/tokens.js';
import { AuditWriter } from './audit/audit-log.js';
import type { Config } from './config.js';
import { openDatabase, type Db, type DatabaseHandle } from './db/database.js';
import { migrate } from './db/migrate.js';
import { EventBus } from './events/bus.js';
import { InProcessTransport } from './events/in-process.js';
import { NatsTransport } from './events/nats.js';
import { collectOutboxWrites } from './events/outbox.js';
import type { EventTransport } from './events/types.js';
import { loadLaw, type Law } from './law/law.js';

/** Everything a capability needs from the machinery, created once per process. */
export interface Platform {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  law: Law;
  log: Logger;
  audit: AuditWriter;
  events: EventBus;
  actors: ActorDirectory;
  sessions: SessionStore;
  tokens: TokenStore;
  throttle: LoginThrottle;
  /** Runs fn in one transaction; once it commits, events it emitted are delivered. */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
  });
}

/** Opens the database, applies migrations, loads law data and starts event delivery. */
export async function startPlatform(config: Config, log: Logger = createLogger(config)): Promise<Platform> {
  const law = loadLaw();
  const database = await openDatabase(config.database);
  const db = database.db;
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (err) {
    await database.close();
    throw err;
  }
  const transport: EventTransport = config.nats ? new NatsTransport(config.nats, log) : new InProcessTransport();
  const events = new EventBus(db, transport, log);
  await events.start();
  const audit = new AuditWriter(db, log);
  audit.start();
  return {
    config,
    database,
    db,
    law,
    log,
    audit,
    events,
    actors: new ActorDirectory(db, law),
    sessions: new SessionStore(db, config.sessionHours),
    tokens: new TokenStore(db),
    throttle: new LoginThrottle(db, config.loginAttemptsPer15Min),
    async transaction(fn) {
      const { result, writes } = await db.transaction().execute((trx) => collectOutboxWrites(trx, () => audit.withDeferred(trx, fn)));
      // Committed: its events go out now, and only rows written some other way need a round.
      events.deliverCommitted(writes.events);
      if (writes.other) events.committed();
      return result;
    },
    async close() {
      await audit.stop();
      await events.close();
      await database.close();
    },
  };
}

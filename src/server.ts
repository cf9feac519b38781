import fs from 'node:fs';
import type { Logger } from 'pino';
import { CAPABILITIES } from './capabilities/index.js';
import { seedDemoContent } from './demo/content.js';
import { DEMO_LOGINS, DEMO_PASSWORD, demoState, isSeeded, seedDemoWorld } from './demo/seed.js';
import { loadConfig, type Config } from './platform/config.js';
import { lockDataDir } from './platform/db/lock.js';
import { buildApp } from './platform/http/app.js';
import { createLogger, startPlatform, type Platform } from './platform/platform.js';

/** `npm start`: migrate, seed the demo world on first start, serve the API and dashboard. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const { platform, unlock } = await openPlatform(config, log);
  let seeded = false;
  if (config.seedDemo) seeded = await seedDemoWorld(platform);
  else if (config.env === 'production' && (await isSeeded(platform))) {
    log.warn('this database holds the demo world; do not use it in production');
  }
  const app = await buildApp(platform, { capabilities: CAPABILITIES });
  if (seeded) await seedDemoContent(platform, app);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;

  const lines = [
    '',
    `  Renkei 連携 is running: ${url}`,
    `  Database: ${platform.database.description}${seeded ? ' (demo world seeded now)' : ''}`,
    `  Events:   ${platform.events.transport.name}`,
    `  API docs: ${url}/api/docs`,
  ];
  if (config.seedDemo) {
    lines.push('', `  Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) lines.push(`    ${l.email.padEnd(28)} ${l.what}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
    unlock();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Starts the platform on its database. A demo whose first start was stopped while its content went in
 * is started over when the database is the embedded one: until the content is in, the server has not
 * opened its port, so that directory holds nothing but the seeding's own output. It is moved aside,
 * not deleted. On PostgreSQL (a database someone set up) it is only reported.
 */
async function openPlatform(config: Config, log: Logger): Promise<{ platform: Platform; unlock: () => void }> {
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : null;
  const unlock = dataDir ? lockDataDir(dataDir, 'renkei server') : () => {};
  const platform = await startPlatform(config, log);
  if (!config.seedDemo || (await demoState(platform)) !== 'interrupted') return { platform, unlock };
  if (!dataDir) {
    log.warn('the demo world was seeded but its first start stopped before the rest of the demo (reports, advisories, intelligence, the exercise) was in; empty this database and start again for the whole demo');
    return { platform, unlock };
  }
  await platform.close();
  unlock();
  const aside = `${dataDir}-interrupted-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(dataDir, aside);
  process.stdout.write(`\n  The first start was stopped before the demo was complete; starting over (the incomplete data is kept in ${aside}).\n`);
  return openPlatform(config, log);
}

main().catch((err: unknown) => {
  process.stderr.write(`Renkei failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

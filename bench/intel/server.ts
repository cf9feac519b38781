/**
 * The TAXII server of the intel bench, run as a child process of bench/intel/index.ts so the server
 * and the load generator each have their own event loop (as in bench/platform). It serves the real
 * Renkei app — TAXII auth, policy, visibility in SQL, audit — on the bench's already loaded schema.
 * BENCH_INTEL_SERVER (JSON): { url, schema }. Answers 'ready' with its base URL, then waits for 'stop'
 * (answering 'stopped' with the CPU time it used).
 */
import { performance } from 'node:perf_hooks';
import { CAPABILITIES } from '../../src/capabilities/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { buildApp } from '../../src/platform/http/app.js';
import { createLogger, startPlatform } from '../../src/platform/platform.js';

export type ServerMessage =
  | { type: 'ready'; baseUrl: string; database: string }
  | { type: 'cpu'; cpuMicros: number; atMs: number }
  | { type: 'error'; message: string };

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_INTEL_SERVER ?? '') as { url: string; schema: string; poolSize: number };
  // The rate limiter stays installed (it is part of what is measured); its budget is just out of reach.
  const config = loadConfig(
    { RENKEI_ENV: 'test', LOG_LEVEL: 'silent' },
    { database: { kind: 'postgres', url: spec.url, schema: spec.schema, poolSize: spec.poolSize }, rateLimitPerMinute: 1_000_000_000 },
  );
  const platform = await startPlatform(config, createLogger(config));
  const app = await buildApp(platform, { capabilities: CAPABILITIES, serveWeb: false, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  process.on('message', (raw) => {
    const msg = raw as { type: string };
    void (async () => {
      if (msg.type === 'cpu') {
        const c = process.cpuUsage();
        process.send!({ type: 'cpu', cpuMicros: c.user + c.system, atMs: performance.now() } satisfies ServerMessage);
      } else if (msg.type === 'stop') {
        await app.close();
        await platform.close();
        process.disconnect();
        setTimeout(() => process.exit(0), 3000).unref();
      }
    })().catch((err: unknown) => process.send!({ type: 'error', message: String(err) } satisfies ServerMessage));
  });
  process.send!({ type: 'ready', baseUrl: `http://127.0.0.1:${port}`, database: platform.database.description } satisfies ServerMessage);
}

main().catch((err: unknown) => {
  process.send?.({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ServerMessage);
  process.exitCode = 1;
  process.disconnect?.();
});

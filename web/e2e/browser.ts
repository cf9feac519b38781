import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestWorld, type TestWorld } from '../../src/platform/testing/harness.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

/** Debian's Chromium; the project never downloads a browser. */
export const CHROMIUM = process.env.RENKEI_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserWorld {
  world: TestWorld;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A seeded platform serving the built dashboard on a free port, and a headless Chromium. */
export async function startBrowserWorld(): Promise<BrowserWorld> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const world = await startTestWorld({}, { serveWeb: true });
  await world.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    world,
    base,
    browser,
    async close() {
      await browser.close();
      await world.close();
    },
  };
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
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

/**
 * One BrowserWorld for the enclosing describe block: started before its tests (ahead of the block's own
 * beforeAll hooks, which run in the order they are registered) and closed after them.
 */
export function suiteBrowserWorld(started: (bw: BrowserWorld) => void): void {
  let bw: BrowserWorld | undefined;
  beforeAll(async () => {
    bw = await startBrowserWorld();
    started(bw);
  });
  afterAll(async () => {
    await bw?.close();
  });
}

export interface SignInOptions {
  /** Default timeout of every step, for pages that are slow on a shared machine. */
  timeoutMs?: number;
  viewport?: { width: number; height: number };
  /** Only so a test can inject a script tag (axe-core); the page's own CSP stays as served otherwise. */
  bypassCSP?: boolean;
}

/**
 * A new Japanese-locale browser context signed in as a demo user, on `url`, with the live stream
 * connected. Page errors are collected into `errors`; the context closes with the world's browser.
 */
export async function signedIn(bw: BrowserWorld, email: string, url: string, errors: string[], opts: SignInOptions = {}): Promise<Page> {
  const context = await bw.browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    bypassCSP: opts.bypassCSP ?? false,
  });
  if (opts.timeoutMs) context.setDefaultTimeout(opts.timeoutMs);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  await page.goto(bw.base + url);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByText('接続中', { exact: true }).waitFor();
  return page;
}

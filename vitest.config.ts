import { defineConfig } from 'vitest/config';

/**
 * One suite, run against both databases: every *.test.ts runs once on embedded PGlite and once on the
 * local PostgreSQL (RENKEI_TEST_DB). Multi-node tests (two processes + NATS), browser tests (Debian
 * Chromium) and the web client's unit tests run once each.
 */
const DB_TESTS = ['src/**/*.test.ts'];
const ONCE = ['src/**/*.multinode.test.ts', 'web/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'pglite', include: DB_TESTS, exclude: ONCE, env: { RENKEI_TEST_DB: 'pglite' } } },
      { extends: true, test: { name: 'postgres', include: DB_TESTS, exclude: ONCE, env: { RENKEI_TEST_DB: 'postgres' } } },
      { extends: true, test: { name: 'multinode', include: ['src/**/*.multinode.test.ts'], env: { RENKEI_TEST_DB: 'postgres' } } },
      { extends: true, test: { name: 'browser', include: ['web/**/*.browser.test.ts'], env: { RENKEI_TEST_DB: 'pglite' } } },
      // The web client's own logic that needs no browser (no database either).
      { extends: true, test: { name: 'web', include: ['web/src/**/*.test.ts'] } },
    ],
  },
});

// Builds the dashboard (web/ → web/dist) when it is missing or older than its sources, so that
// `npm start` and `npm test` need no separate build step. `--force` always builds.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const web = path.join(root, 'web');
const stamp = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

if (!fs.existsSync(path.join(web, 'vite.config.ts'))) {
  console.log('web/: no dashboard sources yet; skipping build');
  process.exit(0);
}
const force = process.argv.includes('--force');
if (!force && fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest(web)) process.exit(0);
console.log('Building the dashboard (web/dist)…');
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // Always the production build of React, whatever NODE_ENV the caller (a test runner) has set.
  env: { ...process.env, NODE_ENV: 'production' },
});

/**
 * Runs the benches: every bench/<name>/index.ts in turn, each in its own Node process (so one bench's
 * heap, timers and JIT state cannot colour the next).
 *
 *   npm run bench                          # all of them
 *   npx tsx bench/run.ts platform          # only the named one(s)
 *   npx tsx bench/run.ts platform --cpu-prof   # arguments starting with -- go to each bench
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresSettings } from './postgres-settings.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--'));
const passOn = args.filter((a) => a.startsWith('--'));

const all = fs
  .readdirSync(HERE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(HERE, d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`no such bench: ${unknown.join(', ')} (have: ${all.join(', ')})`);
  process.exit(2);
}
const chosen = wanted.length ? all.filter((n) => wanted.includes(n)) : all;

function run(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, name, 'index.ts'), ...passOn], { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// What PostgreSQL was set to (bench/postgres-settings.sql, applied by bench/tune-postgres.sh).
const settings = await postgresSettings();
if (settings) {
  console.log(`PostgreSQL settings: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (settings['shared_buffers'] === '128MB') console.log('  (the packaged defaults: run bench/tune-postgres.sh first to measure as deployed)');
}

let failed = 0;
for (const name of chosen) {
  console.log(`\n== bench ${name} ==`);
  const code = await run(name);
  if (code !== 0) {
    failed++;
    console.error(`bench ${name} failed (exit ${code})`);
  }
}
process.exit(failed ? 1 : 0);

import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * The lock file names the holder; a lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string, holder: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'renkei.lock');
  try {
    const { pid, holder: other } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; holder: string };
    if (pid !== process.pid && isAlive(pid)) {
      throw new Error(`${dataDir} is in use by ${other} (pid ${pid}). Stop it first, or use PostgreSQL (DATABASE_URL) to share data between processes.`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
  }
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, holder }));
  return () => {
    try {
      const { pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
      if (pid === process.pid) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import type { Db } from '../db/database.js';

const WINDOW_MS = 15 * 60_000;

/** Counts failed logins per address in the database, so the limit holds across every node. */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
  ) {}

  async isBlocked(email: string): Promise<boolean> {
    return (await this.blockedFor(email)) > 0;
  }

  /**
   * Seconds until the address may try again (0: it may now): until enough of its failures in the
   * window have aged out of it. Sent as Retry-After, so a locked-out integration says so in its logs
   * instead of looking like a wrong password.
   */
  async blockedFor(email: string): Promise<number> {
    const since = new Date(Date.now() - WINDOW_MS);
    // The newest maxFailures failures: the oldest of them is the one whose ageing out unblocks.
    const rows = await this.db
      .selectFrom('login_failures')
      .select('at')
      .where('email', '=', email.toLowerCase())
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(this.maxFailures)
      .execute();
    if (rows.length < this.maxFailures) return 0;
    const unblocksAt = new Date(rows.at(-1)!.at).getTime() + WINDOW_MS;
    return Math.max(1, Math.ceil((unblocksAt - Date.now()) / 1000));
  }

  async fail(email: string, ip: string | undefined): Promise<void> {
    await this.db.insertInto('login_failures').values({ email: email.toLowerCase(), ip: ip ?? null }).execute();
  }

  async succeed(email: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute();
  }
}

import type { Db } from '../db/database.js';

const WINDOW_MS = 15 * 60_000;

/** Counts failed logins per address in the database, so the limit holds across every node. */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
  ) {}

  async isBlocked(email: string): Promise<boolean> {
    const since = new Date(Date.now() - WINDOW_MS);
    const row = await this.db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email.toLowerCase())
      .where('at', '>', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0) >= this.maxFailures;
  }

  async fail(email: string, ip: string | undefined): Promise<void> {
    await this.db.insertInto('login_failures').values({ email: email.toLowerCase(), ip: ip ?? null }).execute();
  }

  async succeed(email: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute();
  }
}

import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword, randomSecret } from './platform/auth/secrets.js';
import { CAPABILITIES } from './capabilities/index.js';
import { seedDemoContent } from './demo/content.js';
import { demoState, seedDemoWorld } from './demo/seed.js';
import { buildApp } from './platform/http/app.js';
import { verifyAuditChain } from './platform/audit/verify.js';
import { loadConfig } from './platform/config.js';
import { lockDataDir } from './platform/db/lock.js';
import { Clearance, OrgKind, Role } from './platform/identity/ids.js';
import { createLogger, startPlatform, type Platform } from './platform/platform.js';

const USAGE = `Renkei command line — npm run cli -- <command> [options]

  org create   --slug S --name 名前 --name-en NAME --kind KIND [--sector CODE]... [--authority CODE] [--designated]
  user create  --email E --name 名前 --org SLUG --role ROLE [--clearance none|cei|sds] [--password P]
  token create --user EMAIL [--name NAME]      prints only the new token
  token revoke --id TOKEN_ID
  seed                                          seeds the demo world and its work in flight, as a first npm start does (not in production)
  audit verify                                  checks the hash chain; exit 1 names each broken entry
  migrate                                       applies pending migrations

On embedded PGlite, run the CLI while the server is stopped (it works on ./data or RENKEI_DATA);
on PostgreSQL (DATABASE_URL) it can run at any time.`;

class UsageError extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} is required`);
  return v;
}

async function run(platform: Platform, args: string[]): Promise<number> {
  const [noun, verb, ...rest] = args;
  const cmd = `${noun ?? ''} ${verb ?? ''}`.trim();
  const { values } = parseArgs({
    args: noun === 'seed' || noun === 'migrate' ? [] : rest,
    allowPositionals: false,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      kind: { type: 'string' },
      sector: { type: 'string', multiple: true },
      authority: { type: 'string' },
      designated: { type: 'boolean' },
      email: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      clearance: { type: 'string' },
      password: { type: 'string' },
      user: { type: 'string' },
      id: { type: 'string' },
    },
  });
  const { db } = platform;
  switch (noun === 'seed' || noun === 'migrate' ? noun : cmd) {
    case 'org create': {
      const kind = OrgKind.parse(need(values, 'kind'));
      const sectors = values.sector ?? [];
      for (const s of sectors) if (!platform.law.sector(s)) throw new UsageError(`unknown sector ${s}`);
      const id = crypto.randomUUID();
      await platform.transaction(async (trx) => {
        await trx
          .insertInto('organizations')
          .values({ id, slug: need(values, 'slug'), name: need(values, 'name'), name_en: need(values, 'name-en'), kind, authority: values.authority ?? null, sectors, designated: values.designated ?? false, designated_business_types: [] })
          .execute();
        await platform.audit.inTransaction(trx, [{ actor: null, action: 'organization.create', resourceType: 'organization', resourceId: id, detail: { via: 'cli', slug: values.slug } }]);
      });
      console.log(id);
      return 0;
    }
    case 'user create': {
      const org = await db.selectFrom('organizations').select('id').where('slug', '=', need(values, 'org')).executeTakeFirst();
      if (!org) throw new UsageError(`no organisation with slug ${values.org}`);
      const role = Role.parse(need(values, 'role'));
      const clearance = Clearance.parse(values.clearance ?? 'none');
      const generated = values.password === undefined;
      const password = values.password ?? randomSecret(18);
      if (password.length < 12) throw new UsageError('--password must be at least 12 characters');
      const id = crypto.randomUUID();
      const hash = await hashPassword(password);
      await platform.transaction(async (trx) => {
        await trx.insertInto('users').values({ id, email: need(values, 'email').toLowerCase(), display_name: need(values, 'name'), password_hash: hash, clearance }).execute();
        await trx.insertInto('memberships').values({ user_id: id, org_id: org.id, role }).execute();
        await platform.audit.inTransaction(trx, [{ actor: null, action: 'user.create', resourceType: 'user', resourceId: id, detail: { via: 'cli', role, clearance } }]);
      });
      console.log(id);
      if (generated) console.error(`generated password (shown once): ${password}`);
      return 0;
    }
    case 'token create': {
      const email = need(values, 'user').toLowerCase();
      const member = await db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.user_id', 'u.id')
        .select(['u.id', 'm.org_id'])
        .where('u.email', '=', email)
        .orderBy('m.created_at')
        .executeTakeFirst();
      if (!member) throw new UsageError(`no user ${email}`);
      const issued = await platform.transaction(async (trx) => {
        const t = await platform.tokens.issue({ userId: member.id, orgId: member.org_id, name: values.name ?? 'cli', createdBy: null }, trx);
        await platform.audit.inTransaction(trx, [{ actor: null, action: 'api_token.create', resourceType: 'api_token', resourceId: t.id, detail: { via: 'cli', userId: member.id } }]);
        return t;
      });
      // Only the token on stdout, so scripts can capture it.
      process.stdout.write(`${issued.token}\n`);
      return 0;
    }
    case 'token revoke': {
      const id = need(values, 'id');
      const done = await platform.transaction(async (trx) => {
        const r = await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
        if (r.numUpdatedRows > 0n) await platform.audit.inTransaction(trx, [{ actor: null, action: 'api_token.revoke', resourceType: 'api_token', resourceId: id, detail: { via: 'cli' } }]);
        return r.numUpdatedRows > 0n;
      });
      console.log(done ? 'revoked' : 'no such active token');
      return done ? 0 : 1;
    }
    case 'seed': {
      if ((await demoState(platform)) === 'interrupted') {
        console.error('the demo world is here but the rest of the demo is not (a first start or seed stopped part-way); empty this database and seed again');
        return 1;
      }
      const seeded = await seedDemoWorld(platform);
      if (seeded) {
        // The same demo as a first `npm start`: its content goes in through the app's services.
        const app = await buildApp(platform, { capabilities: CAPABILITIES, serveWeb: false, logger: false });
        try {
          await seedDemoContent(platform, app);
        } finally {
          await app.close();
        }
      }
      console.log(seeded ? 'demo world seeded' : 'already seeded; nothing to do');
      return 0;
    }
    case 'migrate':
      console.log('migrations are up to date');
      return 0;
    case 'audit verify': {
      // Entries recorded but not yet chained (a node stopped before its sealer ran) are chained first.
      await platform.audit.drain();
      const result = await verifyAuditChain(db);
      if (result.ok) {
        console.log(`audit chain OK: ${result.entries} entries`);
        return 0;
      }
      console.log(`audit chain BROKEN: ${result.broken.length} problem(s) in ${result.entries} entries`);
      for (const b of result.broken) console.log(`  entry ${b.seq}: ${b.reason}`);
      return 1;
    }
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(process.env, { seedDemo: false });
  const quiet = { ...config, logLevel: process.env.LOG_LEVEL ?? 'warn' };
  const unlock = config.database.kind === 'pglite' && config.database.dataDir ? lockDataDir(config.database.dataDir, 'renkei cli') : () => {};
  let code = 1;
  let platform: Platform | null = null;
  try {
    platform = await startPlatform(quiet, createLogger(quiet));
    code = await run(platform, args);
  } catch (err) {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err instanceof Error ? err.message : String(err));
    code = 2;
  } finally {
    await platform?.close();
    unlock();
  }
  process.exit(code);
}

void main();

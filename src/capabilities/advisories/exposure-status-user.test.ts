import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

/**
 * exposures.status_changed_by is no longer a foreign key (migration 0063: matching's inserts paid a
 * queued check per row for a column they always leave null); triggers keep the key's two rules.
 */
const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));

describe('who changed an exposure status', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;
  let exposureId: string;

  beforeAll(async () => {
    w = await startTestWorld();
    hub = await w.login('hub@renkei.example');
    bank = await w.login('bank@renkei.example');
    const asset = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name: 'ジョブ管理 監査', category: 'server', cpe: 'cpe:2.3:a:apache:dolphinscheduler:3.2.0:*:*:*:*:*:*:*', placement: 'internal' } });
    expect(asset.statusCode).toBe(201);
    expect((await w.as(hub, { method: 'POST', url: '/api/advisories', payload: read('cve/records/CVE-2024-30188.json') })).statusCode).toBe(201);
    exposureId = (await w.platform.db.selectFrom('exposures').select('id').where('asset_id', '=', asset.json().id).executeTakeFirstOrThrow()).id;
  });
  afterAll(() => w.close());

  const changedBy = async () => (await w.platform.db.selectFrom('exposures').select('status_changed_by').where('id', '=', exposureId).executeTakeFirstOrThrow()).status_changed_by;

  it('must name an existing user', async () => {
    await expect(sql`update exposures set status_changed_by = ${crypto.randomUUID()}::uuid where id = ${exposureId}::uuid`.execute(w.platform.db)).rejects.toThrow(/is not a user/);
    expect(await changedBy()).toBeNull();
  });

  it('is cleared when that user is deleted', async () => {
    const userId = crypto.randomUUID();
    await sql`insert into users (id, email, display_name) values (${userId}::uuid, ${`gone-${userId}@renkei.example`}, 'Gone')`.execute(w.platform.db);
    await sql`update exposures set status = 'acknowledged', status_changed_by = ${userId}::uuid where id = ${exposureId}::uuid`.execute(w.platform.db);
    expect(await changedBy()).toBe(userId);
    await sql`delete from users where id = ${userId}::uuid`.execute(w.platform.db);
    expect(await changedBy()).toBeNull();
  });
});

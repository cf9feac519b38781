import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Session, TestWorld } from '../../platform/testing/harness.js';
import { assetsRepository } from '../assets/repository.js';
import { dolphin, dolphinWorld, pendingRow } from './dolphin.fixtures.js';
import { advisoriesRepository as repo } from './repository.js';
import { advisoriesService } from './service.js';

/**
 * A retro-match commits asynchronously (migration 0064): the pending-match row written with the asset is
 * what a crash cannot lose. The sweep matches what is still pending; a retro-match clears only the row
 * whose token it read.
 */
describe('pending retro-matches', () => {
  let w: TestWorld;
  let bank: Session;

  beforeAll(async () => {
    ({ w, bank } = await dolphinWorld());
  });
  afterAll(() => w.close());

  const register = async (name: string, version: string) => {
    const res = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name, category: 'server', cpe: dolphin(version), placement: 'internal' } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const exposures = (assetId: string) => w.platform.db.selectFrom('exposures').select(['id', 'advisory_id', 'status']).where('asset_id', '=', assetId).execute();
  const pending = (assetId: string) => pendingRow(w, assetId);
  /** The app's own retro-match (asset.changed) has run and committed: its pending row is gone. */
  const settled = async (assetId: string) => {
    for (let i = 0; i < 200; i++) {
      if (!(await pending(assetId))) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the pending row of ${assetId} was never cleared`);
  };
  const backdate = (assetId: string, token: string) =>
    sql`insert into asset_match_pending (asset_id, token, since) values (${assetId}::uuid, ${token}::uuid, now() - interval '1 hour')
      on conflict (asset_id) do update set token = excluded.token, since = excluded.since`.execute(w.platform.db);

  it('registering an asset writes a pending row that its retro-match clears, with an exposure id derived from the pair', async () => {
    const id = await register('ジョブ管理 本番', '3.2.1');
    await settled(id);
    const [e] = await exposures(id);
    expect(e).toBeDefined();
    const { rows } = await sql<{ id: string }>`select exposure_id_for(${e!.advisory_id}::uuid, ${id}::uuid)::text as id`.execute(w.platform.db);
    expect(e!.id).toBe(rows[0]!.id);
    expect(z.uuid().safeParse(e!.id).success).toBe(true);
    // A nearby version that nothing matches is cleared too (the write-less path).
    const other = await register('ジョブ管理 新版', '3.2.2');
    await settled(other);
    expect(await exposures(other)).toHaveLength(0);
  });

  it('the sweep matches an asset whose retro-match was lost, under the same exposure id', async () => {
    const id = await register('ジョブ管理 検証', '3.2.1');
    await settled(id);
    const [before] = await exposures(id);
    expect(before).toBeDefined();
    // What a crash losing the asynchronous commit leaves: no exposure, the pending row still there.
    await w.platform.db.deleteFrom('exposures').where('asset_id', '=', id).execute();
    await backdate(id, crypto.randomUUID());
    const node = advisoriesService(w.platform);
    expect(await exposures(id)).toHaveLength(0);
    expect(await node.sweepPending(10)).toBeGreaterThanOrEqual(1);
    const after = await exposures(id);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).toBe(before!.id);
    expect(await pending(id)).toBeUndefined();
  });

  it('the sweep leaves rows younger than its threshold to the retro-match on its way', async () => {
    const id = await register('ジョブ管理 予備', '3.2.1');
    await settled(id);
    await w.platform.db.deleteFrom('exposures').where('asset_id', '=', id).execute();
    await sql`insert into asset_match_pending (asset_id, token) values (${id}::uuid, gen_random_uuid())`.execute(w.platform.db);
    await advisoriesService(w.platform).sweepPending(3600);
    expect(await exposures(id)).toHaveLength(0);
    expect(await pending(id)).toBeDefined();
  });

  it('a retro-match clears a pending row only if its token is the one it read', async () => {
    const id = await register('ジョブ管理 夜間', '3.2.1');
    await settled(id);
    const [e] = await exposures(id);
    const read1 = crypto.randomUUID();
    const changedAgain = crypto.randomUUID();
    // The asset changed again after the retro-match read read1: both write paths keep the newer row.
    await backdate(id, changedAgain);
    await repo.settlePending(w.platform.db, { assetIds: [id], tokens: [read1] });
    expect((await pending(id))?.token).toBe(changedAgain);
    const match = { advisoryId: e!.advisory_id, assetIds: [id], verdict: 'affected', reason: '{}', severity: 'high', knownExploited: false };
    const write = (token: string) =>
      repo.recordExposures(w.platform.db, { matches: [match as never], deadlines: [], closeAdvisories: [], closePairs: [], visibility: '{}', returnEvents: true, indexVersion: Number.MAX_SAFE_INTEGER, settle: { assetIds: [id], tokens: [token] } });
    await write(read1);
    expect((await pending(id))?.token).toBe(changedAgain);
    // With the token it holds, each path clears it.
    await write(changedAgain);
    expect(await pending(id)).toBeUndefined();
    await backdate(id, changedAgain);
    await repo.settlePending(w.platform.db, { assetIds: [id], tokens: [changedAgain] });
    expect(await pending(id)).toBeUndefined();
  });

  it('a change of the asset replaces the token a retro-match read, so that retro-match leaves the row', async () => {
    const id = await register('ジョブ管理 移行', '3.2.1');
    await settled(id);
    const first = crypto.randomUUID();
    await backdate(id, first);
    // A retro-match reads `first` …
    const rows = await repo.retroRead(w.platform.db, [id]);
    expect(rows.find((r) => r.id === id)!.pending_token).toBe(first);
    // … the asset changes again (the registry's statement, in the asset's transaction) …
    await assetsRepository.markForMatching(w.platform.db, [id]);
    const newer = await pending(id);
    expect(newer?.token).not.toBe(first);
    // … and the first retro-match's commit keeps the newer row for the sweep or the next retro-match.
    await repo.settlePending(w.platform.db, { assetIds: [id], tokens: [first] });
    expect((await pending(id))?.token).toBe(newer!.token);
    expect(await advisoriesService(w.platform).sweepPending(3600)).toBe(0);
    await advisoriesService(w.platform).retroMatch([id]);
    expect(await pending(id)).toBeUndefined();
  });

  // Each asset.changed event carries at most a thousand ids: an import larger than that must announce
  // every asset, not only its first thousand.
  it('every one of 2,500 imported assets of an affected version gets its exposure', async () => {
    const n = 2500;
    const header = 'name,category,maker,product,version,cpe,purl,placement,service,criticality,operator_org,designated_critical';
    const rows = Array.from({ length: n }, (_, i) => `scheduler-${i},server,Apache,DolphinScheduler,3.2.1,cpe:2.3:a:apache:dolphinscheduler:3.2.1:*:*:*:*:*:*:*,,internal,batch,high,,false`);
    const res = await w.app.inject({ method: 'POST', url: '/api/assets/import', payload: [header, ...rows].join('\n'), headers: { cookie: bank.cookie, 'x-csrf-token': bank.csrf, 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { ids: string[] }).ids;
    expect(ids).toHaveLength(n);

    const exposed = async () =>
      Number(
        (
          await w.platform.db
            .selectFrom('exposures as e')
            .innerJoin('advisories as a', 'a.id', 'e.advisory_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('a.source_id', '=', 'CVE-2024-30188')
            .where('e.asset_id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Well inside the sweep's first round after start (60 s), so it is the events that must cover every
    // asset: the sweep would otherwise mend a lost batch and hide it.
    const deadline = Date.now() + 20_000;
    let count = await exposed();
    while (count < n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      count = await exposed();
    }
    expect(count).toBe(n);
  }, 60_000);
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestWorld } from '../../platform/testing/harness.js';
import { dolphin, dolphinWorld, pendingRow } from './dolphin.fixtures.js';
import type { KnownAsset } from './matching.js';
import { advisoriesRepository as repo } from './repository.js';
import { AssetChanged } from './schema.js';
import { advisoriesService } from './service.js';

/**
 * A retro-match of one asset as its asset.changed event described it writes in one statement, without
 * reading the asset first (recordExposures' `known`). It may write only while what it matched is still
 * true — the advisories at the version it matched against, the asset with that identity — and otherwise
 * writes nothing, so that the service falls back to reading and matching again.
 */
describe('retro-match of an asset as its event described it', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;
  let advisoryId: string;

  beforeAll(async () => {
    ({ w, hub, bank, advisoryId } = await dolphinWorld());
  });
  afterAll(() => w.close());

  const exposures = (assetId: string) => w.platform.db.selectFrom('exposures').select(['id', 'advisory_id', 'status', 'justification']).where('asset_id', '=', assetId).execute();
  const pending = (assetId: string) => pendingRow(w, assetId);
  const indexVersion = async () => Number((await sql<{ version: string }>`select version::text from advisory_index_state`.execute(w.platform.db)).rows[0]!.version);
  /** Registers an asset and waits until the app's own retro-match (asset.changed) has committed. */
  const register = async (name: string, version: string) => {
    const res = await w.as(bank, { method: 'POST', url: '/api/assets', payload: { name, category: 'server', cpe: dolphin(version), placement: 'internal' } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    for (let i = 0; i < 200 && (await pending(id)); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await pending(id)).toBeUndefined();
    return id;
  };
  /** The asset as the registry's event describes it, taken from the outbox row the registration wrote. */
  const described = async (assetId: string): Promise<KnownAsset> => {
    const { rows } = await sql<{ payload: unknown }>`select payload from outbox where type = 'asset.changed' and payload->'assetIds' ? ${assetId}::text order by seq desc limit 1`.execute(w.platform.db);
    const asset = AssetChanged.parse(rows[0]!.payload).asset;
    expect(asset?.id).toBe(assetId);
    return asset!;
  };
  /** As a crash that lost the retro-match's commit would leave it: no exposures, a pending row. */
  const unmatch = async (assetId: string) => {
    await w.platform.db.deleteFrom('exposures').where('asset_id', '=', assetId).execute();
    await sql`insert into asset_match_pending (asset_id, token) values (${assetId}::uuid, gen_random_uuid()) on conflict (asset_id) do nothing`.execute(w.platform.db);
  };
  /** A registered 3.2.1 asset as its event described it, then unmatched. */
  const unmatched = async (name: string) => {
    const id = await register(name, '3.2.1');
    const known = await described(id);
    await unmatch(id);
    return { id, known };
  };
  const match = (assetId: string) => ({ advisoryId, assetIds: [assetId], verdict: 'affected' as const, reason: '{}', severity: 'high', knownExploited: false });
  const deadlines = [{ severity: 'high', knownExploited: false, placement: 'internal', dueAt: new Date(Date.now() + 86_400_000), rule: 'test' }];
  const writeKnown = async (known: KnownAsset, version: number, matches = [match(known.id)]) =>
    repo.recordExposures(w.platform.db, { matches, deadlines, closeAdvisories: [], closePairs: [], visibility: '{}', returnEvents: true, indexVersion: version, known });

  it('the registration event carries the identity as stored', async () => {
    const id = await register('ジョブ管理 記述', '3.2.1');
    const asset = await described(id);
    expect(asset).toMatchObject({ cpe: dolphin('3.2.1'), version: '3.2.1', purl: null });
    expect(asset.identityKeys.length).toBeGreaterThan(0);
  });

  it('writes, closes and settles in one statement when the advisories and the asset are as matched', async () => {
    const { id, known } = await unmatched('ジョブ管理 一文');
    const r = await writeKnown(known, await indexVersion());
    expect(r.applied).toBe(true);
    expect(r.created).toBe(1);
    expect(r.events.map((e) => e.type)).toEqual(['exposure.notified']);
    expect((await exposures(id)).map((e) => [e.advisory_id, e.status])).toEqual([[advisoryId, 'notified']]);
    expect(await pending(id)).toBeUndefined();
    // Matched again with nothing matching: the open exposure is closed as no longer matched.
    const closed = await writeKnown(known, await indexVersion(), []);
    expect(closed.applied).toBe(true);
    expect(await exposures(id)).toEqual([expect.objectContaining({ status: 'not_affected', justification: 'no longer matched after an update' })]);
  });

  it('a node with a current copy matches the described asset in one statement', async () => {
    const node = advisoriesService(w.platform);
    const first = await register('ジョブ管理 先行', '3.2.1');
    await node.retroMatch([first]);
    const { id, known } = await unmatched('ジョブ管理 一度');
    expect(await node.retroMatch([id], known)).toEqual({ created: 1, updated: 0, via: 'event' });
    expect((await exposures(id)).map((e) => [e.advisory_id, e.status])).toEqual([[advisoryId, 'notified']]);
    expect(await pending(id)).toBeUndefined();
  });

  it('writes nothing when the advisories moved past the version it matched against', async () => {
    const { id, known } = await unmatched('ジョブ管理 旧版');
    const r = await writeKnown(known, (await indexVersion()) - 1);
    expect(r.applied).toBe(false);
    expect(r.created).toBe(0);
    expect(r.events).toEqual([]);
    expect(await exposures(id)).toEqual([]);
    expect(await pending(id)).toBeDefined();
  });

  it('writes nothing when the asset changed since its event', async () => {
    const id = await register('ジョブ管理 変更', '3.2.1');
    const before = await described(id);
    const res = await w.as(bank, { method: 'PATCH', url: `/api/assets/${id}`, payload: { cpe: dolphin('3.2.2'), version: '3.2.2' } });
    expect(res.statusCode).toBe(200);
    for (let i = 0; i < 200 && (await pending(id)); i++) await new Promise((r) => setTimeout(r, 25));
    // The update's own retro-match closed the exposure of 3.2.1.
    expect((await exposures(id)).map((e) => e.status)).toEqual(['not_affected']);
    await sql`insert into asset_match_pending (asset_id, token) values (${id}::uuid, gen_random_uuid())`.execute(w.platform.db);
    // The first event's identity (3.2.1, affected) no longer holds: nothing is written or settled.
    const r = await writeKnown(before, await indexVersion());
    expect(r.applied).toBe(false);
    expect((await exposures(id)).map((e) => e.status)).toEqual(['not_affected']);
    expect(await pending(id)).toBeDefined();
    // The service then reads the asset as it is now (3.2.2, not affected) and settles its pending row.
    expect(await advisoriesService(w.platform).retroMatch([id], before)).toEqual({ created: 0, updated: 0, via: 'read' });
    expect((await exposures(id)).map((e) => e.status)).toEqual(['not_affected']);
    expect(await pending(id)).toBeUndefined();
  });

  it('writes nothing for an asset deleted since its event', async () => {
    const id = await register('ジョブ管理 削除', '3.2.1');
    const known = await described(id);
    expect((await w.as(bank, { method: 'DELETE', url: `/api/assets/${id}` })).statusCode).toBe(204);
    const r = await writeKnown(known, await indexVersion());
    expect(r.applied).toBe(false);
    expect(await exposures(id)).toEqual([]);
  });

  it('a node whose copy of the advisories is behind falls back, and matches an advisory published meanwhile', async () => {
    const node = advisoriesService(w.platform);
    const first = await register('ジョブ管理 ノード', '3.2.1');
    // The node loads its copy (a retro-match of an asset it is told nothing about reads it).
    await node.retroMatch([first]);
    const id = await register('ジョブ管理 後発', '3.2.1');
    const known = await described(id);
    // A manual advisory about the same product, published after the node's copy was made.
    const manual = await w.as(hub, {
      method: 'POST',
      url: '/api/advisories',
      payload: { reference: 'HUB-2026-RETRO', title: 'DolphinScheduler 3.2.1', severity: 'critical', products: [{ cpe: 'cpe:2.3:a:apache:dolphinscheduler:*:*:*:*:*:*:*:*', versions: '>= 3.2.0, < 3.2.2' }] },
    });
    expect(manual.statusCode).toBe(201);
    const manualId = manual.json().advisories[0].id as string;
    await unmatch(id);
    const r = await node.retroMatch([id], known);
    expect(r).toEqual({ created: 2, updated: 0, via: 'read' });
    expect((await exposures(id)).map((e) => e.advisory_id).sort()).toEqual([advisoryId, manualId].sort());
    expect(await pending(id)).toBeUndefined();
  });
});

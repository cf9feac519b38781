import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { AdvisoryIndex } from './advisory-index.js';
import { loadDeadlineRules } from './deadlines.js';
import { deadlineRows, type Match } from './matching.js';
import { advisoriesRepository as repo } from './repository.js';
import { advisoriesService } from './service.js';

/**
 * Each node keeps the advisories in memory for retro-matching (advisory-index.ts). A second
 * advisoriesService on the same database is a second node: its copy goes stale whenever the HTTP app
 * (the first node) publishes an advisory or an alias, and must be refreshed from advisory_index_state
 * before it matches — never from events.
 */
const STANDARDS = path.resolve(import.meta.dirname, '../../../../shared/standards');
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(STANDARDS, p), 'utf8'));
const dolphin = (v: string) => `cpe:2.3:a:apache:dolphinscheduler:${v}:*:*:*:*:*:*:*`;
const converter = (v: string) => `cpe:2.3:a:csaf-tools:cvrf-csaf-converter:${v}:*:*:*:*:*:*:*`;
const sandbox = (v: string) => `cpe:2.3:a:fortinet:fortisandbox:${v}:*:*:*:*:*:*:*`;

describe('the advisory index of a node', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;
  let port: Session;

  beforeAll(async () => {
    w = await startTestWorld();
    hub = await w.login('hub@renkei.example');
    bank = await w.login('bank@renkei.example');
    port = await w.login('port@renkei.example');
  });
  afterAll(() => w.close());

  const publish = async (doc: unknown) => {
    const res = await w.as(hub, { method: 'POST', url: '/api/advisories', payload: doc });
    expect(res.statusCode).toBe(201);
    return res.json() as { advisories: { id: string }[]; exposures: { created: number } };
  };
  const register = async (s: Session, name: string, cpe: string) => {
    const res = await w.as(s, { method: 'POST', url: '/api/assets', payload: { name, category: 'server', cpe, placement: 'internal' } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const exposure = (assetId: string, sourceId: string) =>
    w.platform.db
      .selectFrom('exposures as e')
      .innerJoin('advisories as a', 'a.id', 'e.advisory_id')
      .innerJoin('exposure_reasons as r', 'r.id', 'e.reason_id')
      .select(['e.id', 'e.status', 'e.verdict', 'e.justification', 'r.reason'])
      .where('e.asset_id', '=', assetId)
      .where('a.source_id', '=', sourceId)
      .executeTakeFirst();
  const state = async () => {
    const s = await w.platform.db.selectFrom('advisory_index_state').select(['version', 'deleted_version']).executeTakeFirstOrThrow();
    return { version: Number(s.version), deleted: Number(s.deleted_version) };
  };
  /** The HTTP app retro-matches new assets too (asset.changed); wait for it so it cannot race what follows. */
  const settled = async (assetId: string, sourceId: string, status: string) => {
    for (let i = 0; i < 200; i++) {
      if ((await exposure(assetId, sourceId))?.status === status) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`exposure of ${assetId} to ${sourceId} never became ${status}`);
  };

  it('a stale copy is refreshed before a retro-match: an advisory published on another node matches the next new asset', async () => {
    const node = advisoriesService(w.platform);
    const old = await register(bank, 'ジョブ管理 旧版', dolphin('3.0.9'));
    // Loads this node's copy: no advisory yet.
    expect(await node.retroMatch([old])).toEqual({ created: 0, updated: 0, via: 'read' });
    const before = await state();
    await publish(read('cve/records/CVE-2024-30188.json'));
    expect((await state()).version).toBeGreaterThan(before.version);
    const fresh = await register(bank, 'ジョブ管理 本番', dolphin('3.2.1'));
    // A copy still at `before` would find nothing here (and close what the other node opened).
    const r = await node.retroMatch([fresh]);
    expect(r.created + r.updated).toBe(1);
    expect(await exposure(fresh, 'CVE-2024-30188')).toMatchObject({ status: 'notified', verdict: 'affected' });
    // Out of range stays unmatched on this node too.
    expect(await node.retroMatch([old])).toEqual({ created: 0, updated: 0, via: 'read' });
    expect(await exposure(old, 'CVE-2024-30188')).toBeUndefined();
  });

  it('an asset changed out of range is closed, and matched again when it changes back — even after a person acknowledged it', async () => {
    const node = advisoriesService(w.platform);
    const id = await register(bank, 'ジョブ管理 検証', dolphin('3.2.0'));
    await settled(id, 'CVE-2024-30188', 'notified');
    const open = (await exposure(id, 'CVE-2024-30188'))!;
    expect((await w.as(bank, { method: 'PUT', url: `/api/notifications/${open.id}/status`, payload: { status: 'acknowledged' } })).statusCode).toBe(204);
    // The registry's row changes as assetsService.update writes it (identity keys do not carry the version).
    const setVersion = (v: string) => w.platform.db.updateTable('assets').set({ cpe: dolphin(v), version: v }).where('id', '=', id).execute();
    await setVersion('3.2.2');
    expect(await node.retroMatch([id])).toEqual({ created: 0, updated: 0, via: 'read' });
    expect(await exposure(id, 'CVE-2024-30188')).toMatchObject({ id: open.id, status: 'not_affected', justification: 'no longer matched after an update' });
    await setVersion('3.1.7');
    expect(await node.retroMatch([id])).toEqual({ created: 0, updated: 1, via: 'read' });
    // Open again, without the justification that went with "no longer matched".
    expect(await exposure(id, 'CVE-2024-30188')).toMatchObject({ id: open.id, status: 'notified', verdict: 'affected', justification: null });
    // A person's own verdict is not overturned by matching again.
    expect((await w.as(bank, { method: 'PUT', url: `/api/notifications/${open.id}/status`, payload: { status: 'not_affected', justification: 'component_not_present' } })).statusCode).toBe(204);
    expect(await node.retroMatch([id])).toEqual({ created: 0, updated: 1, via: 'read' });
    expect(await exposure(id, 'CVE-2024-30188')).toMatchObject({ status: 'not_affected', justification: 'component_not_present' });
  });

  it('an alias declared on another node re-files this node’s copy', async () => {
    const node = advisoriesService(w.platform);
    const first = await register(port, 'サンドボックス 4.2.5', sandbox('4.2.5'));
    // CVE-2023-41843 names the product only as text: nothing matches it without an alias.
    expect((await publish(read('cve/records/CVE-2023-41843.json'))).exposures.created).toBe(0);
    expect(await node.retroMatch([first])).toEqual({ created: 0, updated: 0, via: 'read' });
    const alias = await w.as(hub, { method: 'POST', url: '/api/advisories/aliases', payload: { from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' } });
    expect(alias.json()).toMatchObject({ exposuresCreated: 1 });
    const second = await register(port, 'サンドボックス 4.0.1', sandbox('4.0.1'));
    const r = await node.retroMatch([second]);
    expect(r.created + r.updated).toBe(1);
    expect(await exposure(second, 'CVE-2023-41843')).toMatchObject({ status: 'notified', verdict: 'affected', reason: { identifier: 'alias' } });
  });

  it('a retro-match slower than an advisory writer does not undo the writer’s verdict', async () => {
    const { db } = w.platform;
    const id = await register(bank, 'ジョブ管理 遅延', dolphin('3.2.1'));
    await settled(id, 'CVE-2024-30188', 'notified');
    const adv = await db.selectFrom('advisories').select(['id', 'index_version', 'severity', 'known_exploited']).where('source_id', '=', 'CVE-2024-30188').executeTakeFirstOrThrow();
    const stamped = Number(adv.index_version);
    // What a retro-match writes after matching against a copy at `indexVersion`.
    const write = (indexVersion: number, matches: Match[], closePairs: { advisoryId: string; assetId: string }[]) =>
      repo.recordExposures(db, { matches, deadlines: deadlineRows(loadDeadlineRules(), matches, new Date()), closeAdvisories: [], closePairs, visibility: '{}', returnEvents: true, indexVersion });
    const pair = [{ advisoryId: adv.id, assetId: id }];
    // A copy older than the advisory: its "no longer matched" is not written.
    await write(stamped - 1, [], pair);
    expect((await exposure(id, 'CVE-2024-30188'))!.status).toBe('notified');
    await write(stamped, [], pair);
    expect((await exposure(id, 'CVE-2024-30188'))!.status).toBe('not_affected');
    // Nor is its match.
    const match: Match = { advisoryId: adv.id, verdict: 'affected', reason: '{}', severity: adv.severity, knownExploited: adv.known_exploited, assetIds: [id] };
    expect((await write(stamped - 1, [match], [])).updated).toBe(0);
    expect((await exposure(id, 'CVE-2024-30188'))!.status).toBe('not_affected');
    expect((await write(stamped, [match], [])).updated).toBe(1);
    expect((await exposure(id, 'CVE-2024-30188'))!.status).toBe('notified');
  });

  it('an asset deleted while a writer records its exposures waits for it and takes them along; one deleted before gets none', async () => {
    const { db } = w.platform;
    const adv = await db.selectFrom('advisories').select(['id', 'severity', 'known_exploited']).where('source_id', '=', 'CVE-2024-30188').executeTakeFirstOrThrow();
    const matchFor = (assetId: string): Match => ({ advisoryId: adv.id, verdict: 'affected', reason: '{}', severity: adv.severity, knownExploited: adv.known_exploited, assetIds: [assetId] });
    const write = (q: typeof db, assetId: string, holdsWritersLock: boolean) =>
      repo.recordExposures(q, { matches: [matchFor(assetId)], deadlines: deadlineRows(loadDeadlineRules(), [matchFor(assetId)], new Date()), closeAdvisories: [], closePairs: [], visibility: '{}', returnEvents: false, indexVersion: null, holdsWritersLock });
    const count = async (assetId: string) => Number((await db.selectFrom('exposures').select((eb) => eb.fn.countAll().as('n')).where('asset_id', '=', assetId).executeTakeFirstOrThrow()).n);
    const remove = (assetId: string) => w.as(bank, { method: 'DELETE', url: `/api/assets/${assetId}` });

    // Deleted first: the writer's read no longer finds it, so nothing is written for it.
    const gone = await register(bank, 'ジョブ管理 廃止', dolphin('3.2.1'));
    await settled(gone, 'CVE-2024-30188', 'notified');
    expect((await remove(gone)).statusCode).toBe(204);
    expect(await count(gone)).toBe(0);
    expect((await write(db, gone, false)).created).toBe(0);
    expect(await count(gone)).toBe(0);

    // Deleted while a writer is in flight — a retro-match (its row lock) or an import (the writers' lock):
    // the deletion waits for the writer's commit, then removes what it wrote.
    for (const [name, holdsWritersLock] of [['撤去', false], ['撤収', true]] as const) {
      const held = await register(bank, `ジョブ管理 ${name}`, dolphin('3.2.1'));
      await settled(held, 'CVE-2024-30188', 'notified');
      await db.deleteFrom('exposures').where('asset_id', '=', held).execute();
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const writer = w.platform.transaction(async (trx) => {
        if (holdsWritersLock) await repo.lockAdvisoryWriters(trx);
        expect((await write(trx, held, holdsWritersLock)).created).toBe(1);
        written();
        await released;
      });
      await wrote;
      let deleted = false;
      const deletion = remove(held).then((res) => {
        deleted = true;
        return res.statusCode;
      });
      await new Promise((r) => setTimeout(r, 150));
      expect(deleted).toBe(false);
      release();
      await writer;
      expect(await deletion).toBe(204);
      expect(await count(held)).toBe(0);
    }
  });

  it('a copy made before a deletion is rebuilt whole, even with a smaller refresh already in flight', async () => {
    const { db } = w.platform;
    const index = new AdvisoryIndex();
    const s0 = await state();
    await index.ensure(db, s0.version, s0.deleted);
    const dolphinKeys = ['cpe:apache:dolphinscheduler'];
    const converterKeys = ['cpe:csaf-tools:cvrf-csaf-converter'];
    const cve = (await db.selectFrom('advisories').select('id').where('source_id', '=', 'CVE-2024-30188').executeTakeFirstOrThrow()).id;
    expect(index.candidates(dolphinKeys).map((a) => a.id)).toEqual([cve]);

    const rc1 = await register(await w.login('power@renkei.example'), '変換ツール rc1', converter('1.0.0-rc1'));
    const published = await publish(read('csaf2.0/examples/bsi-2022-0001.json'));
    expect(published.exposures.created).toBe(1);
    const csaf = published.advisories[0]!.id;
    const s1 = await state();
    expect(index.candidates(converterKeys)).toEqual([]);
    await index.ensure(db, s1.version, s1.deleted);
    expect(index.candidates(converterKeys).map((a) => a.id)).toEqual([csaf]);

    // Retro-match A reads the state after another advisory; then the CSAF one is deleted; retro-match B
    // reads the state after that. A's refresh (a delta) is in flight when B asks for the deletion.
    await publish(read('cve/records/CVE-2022-1471.json'));
    const seenByA = await state();
    await db.deleteFrom('advisories').where('id', '=', csaf).execute();
    const seenByB = await state();
    expect(seenByB.deleted).toBeGreaterThan(seenByA.version);
    // Its exposures go with it (migration 0016: a trigger, no longer the foreign key).
    expect(await exposure(rc1, 'BSI-2022-0001')).toBeUndefined();
    await Promise.all([index.ensure(db, seenByA.version, seenByA.deleted), index.ensure(db, seenByB.version, seenByB.deleted)]);
    expect(index.candidates(converterKeys)).toEqual([]);
    expect(index.candidates(dolphinKeys).map((a) => a.id)).toContain(cve);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy/types.js';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';
import { IssueAlert } from './schema.js';
import { alertsService, type AlertsService } from './service.js';

const input = (over: Record<string, unknown> = {}) =>
  IssueAlert.parse({
    severity: 'Extreme',
    urgency: 'Immediate',
    certainty: 'Observed',
    info: { ja: { event: '侵入', headline: '決済システムへの侵入', description: '詳細は追って連絡します。' } },
    sectors: ['finance'],
    ...over,
  });

describe('alerts service on the database', () => {
  let w: TestWorld;
  let service: AlertsService;
  const actors: Record<string, Actor> = {};
  const actor = async (email: string) => {
    const org = (await w.platform.db.selectFrom('memberships').select('org_id').where('user_id', '=', await w.userId(email)).executeTakeFirstOrThrow()).org_id;
    return (await w.platform.actors.resolve(await w.userId(email), org, 'session'))!.actor;
  };
  const events = async (type: string) => (await w.platform.db.selectFrom('outbox').select(['payload', 'visibility']).where('type', '=', type).orderBy('seq').execute()) as { payload: Record<string, unknown>; visibility: Record<string, unknown> }[];

  beforeAll(async () => {
    w = await startTestWorld();
    service = alertsService(w.platform);
    for (const e of ['hub@renkei.example', 'fsa@renkei.example', 'mic@renkei.example', 'bank@renkei.example', 'shinkin@renkei.example', 'power@renkei.example']) actors[e] = await actor(e);
  });
  afterAll(() => w.close());

  it('exercise alerts carry the mark and never appear in real lists (filtered in SQL), only by id', async () => {
    const hub = actors['hub@renkei.example']!;
    const real = await w.platform.transaction((trx) => service.issue(hub, trx, input(), 'ja'));
    const drill = await w.platform.transaction((trx) => service.issue(hub, trx, input(), 'ja', { exerciseId: '7d1f1a2e-0000-4000-8000-000000000001' }));
    expect(drill.status).toBe('Exercise');
    const bank = actors['bank@renkei.example']!;
    const listed = (await service.list(bank, { box: 'all', limit: 200 })).map((r) => r.id);
    expect(listed).toContain(real.id);
    expect(listed).not.toContain(drill.id);
    // The same for the issuer's own "issued" box and for the escalation view.
    expect((await service.list(hub, { box: 'issued', limit: 200 })).map((r) => r.id)).not.toContain(drill.id);
    expect((await service.get(bank, drill.id)).exerciseId).toBe('7d1f1a2e-0000-4000-8000-000000000001');
    const row = await w.platform.db.selectFrom('alerts').select(['status', 'exercise_id']).where('id', '=', drill.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'Exercise', exercise_id: '7d1f1a2e-0000-4000-8000-000000000001' });
    // The database itself refuses an exercise status without an exercise (and the reverse).
    await expect(w.platform.db.updateTable('alerts').set({ exercise_id: null }).where('id', '=', drill.id).execute()).rejects.toThrow();
  });

  it('the live event reaches exactly the addressees, their ministry and the hub', async () => {
    const hub = actors['hub@renkei.example']!;
    const { id } = await w.platform.transaction((trx) => service.issue(hub, trx, input({ scope: 'Restricted' }), 'ja'));
    const ev = (await events('alert.issued')).find((e) => e.payload.alertId === id)!;
    const { can } = await import('../../platform/policy/index.js');
    const sees = (email: string) => can(actors[email]!, 'read', { type: 'event', marking: ev.visibility as never });
    expect(['hub@renkei.example', 'fsa@renkei.example', 'bank@renkei.example', 'shinkin@renkei.example'].map(sees)).toEqual([true, true, true, true]);
    expect(['mic@renkei.example', 'power@renkei.example'].map(sees)).toEqual([false, false]);
  });

  it('escalates on time: first the organisation’s admins, then its ministry’s view; acknowledging stops it', async () => {
    const hub = actors['hub@renkei.example']!;
    const sentAt = new Date(Date.now() - 20 * 60_000);
    const { id } = await w.platform.transaction((trx) => service.issue(hub, trx, input(), 'ja', { sentAt }));
    const bank = actors['bank@renkei.example']!;
    await service.acknowledge(actors['shinkin@renkei.example']!, id, undefined);

    // 20 minutes after an Extreme alert: past the 15-minute step (admins), not the 60-minute one.
    expect(await service.escalateDue(new Date())).toBeGreaterThanOrEqual(2);
    const level1 = (await events('alert.escalated')).filter((e) => e.payload.alertId === id);
    expect(level1.map((e) => e.payload.level)).toEqual([1, 1]);
    const bankEvent = level1.find((e) => e.payload.orgId === bank.orgId)!;
    expect(bankEvent.visibility).toMatchObject({ tlp: 'red', recipientUserIds: [bank.userId] });
    expect(level1.some((e) => e.payload.orgId === actors['shinkin@renkei.example']!.orgId)).toBe(false);
    expect((await service.escalations(bank)).map((r) => r.alert_id)).toContain(id);
    expect((await service.escalations(actors['fsa@renkei.example']!)).map((r) => r.alert_id)).not.toContain(id);

    // An hour later: the ministry's step. FSA sees the bank as unacknowledged; MIC does not.
    await service.escalateDue(new Date(sentAt.getTime() + 61 * 60_000));
    const fsaView = (await service.escalations(actors['fsa@renkei.example']!)).filter((r) => r.alert_id === id);
    expect(fsaView.map((r) => r.slug).sort()).toEqual(['fin-isac', 'sakura-bank']);
    expect((await service.escalations(actors['mic@renkei.example']!)).filter((r) => r.alert_id === id)).toEqual([]);
    expect((await service.escalations(hub)).filter((r) => r.alert_id === id)).toHaveLength(2);

    // Nothing further is due, and an acknowledgement takes the bank off the ministry's list.
    await service.escalateDue(new Date(sentAt.getTime() + 24 * 3_600_000));
    const after = await w.platform.db.selectFrom('alert_recipients').select(['escalation_level', 'escalate_at']).where('alert_id', '=', id).where('acknowledged_at', 'is', null).execute();
    expect(after).toEqual([{ escalation_level: 2, escalate_at: null }, { escalation_level: 2, escalate_at: null }]);
    await service.acknowledge(bank, id, 'OK');
    expect((await service.escalations(actors['fsa@renkei.example']!)).filter((r) => r.alert_id === id).map((r) => r.slug)).toEqual(['fin-isac']);
  });

  it('Test alerts are delivered but never escalate', async () => {
    const hub = actors['hub@renkei.example']!;
    const { id } = await w.platform.transaction((trx) => service.issue(hub, trx, input({ status: 'Test' }), 'ja', { sentAt: new Date(Date.now() - 86_400_000) }));
    await service.escalateDue(new Date());
    const rows = await w.platform.db.selectFrom('alert_recipients').select(['escalation_level', 'escalate_at']).where('alert_id', '=', id).execute();
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.escalation_level === 0 && r.escalate_at === null)).toBe(true);
  });
});

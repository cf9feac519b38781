import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/policy/types.js';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';
import { alertsService } from '../alerts/service.js';
import { CreateExercise } from './schema.js';
import { exercisesService, type ExercisesService } from './service.js';

describe('exercises on the database', () => {
  let w: TestWorld;
  let service: ExercisesService;
  const actors: Record<string, Actor> = {};
  const actor = async (email: string) => {
    const org = (await w.platform.db.selectFrom('memberships').select('org_id').where('user_id', '=', await w.userId(email)).executeTakeFirstOrThrow()).org_id;
    return (await w.platform.actors.resolve(await w.userId(email), org, 'session'))!.actor;
  };
  const scenario = async (over: Record<string, unknown> = {}) =>
    CreateExercise.parse({
      name: '分野横断的演習 2026',
      participants: [await w.orgId('sakura-bank'), await w.orgId('hikari-shinkin')],
      injects: [
        { offsetSeconds: 0, kind: 'alert', severity: 'Extreme', headline: '【演習】決済系へのランサムウェア', description: '演習用の想定です。' },
        { offsetSeconds: 60, kind: 'incident', headline: '【演習】勘定系の停止', description: '勘定系が停止したと想定し、報告してください。' },
        { offsetSeconds: 120, kind: 'advisory', headline: '【演習】VPN 機器の脆弱性', description: '該当機器を確認してください。' },
      ],
      ...over,
    });

  beforeAll(async () => {
    w = await startTestWorld();
    service = exercisesService(w.platform);
    for (const e of ['hub@renkei.example', 'fsa@renkei.example', 'bank@renkei.example', 'shinkin@renkei.example', 'power@renkei.example']) actors[e] = await actor(e);
  });
  afterAll(() => w.close());

  it('fires injects at their offsets from the database clock, once each, also after a restart', async () => {
    const hub = actors['hub@renkei.example']!;
    const input = await scenario();
    const { id } = await w.platform.transaction((trx) => service.create(hub, trx, input, 'ja'));
    // A draft fires nothing, however late it is.
    expect(await service.fireDue(new Date(Date.now() + 3_600_000))).toBe(0);
    // Started on a clock an hour ahead, so the test world's own scheduler (real time) never fires them.
    const t0 = new Date(Date.now() + 3_600_000);
    await service.start(hub, id, 'ja', t0);
    expect(await service.fireDue(new Date(t0.getTime() - 1000))).toBe(0);
    expect(await service.fireDue(t0)).toBe(1);
    expect(await service.fireDue(t0)).toBe(0);
    // A new node (or the process after a restart) knows nothing in memory; the timeline is in the database.
    const restarted = exercisesService(w.platform);
    expect(await restarted.fireDue(new Date(t0.getTime() + 59_000))).toBe(0);
    expect(await restarted.fireDue(new Date(t0.getTime() + 61_000))).toBe(1);
    expect(await restarted.fireDue(new Date(t0.getTime() + 600_000))).toBe(1);
    const injects = (await service.get(hub, id)).injects;
    expect(injects.map((i) => i.firedAt !== null)).toEqual([true, true, true]);
    expect(injects[1]!.firedAt).toBe(new Date(t0.getTime() + 61_000).toISOString());
  });

  it('the injected alert carries the exercise mark and never shows in real lists; answers make the per-organisation report', async () => {
    const hub = actors['hub@renkei.example']!;
    const bank = actors['bank@renkei.example']!;
    const shinkin = actors['shinkin@renkei.example']!;
    const input = await scenario();
    const { id } = await w.platform.transaction((trx) => service.create(hub, trx, input, 'ja'));
    const t0 = new Date(Date.now() + 3_600_000);
    await service.start(hub, id, 'ja', t0);
    // All three come due together (a late scheduler): each is delivered when it fires.
    await service.fireDue(new Date(t0.getTime() + 121_000));

    // A participant sees the fired injects, the marked alert among them.
    const seen = await service.get(bank, id);
    const [alertInject, incident, advisory] = seen.injects;
    expect(seen.abilities).toEqual({ manage: false, start: false, end: false });
    const alerts = alertsService(w.platform);
    const alert = await alerts.get(bank, alertInject!.alertId!);
    expect(alert).toMatchObject({ status: 'Exercise', exerciseId: id });
    expect((await alerts.list(bank, { box: 'all', limit: 200 })).map((a) => a.id)).not.toContain(alert.id);
    expect((await alerts.list(hub, { box: 'issued', limit: 200 })).map((a) => a.id)).not.toContain(alert.id);

    // The bank acknowledges the alert (the alerts capability) and files its report; shinkin only the advisory.
    await alerts.acknowledge(bank, alert.id, '演習：受領', new Date(t0.getTime() + 121_000 + 90_000));
    expect(incident!.canRespond).toBe(true);
    await expect(service.respond(bank, id, incident!.id, {}, 'en')).rejects.toMatchObject({ fields: [{ path: 'report.summary', message: 'Write the summary of the incident report.' }] });
    await service.respond(bank, id, incident!.id, { report: { summary: '勘定系停止（演習）' } }, 'ja', new Date(t0.getTime() + 121_000 + 300_000));
    const again = await service.respond(bank, id, incident!.id, { report: { summary: '二回目' } }, 'ja');
    expect(again.already).toBe(true);
    await service.respond(shinkin, id, advisory!.id, { note: '確認済み' }, 'ja', new Date(t0.getTime() + 121_000 + 45_000));

    const report = await service.report(hub, id);
    const bankRow = report.organizations.find((o) => o.orgId === bank.orgId)!;
    const shinkinRow = report.organizations.find((o) => o.orgId === shinkin.orgId)!;
    // Sent when the scheduler fired it (t0 + 121 s), acknowledged 90 s later.
    expect(bankRow.alert).toEqual({ delivered: 1, answered: 1, meanSeconds: 90, maxSeconds: 90 });
    expect(bankRow.incident).toEqual({ delivered: 1, answered: 1, meanSeconds: 300, maxSeconds: 300 });
    expect(bankRow.advisory).toMatchObject({ delivered: 1, answered: 0 });
    expect(shinkinRow.alert).toMatchObject({ delivered: 1, answered: 0 });
    expect(shinkinRow.advisory).toMatchObject({ answered: 1, meanSeconds: 45 });
    // The organiser reads the synthetic report itself; a participant gets no one's answers but its own.
    const organiserView = (await service.get(hub, id)).injects.find((i) => i.id === incident!.id)!;
    expect(organiserView.responses).toEqual([expect.objectContaining({ orgId: bank.orgId, report: { summary: '勘定系停止（演習）' } })]);
    expect((await service.get(shinkin, id)).injects.every((i) => i.responses === null)).toBe(true);
    // A participant reads its own row only.
    expect((await service.report(bank, id)).organizations.map((o) => o.orgId)).toEqual([bank.orgId]);
  });

  it('a participant sees only what has fired; outsiders see nothing; a ministry exercises its own sectors only', async () => {
    const hub = actors['hub@renkei.example']!;
    const input = await scenario();
    const { id } = await w.platform.transaction((trx) => service.create(hub, trx, input, 'ja'));
    expect((await service.get(hub, id)).injects).toHaveLength(3);
    expect((await service.get(actors['bank@renkei.example']!, id)).injects).toHaveLength(0);
    await expect(service.get(actors['power@renkei.example']!, id)).rejects.toMatchObject({ status: 404 });
    expect((await service.list(actors['power@renkei.example']!)).map((e) => e.id)).not.toContain(id);
    expect((await service.list(actors['bank@renkei.example']!)).map((e) => e.id)).toContain(id);
    await expect(service.start(actors['bank@renkei.example']!, id, 'ja')).rejects.toMatchObject({ status: 404 });

    const fsa = actors['fsa@renkei.example']!;
    const power = await scenario({ participants: [await w.orgId('tokai-power')] });
    await expect(w.platform.transaction((trx) => service.create(fsa, trx, power, 'ja'))).rejects.toMatchObject({ status: 404 });
    const mine = await scenario();
    const own = await w.platform.transaction((trx) => service.create(fsa, trx, mine, 'ja'));
    expect(own.state).toBe('draft');
  });

  it('ending stops the injects still to come', async () => {
    const hub = actors['hub@renkei.example']!;
    const input = await scenario();
    const { id } = await w.platform.transaction((trx) => service.create(hub, trx, input, 'ja'));
    const t0 = new Date(Date.now() + 3_600_000);
    await service.start(hub, id, 'ja', t0);
    expect(await service.fireDue(t0)).toBe(1);
    await service.end(hub, id, 'ja', new Date(t0.getTime() + 1000));
    expect(await service.fireDue(new Date(t0.getTime() + 3_600_000))).toBe(0);
    expect((await service.get(hub, id)).injects.filter((i) => i.firedAt).length).toBe(1);
    await expect(service.start(hub, id, 'en')).rejects.toMatchObject({ fields: [{ path: 'state', message: 'This exercise has already started.' }] });
  });
});

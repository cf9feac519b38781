import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

describe('exercises over HTTP', () => {
  let w: TestWorld;
  let hub: Session;
  let bank: Session;
  let power: Session;
  let bankId: string;
  const scenario = (over: Record<string, unknown> = {}) => ({
    name: 'E2E 演習',
    participants: [bankId],
    injects: [
      { offsetSeconds: 0, kind: 'alert', severity: 'Severe', headline: '【演習】不正送金の兆候', description: '演習用の想定です。' },
      { offsetSeconds: 0, kind: 'incident', headline: '【演習】端末のマルウェア感染', description: '報告してください。' },
      { offsetSeconds: 3600, kind: 'advisory', headline: '【演習】後続の注意喚起', description: '一時間後に届きます。' },
    ],
    ...over,
  });

  beforeAll(async () => {
    w = await startTestWorld();
    const [h, b, p] = await Promise.all(['hub@renkei.example', 'bank@renkei.example', 'power@renkei.example'].map((e) => w.login(e)));
    [hub, bank, power] = [h!, b!, p!];
    bankId = await w.orgId('sakura-bank');
  });
  afterAll(() => w.close());

  it('needs a login on every endpoint (401)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, url] of [['GET', '/api/exercises'], ['POST', '/api/exercises'], ['GET', `/api/exercises/${id}`], ['POST', `/api/exercises/${id}/start`], ['POST', `/api/exercises/${id}/end`], ['GET', `/api/exercises/${id}/report`], ['POST', `/api/exercises/${id}/injects/${id}/respond`]] as const) {
      expect((await w.as(null, { method, url, payload: url === '/api/exercises' ? scenario() : method === 'POST' ? {} : undefined })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('refuses a bad scenario with field paths in the caller’s language; a company cannot create one (404)', async () => {
    const bad = await w.as(hub, { method: 'POST', url: '/api/exercises', payload: scenario({ name: '', injects: [{ offsetSeconds: -1, kind: 'drill', headline: 'x', description: 'y' }] }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['name', 'injects[0].offsetSeconds', 'injects[0].kind']));
    const unknown = await w.as(hub, { method: 'POST', url: '/api/exercises', payload: scenario({ participants: [bankId, '00000000-0000-4000-8000-000000000009'] }), headers: { 'accept-language': 'en' } });
    expect(unknown.json().error.fields).toEqual([{ path: 'participants[1]', message: 'No such organisation.' }]);
    expect((await w.as(bank, { method: 'POST', url: '/api/exercises', payload: scenario() })).statusCode).toBe(404);
  });

  it('runs: injects at offset 0 fire on start, the alert is marked and absent from the real list; the report times the answers', async () => {
    const headers = { 'idempotency-key': 'exercise-http-0001' };
    const created = await w.as(hub, { method: 'POST', url: '/api/exercises', payload: scenario(), headers });
    expect(created.statusCode).toBe(201);
    expect((await w.as(hub, { method: 'POST', url: '/api/exercises', payload: scenario(), headers })).json().id).toBe(created.json().id);
    const id = created.json().id as string;
    expect((await w.as(power, { method: 'GET', url: `/api/exercises/${id}` })).statusCode).toBe(404);
    expect((await w.as(bank, { method: 'POST', url: `/api/exercises/${id}/start` })).statusCode).toBe(404);

    expect((await w.as(hub, { method: 'POST', url: `/api/exercises/${id}/start` })).json().state).toBe('running');
    // The scheduler (the route's timer) fires the two offset-0 injects within a tick or two.
    let seen: { injects: { kind: string; alertId: string | null; id: string; canRespond: boolean }[] } = { injects: [] };
    for (let i = 0; i < 50 && seen.injects.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
      seen = (await w.as(bank, { method: 'GET', url: `/api/exercises/${id}` })).json();
    }
    expect(seen.injects.map((i) => i.kind)).toEqual(['alert', 'incident']);
    const alertId = seen.injects[0]!.alertId!;
    expect((await w.as(bank, { method: 'GET', url: `/api/alerts/${alertId}` })).json()).toMatchObject({ status: 'Exercise', exerciseId: id });
    expect((await w.as(bank, { method: 'GET', url: '/api/alerts' })).json().items.map((a: { id: string }) => a.id)).not.toContain(alertId);
    const xml = (await w.as(bank, { method: 'GET', url: `/api/alerts/${alertId}/cap.xml` })).body;
    expect(xml).toContain('<status>Exercise</status>');

    expect((await w.as(bank, { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: { note: '受領' } })).statusCode).toBe(200);
    // An alert inject is acknowledged through the alerts API, not here.
    expect((await w.as(bank, { method: 'POST', url: `/api/exercises/${id}/injects/${seen.injects[0]!.id}/respond`, payload: {} })).statusCode).toBe(404);
    const noReport = await w.as(bank, { method: 'POST', url: `/api/exercises/${id}/injects/${seen.injects[1]!.id}/respond`, payload: {} });
    expect(noReport.statusCode).toBe(400);
    expect(noReport.json().error.fields[0]).toEqual({ path: 'report.summary', message: 'インシデント報告の概要を入力してください。' });
    expect((await w.as(bank, { method: 'POST', url: `/api/exercises/${id}/injects/${seen.injects[1]!.id}/respond`, payload: { report: { summary: '演習報告' } } })).statusCode).toBe(200);

    // The synthetic report is exercise data: no real incident list (the bank's, the hub's) shows it.
    for (const who of [bank, hub]) {
      const incidents = await w.as(who, { method: 'GET', url: '/api/incidents' });
      expect(incidents.statusCode).toBe(200);
      expect(incidents.body).not.toContain('演習報告');
    }

    const report = (await w.as(hub, { method: 'GET', url: `/api/exercises/${id}/report` })).json();
    expect(report.organizations).toHaveLength(1);
    expect(report.organizations[0]).toMatchObject({ slug: 'sakura-bank', alert: { delivered: 1, answered: 1 }, incident: { delivered: 1, answered: 1 }, advisory: { delivered: 0, answered: 0 } });
    expect((await w.as(power, { method: 'GET', url: `/api/exercises/${id}/report` })).statusCode).toBe(404);
    expect((await w.as(hub, { method: 'POST', url: `/api/exercises/${id}/end` })).json().state).toBe('ended');
    // Reads of an exercise (TLP:AMBER+STRICT) are audited, whether still pending or sealed into the chain.
    const audited = async (table: 'audit_pending' | 'audit_log') =>
      (await w.platform.db.selectFrom(table).select('action').where('resource_id', '=', id).where('actor_org_id', '=', bankId).execute()).map((r) => r.action);
    expect([...(await audited('audit_pending')), ...(await audited('audit_log'))]).toEqual(expect.arrayContaining(['exercise.read', 'exercise.respond']));
  });
});

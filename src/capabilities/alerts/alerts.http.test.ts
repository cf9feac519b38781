import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { validateCap } from './cap-validate.js';

const alert = (over: Record<string, unknown> = {}) => ({
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Likely',
  info: {
    ja: { event: 'ランサムウェア', headline: '金融機関を狙うランサムウェア', description: 'VPN 機器の脆弱性を悪用した侵入が続いています。', instruction: 'VPN 機器を更新してください。' },
    en: { event: 'Ransomware', headline: 'Ransomware against banks', description: 'Intrusions through VPN appliances continue.' },
  },
  sectors: ['finance'],
  ...over,
});

describe('alerts over HTTP', () => {
  let w: TestWorld;
  let hub: Session;
  let fsa: Session;
  let bank: Session;
  let power: Session;
  let alertId: string;

  beforeAll(async () => {
    w = await startTestWorld();
    const [h, f, b, p] = await Promise.all(['hub@renkei.example', 'fsa@renkei.example', 'bank@renkei.example', 'power@renkei.example'].map((e) => w.login(e)));
    [hub, fsa, bank, power] = [h!, f!, b!, p!];
  });
  afterAll(() => w.close());

  it('needs a login on every endpoint (401)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const hook = { url: 'https://bank.example/hook', secret: 's'.repeat(32) };
    for (const [method, url, payload] of [['GET', '/api/alerts'], ['POST', '/api/alerts', alert()], ['GET', `/api/alerts/${id}`], ['POST', `/api/alerts/${id}/acknowledge`, {}], ['GET', `/api/alerts/${id}/cap.xml`], ['GET', '/api/alerts/escalations'], ['PUT', '/api/alerts/webhook', hook], ['GET', '/api/alerts/webhook']] as const) {
      expect((await w.as(null, { method, url, payload })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('a company and a hub viewer cannot issue (404, as if the route were not theirs)', async () => {
    expect((await w.as(bank, { method: 'POST', url: '/api/alerts', payload: alert() })).statusCode).toBe(404);
    expect((await w.as(await w.login('hub-viewer@renkei.example'), { method: 'POST', url: '/api/alerts', payload: alert() })).statusCode).toBe(404);
  });

  it('refuses a bad alert with field paths, in the caller’s language', async () => {
    const bad = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert({ severity: 'Apocalyptic', info: { ja: { event: 'x', headline: '' } } }) });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['severity', 'info.ja.headline', 'info.ja.description']));
    const unknown = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert({ sectors: ['finance', 'space'] }), headers: { 'accept-language': 'en' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ path: 'sectors.1', message: 'Not a sector code of law/sectors.json.' }]);
    const nobody = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert({ sectors: [] }) });
    expect(nobody.json().error.fields[0]).toMatchObject({ path: 'sectors', message: '宛先の分野または組織を 1 つ以上指定してください。' });
    const cancelWithout = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert({ msgType: 'Cancel' }) });
    expect(cancelWithout.json().error.fields[0].path).toBe('references');
  });

  it('a ministry addresses its own sectors and organisations in them, never another ministry’s', async () => {
    expect((await w.as(fsa, { method: 'POST', url: '/api/alerts', payload: alert({ sectors: ['electricity'] }) })).statusCode).toBe(404);
    const tokai = await w.orgId('tokai-power');
    expect((await w.as(fsa, { method: 'POST', url: '/api/alerts', payload: alert({ sectors: [], organizations: [tokai] }) })).statusCode).toBe(404);
    const own = await w.as(fsa, { method: 'POST', url: '/api/alerts', payload: alert({ sectors: [], organizations: [await w.orgId('sakura-bank')], scope: 'Private' }) });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ status: 'Actual', msgType: 'Alert', recipients: 1 });
  });

  it('the hub issues to a sector once per Idempotency-Key; its companies must acknowledge', async () => {
    const headers = { 'idempotency-key': 'alert-finance-0001' };
    const first = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert(), headers });
    expect(first.statusCode).toBe(201);
    const again = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert(), headers });
    expect(again.json().id).toBe(first.json().id);
    alertId = first.json().id;
    // さくら中央銀行, ひかり信金 and 金融ISAC are in the finance sector.
    expect(first.json().recipients).toBe(3);
  });

  it('lists only what the caller may see; an unrelated sector sees nothing and gets 404 for the id', async () => {
    const mine = (await w.as(bank, { method: 'GET', url: '/api/alerts?box=received' })).json().items;
    expect(mine.map((a: { id: string }) => a.id)).toContain(alertId);
    expect(mine.find((a: { id: string }) => a.id === alertId)).toMatchObject({ addressedToMe: true, acknowledgedAt: null, figures: null, info: { ja: { headline: '金融機関を狙うランサムウェア' } } });
    expect((await w.as(power, { method: 'GET', url: '/api/alerts' })).json().items).toEqual([]);
    expect((await w.as(power, { method: 'GET', url: `/api/alerts/${alertId}` })).statusCode).toBe(404);
    expect((await w.as(await w.login('mic@renkei.example'), { method: 'GET', url: `/api/alerts/${alertId}` })).statusCode).toBe(404);
    // The competent ministry oversees it.
    expect((await w.as(fsa, { method: 'GET', url: `/api/alerts/${alertId}` })).statusCode).toBe(200);
    const issued = (await w.as(hub, { method: 'GET', url: '/api/alerts?box=issued' })).json().items;
    expect(issued.find((a: { id: string }) => a.id === alertId).figures).toEqual({ recipients: 3, acknowledged: 0, rate: 0 });
    expect((await w.as(hub, { method: 'GET', url: '/api/alerts/not-a-uuid' })).statusCode).toBe(400);
    expect((await w.as(hub, { method: 'GET', url: '/api/alerts/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('a recipient acknowledges once; the issuer sees who did, when, with the note, and the rate', async () => {
    expect((await w.as(power, { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: {} })).statusCode).toBe(404);
    expect((await w.as(await w.login('bank-viewer@renkei.example'), { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: {} })).statusCode).toBe(404);
    expect((await w.as(bank, { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: { note: 'x'.repeat(2001) } })).statusCode).toBe(400);
    const ack = await w.as(bank, { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: { note: 'VPN 更新済み' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ alertId, already: false });
    const repeat = await w.as(bank, { method: 'POST', url: `/api/alerts/${alertId}/acknowledge`, payload: {} });
    expect(repeat.json()).toMatchObject({ already: true, acknowledgedAt: ack.json().acknowledgedAt });

    const seen = (await w.as(hub, { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(seen.figures).toEqual({ recipients: 3, acknowledged: 1, rate: 0.333 });
    const bankRow = seen.recipients.find((r: { slug: string }) => r.slug === 'sakura-bank');
    expect(bankRow).toMatchObject({ by: '林 浩二', note: 'VPN 更新済み', acknowledgedAt: ack.json().acknowledgedAt });
    expect(seen.abilities).toEqual({ acknowledge: false, update: true, manage: true });

    const asBank = (await w.as(bank, { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(asBank).toMatchObject({ figures: null, recipients: null, acknowledgement: { note: 'VPN 更新済み' }, abilities: { acknowledge: false, update: false, manage: false } });
    const shinkin = (await w.as(await w.login('shinkin@renkei.example'), { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(shinkin.abilities.acknowledge).toBe(true);
  });

  it('exports CAP 1.2 XML that the OASIS schema accepts', async () => {
    const res = await w.as(bank, { method: 'GET', url: `/api/alerts/${alertId}/cap.xml` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/cap\+xml/);
    expect(await validateCap(res.body)).toEqual({ valid: true, errors: [] });
    expect(res.body).toContain(`<identifier>urn:renkei:alert:${alertId}</identifier>`);
    // CAP 1.2 §3.3.2: UTC is written -00:00 in every dateTime.
    expect(res.body).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00<\/sent>/);
    expect(res.body).not.toContain('+00:00');
    expect(res.body).toContain('<senderName>国家サイバー統括室</senderName>');
    expect((await w.as(power, { method: 'GET', url: `/api/alerts/${alertId}/cap.xml` })).statusCode).toBe(404);
  });

  it('only the issuer updates or cancels; a cancellation references the original in CAP', async () => {
    expect((await w.as(fsa, { method: 'POST', url: '/api/alerts', payload: alert({ msgType: 'Cancel', references: [alertId] }) })).statusCode).toBe(404);
    const cancel = await w.as(hub, { method: 'POST', url: '/api/alerts', payload: alert({ msgType: 'Cancel', references: [alertId], severity: 'Minor', urgency: 'Past' }) });
    expect(cancel.statusCode).toBe(201);
    const original = (await w.as(bank, { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(original).toMatchObject({ cancelled: true, successors: [{ id: cancel.json().id, msgType: 'Cancel' }] });
    const xml = (await w.as(bank, { method: 'GET', url: `/api/alerts/${cancel.json().id}/cap.xml` })).body;
    expect(xml).toMatch(new RegExp(`<references>urn:renkei:org:nco,urn:renkei:alert:${alertId},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-00:00</references>`));
    expect((await validateCap(xml)).valid).toBe(true);
  });

  it('webhook registration is for the organisation’s admins, and the secret never comes back', async () => {
    expect((await w.as(await w.login('bank-analyst@renkei.example'), { method: 'PUT', url: '/api/alerts/webhook', payload: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32) } })).statusCode).toBe(404);
    expect((await w.as(bank, { method: 'PUT', url: '/api/alerts/webhook', payload: { url: 'ftp://x', secret: 'short' } })).json().error.fields.map((f: { path: string }) => f.path)).toEqual(['url', 'secret']);
    const put = await w.as(bank, { method: 'PUT', url: '/api/alerts/webhook', payload: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32) } });
    expect(put.statusCode).toBe(200);
    const got = (await w.as(bank, { method: 'GET', url: '/api/alerts/webhook' })).json();
    expect(got.webhook.url).toBe('http://127.0.0.1:9/hook');
    expect(JSON.stringify(got)).not.toContain('s'.repeat(32));
    expect((await w.as(bank, { method: 'DELETE', url: '/api/alerts/webhook' })).statusCode).toBe(204);
    expect((await w.as(bank, { method: 'GET', url: '/api/alerts/webhook' })).json().webhook).toBeNull();
  });
});

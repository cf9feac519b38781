import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { bundleOf, indicatorOf } from '../intel/store/store.fixtures.js';

export function ransomwareReport(overrides: Record<string, unknown> = {}) {
  return {
    type: 'ransomware',
    title: '勘定系バックアップサーバの暗号化',
    summary: 'バックアップサーバ3台がランサムウェアにより暗号化された。業務は縮退運転中。',
    detectedAt: '2026-11-20T01:00:00+09:00',
    startedAt: '2026-11-19T22:10:00+09:00',
    affectedServices: ['インターネットバンキング'],
    intrusionRoute: 'vpn',
    ransomware: { noteText: 'YOUR FILES ARE ENCRYPTED', encryptedExtension: '.lockbit', family: 'LockBit 3.0', paid: false },
    indicators: [
      { kind: 'ipv4', value: '198.51.100.7', note: 'C2' },
      { kind: 'domain', value: 'Evil-Update.EXAMPLE.', note: 'C2' },
      { kind: 'sha256', value: 'A'.repeat(64) },
    ],
    businessImpact: 'degraded',
    contact: { name: '林 浩二', email: 'soc@sakura-bank.example', phone: '03-0000-0000' },
    ...overrides,
  };
}

const DAY = 86_400_000;

describe('incident reports over HTTP', () => {
  let w: TestWorld;
  let bank: Session;
  beforeAll(async () => {
    w = await startTestWorld();
    bank = await w.login('bank@renkei.example');
  });
  afterAll(() => w.close());

  const file = (s: Session | null, payload: unknown, headers: Record<string, string> = {}) => w.as(s, { method: 'POST', url: '/api/incidents', payload, headers });
  const view = async (email: string, id: string) => w.as(await w.login(email), { method: 'GET', url: `/api/incidents/${id}` });
  const inbox = async (email: string) => (await w.as(await w.login(email), { method: 'GET', url: '/api/incidents?box=inbox' })).json().items as { id: string }[];

  it('401 anonymous; 400 with field paths in the caller’s language; 404 for those who cannot file', async () => {
    expect((await file(null, { report: ransomwareReport() })).statusCode).toBe(401);
    const bad = await file(bank, { report: ransomwareReport({ title: '', detectedAt: 'yesterday', businessImpact: 'terrible' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['report.title', 'report.detectedAt', 'report.businessImpact']);
    const en = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ startedAt: '2026-11-21T00:00:00Z' }) }, headers: { 'accept-language': 'en' } });
    expect(en.json().error.fields).toEqual([{ path: 'report.startedAt', message: 'The start must be before the detection time.' }]);
    const badIndicator = await file(bank, { report: ransomwareReport({ indicators: [{ kind: 'ipv4', value: '999.1.1.1' }] }) });
    expect(badIndicator.json().error.fields[0].path).toBe('report.indicators[0].value');
    // Every problem in one answer: the indicators' values are checked with the other fields, not after them.
    const all = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ title: '', indicators: [{ kind: 'ipv4', value: '999.1.1.1' }, { kind: 'domain', value: 'not a domain' }] }) }, headers: { 'accept-language': 'en' } });
    expect(all.json().error.fields).toEqual([
      { path: 'report.title', message: 'Required.' },
      { path: 'report.indicators[0].value', message: 'Not a valid IPv4 address.' },
      { path: 'report.indicators[1].value', message: 'Not a valid domain name.' },
    ]);
    expect((await file(await w.login('fsa@renkei.example'), { report: ransomwareReport() })).statusCode).toBe(404);
    expect((await file(await w.login('bank-viewer@renkei.example'), { report: ransomwareReport() })).statusCode).toBe(404);
  });

  it('a detection or payment time in the future is refused (deadlines run from it); the same instant in another offset is compared as an instant', async () => {
    const ahead = new Date(Date.now() + 86_400_000).toISOString();
    const future = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ detectedAt: ahead }) }, headers: { 'accept-language': 'en' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toEqual([{ path: 'report.detectedAt', message: 'The detection time cannot be in the future.' }]);
    const paid = await file(bank, { report: ransomwareReport({ ransomware: { paid: true, paidAt: ahead } }) });
    expect(paid.json().error.fields).toEqual([{ path: 'report.ransomware.paidAt', message: '支払日時に未来の日時は指定できません。' }]);
    // Found with every other problem of the request, not after them.
    const together = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ detectedAt: ahead, title: '', indicators: [{ kind: 'ipv4', value: '999.1.1.1' }] }) }, headers: { 'accept-language': 'en' } });
    expect(together.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['report.detectedAt', 'report.indicators[0].value', 'report.title']);
    // Started 23:00 UTC on the 19th (08:00 JST on the 20th), detected at midnight UTC: before, so accepted.
    const offsets = await file(bank, { report: ransomwareReport({ startedAt: '2026-11-20T08:00:00+09:00', detectedAt: '2026-11-20T00:00:00Z' }) });
    expect(offsets.statusCode).toBe(201);
  });

  it('a linked affected system must be an asset the reporter registered or operates', async () => {
    const register = async (s: Session) => {
      const res = await w.as(s, { method: 'POST', url: '/api/assets', payload: { name: '受付サーバ', category: 'server', maker: 'Example', product: 'Reception', placement: 'internal' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const power = await w.login('power@renkei.example');
    const own = await register(power);
    const others = await register(bank);
    const systems = (ids: string[]) => ids.map((assetId) => ({ assetId, description: 'サーバ' }));
    const refused = await w.as(power, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ affectedSystems: systems([own, others, '00000000-0000-4000-8000-000000000000']) }) }, headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([
      { path: 'report.affectedSystems[1].assetId', message: 'Not an asset your organisation has registered or operates.' },
      { path: 'report.affectedSystems[2].assetId', message: 'Not an asset your organisation has registered or operates.' },
    ]);
    expect((await w.as(power, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ affectedSystems: systems([own]) }) } })).statusCode).toBe(201);
  });

  it('a contact phone must be a number an authority can dial: full-width input is stored half-width, an e-mail address in the field is refused', async () => {
    const contact = (phone: string) => ({ name: '林 浩二', email: 'soc@sakura-bank.example', phone });
    const wrong = await w.as(bank, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport({ contact: contact('soc@sakura-bank.example') }) }, headers: { 'accept-language': 'en' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'report.contact.phone', message: expect.stringContaining('phone number') }]);
    expect((await file(bank, { report: ransomwareReport({ contact: contact('12-34') }) })).json().error.fields[0].path).toBe('report.contact.phone');
    const wide = await file(bank, { report: ransomwareReport({ contact: contact('０３－１２３４－５６７８ 内線１２') }) });
    expect(wide.statusCode).toBe(201);
    expect((await view('bank@renkei.example', wide.json().id)).json().report.contact.phone).toBe('03-1234-5678 内線12');
    for (const phone of ['+81 3-1234-5678', '(03) 1234 5678', '090ー1234ー5678', '03-1234-5678 ext. 204']) {
      expect((await file(bank, { report: ransomwareReport({ contact: contact(phone) }) })).statusCode, phone).toBe(201);
    }
    // Empty means none given.
    const none = await file(bank, { report: ransomwareReport({ contact: contact('') }) });
    expect((await view('bank@renkei.example', none.json().id)).json().report.contact.phone).toBeUndefined();
  });

  it('one submission reaches the hub and the competent ministry, each with its own clock; not the PPC, not another bank', async () => {
    const res = await file(bank, { report: ransomwareReport() });
    expect(res.statusCode).toBe(201);
    const { id, reference, deliveries } = res.json();
    expect(reference).toMatch(/^RK-\d{4}-\d{6}$/);
    expect(deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco']);
    expect((await inbox('fsa@renkei.example')).map((i) => i.id)).toContain(id);
    expect((await inbox('hub@renkei.example')).map((i) => i.id)).toContain(id);
    expect((await inbox('ppc@renkei.example')).map((i) => i.id)).not.toContain(id);
    expect((await view('ppc@renkei.example', id)).statusCode).toBe(404);
    expect((await view('shinkin@renkei.example', id)).statusCode).toBe(404);
    expect((await view('meti@renkei.example', id)).statusCode).toBe(404);

    const fsaView = (await view('fsa@renkei.example', id)).json();
    expect(fsaView.role).toBe('recipient');
    expect(fsaView.deliveries).toHaveLength(1);
    expect(fsaView.deliveries[0].stages.map((s: { code: string; dueAt: string; satisfiedVersion: number }) => [s.code, s.dueAt, s.satisfiedVersion])).toEqual([
      ['initial', '2026-11-20T16:00:00.000Z', 1],
      ['final', '2026-12-19T16:00:00.000Z', null],
    ]);
    // Indicators are stored normalised.
    expect(fsaView.report.indicators.map((i: { value: string }) => i.value)).toEqual(['198.51.100.7', 'evil-update.example', 'a'.repeat(64)]);
    const own = (await view('bank@renkei.example', id)).json();
    expect(own.role).toBe('reporter');
    expect(own.deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco']);

    // The lists show each one's clock: the FSA its delivery's status and the stage it is still owed; the
    // bank the earliest stage it owes any recipient, and how many are past due.
    type Item = { id: string; clock: { status: string | null; next: { regime: string; stage: string; dueAt: string; overdue: boolean } | null; overdue: number } };
    const listed = async (email: string, box: string) => ((await w.as(await w.login(email), { method: 'GET', url: `/api/incidents?box=${box}` })).json().items as Item[]).find((i) => i.id === id)!;
    const due = '2026-12-19T16:00:00.000Z';
    const past = Number(new Date(due) < new Date());
    expect((await listed('fsa@renkei.example', 'inbox')).clock).toEqual({ status: 'received', next: expect.objectContaining({ regime: 'competent_ministry', stage: 'final', dueAt: due, overdue: past === 1 }), overdue: past });
    // The hub's row is its own clock, not the FSA's (which sorts first on the same deadline).
    expect((await listed('hub@renkei.example', 'inbox')).clock.next).toMatchObject({ regime: 'nco', stage: 'final' });
    type Stage = { dueAt: string | null; satisfiedAt: string | null };
    const owed = (own.deliveries as Array<{ regime: string; stages: Stage[] }>).flatMap((d) => d.stages.filter((s) => !s.satisfiedAt && s.dueAt).map((s) => ({ regime: d.regime, dueAt: s.dueAt! })));
    const earliest = owed.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.regime.localeCompare(b.regime))[0]!;
    const mine = (await listed('bank@renkei.example', 'sent')).clock;
    expect(mine).toMatchObject({ status: null, next: { regime: earliest.regime, dueAt: earliest.dueAt }, overdue: owed.filter((s) => new Date(s.dueAt) < new Date()).length });
  });

  it('an update that adds personal data brings the PPC in, which sees only the fields its regime grants', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const update = await w.as(bank, { method: 'POST', url: `/api/incidents/${id}/stages`, payload: { stage: 'update', report: ransomwareReport({ personalData: { involved: true, records: 12000, categories: ['氏名', '口座番号'] } }) } });
    expect(update.statusCode).toBe(201);
    expect(update.json().deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco', 'ppc']);
    const ppc = (await view('ppc@renkei.example', id)).json();
    expect(ppc.report.personalData.records).toBe(12000);
    expect(ppc.report).not.toHaveProperty('indicators');
    expect(ppc.report).not.toHaveProperty('ransomware');
    // The PPC's clocks run from the update that reported the breach, not from the detection weeks before.
    const reportedAt = Date.parse(ppc.versions[1].submittedAt);
    expect(ppc.deliveries[0].stages.map((s: { code: string; dueAt: string }) => [s.code, s.dueAt])).toEqual([
      ['preliminary', new Date(reportedAt + 5 * DAY).toISOString()],
      ['final', new Date(reportedAt + 60 * DAY).toISOString()],
    ]);
    const diff = (await w.as(bank, { method: 'GET', url: `/api/incidents/${id}/diff?from=1&to=2` })).json();
    expect(diff.changes.map((c: { path: string }) => c.path)).toEqual(['personalData.categories[0]', 'personalData.categories[1]', 'personalData.involved', 'personalData.records']);
    // The final report closes it; nothing can follow.
    expect((await w.as(bank, { method: 'POST', url: `/api/incidents/${id}/stages`, payload: { stage: 'final', report: ransomwareReport() } })).statusCode).toBe(201);
    const after = await w.as(bank, { method: 'POST', url: `/api/incidents/${id}/stages`, payload: { stage: 'update', report: ransomwareReport() } });
    expect(after.statusCode).toBe(409);
    // Removing personal data later never withdraws what the PPC already received.
    expect((await view('ppc@renkei.example', id)).statusCode).toBe(200);
  });

  type Clocks = Record<string, string | null>;
  /** Every delivery's stage deadlines as the reporter sees them, keyed `regime/stage`. */
  const clocksOf = async (id: string): Promise<Clocks> => {
    const own = (await view('bank@renkei.example', id)).json() as { deliveries: { regime: string; stages: { code: string; dueAt: string | null }[] }[] };
    return Object.fromEntries(own.deliveries.flatMap((d) => d.stages.map((s) => [`${d.regime}/${s.code}`, s.dueAt])));
  };
  const stageRows = (id: string) =>
    w.platform.db
      .selectFrom('incident_delivery_stages as s')
      .innerJoin('incident_deliveries as d', 'd.id', 's.delivery_id')
      .select(['d.regime', 's.delivery_id', 's.stage', 's.due_at', 's.satisfied_at', 's.overdue_notified_at'])
      .where('d.report_id', '=', id)
      .execute();
  const submitStage = (id: string, stage: 'update' | 'final', report: unknown) => w.as(bank, { method: 'POST', url: `/api/incidents/${id}/stages`, payload: { stage, report } });

  it('a later stage moves every deadline still owed (incident type, detection time); met ones stay; the dashboard follows', async () => {
    const personalData = { involved: true, records: 40, categories: ['氏名'] };
    const first = ransomwareReport({ type: 'other', ransomware: undefined, detectedAt: '2026-12-07T10:00:00Z', startedAt: undefined, personalData });
    const { id } = (await file(bank, { report: first })).json();
    expect(await clocksOf(id)).toMatchObject({ 'nco/initial': '2026-12-08T10:00:00.000Z', 'nco/final': '2027-01-06T10:00:00.000Z', 'ppc/preliminary': '2026-12-12T10:00:00.000Z', 'ppc/final': '2027-01-06T10:00:00.000Z' });

    // Now an attack: the PPC allows 60 days for the 確報.
    expect((await submitStage(id, 'update', { ...first, type: 'unauthorized_access' })).statusCode).toBe(201);
    expect(await clocksOf(id)).toMatchObject({ 'nco/final': '2027-01-06T10:00:00.000Z', 'ppc/final': '2027-02-05T10:00:00.000Z' });

    // Detected earlier than first thought: every owed deadline moves with it; those already met keep theirs.
    expect((await submitStage(id, 'update', { ...first, type: 'unauthorized_access', detectedAt: '2026-12-01T10:00:00Z' })).statusCode).toBe(201);
    expect(await clocksOf(id)).toMatchObject({
      'nco/initial': '2026-12-08T10:00:00.000Z',
      'competent_ministry/initial': '2026-12-08T10:00:00.000Z',
      'ppc/preliminary': '2026-12-12T10:00:00.000Z',
      'nco/final': '2026-12-31T10:00:00.000Z',
      'competent_ministry/final': '2026-12-31T10:00:00.000Z',
      'ppc/final': '2027-01-30T10:00:00.000Z',
    });

    // The dashboard's table of owed stages holds the same deadlines, and nothing for met stages.
    const rows = await stageRows(id);
    const { rows: open } = await sql<{ delivery_id: string; stage: string; due_at: Date }>`select delivery_id, stage, due_at from dashboard_open_stages where report_id = ${id}`.execute(w.platform.db);
    const key = (r: { delivery_id: string; stage: string; due_at: Date | null }) => `${r.delivery_id}/${r.stage}/${r.due_at?.toISOString()}`;
    expect(open.map(key).sort()).toEqual(rows.filter((r) => !r.satisfied_at).map(key).sort());
    expect(open).toHaveLength(3);
  });

  it('a deadline moved later may be notified as overdue again; one moved earlier keeps its notice', async () => {
    const { incidentsService } = await import('./service.js');
    const { loadRegimes } = await import('./regimes.js');
    const service = incidentsService(w.platform, loadRegimes(w.platform.law));
    const flagAllDueBefore = async (at: string) => {
      while ((await service.checkOverdue(new Date(at))) > 0);
    };
    const notified = async (id: string) => Object.fromEntries((await stageRows(id)).filter((r) => !r.satisfied_at).map((r) => [`${r.regime}/${r.stage}`, r.overdue_notified_at !== null]));
    const first = ransomwareReport({ type: 'other', ransomware: undefined, detectedAt: '2026-12-07T10:00:00Z', startedAt: undefined, personalData: { involved: true, categories: [] } });
    const { id } = (await file(bank, { report: first })).json();
    await flagAllDueBefore('2027-01-10T00:00:00Z');
    expect(await notified(id)).toEqual({ 'nco/final': true, 'competent_ministry/final': true, 'ppc/final': true });

    // The PPC's 確報 moves from 6 January to 5 February: no longer overdue on the 10th, so its notice is cleared.
    expect((await submitStage(id, 'update', { ...first, type: 'unauthorized_access' })).statusCode).toBe(201);
    expect(await notified(id)).toEqual({ 'nco/final': true, 'competent_ministry/final': true, 'ppc/final': false });
    const since = (await w.platform.db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq ?? 0;
    await flagAllDueBefore('2027-02-10T00:00:00Z');
    const notices = await w.platform.db.selectFrom('outbox').select('payload').where('type', '=', 'incident.stage_overdue').where('seq', '>', Number(since)).execute();
    expect(notices.map((n) => n.payload).filter((p) => (p as { reportId: string }).reportId === id)).toEqual([
      expect.objectContaining({ regime: 'ppc', stage: 'final', dueAt: '2027-02-05T10:00:00.000Z' }),
    ]);

    // Moved earlier, it is still overdue and was told so: no second notice.
    expect((await submitStage(id, 'update', { ...first, type: 'unauthorized_access', detectedAt: '2026-12-01T10:00:00Z' })).statusCode).toBe(201);
    expect(await notified(id)).toEqual({ 'nco/final': true, 'competent_ministry/final': true, 'ppc/final': true });
  });

  it('personal data first reported in an update starts the PPC’s clocks then, and later stages keep that start', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const withPd = ransomwareReport({ personalData: { involved: true, records: 5, categories: [] } });
    expect((await submitStage(id, 'update', withPd)).statusCode).toBe(201);
    const { versions } = (await view('bank@renkei.example', id)).json();
    const reportedAt = Date.parse(versions[1].submittedAt);
    const expected = { 'ppc/preliminary': new Date(reportedAt + 5 * DAY).toISOString(), 'ppc/final': new Date(reportedAt + 60 * DAY).toISOString() };
    const clocks = await clocksOf(id);
    expect(clocks).toMatchObject(expected);
    // Not born overdue; the regimes of the filing still run from detection.
    expect(Date.parse(clocks['ppc/final']!)).toBeGreaterThan(Date.now());
    expect(clocks['nco/final']).toBe('2026-12-19T16:00:00.000Z');
    // A later update that changes the detection time recomputes the other clocks, not the PPC's start.
    expect((await submitStage(id, 'update', { ...withPd, detectedAt: '2026-11-19T23:00:00+09:00' })).statusCode).toBe(201);
    const after = await clocksOf(id);
    expect(after['ppc/final']).toBe(expected['ppc/final']);
    expect(after['nco/final']).toBe('2026-12-19T14:00:00.000Z');
  });

  it('the PPC, which is not shown indicators, exports its view as STIX 2.1 without them', async () => {
    const { id } = (await file(bank, { report: ransomwareReport({ personalData: { involved: true, records: 7, categories: ['氏名'] } }) })).json();
    const res = await w.as(await w.login('ppc@renkei.example'), { method: 'GET', url: `/api/incidents/${id}/export?format=stix` });
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as { objects: { type: string; name?: string; x_renkei_report?: Record<string, unknown> }[] };
    expect(bundle.objects.map((o) => o.type).sort()).toEqual(['identity', 'incident', 'marking-definition', 'report']);
    const incident = bundle.objects.find((o) => o.type === 'incident')!;
    expect(incident.name).toBe('勘定系バックアップサーバの暗号化');
    // Only what the PPC's regime grants (the contact goes too: the reporter did not allow naming).
    const granted = ['schemaVersion', 'type', 'title', 'summary', 'detectedAt', 'startedAt', 'intrusionRoute', 'businessImpact', 'affectedPeople', 'personalData', 'othersNotified'];
    for (const key of Object.keys(incident.x_renkei_report!)) expect(granted).toContain(key);
    expect(incident.x_renkei_report).toMatchObject({ personalData: { involved: true, records: 7 } });
    expect(incident.x_renkei_report).not.toHaveProperty('indicators');
    expect(incident.x_renkei_report).not.toHaveProperty('ransomware');
    expect(res.body).not.toContain('198.51.100.7');
  });

  it('optional recipients only with the reporter’s consent; an unknown or mandatory code is refused', async () => {
    const withPolice = (await file(bank, { report: ransomwareReport(), sharing: { optionalRegimes: ['police', 'nis2'] } })).json();
    expect(withPolice.deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco', 'nis2', 'police']);
    expect((await view('police@renkei.example', withPolice.id)).statusCode).toBe(200);
    const bad = await file(bank, { report: ransomwareReport(), sharing: { optionalRegimes: ['ppc'] } });
    expect(bad.json().error.fields[0].path).toBe('sharing.optionalRegimes[0]');
  });

  it('an update may add an optional recipient but not drop one already shared with: 400 at the field, in the caller’s language', async () => {
    const { id } = (await file(bank, { report: ransomwareReport(), sharing: { optionalRegimes: ['police'] } })).json();
    const update = (payload: Record<string, unknown>, lang = 'ja') =>
      w.as(bank, { method: 'POST', url: `/api/incidents/${id}/stages`, payload: { stage: 'update', report: ransomwareReport(), ...payload }, headers: { 'accept-language': lang } });
    const dropped = await update({ sharing: { optionalRegimes: [] } });
    expect(dropped.statusCode).toBe(400);
    expect(dropped.json().error.fields).toEqual([{ path: 'sharing.optionalRegimes', message: '共有済みの報告先は外せません（届いた報告は取り消せません）: 警察への相談・通報（同意による）' }]);
    const swapped = await update({ sharing: { optionalRegimes: ['nis2'] } }, 'en');
    expect(swapped.statusCode).toBe(400);
    expect(swapped.json().error.fields).toEqual([
      { path: 'sharing.optionalRegimes', message: "Recipients already shared with cannot be removed (a delivered report cannot be withdrawn): Report to the police (with the reporter's consent)" },
    ]);
    // Refused whole: no version was added, and NIS2 was not brought in by the refused request.
    const unchanged = (await view('bank@renkei.example', id)).json();
    expect(unchanged.version).toBe(1);
    expect(unchanged.deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco', 'police']);

    // Keeping the police and adding NIS2 widens the sharing; an update that says nothing of sharing keeps it.
    const wider = await update({ sharing: { optionalRegimes: ['police', 'nis2'] } });
    expect(wider.statusCode).toBe(201);
    expect(wider.json().deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco', 'nis2', 'police']);
    expect((await update({})).statusCode).toBe(201);
    expect((await view('bank@renkei.example', id)).json().sharing.optionalRegimes).toEqual(['police', 'nis2']);
    expect((await view('police@renkei.example', id)).statusCode).toBe(200);
  });

  it('the same Idempotency-Key never files twice', async () => {
    const headers = { 'idempotency-key': 'bank-ransomware-2026-11-20-a' };
    const before = await w.platform.db.selectFrom('incident_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const a = await file(bank, { report: ransomwareReport() }, headers);
    const b = await file(bank, { report: ransomwareReport() }, headers);
    expect(a.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    const after = await w.platform.db.selectFrom('incident_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
  });

  it('accepts the unified form’s fields alone, as an uploaded JSON file would carry them', async () => {
    const res = await file(bank, ransomwareReport({ type: 'ddos', ransomware: undefined, ddos: { peakGbps: 120, targets: ['www.sakura-bank.example'], durationMinutes: 95 } }));
    expect(res.statusCode).toBe(201);
  });

  it('recipients set their status and ask questions; the reporter answers; threads stay between the two', async () => {
    const { id } = (await file(bank, { report: ransomwareReport(), sharing: { optionalRegimes: ['police'] } })).json();
    const fsa = await w.login('fsa@renkei.example');
    const fsaDelivery = (await view('fsa@renkei.example', id)).json().deliveries[0];
    expect(fsaDelivery.abilities).toEqual({ setStatus: true, message: true });
    expect((await w.as(fsa, { method: 'PUT', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/status`, payload: { status: 'triaged' } })).statusCode).toBe(204);
    expect((await w.as(fsa, { method: 'PUT', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/status`, payload: { status: 'lost' } })).statusCode).toBe(400);
    // The reporter cannot set a recipient's status; the police cannot touch the FSA's delivery.
    expect((await w.as(bank, { method: 'PUT', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/status`, payload: { status: 'closed' } })).statusCode).toBe(404);
    const police = await w.login('police@renkei.example');
    expect((await w.as(police, { method: 'POST', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/messages`, payload: { body: '横から失礼' } })).statusCode).toBe(404);

    expect((await w.as(fsa, { method: 'POST', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/messages`, payload: { body: 'VPN 機器の型番を教えてください。' } })).statusCode).toBe(201);
    expect((await w.as(bank, { method: 'POST', url: `/api/incidents/${id}/deliveries/${fsaDelivery.id}/messages`, payload: { body: 'みらいネットワーク MX-200 です。' } })).statusCode).toBe(201);
    const own = (await view('bank@renkei.example', id)).json();
    const thread = own.deliveries.find((d: { id: string }) => d.id === fsaDelivery.id);
    expect(thread.status).toBe('triaged');
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual(['VPN 機器の型番を教えてください。', 'みらいネットワーク MX-200 です。']);
    const policeView = (await view('police@renkei.example', id)).json();
    expect(policeView.deliveries.flatMap((d: { messages: unknown[] }) => d.messages)).toEqual([]);
  });

  /** Polls until `probe` returns a value: incident indicators reach the intelligence hub through events. */
  const eventually = async <T>(probe: () => Promise<T | null>): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const v = await probe();
      if (v !== null) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not reached in 5 s');
  };
  type Seen = { otherReports: number; indicators: { kind: string; value: string; reports: number }[] };
  const seenBy = async (email: string, id: string) => (await view(email, id)).json().seenElsewhere as Seen;
  const shareNationally = async (objects: unknown[]) => {
    const national = (await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'national').executeTakeFirstOrThrow()).id;
    const res = await w.as(await w.login('hub@renkei.example'), { method: 'POST', url: `/api/intel/bundles?collection=${national}`, payload: bundleOf(objects) });
    expect(res.statusCode).toBeLessThan(300);
  };

  it('seen elsewhere is the hub’s where-seen: other reports and shared intelligence, counted without naming them', async () => {
    const power = await w.login('power@renkei.example');
    await file(bank, { report: ransomwareReport({ indicators: [{ kind: 'ipv4', value: '198.51.100.71' }] }) });
    const { id } = (await file(power, { report: ransomwareReport({ indicators: [{ kind: 'url', value: 'HTTP://Evil-Update.example:80/payload' }, { kind: 'ipv4', value: '198.51.100.71' }, { kind: 'domain', value: 'seen-nowhere-else.example' }] }) })).json();
    // The bank's report, as the hub sees it; then a STIX indicator of the same address in the national collection.
    const hub = await eventually(async () => ((s) => (s.otherReports === 1 ? s : null))(await seenBy('hub@renkei.example', id)));
    expect(hub.indicators).toEqual([{ kind: 'ipv4', value: '198.51.100.71', reports: 1 }]);
    await shareNationally([indicatorOf('198.51.100.71')]);
    const after = await seenBy('hub@renkei.example', id);
    expect(after.otherReports).toBe(2);
    expect(after.indicators).toEqual([{ kind: 'ipv4', value: '198.51.100.71', reports: 2 }]);
    expect(JSON.stringify(after)).not.toContain('sakura');
    // The intelligence search agrees (this report's own sighting included there).
    const search = await w.as(await w.login('hub@renkei.example'), { method: 'GET', url: '/api/intel/observables?value=198.51.100.71' });
    expect(search.json().sightings).toBe(3);
  });

  it('counts only what the viewer may see: another company’s report stays uncounted; the values never reach a recipient not entitled to them', async () => {
    const power = await w.login('power@renkei.example');
    const shared = [{ kind: 'ipv4', value: '203.0.113.99' }];
    await file(bank, { report: ransomwareReport({ indicators: shared }) });
    const { id } = (await file(power, { report: ransomwareReport({ indicators: shared, personalData: { involved: true, records: 3, categories: [] } }) })).json();
    await eventually(async () => ((await seenBy('hub@renkei.example', id)).otherReports === 1 ? true : null));
    // The bank's report is AMBER+STRICT to the hub: neither the filer of this one nor the PPC learns it exists.
    expect(await seenBy('power@renkei.example', id)).toEqual({ otherReports: 0, indicators: [] });
    expect(await seenBy('ppc@renkei.example', id)).toEqual({ otherReports: 0, indicators: [] });
    // Intelligence shared with everyone is counted for them too; the PPC gets the count, never the value.
    await shareNationally([indicatorOf('203.0.113.99')]);
    expect(await seenBy('power@renkei.example', id)).toEqual({ otherReports: 1, indicators: [{ kind: 'ipv4', value: '203.0.113.99', reports: 1 }] });
    const ppc = (await view('ppc@renkei.example', id)).json();
    expect(ppc.seenElsewhere).toEqual({ otherReports: 1, indicators: [] });
    expect(JSON.stringify(ppc)).not.toContain('203.0.113.99');
  });

  it('a recipient shown indicators counts the other reports it received that name them; a recipient not shown them (the PPC) does not', async () => {
    const power = await w.login('power@renkei.example');
    const shared = [{ kind: 'ipv4', value: '203.0.113.111' }];
    await file(power, { report: ransomwareReport({ indicators: shared }) });
    const { id } = (await file(power, { report: ransomwareReport({ indicators: shared, personalData: { involved: true, records: 3, categories: [] } }) })).json();
    // METI, the power company's competent ministry, received both reports with their indicators.
    const meti = await eventually(async () => ((s) => (s.otherReports === 1 ? s : null))(await seenBy('meti@renkei.example', id)));
    expect(meti.indicators).toEqual([{ kind: 'ipv4', value: '203.0.113.111', reports: 1 }]);
    // The PPC received only the second, without its indicators: nothing to count.
    expect(await seenBy('ppc@renkei.example', id)).toEqual({ otherReports: 0, indicators: [] });
  });

  it('files a STIX 2.1 bundle, even an anonymised export without a contact, with sharing chosen in the query', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const bundle = (await w.as(await w.login('hub@renkei.example'), { method: 'GET', url: `/api/incidents/${id}/export?format=stix` })).json();
    const power = await w.login('power@renkei.example');
    const res = await w.app.inject({
      method: 'POST',
      url: '/api/incidents?share=police',
      payload: JSON.stringify(bundle),
      headers: { cookie: power.cookie, 'x-csrf-token': power.csrf, 'content-type': 'application/stix+json;version=2.1' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().deliveries.map((d: { regime: string }) => d.regime).sort()).toEqual(['competent_ministry', 'nco', 'police']);
    const own = (await view('power@renkei.example', res.json().id)).json();
    expect(own.report.contact.email).toBe('power@renkei.example');
    expect(own.report.indicators.length).toBe(3);
    expect(own.tlp).toBe('amber+strict');
  });

  it('a plain STIX bundle from another tool converts to the form’s fields for review; nothing is filed', async () => {
    const T = '2026-11-20T01:00:00.000Z';
    const bundle = {
      type: 'bundle',
      id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
      objects: [
        { type: 'incident', spec_version: '2.1', id: 'incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: T, modified: T, name: '委託先経由の不正アクセス', description: '保守用 VPN から侵入された。' },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade', created: T, modified: T, pattern: "[ipv4-addr:value = '198.51.100.9']", pattern_type: 'stix', valid_from: T },
      ],
    };
    const msp = await w.login('msp@renkei.example');
    const post = (url: string, as = msp) => w.app.inject({ method: 'POST', url, payload: JSON.stringify(bundle), headers: { cookie: as.cookie, 'x-csrf-token': as.csrf, 'content-type': 'application/stix+json;version=2.1' } });
    const reports = async () => (await w.platform.db.selectFrom('incident_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await reports());
    // Filed as it is, it lacks what STIX has no place for:
    expect((await post('/api/incidents')).json().error.fields.map((f: { path: string }) => f.path)).toContain('report.businessImpact');
    const converted = await post('/api/incidents/from-stix');
    expect(converted.statusCode).toBe(200);
    expect(converted.json().report).toMatchObject({ title: '委託先経由の不正アクセス', summary: '保守用 VPN から侵入された。', indicators: [{ kind: 'ipv4', value: '198.51.100.9' }] });
    expect(Number(await reports())).toBe(before);
    // Only those who may file may convert; a bundle must be STIX.
    expect((await post('/api/incidents/from-stix', await w.login('fsa@renkei.example'))).statusCode).toBe(404);
    const json = await w.as(msp, { method: 'POST', url: '/api/incidents/from-stix', payload: bundle });
    expect(json.statusCode).toBe(400);
  });

  it('every read of a report lands in the audit chain', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    await view('hub@renkei.example', id);
    const hubUser = await w.userId('hub@renkei.example');
    await w.platform.audit.drain();
    const rows = await w.platform.db.selectFrom('audit_log').selectAll().where('resource_id', '=', id).where('actor_user_id', '=', hubUser).execute();
    expect(rows.map((r) => r.action)).toEqual(['incident.read']);
  });

  it('exports the caller’s view as JSON and as STIX 2.1 with the reporter anonymised unless it allowed naming', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const hub = await w.login('hub@renkei.example');
    const json = await w.as(hub, { method: 'GET', url: `/api/incidents/${id}/export?format=json` });
    expect(json.json().report.title).toBe('勘定系バックアップサーバの暗号化');
    const stix = await w.as(hub, { method: 'GET', url: `/api/incidents/${id}/export?format=stix` });
    expect(stix.headers['content-type']).toContain('application/stix+json');
    const bundle = stix.json();
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.map((o: { type: string }) => o.type)).toEqual(expect.arrayContaining(['incident', 'indicator', 'report', 'identity']));
    expect(stix.body).not.toContain('さくら中央銀行');
    const named = (await file(bank, { report: ransomwareReport(), sharing: { nameInIntel: true } })).json();
    expect((await w.as(hub, { method: 'GET', url: `/api/incidents/${named.id}/export?format=stix` })).body).toContain('さくら中央銀行');
  });

  it('drafts are autosaved, personal, and removed once submitted', async () => {
    const reporter = await w.login('bank-reporter@renkei.example');
    const draft = (await w.as(reporter, { method: 'POST', url: '/api/incident-drafts', payload: { content: { title: '書きかけ' } } })).json();
    expect((await w.as(reporter, { method: 'PUT', url: `/api/incident-drafts/${draft.id}`, payload: { content: { title: '書きかけ', type: 'ddos' } } })).json().content.type).toBe('ddos');
    expect((await w.as(bank, { method: 'GET', url: `/api/incident-drafts/${draft.id}` })).statusCode).toBe(404);
    expect((await w.as(reporter, { method: 'POST', url: '/api/incidents', payload: { report: ransomwareReport(), draftId: draft.id } })).statusCode).toBe(201);
    expect((await w.as(reporter, { method: 'GET', url: `/api/incident-drafts/${draft.id}` })).statusCode).toBe(404);
  });

  it('flags overdue stages once, telling the reporter and that recipient', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const { incidentsService } = await import('./service.js');
    const { loadRegimes } = await import('./regimes.js');
    const service = incidentsService(w.platform, loadRegimes(w.platform.law));
    const flagged = await service.checkOverdue(new Date('2027-06-01T00:00:00Z'));
    expect(flagged).toBeGreaterThanOrEqual(2); // at least this report's two "final" stages
    expect(await service.checkOverdue(new Date('2027-06-01T00:00:00Z'))).toBe(0);
    const events = await w.platform.db.selectFrom('outbox').select(['type', 'payload']).where('type', '=', 'incident.stage_overdue').execute();
    expect(events.filter((e) => (e.payload as { reportId: string }).reportId === id).length).toBe(2);
  });
});

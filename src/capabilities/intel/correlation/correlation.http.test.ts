import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../platform/http/app.js';
import { startTestWorld, type Session, type TestWorld } from '../../../platform/testing/harness.js';
import { bundleOf, indicatorOf } from '../store/store.fixtures.js';

function report(indicators: { kind: string; value: string }[]) {
  return {
    type: 'ransomware',
    title: 'VPN 経由の侵入',
    summary: '外部からの侵入を検知した。',
    detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    startedAt: new Date(Date.now() - 7_200_000).toISOString(),
    affectedServices: ['社内システム'],
    intrusionRoute: 'vpn',
    ransomware: { noteText: 'PAY', encryptedExtension: '.lock', family: 'LockBit 3.0', paid: false },
    indicators,
    businessImpact: 'degraded',
    contact: { name: '担当者', email: 'soc@example.jp', phone: '03-0000-0000' },
  };
}

describe('correlation over HTTP', () => {
  let w: TestWorld;
  let app: App;
  const login = async (email: string): Promise<Session> => w.login(email);
  const call = (s: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = {};
    if (s) {
      headers.cookie = s.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = s.csrf;
    }
    return app.inject({ method, url, payload: payload as string, headers });
  };
  const lookup = async (email: string | null, query: string) => call(email ? await login(email) : null, 'GET', `/api/intel/observables?${query}`);
  /** Incident indicators arrive through the event bus, after the filing statement commits. */
  const eventually = async <T>(probe: () => Promise<T | null>): Promise<NonNullable<T>> => {
    for (let i = 0; i < 100; i++) {
      const v = await probe();
      if (v !== null && v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not reached in 5 s');
  };

  beforeAll(async () => {
    w = await startTestWorld();
    // The full platform: correlationRoutes must be registered by intel/routes.ts.
    app = w.app;
  }, 60_000);
  afterAll(() => w?.close());

  it('401 without a session, 400 for what is no observable', async () => {
    expect((await lookup(null, 'value=198.51.100.7')).statusCode).toBe(401);
    expect((await call(null, 'GET', '/api/intel/early-warnings')).statusCode).toBe(401);
    expect((await lookup('bank@renkei.example', 'kind=ipv4&value=999.1.1.1')).statusCode).toBe(400);
    const bad = await lookup('bank@renkei.example', 'kind=carrier-pigeon&value=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toContain('kind');
    expect((await lookup('bank@renkei.example', 'value=')).statusCode).toBe(400);
    expect((await call(await login('hub@renkei.example'), 'GET', '/api/intel/early-warnings?limit=0')).statusCode).toBe(400);
  });

  it('incident indicators flow in: the hub sees counts, names only a reporter that allowed it; others learn nothing', async () => {
    const bank = await login('bank@renkei.example');
    const power = await login('power@renkei.example');
    const filedByBank = await call(bank, 'POST', '/api/incidents', { report: report([{ kind: 'ipv4', value: '198.51.100.7' }, { kind: 'domain', value: 'Evil-C2.EXAMPLE.' }]), sharing: { optionalRegimes: [], nameInIntel: true } });
    expect(filedByBank.statusCode).toBe(201);
    const filedByPower = await call(power, 'POST', '/api/incidents', { report: report([{ kind: 'ipv4', value: '198.51.100.7' }]) });
    expect(filedByPower.statusCode).toBe(201);

    // The hub looks the network up: both reports, two organisations in two sectors, only the bank named.
    type Body = { sightings: number; namedReporters: unknown[]; objects: { id: string }[] };
    const seen = await eventually<Body>(async () => {
      const r = await lookup('hub@renkei.example', `value=${encodeURIComponent('198.51.100.0/24')}`);
      return r.statusCode === 200 && r.json<Body>().sightings === 2 ? r.json<Body>() : null;
    });
    const bankId = await w.orgId('sakura-bank');
    expect(seen).toMatchObject({ kind: 'ipv4', value: '198.51.100.0/24', organisations: 2, sectors: 2, sectorCodes: ['electricity', 'finance'] });
    expect(seen.namedReporters).toEqual([{ orgId: bankId, name: expect.any(String) }]);
    expect(JSON.stringify(seen)).not.toContain(await w.orgId('tokai-power'));
    expect(seen.objects.map((o) => o.id).sort()).toEqual([`incident-report--${filedByBank.json().id}`, `incident-report--${filedByPower.json().id}`].sort());
    const domain = (await lookup('hub@renkei.example', 'value=evil-c2.example')).json();
    expect(domain).toMatchObject({ kind: 'domain', value: 'evil-c2.example', organisations: 1 });

    // AMBER+STRICT to the hub and the recipients shown the indicators: the filer sees only its own
    // sighting, the FSA the bank's report it received (not the power company's), an uninvolved company nothing.
    expect((await lookup('bank@renkei.example', 'value=198.51.100.7')).json()).toMatchObject({ sightings: 1, organisations: 1 });
    expect((await lookup('sme@renkei.example', 'value=198.51.100.7')).statusCode).toBe(404);
    expect((await lookup('fsa@renkei.example', 'value=198.51.100.7')).json()).toMatchObject({ sightings: 1, organisations: 1, sectorCodes: ['finance'] });
    expect((await lookup('ppc@renkei.example', 'value=198.51.100.7')).statusCode).toBe(404);
    expect((await lookup('hub@renkei.example', 'value=203.0.113.200')).statusCode).toBe(404);

    // Reading AMBER+STRICT sightings is audited.
    const audited = await w.platform.db.selectFrom('audit_pending').select('action').where('action', '=', 'intel.observable.read').execute();
    const chained = await w.platform.db.selectFrom('audit_log').select('action').where('action', '=', 'intel.observable.read').execute();
    expect(audited.length + chained.length).toBeGreaterThan(0);
  });

  it('STIX objects shared into a sector collection: its members see the figures and the object, others nothing', async () => {
    const finance = (await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'sector:finance').executeTakeFirstOrThrow()).id;
    const indicator = indicatorOf('192.0.2.44', { name: 'C2 サーバ 192.0.2.44' });
    const posted = await call(await login('bank@renkei.example'), 'POST', `/api/intel/bundles?collection=${finance}`, bundleOf([indicator]));
    expect(posted.statusCode, posted.body).toBe(200);
    const seen = await lookup('shinkin@renkei.example', 'value=192.0.2.0/24');
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ sightings: 1, organisations: 1, sectorCodes: ['finance'], namedReporters: [] });
    expect(seen.json().objects).toEqual([{ id: indicator.id, type: 'indicator', name: 'C2 サーバ 192.0.2.44' }]);
    expect((await lookup('fsa@renkei.example', 'kind=ipv4&value=192.0.2.44')).json().objects).toHaveLength(1);
    expect((await lookup('power@renkei.example', 'value=192.0.2.44')).statusCode).toBe(404);
  });

  it('two sectors reporting one address fire one early warning, for the hub and the competent ministries only', async () => {
    const items = await eventually(async () => {
      const r = await call(await login('hub@renkei.example'), 'GET', '/api/intel/early-warnings');
      expect(r.statusCode).toBe(200);
      const found = r.json().items.filter((i: { value: string }) => i.value === '198.51.100.7');
      return found.length ? found : null;
    });
    expect(items).toEqual([expect.objectContaining({ kind: 'ipv4', organisations: 2, sectors: 2, sectorCodes: ['electricity', 'finance'], windowHours: 48 })]);
    for (const email of ['fsa@renkei.example', 'meti@renkei.example']) {
      const r = await call(await login(email), 'GET', '/api/intel/early-warnings');
      expect(r.json().items.map((i: { value: string }) => i.value)).toContain('198.51.100.7');
    }
    for (const email of ['mlit@renkei.example', 'bank@renkei.example', 'sme@renkei.example']) {
      const r = await call(await login(email), 'GET', '/api/intel/early-warnings');
      expect(r.statusCode).toBe(200);
      expect(r.json().items).toEqual([]);
    }
    // A third report in the same window does not fire again.
    const gas = await login('gas@renkei.example');
    expect((await call(gas, 'POST', '/api/incidents', { report: report([{ kind: 'ipv4', value: '198.51.100.7' }]) })).statusCode).toBe(201);
    await eventually(async () => ((await lookup('hub@renkei.example', 'value=198.51.100.7')).json().organisations === 3 ? true : null));
    const events = await w.platform.db.selectFrom('outbox').select('payload').where('type', '=', 'intel.early-warning').execute();
    expect(events.filter((e) => (e.payload as { value: string }).value === '198.51.100.7')).toHaveLength(1);
  });
});

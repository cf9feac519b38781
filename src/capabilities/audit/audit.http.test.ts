import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';

describe('GET /api/audit', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld();
    // Some activity by two organisations.
    const bank = await w.login('bank@renkei.example');
    await w.as(bank, { method: 'POST', url: '/api/tokens', payload: { name: 'audit probe' } });
    const msp = await w.login('msp@renkei.example');
    await w.as(msp, { method: 'POST', url: '/api/tokens', payload: { name: 'msp probe' } });
    await w.platform.audit.drain();
  });
  afterAll(() => w.close());

  it('401 anonymous, 400 for a bad query, 404 for a non-admin', async () => {
    expect((await w.as(null, { method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    const bank = await w.login('bank@renkei.example');
    expect((await w.as(bank, { method: 'GET', url: '/api/audit?limit=0' })).statusCode).toBe(400);
    expect((await w.as(await w.login('bank-analyst@renkei.example'), { method: 'GET', url: '/api/audit' })).statusCode).toBe(404);
    expect((await w.as(await w.login('hub@renkei.example'), { method: 'GET', url: '/api/audit' })).statusCode).toBe(404);
  });

  it('an organisation’s admin sees only its own entries', async () => {
    const bank = await w.login('bank@renkei.example');
    const bankOrg = await w.orgId('sakura-bank');
    const items = (await w.as(bank, { method: 'GET', url: '/api/audit?limit=500' })).json().items as { actorOrgId: string; action: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.actorOrgId === bankOrg)).toBe(true);
    expect(items.map((i) => i.action)).toContain('api_token.create');
  });

  it('the national hub’s admin reads the whole chain, newest first, page by page', async () => {
    const hubAdmin = await w.login('hub-admin@renkei.example');
    const first = (await w.as(hubAdmin, { method: 'GET', url: '/api/audit?limit=2' })).json();
    expect(first.items).toHaveLength(2);
    expect(first.items[0].seq).toBeGreaterThan(first.items[1].seq);
    const next = (await w.as(hubAdmin, { method: 'GET', url: `/api/audit?limit=500&before=${first.nextBefore}` })).json();
    expect(next.items[0].seq).toBe(first.items[1].seq - 1);
    const orgs = new Set([...first.items, ...next.items].map((i: { actorOrgId: string | null }) => i.actorOrgId));
    expect(orgs.has(await w.orgId('tsubasa-systems'))).toBe(true);
    expect(orgs.has(await w.orgId('sakura-bank'))).toBe(true);
  });
});

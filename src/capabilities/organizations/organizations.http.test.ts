import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';

describe('organisations over HTTP', () => {
  let w: TestWorld;
  let bankId: string;
  beforeAll(async () => {
    w = await startTestWorld();
    bankId = await w.orgId('sakura-bank');
  });
  afterAll(() => w.close());

  it('the directory is for members only and shows every organisation kind', async () => {
    expect((await w.as(null, { method: 'GET', url: '/api/organizations' })).statusCode).toBe(401);
    const sme = await w.login('sme@renkei.example');
    const res = await w.as(sme, { method: 'GET', url: '/api/organizations' });
    expect(res.statusCode).toBe(200);
    const kinds = new Set(res.json().items.map((o: { kind: string }) => o.kind));
    expect([...kinds].sort()).toEqual(['isac', 'ministry', 'national_hub', 'operator', 'police', 'regulator', 'sme', 'vendor']);
    const finance = await w.as(sme, { method: 'GET', url: '/api/organizations?sector=finance&kind=operator' });
    expect(finance.json().items.map((o: { slug: string }) => o.slug).sort()).toEqual(['hikari-shinkin', 'sakura-bank']);
    expect((await w.as(sme, { method: 'GET', url: '/api/organizations?kind=alien' })).statusCode).toBe(400);
  });

  it('one organisation: 404 for an unknown id, 400 for a malformed one', async () => {
    const sme = await w.login('sme@renkei.example');
    expect((await w.as(sme, { method: 'GET', url: `/api/organizations/${bankId}` })).json()).toMatchObject({ slug: 'sakura-bank', designated: true, designatedBusinessTypes: ['finance'] });
    expect((await w.as(sme, { method: 'GET', url: '/api/organizations/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await w.as(sme, { method: 'GET', url: '/api/organizations/nope' })).statusCode).toBe(400);
  });

  describe('emergency contacts (TLP:AMBER)', () => {
    const readAs = async (email: string) => w.as(await w.login(email), { method: 'GET', url: `/api/organizations/${bankId}/contacts` });

    it('reach the organisation itself, the national hub, the competent ministry, and the vendor running its systems', async () => {
      for (const email of ['bank-viewer@renkei.example', 'hub@renkei.example', 'fsa@renkei.example', 'msp@renkei.example']) {
        const res = await readAs(email);
        expect(res.statusCode, email).toBe(200);
        expect(res.json().csirtEmail).toBe('csirt@sakura-bank.example');
      }
    });

    it('are not found for anyone else: another ministry, a regulator, police, a supplier, another bank', async () => {
      for (const email of ['meti@renkei.example', 'ppc@renkei.example', 'police@renkei.example', 'sme@renkei.example', 'shinkin@renkei.example', 'cloud@renkei.example']) {
        const res = await readAs(email);
        expect(res.statusCode, email).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
      expect((await w.as(null, { method: 'GET', url: `/api/organizations/${bankId}/contacts` })).statusCode).toBe(401);
    });

    it('every read lands in the audit chain with the reader', async () => {
      const hubUser = await w.userId('hub@renkei.example');
      await w.platform.audit.drain();
      const before = await w.platform.db.selectFrom('audit_log').select('seq').where('action', '=', 'org_contacts.read').where('actor_user_id', '=', hubUser).execute();
      await readAs('hub@renkei.example');
      await w.platform.audit.drain();
      const after = await w.platform.db.selectFrom('audit_log').selectAll().where('action', '=', 'org_contacts.read').where('actor_user_id', '=', hubUser).execute();
      expect(after.length).toBe(before.length + 1);
      expect(after.at(-1)).toMatchObject({ resource_type: 'org_contacts', resource_id: bankId, outcome: 'success' });
    });

    it('only the organisation’s admin may change them: 400 / 404 / 200', async () => {
      const body = { phone24h: '03-1234-5678', csirtEmail: 'soc@sakura-bank.example', escalation: '当番表参照' };
      const bank = await w.login('bank@renkei.example');
      expect((await w.as(bank, { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: { ...body, phone24h: 'call me' } })).json().error.fields[0].path).toBe('phone24h');
      expect((await w.as(await w.login('bank-analyst@renkei.example'), { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: body })).statusCode).toBe(404);
      expect((await w.as(await w.login('msp@renkei.example'), { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: body })).statusCode).toBe(404);
      const ok = await w.as(bank, { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: body });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ csirtEmail: 'soc@sakura-bank.example', tlp: 'amber' });
    });

    it('raising to AMBER+STRICT drops need-to-know partners, and a later update cannot lower it', async () => {
      const bank = await w.login('bank@renkei.example');
      const body = { phone24h: '03-1234-5678', csirtEmail: 'soc@sakura-bank.example', escalation: '' };
      await w.as(bank, { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: { ...body, tlp: 'amber+strict' } });
      expect((await readAs('msp@renkei.example')).statusCode).toBe(404);
      expect((await readAs('fsa@renkei.example')).statusCode).toBe(200);
      const lowered = await w.as(bank, { method: 'PUT', url: `/api/organizations/${bankId}/contacts`, payload: { ...body, tlp: 'amber' } });
      expect(lowered.json().tlp).toBe('amber+strict');
      expect((await readAs('msp@renkei.example')).statusCode).toBe(404);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/seed.js';
import { startTestWorld, type TestWorld } from '../../platform/testing/harness.js';

describe('accounts over HTTP', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld();
  });
  afterAll(() => w.close());

  describe('POST /api/session', () => {
    it('400 with field paths, in Japanese by default and English on request', async () => {
      const ja = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'not-an-email' } });
      expect(ja.statusCode).toBe(400);
      const body = ja.json();
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toBe('入力内容に誤りがあります。');
      expect(body.error.fields).toEqual([
        { path: 'email', message: 'メールアドレスの形式で入力してください。' },
        { path: 'password', message: '必須項目です。' },
      ]);
      const en = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'x' }, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(en.json().error.fields[0]).toEqual({ path: 'email', message: 'Enter an e-mail address.' });
      expect(en.json().error.message).toBe('The request has invalid fields.');
    });

    it('401 for a wrong password, the same as for an unknown address', async () => {
      const wrong = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'bank@renkei.example', password: 'nope' } });
      const unknown = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'ghost@renkei.example', password: 'nope' } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
    });

    it('sets an HttpOnly session cookie and a readable CSRF cookie, and returns the caller', async () => {
      const res = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'BANK@renkei.example', password: DEMO_PASSWORD } });
      expect(res.statusCode).toBe(200);
      const session = res.cookies.find((c) => c.name === 'renkei_session')!;
      const csrf = res.cookies.find((c) => c.name === 'renkei_csrf')!;
      expect(session.httpOnly).toBe(true);
      expect(session.sameSite).toBe('Lax');
      expect(csrf.httpOnly).toBeFalsy();
      const me = res.json();
      expect(me.organization).toMatchObject({ slug: 'sakura-bank', kind: 'operator', sectors: ['finance'] });
      expect(me.role).toBe('admin');
      expect(me.abilities['tokens.manage']).toBe(true);
      expect(me.csrfToken).toBe(csrf.value);
    });

    it('throttles guessing: after 10 failures even the right password is refused with 429', async () => {
      const email = 'bank-viewer@renkei.example';
      for (let i = 0; i < 10; i++) {
        const r = await w.as(null, { method: 'POST', url: '/api/session', payload: { email, password: `guess-${i}` } });
        expect(r.statusCode).toBe(401);
      }
      const blocked = await w.as(null, { method: 'POST', url: '/api/session', payload: { email, password: DEMO_PASSWORD } });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('rate_limited');
    });
  });

  describe('GET /api/me and DELETE /api/session', () => {
    it('401 without a session; 200 with one; logout ends it', async () => {
      expect((await w.as(null, { method: 'GET', url: '/api/me' })).statusCode).toBe(401);
      const res = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'isac@renkei.example', password: DEMO_PASSWORD } });
      const cookie = `renkei_session=${res.cookies.find((c) => c.name === 'renkei_session')!.value}`;
      const csrf = res.json().csrfToken as string;
      const me = await w.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().organization.kind).toBe('isac');
      // A logout without the CSRF token is refused (a cross-site page cannot log you out either).
      expect((await w.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(403);
      expect((await w.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
      expect((await w.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    });
  });

  describe('API tokens', () => {
    it('401 anonymous, 400 bad body, 404 for a non-admin (forbidden looks like missing), 201 for an admin', async () => {
      expect((await w.as(null, { method: 'POST', url: '/api/tokens', payload: { name: 'x' } })).statusCode).toBe(401);
      const bank = await w.login('bank@renkei.example');
      expect((await w.as(bank, { method: 'POST', url: '/api/tokens', payload: { name: '' } })).statusCode).toBe(400);
      const analyst = await w.login('bank-analyst@renkei.example');
      const denied = await w.as(analyst, { method: 'POST', url: '/api/tokens', payload: { name: 'mine' } });
      expect(denied.statusCode).toBe(404);
      const created = await w.as(bank, { method: 'POST', url: '/api/tokens', payload: { name: 'SIEM 連携' } });
      expect(created.statusCode).toBe(201);
      expect(created.json().token).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
      expect(created.headers['cache-control']).toBe('no-store');
    });

    it('a CSRF-less write with the session cookie is refused', async () => {
      const bank = await w.login('bank@renkei.example');
      const res = await w.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'x' }, headers: { cookie: bank.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
    });

    it('is stored only as a hash, works as Bearer, is listed without its secret, and stops working when revoked', async () => {
      const bank = await w.login('bank@renkei.example');
      const { id, token } = (await w.as(bank, { method: 'POST', url: '/api/tokens', payload: { name: 'automation' } })).json();
      const stored = await w.platform.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(token);
      const bearer = { authorization: `Bearer ${token}` };
      const me = await w.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe('bank@renkei.example');
      expect(me.json().csrfToken).toBeNull();
      // Bearer writes need no CSRF token: there is no ambient credential to abuse.
      expect((await w.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'from-token' }, headers: bearer })).statusCode).toBe(201);
      const list = (await w.as(bank, { method: 'GET', url: '/api/tokens' })).json();
      expect(list.items.find((t: { id: string }) => t.id === id)).toMatchObject({ name: 'automation', revokedAt: null });
      expect(JSON.stringify(list)).not.toContain(token);
      // Another organisation's admin cannot revoke it: 404, as if it did not exist.
      const msp = await w.login('msp@renkei.example');
      expect((await w.as(msp, { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(404);
      expect((await w.as(bank, { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
      expect((await w.app.inject({ method: 'GET', url: '/api/me', headers: bearer })).statusCode).toBe(401);
      expect((await w.as(bank, { method: 'DELETE', url: '/api/tokens/not-a-uuid' })).statusCode).toBe(400);
    });
  });

  describe('users', () => {
    const newUser = (email: string) => ({ email, displayName: '新人 太郎', role: 'reporter', clearance: 'none', password: 'a-long-password-1' });

    it('401 / 400 / 404 / 201, and a retry with the same Idempotency-Key creates nothing twice', async () => {
      expect((await w.as(null, { method: 'POST', url: '/api/users', payload: newUser('a@x.example') })).statusCode).toBe(401);
      const bank = await w.login('bank@renkei.example');
      const bad = await w.as(bank, { method: 'POST', url: '/api/users', payload: { ...newUser('a@x.example'), password: 'short' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0].path).toBe('password');
      const viewer = await w.login('hub-viewer@renkei.example');
      expect((await w.as(viewer, { method: 'POST', url: '/api/users', payload: newUser('b@x.example') })).statusCode).toBe(404);

      const headers = { 'idempotency-key': 'create-user-0001' };
      const first = await w.as(bank, { method: 'POST', url: '/api/users', payload: newUser('new@sakura.example'), headers });
      const again = await w.as(bank, { method: 'POST', url: '/api/users', payload: newUser('new@sakura.example'), headers });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const count = await w.platform.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('email', '=', 'new@sakura.example').executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
      const reused = await w.as(bank, { method: 'POST', url: '/api/users', payload: newUser('other@sakura.example'), headers });
      expect(reused.statusCode).toBe(422);
    });

    it('an admin cannot grant a clearance above their own', async () => {
      const bank = await w.login('bank@renkei.example'); // clearance none
      const res = await w.as(bank, { method: 'POST', url: '/api/users', payload: { ...newUser('cleared@sakura.example'), clearance: 'sds' } });
      expect(res.statusCode).toBe(404);
    });

    it('401 anonymous for the user and token lists', async () => {
      expect((await w.as(null, { method: 'GET', url: '/api/users' })).statusCode).toBe(401);
      expect((await w.as(null, { method: 'GET', url: '/api/tokens' })).statusCode).toBe(401);
    });

    it('lists only the caller’s own organisation', async () => {
      const sme = await w.login('sme@renkei.example');
      const items = (await w.as(sme, { method: 'GET', url: '/api/users' })).json().items as { email: string }[];
      expect(items.map((u) => u.email)).toEqual(['sme@renkei.example']);
    });
  });
});

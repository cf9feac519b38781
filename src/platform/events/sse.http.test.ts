import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../testing/harness.js';

/** Reads SSE frames from a real HTTP connection until `until` is satisfied or time runs out. */
async function openStream(base: string, session: Session, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events`, { headers: { cookie: session.cookie, ...headers }, signal: controller.signal });
  const events: { seq: number; type: string; payload: Record<string, unknown> }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    status: res.status,
    events,
    async waitFor(pred: (e: (typeof events)[number]) => boolean, ms = 5000) {
      const start = Date.now();
      while (Date.now() - start < ms) {
        const hit = events.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 25));
      }
      return undefined;
    },
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

describe('GET /api/events (SSE)', () => {
  let w: TestWorld;
  let base: string;
  beforeAll(async () => {
    w = await startTestWorld({ sseHeartbeatMs: 200 });
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => w.close());

  it('401 without a session', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });

  it('delivers a committed event to its organisation only, and replays what a reconnecting client missed', async () => {
    const bank = await w.login('bank@renkei.example');
    const colleague = await w.login('bank-viewer@renkei.example');
    const outsider = await w.login('sme@renkei.example');
    const mine = await openStream(base, colleague);
    const theirs = await openStream(base, outsider);
    expect(mine.status).toBe(200);

    const created = await w.as(bank, { method: 'POST', url: '/api/tokens', payload: { name: 'SSE probe' } });
    const tokenId = created.json().id;
    const seen = await mine.waitFor((e) => e.type === 'api_token.created' && e.payload.id === tokenId);
    expect(seen).toBeDefined();
    // Give the outsider's stream the same chance, then check it got nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.events.filter((e) => e.type === 'api_token.created')).toEqual([]);
    await mine.close();
    await theirs.close();

    // While disconnected, the token is revoked; reconnecting with Last-Event-ID brings the missed event.
    await w.as(bank, { method: 'DELETE', url: `/api/tokens/${tokenId}` });
    const again = await openStream(base, colleague, { 'last-event-id': String(seen!.seq) });
    expect(await again.waitFor((e) => e.type === 'api_token.revoked' && e.payload.id === tokenId)).toBeDefined();
    expect(again.events.some((e) => e.seq === seen!.seq)).toBe(false);
    await again.close();
  });

  it('ends an open stream once its session is logged out', async () => {
    const res = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'power@renkei.example', password: 'renkei-demo-2026' } });
    const session = { cookie: `renkei_session=${res.cookies.find((c) => c.name === 'renkei_session')!.value}`, csrf: res.json().csrfToken, me: res.json() };
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/events`, { headers: { cookie: session.cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    expect((await w.as(session, { method: 'DELETE', url: '/api/session' })).statusCode).toBe(204);
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 5000));
    expect(await Promise.race([ended, timeout])).toBe(true);
    controller.abort();
  });
});

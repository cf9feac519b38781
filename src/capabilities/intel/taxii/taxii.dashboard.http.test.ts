import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { startTestWorld, type TestWorld } from '../../../platform/testing/harness.js';

// The dashboard as `npm start` serves it, without building it here (a Vite build takes long and writes
// web/dist, which other runs read): only its index.html is stood in for; every other file is real.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const isIndex = (p: unknown) => typeof p === 'string' && p.endsWith(path.join('web', 'dist', 'index.html'));
  const fs = {
    ...real,
    existsSync: (p: Parameters<typeof real.existsSync>[0]) => isIndex(p) || real.existsSync(p),
    readFileSync: ((p: Parameters<typeof real.readFileSync>[0], ...rest: unknown[]) =>
      isIndex(p) ? Buffer.from('<!doctype html><title>Renkei</title>') : (real.readFileSync as (...a: unknown[]) => unknown)(p, ...rest)) as typeof real.readFileSync,
  };
  return { ...fs, default: fs };
});

const TAXII = 'application/taxii+json;version=2.1';
const auth = `Basic ${Buffer.from(`bank@renkei.example:${DEMO_PASSWORD}`).toString('base64')}`;

/**
 * With the dashboard served, its catch-all route answers every path no other route takes, with the
 * platform's JSON error for API-looking ones. Paths under /taxii2/ must stay TAXII's: a TAXII error
 * message in the TAXII media type, never `{"error": …}`.
 */
describe('TAXII 2.1 beside the dashboard', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld({}, { serveWeb: true });
  });
  afterAll(() => w.close());

  const get = (url: string, headers: Record<string, string> = {}) => w.app.inject({ method: 'GET', url, headers: { accept: TAXII, authorization: auth, ...headers } });

  it('the dashboard is served (the catch-all route is there)', async () => {
    expect((await w.app.inject({ method: 'GET', url: '/incidents' })).body).toContain('<title>Renkei</title>');
  });

  it('unknown paths under /taxii2/ are TAXII 404 error messages, in the caller’s language', async () => {
    const cid = (await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', 'org:sakura-bank').executeTakeFirstOrThrow()).id;
    for (const url of ['/taxii2/api/nope/', '/taxii2/other/', '/taxii2/api/nope', `/taxii2/api/collections/${cid}/status/${crypto.randomUUID()}/`, `/taxii2/api/collections/${cid}/objects/x/y/z/`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe(TAXII);
      expect(res.json(), url).toEqual({ title: '見つかりません。', http_status: '404' });
    }
    expect((await get('/taxii2/other/', { 'accept-language': 'en' })).json()).toEqual({ title: 'Not found.', http_status: '404' });
    // Other methods too, and the known routes still answer.
    const post = await w.app.inject({ method: 'POST', url: '/taxii2/other/', headers: { accept: TAXII, authorization: auth, 'content-type': TAXII }, payload: '{}' });
    expect([post.statusCode, post.headers['content-type']]).toEqual([404, TAXII]);
    expect((await get('/taxii2/')).statusCode).toBe(200);
    expect((await get('/taxii2/api/')).statusCode).toBe(200);
    expect((await get(`/taxii2/api/collections/${cid}/`)).statusCode).toBe(200);
    // The platform's API keeps its own 404s.
    expect((await w.app.inject({ method: 'GET', url: '/api/nope' })).json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

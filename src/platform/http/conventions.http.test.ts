import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../testing/harness.js';

describe('HTTP conventions', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld({ bodyLimitBytes: 2048 });
  });
  afterAll(() => w.close());

  it('sends security headers: CSP, frame denial, no sniffing', async () => {
    const res = await w.as(null, { method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Plain HTTP in tests: HSTS is only sent when the public URL is https.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // API and TAXII answers are never cached; they vary by language.
    expect([res.headers['cache-control'], res.headers['vary']]).toEqual(['no-store', 'Accept-Language']);
    const taxii = await w.as(null, { method: 'GET', url: '/taxii2/' });
    expect(taxii.headers['cache-control']).toBe('no-store');
  });

  it('answers 413 with a localized message for an oversized body', async () => {
    const res = await w.as(null, { method: 'POST', url: '/api/session', payload: { email: 'a@b.example', password: 'x'.repeat(5000) }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', message: 'The body is too large (limit 2048 bytes).' });
  });

  it('answers 400 invalid_json for a broken body, and 404 JSON for unknown API paths', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/session', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
    const missing = await w.as(null, { method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('見つかりません。');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await w.as(null, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/session'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/me', '/api/tokens', '/api/organizations/{id}/contacts', '/api/audit']));
    expect((await w.as(null, { method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });
});

describe('HSTS behind TLS', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld({ publicUrl: 'https://renkei.example.go.jp' });
  });
  afterAll(() => w.close());

  it('is sent when the public URL is https', async () => {
    const res = await w.as(null, { method: 'GET', url: '/api/health' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('rate limits', () => {
  let w: TestWorld;
  beforeAll(async () => {
    w = await startTestWorld({ rateLimitPerMinute: 5 });
  });
  afterAll(() => w.close());

  it('answers 429 past the per-caller budget, with the standard error shape', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await w.as(null, { method: 'GET', url: '/api/health' })).statusCode);
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const res = await w.as(null, { method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
  });
});

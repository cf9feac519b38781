import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/seed.js';
import { startTestWorld, type TestWorld } from '../../../platform/testing/harness.js';
import { indicatorOf, ipv4Of, malwareOf } from '../store/store.fixtures.js';

const TAXII = 'application/taxii+json;version=2.1';
const basic = (email: string, password = DEMO_PASSWORD) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('TAXII 2.1 server', () => {
  let w: TestWorld;
  let bankToken: string;
  beforeAll(async () => {
    w = await startTestWorld();
    const bank = await w.login('bank@renkei.example');
    bankToken = (await w.platform.tokens.issue({ userId: bank.me.user.id, orgId: bank.me.organization.id, name: 'taxii', createdBy: null })).token;
  });
  afterAll(() => w.close());

  /** A request as a TAXII client sends it. */
  const taxii = (method: string, url: string, auth: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
    w.app.inject({
      method: method as 'GET',
      url,
      headers: { accept: TAXII, ...(auth ? { authorization: auth } : {}), ...(payload !== undefined ? { 'content-type': TAXII } : {}), ...headers },
      payload: payload === undefined ? undefined : JSON.stringify(payload),
    });
  const collectionId = async (key: string) => (await w.platform.db.selectFrom('stix_collections').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;

  it('discovery and API root: 401 with a Basic challenge, 406 for other media, the TAXII media type', async () => {
    const anon = await taxii('GET', '/taxii2/', null);
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toContain('Basic');
    expect(anon.headers['content-type']).toBe(TAXII);
    expect(anon.json()).toMatchObject({ title: expect.any(String), http_status: '401' });
    expect((await taxii('GET', '/taxii2/', basic('bank@renkei.example', 'wrong'))).statusCode).toBe(401);
    expect((await taxii('GET', '/taxii2/', basic('bank@renkei.example'), undefined, { accept: 'application/xml' })).statusCode).toBe(406);
    expect((await taxii('GET', '/taxii2/', basic('bank@renkei.example'), undefined, { accept: 'application/taxii+json;version=2.0' })).statusCode).toBe(406);
    const d = await taxii('GET', '/taxii2/', basic('bank@renkei.example'));
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toBe(TAXII);
    expect(d.json().api_roots).toEqual([expect.stringMatching(/\/taxii2\/api\/$/)]);
    const root = await taxii('GET', '/taxii2/api/', `Bearer ${bankToken}`);
    expect(root.json()).toMatchObject({ versions: [TAXII], max_content_length: expect.any(Number) });
    const missing = await taxii('GET', '/taxii2/api/nothing-here/', `Bearer ${bankToken}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe(TAXII);
  });

  it('a TAXII client lists its collections, adds an envelope, polls the status and pages through objects', async () => {
    const auth = basic('bank@renkei.example');
    const list = (await taxii('GET', '/taxii2/api/collections/', auth)).json().collections as Array<{ id: string; alias: string; can_read: boolean; can_write: boolean; media_types: string[] }>;
    const target = list.find((c) => c.alias === 'sector-finance')!;
    expect(target).toMatchObject({ can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'] });
    expect(list.find((c) => c.alias === 'national')).toMatchObject({ can_read: true, can_write: false });
    expect(list.some((c) => c.alias === 'sector-electricity')).toBe(false);

    const objects = [...Array.from({ length: 5 }, (_, i) => indicatorOf(`192.0.2.${i + 1}`)), malwareOf('Emotet'), ipv4Of('192.0.2.200'), { type: 'indicator', id: 'indicator--bad' }];
    const posted = await taxii('POST', `/taxii2/api/collections/${target.id}/objects/`, auth, { objects });
    expect(posted.statusCode).toBe(202);
    expect(posted.headers['content-type']).toBe(TAXII);
    const status = posted.json();
    expect(status).toMatchObject({ status: 'complete', total_count: 8, success_count: 7, failure_count: 1, pending_count: 0 });
    // The status keeps the poster's language (no Accept-Language: Japanese, the platform's first).
    expect(status.failures[0]).toMatchObject({ id: 'indicator--bad', message: expect.stringContaining('spec_version: 必須で、') });
    const polled = await taxii('GET', `/taxii2/api/status/${status.id}/`, auth);
    expect(polled.statusCode).toBe(200);
    expect(polled.headers['content-type']).toBe(TAXII);
    expect(polled.json()).toMatchObject({ id: status.id, success_count: 7 });
    // The 202 presents the status as stored: polling it answers the same, to the millisecond.
    const { x_renkei_correlations: _posted, ...postedStatus } = status;
    const { x_renkei_correlations: _polled, ...polledStatus } = polled.json();
    expect(polledStatus).toEqual(postedStatus);
    expect(status.request_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await taxii('GET', `/taxii2/api/status/${status.id}/`, basic('shinkin@renkei.example'))).statusCode).toBe(404);

    const seen: string[] = [];
    let url = `/taxii2/api/collections/${target.id}/objects/?limit=3`;
    let added: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const res = await taxii('GET', url, auth);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(TAXII);
      const env = res.json();
      seen.push(...env.objects.map((o: { id: string }) => o.id));
      expect(res.headers['x-taxii-date-added-first']).toMatch(/^\d{4}-.*Z$/);
      expect(res.headers['x-taxii-date-added-last']! >= (added ?? '')).toBe(true);
      added = res.headers['x-taxii-date-added-last'] as string;
      // Objects added while the client pages come after the position it holds: no loop, no skip.
      if (pages === 0) await taxii('POST', `/taxii2/api/collections/${target.id}/objects/`, auth, { objects: [malwareOf('Late')] });
      if (!env.more) break;
      expect(env.next).toEqual(expect.any(String));
      url = `/taxii2/api/collections/${target.id}/objects/?limit=3&next=${encodeURIComponent(env.next)}`;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(0, 7).sort()).toEqual(objects.slice(0, 7).map((o) => o.id).sort());
  });

  it('filters: match[type], match[id], match[version], match[spec_version], added_after; versions and manifest', async () => {
    const auth = `Bearer ${bankToken}`;
    const cid = await collectionId('org:sakura-bank');
    const id = indicatorOf('198.51.100.77').id;
    const versions = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
    await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [indicatorOf('198.51.100.77', { id, modified: versions[1] }), malwareOf('Qakbot')] });
    const mid = (await taxii('GET', `/taxii2/api/collections/${cid}/manifest/`, auth)).headers['x-taxii-date-added-last'] as string;
    await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [indicatorOf('198.51.100.77', { id, modified: versions[2] }), indicatorOf('198.51.100.77', { id, modified: versions[0] })] });
    const get = async (q: string) => (await taxii('GET', `/taxii2/api/collections/${cid}/objects/?${q}`, auth)).json().objects.map((o: { id: string; modified: string }) => `${o.id.split('--')[0]}@${o.modified}`);
    expect(await get('match[type]=indicator')).toEqual([`indicator@${versions[2]}`]);
    expect(await get(`match[id]=${id}&match[version]=all`)).toEqual([`indicator@${versions[1]}`, `indicator@${versions[2]}`, `indicator@${versions[0]}`]);
    expect(await get(`match[id]=${id}&match[version]=first`)).toEqual([`indicator@${versions[0]}`]);
    expect(await get(`match[id]=${id}&match[version]=first,last`)).toEqual([`indicator@${versions[2]}`, `indicator@${versions[0]}`]);
    expect(await get(`match[id]=${id}&match[version]=2026-01-02T00:00:00Z`)).toEqual([`indicator@${versions[1]}`]);
    expect(await get('match[type]=malware,indicator&match[spec_version]=2.0')).toEqual([]);
    expect(await get(`added_after=${mid}&match[version]=all`)).toEqual([`indicator@${versions[2]}`, `indicator@${versions[0]}`]);
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/?added_after=yesterday`, auth)).statusCode).toBe(400);
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/?next=forged`, auth)).json()).toMatchObject({ http_status: '400' });

    const one = await taxii('GET', `/taxii2/api/collections/${cid}/objects/${id}/`, auth);
    expect(one.json().objects.map((o: { modified: string }) => o.modified)).toEqual([versions[2]]);
    const vs = await taxii('GET', `/taxii2/api/collections/${cid}/objects/${id}/versions/`, auth);
    expect(vs.json()).toEqual({ more: false, versions: [versions[1], versions[2], versions[0]] });
    const manifest = (await taxii('GET', `/taxii2/api/collections/${cid}/manifest/?match[id]=${id}`, auth)).json();
    expect(manifest.objects).toEqual([{ id, date_added: expect.stringMatching(/Z$/), version: versions[2], media_type: 'application/stix+json;version=2.1' }]);
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/indicator--00000000-0000-4000-8000-000000000000/`, auth)).statusCode).toBe(404);
  });

  it('match[type] with several types pages through their objects in the order they were added, as the unfiltered stream has them', async () => {
    const auth = `Bearer ${bankToken}`;
    const cid = await collectionId('org:sakura-bank');
    // Types added in turns, one envelope each, so their entries interleave in the stream.
    for (let i = 0; i < 4; i++) {
      await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [indicatorOf(`203.0.113.${i + 10}`), malwareOf(`Turn ${i}`)] });
      await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [ipv4Of(`203.0.113.${i + 10}`)] });
    }
    const pages = async (q: string, limit: number) => {
      const ids: string[] = [];
      let url = `/taxii2/api/collections/${cid}/objects/?limit=${limit}&${q}`;
      for (let n = 0; n < 50; n++) {
        const env = (await taxii('GET', url, auth)).json() as { more: boolean; next?: string; objects?: Array<{ id: string }> };
        ids.push(...(env.objects ?? []).map((o) => o.id));
        if (!env.more) return ids;
        url = `/taxii2/api/collections/${cid}/objects/?limit=${limit}&${q}&next=${encodeURIComponent(env.next!)}`;
      }
      throw new Error('paging did not end');
    };
    const stream = await pages('', 1000);
    const ofTypes = (...types: string[]) => stream.filter((id) => types.includes(id.split('--')[0]!));
    expect(ofTypes('malware').length).toBeGreaterThanOrEqual(4);
    expect(await pages('match[type]=malware,ipv4-addr', 3)).toEqual(ofTypes('malware', 'ipv4-addr'));
    expect(await pages('match[type]=ipv4-addr,indicator,malware', 5)).toEqual(ofTypes('ipv4-addr', 'indicator', 'malware'));
    expect(await pages('match[type]=attack-pattern', 100)).toEqual([]);
    expect(await pages('match[type]=malware,malware', 100)).toEqual(ofTypes('malware'));
    const manifest = (await taxii('GET', `/taxii2/api/collections/${cid}/manifest/?match[type]=malware,ipv4-addr&limit=1000`, auth)).json() as { objects: Array<{ id: string }> };
    expect(manifest.objects.map((o) => o.id)).toEqual(ofTypes('malware', 'ipv4-addr'));
  });

  it('reads of restricted objects are audited per page, with their ids; pages of open objects are not', async () => {
    // The national collection keeps an object's own TLP (a sector's raises it to its floor).
    const auth = basic('hub@renkei.example');
    const national = await collectionId('national');
    const amber = indicatorOf('203.0.113.41', { tlp: 'amber' });
    const green = indicatorOf('203.0.113.42', { tlp: 'green' });
    expect((await taxii('POST', `/taxii2/api/collections/${national}/objects/`, auth, { objects: [amber, green] })).statusCode).toBe(202);
    await w.platform.audit.drain();
    const reads = async () => {
      await w.platform.audit.drain();
      const rows = await w.platform.db.selectFrom('audit_log').select(['resource_id', 'detail']).where('action', '=', 'taxii.objects.read').orderBy('seq').execute();
      return rows.map((r) => ({ collection: r.resource_id, ...(typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) }) as { collection: string; restricted: number; ids: string[] });
    };
    const before = (await reads()).length;
    // Both page sizes: the default (a prepared statement on PostgreSQL) and another.
    for (const q of [`match[id]=${amber.id},${green.id}`, `match[id]=${amber.id},${green.id}&limit=7`]) {
      const page = await taxii('GET', `/taxii2/api/collections/${national}/objects/?${q}`, auth);
      expect(page.json().objects.map((o: { id: string }) => o.id).sort()).toEqual([amber.id, green.id].sort());
    }
    const after = (await reads()).slice(before);
    expect(after).toEqual([
      { collection: national, restricted: 1, ids: [amber.id] },
      { collection: national, restricted: 1, ids: [amber.id] },
    ]);
    expect((await taxii('GET', `/taxii2/api/collections/${national}/objects/?match[id]=${green.id}`, auth)).json().objects).toHaveLength(1);
    expect((await taxii('GET', `/taxii2/api/collections/${national}/manifest/?match[id]=${amber.id}`, auth)).json().objects).toHaveLength(1);
    const later = (await reads()).slice(before + 2);
    expect(later).toEqual([{ collection: national, restricted: 1, ids: [amber.id] }]);
  });

  it('next resumes the query it was issued for: the same filters (added_after too) or none page on, other filters are a TAXII 400', async () => {
    const auth = `Bearer ${bankToken}`;
    const cid = await collectionId('org:sakura-bank');
    const objects = `/taxii2/api/collections/${cid}/objects/`;
    const since = String((await taxii('GET', `/taxii2/api/collections/${cid}/manifest/`, auth)).headers['x-taxii-date-added-last'] ?? '2000-01-01T00:00:00.000Z');
    for (let i = 0; i < 3; i++) await taxii('POST', objects, auth, { objects: [indicatorOf(`192.0.2.${i + 150}`), malwareOf(`Paged ${i}`)] });
    const env = async (q: string, headers: Record<string, string> = {}) => {
      const res = await taxii('GET', `${objects}?${q}`, auth, undefined, headers);
      return { status: res.statusCode, type: res.headers['content-type'], body: res.json() as { more?: boolean; next?: string; objects?: Array<{ id: string; type: string }>; title?: string; description?: string; http_status?: string } };
    };

    // An unfiltered token, sent with a filter: refused, not answered with relationships, reports, malware…
    const plain = await env('limit=2');
    expect(plain.body.more).toBe(true);
    const mixed = await env(`limit=2&next=${encodeURIComponent(plain.body.next!)}&match[type]=indicator`);
    expect([mixed.status, mixed.type]).toEqual([400, TAXII]);
    expect(mixed.body).toEqual({ title: 'リクエストに誤りがあります。', description: expect.stringContaining('next は別の絞り込み条件'), http_status: '400' });
    const mixedEn = await env(`limit=2&next=${encodeURIComponent(plain.body.next!)}&match[type]=indicator`, { 'accept-language': 'en' });
    expect(mixedEn.body).toEqual({ title: 'Bad request.', description: expect.stringContaining('next was issued for other filters'), http_status: '400' });
    // The same filters as issued page on.
    expect((await env(`limit=2&next=${encodeURIComponent(plain.body.next!)}`)).status).toBe(200);

    // A filtered token (added_after included): every page with the same filters, in any order or spelling…
    const q = `match[type]=indicator&added_after=${since}`;
    const ids: string[] = [];
    let page = await env(`limit=2&${q}`);
    for (let n = 0; n < 10; n++) {
      expect(page.status).toBe(200);
      ids.push(...(page.body.objects ?? []).map((o) => o.id));
      if (!page.body.more) break;
      const next = encodeURIComponent(page.body.next!);
      // … `next` alone resumes the token's query (some clients send only `next`) …
      const bare = await env(`limit=2&next=${next}`);
      expect([bare.status, (bare.body.objects ?? []).every((o) => o.type === 'indicator')]).toEqual([200, true]);
      // … and refused with one filter missing, or with others.
      for (const other of [`match[type]=indicator`, `added_after=${since}`, `match[type]=malware&added_after=${since}`, `${q}&match[spec_version]=2.0`, `${q}&match[version]=all`]) {
        const refused = await env(`limit=2&next=${next}${other ? `&${other}` : ''}`);
        expect([refused.status, refused.body.http_status], other).toEqual([400, '400']);
      }
      const respelled = since.includes('.') ? since.replace(/Z$/, '000Z') : since.replace(/Z$/, '.000Z');
      page = await env(`limit=2&added_after=${respelled}&match[type]=indicator,indicator&next=${next}`);
    }
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => id.startsWith('indicator--'))).toBe(true);
  });

  it('next on an object’s versions resumes that object’s versions only', async () => {
    const auth = `Bearer ${bankToken}`;
    const cid = await collectionId('org:sakura-bank');
    const a = indicatorOf('198.51.100.90').id;
    const b = indicatorOf('198.51.100.91').id;
    const stamps = ['2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', '2026-02-03T00:00:00.000Z'];
    await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [...stamps.map((m) => indicatorOf('198.51.100.90', { id: a, modified: m })), indicatorOf('198.51.100.91', { id: b })] });
    const versions = `/taxii2/api/collections/${cid}/objects/${a}/versions/`;
    const first = (await taxii('GET', `${versions}?limit=2`, auth)).json();
    expect(first).toMatchObject({ more: true, versions: stamps.slice(0, 2) });
    const second = await taxii('GET', `${versions}?limit=2&next=${encodeURIComponent(first.next)}`, auth);
    expect(second.json()).toEqual({ more: false, versions: stamps.slice(2) });
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/${b}/versions/?limit=2&next=${encodeURIComponent(first.next)}`, auth)).statusCode).toBe(400);
  });

  it('unknown paths are TAXII 404 error messages; the status resource lives at {api-root}/status/{id}/', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const posted = (await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [malwareOf('Status probe')] })).json();
    const status = await taxii('GET', `/taxii2/api/status/${posted.id}/`, auth);
    expect([status.statusCode, status.headers['content-type']]).toEqual([200, TAXII]);
    expect(status.json()).toMatchObject({ id: posted.id, status: 'complete', success_count: 1 });
    expect((await taxii('GET', `/taxii2/api/status/${posted.id}`, auth)).statusCode).toBe(200);
    for (const url of ['/taxii2/api/nope/', '/taxii2/other/', `/taxii2/api/collections/${cid}/status/${posted.id}/`, `/taxii2/api/status/${crypto.randomUUID()}/`, '/taxii2/api/status/not-a-uuid/']) {
      const res = await taxii('GET', url, auth);
      expect([res.statusCode, res.headers['content-type']], url).toEqual([404, TAXII]);
      expect(res.json(), url).toEqual({ title: '見つかりません。', http_status: '404' });
    }
    expect((await taxii('GET', '/taxii2/other/', auth, undefined, { 'accept-language': 'en' })).json()).toEqual({ title: 'Not found.', http_status: '404' });
  });

  it('a known resource with another method is 405 with Allow, as a TAXII error message; an unknown one stays 404', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const cases: [string, string, string][] = [
      ['DELETE', `/taxii2/api/collections/${cid}/objects/`, 'GET, HEAD, POST'],
      ['PUT', `/taxii2/api/collections/${cid}/objects/indicator--00000000-0000-4000-8000-000000000000/`, 'DELETE, GET, HEAD'],
      ['POST', `/taxii2/api/collections/${cid}/manifest`, 'GET, HEAD'],
      ['POST', '/taxii2/api/', 'GET, HEAD'],
      ['DELETE', '/taxii2/', 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await taxii(method, url, auth, undefined, { 'accept-language': 'en' });
      expect([res.statusCode, res.headers['content-type'], res.headers.allow], `${method} ${url}`).toEqual([405, TAXII, allow]);
      expect(res.json()).toEqual({ title: 'Method not allowed.', description: `This resource allows: ${allow}`, http_status: '405' });
    }
    expect((await taxii('DELETE', '/taxii2/api/nope/', auth)).statusCode).toBe(404);
    // Still authenticated first: an anonymous probe learns nothing.
    expect((await taxii('DELETE', `/taxii2/api/collections/${cid}/objects/`, null)).statusCode).toBe(401);
  });

  it('impossible dates in added_after, match[version] or a forged next are a TAXII 400, not a server error', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const forged = (d: string) => Buffer.from(JSON.stringify({ v: 1, d, s: 1, f: { versions: ['last'] } })).toString('base64url');
    const urls = [
      ...['2026-02-30T00:00:00Z', '2026-13-45T25:61:61Z', '0000-01-01T00:00:00Z', `2026-01-01T00:00:00.${'1'.repeat(200)}Z`].flatMap((t) => [
        `/taxii2/api/collections/${cid}/manifest/?added_after=${t}`,
        `/taxii2/api/collections/${cid}/objects/?match[version]=${t}`,
      ]),
      `/taxii2/api/collections/${cid}/objects/?next=${forged('2026-02-30T00:00:00Z')}`,
    ];
    for (const url of urls) {
      const res = await taxii('GET', url, auth);
      expect([res.statusCode, res.json().http_status], url).toEqual([400, '400']);
    }
    // Real dates still page: the last day of a leap February, nanoseconds.
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/?added_after=2024-02-29T23:59:59.123456789Z`, auth)).statusCode).toBe(200);
  });

  it('an envelope with an unstorable object (a NUL character, absurd nesting) stores the others and lists that one as a failure', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const good = malwareOf('Stored despite its neighbours');
    const nul = { ...malwareOf('NUL'), description: 'beacon\u0000' };
    const abyss = { ...malwareOf('Abyss'), x_deep: 'DEEP' };
    // Written as text: 5,000 levels is past what JSON.stringify can walk here.
    const deep = `${'{"n":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
    const payload = JSON.stringify({ objects: [good, nul, abyss] }).replace('"DEEP"', deep);
    const posted = await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${cid}/objects/`, headers: { accept: TAXII, 'content-type': TAXII, authorization: auth, 'accept-language': 'en' }, payload });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toMatchObject({ success_count: 1, failure_count: 2, successes: [{ id: good.id }] });
    expect(posted.json().failures.map((f: { id: string; message: string }) => [f.id, f.message.split(':')[0]])).toEqual([[nul.id, 'description'], [abyss.id, expect.stringMatching(/^x_deep/)]]);
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/${good.id}/`, auth)).statusCode).toBe(200);
  });

  it('a login locked out by failed attempts is a 429 with Retry-After for TAXII and the login form alike, not a bare 401', async () => {
    const email = 'police@renkei.example';
    const limit = w.platform.config.loginAttemptsPer15Min;
    for (let i = 0; i < limit; i++) expect((await taxii('GET', '/taxii2/', basic(email, 'wrong password'))).statusCode).toBe(401);
    const locked = await taxii('GET', '/taxii2/', basic(email), undefined, { 'accept-language': 'en' });
    expect([locked.statusCode, locked.json().http_status]).toEqual([429, '429']);
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    const form = await w.app.inject({ method: 'POST', url: '/api/session', payload: { email, password: DEMO_PASSWORD } });
    expect(form.statusCode).toBe(429);
    expect(Number(form.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await w.platform.throttle.succeed(email);
    expect((await taxii('GET', '/taxii2/', basic(email))).statusCode).toBe(200);
  });

  it('a next token is for the collection it was issued in: on another it is a 400, not an empty page', async () => {
    const auth = basic('bank@renkei.example');
    const own = await collectionId('org:sakura-bank');
    const national = await collectionId('national');
    await taxii('POST', `/taxii2/api/collections/${own}/objects/`, auth, { objects: [malwareOf('Page one'), malwareOf('Page two')] });
    const first = (await taxii('GET', `/taxii2/api/collections/${own}/objects/?limit=1`, auth)).json();
    expect(first.next).toEqual(expect.any(String));
    expect((await taxii('GET', `/taxii2/api/collections/${own}/objects/?limit=1&next=${encodeURIComponent(first.next)}`, auth)).statusCode).toBe(200);
    const elsewhere = await taxii('GET', `/taxii2/api/collections/${national}/objects/?limit=1&next=${encodeURIComponent(first.next)}`, auth);
    expect([elsewhere.statusCode, elsewhere.json().http_status]).toEqual([400, '400']);
  });

  it('a collection id in upper case is the same collection (a UUID is case-insensitive), its next tokens included', async () => {
    const auth = basic('bank@renkei.example');
    const own = await collectionId('org:sakura-bank');
    const upper = own.toUpperCase();
    expect((await taxii('GET', `/taxii2/api/collections/${upper}/`, auth)).json()).toMatchObject({ id: own });
    expect((await taxii('POST', `/taxii2/api/collections/${upper}/objects/`, auth, { objects: [malwareOf('Upper one'), malwareOf('Upper two')] })).statusCode).toBe(202);
    const first = (await taxii('GET', `/taxii2/api/collections/${upper}/objects/?limit=1`, auth)).json();
    expect(first.objects).toHaveLength(1);
    for (const id of [own, upper]) {
      expect((await taxii('GET', `/taxii2/api/collections/${id}/objects/?limit=1&next=${encodeURIComponent(first.next)}`, auth)).statusCode, id).toBe(200);
    }
    expect((await taxii('GET', `/taxii2/api/collections/${upper}/manifest/`, auth)).statusCode).toBe(200);
  });

  it('an unversioned SCO answers to the version TAXII gave it (its date added): match[version] finds it, DELETE removes it', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const sco = ipv4Of('198.51.100.201');
    const status = (await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [sco] })).json();
    const version = status.successes[0].version as string;
    expect(version).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const manifest = (await taxii('GET', `/taxii2/api/collections/${cid}/manifest/?match[id]=${sco.id}`, auth)).json();
    expect(manifest.objects[0].version).toBe(version);
    const one = await taxii('GET', `/taxii2/api/collections/${cid}/objects/${sco.id}/?match[version]=${version}`, auth);
    expect([one.statusCode, one.json().objects?.length]).toEqual([200, 1]);
    expect((await taxii('DELETE', `/taxii2/api/collections/${cid}/objects/${sco.id}/?match[version]=${version}`, auth)).statusCode).toBe(200);
    expect((await taxii('GET', `/taxii2/api/collections/${cid}/objects/${sco.id}/`, auth)).statusCode).toBe(404);
  });

  it('paging by added_after = X-TAXII-Date-Added-Last (TAXII 2.1 §3.4) misses nothing: every entry has a date added of its own', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    const objects = Array.from({ length: 250 }, (_, i) => malwareOf(`Tie ${i}`));
    expect((await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects })).json()).toMatchObject({ success_count: 250 });
    const seen = new Set<string>();
    let after = '';
    for (let page = 0; page < 20; page++) {
      const res = await taxii('GET', `/taxii2/api/collections/${cid}/objects/?limit=100&match[type]=malware${after ? `&added_after=${after}` : ''}`, auth);
      const body = res.json() as { objects?: { id: string }[] };
      if (!body.objects?.length) break;
      for (const o of body.objects) seen.add(o.id);
      after = String(res.headers['x-taxii-date-added-last']);
    }
    for (const o of objects) expect(seen.has(o.id), o.id).toBe(true);
  });

  it('media type parameters may be quoted; a range weighted q=0 is refused', async () => {
    const auth = basic('bank@renkei.example');
    const cid = await collectionId('org:sakura-bank');
    expect((await taxii('GET', '/taxii2/', auth, undefined, { accept: 'application/taxii+json;version="2.1"' })).statusCode).toBe(200);
    expect((await taxii('GET', '/taxii2/', auth, undefined, { accept: 'application/taxii+json;version=2.1;q=0' })).statusCode).toBe(406);
    expect((await taxii('GET', '/taxii2/', auth, undefined, { accept: 'application/taxii+json;version="2.0"' })).statusCode).toBe(406);
    const posted = await taxii('POST', `/taxii2/api/collections/${cid}/objects/`, auth, { objects: [malwareOf('Quoted')] }, { 'content-type': 'application/taxii+json; version="2.1"' });
    expect(posted.statusCode).toBe(202);
  });

  it('every TAXII error message follows Accept-Language (Japanese first, English)', async () => {
    const auth = basic('bank@renkei.example');
    const own = await collectionId('org:sakura-bank');
    const national = await collectionId('national');
    const errors = async (lang: string | null) => {
      const h: Record<string, string> = lang ? { 'accept-language': lang } : {};
      const bodies = [
        await taxii('GET', '/taxii2/', null, undefined, h),
        await taxii('GET', '/taxii2/', auth, undefined, { ...h, accept: 'application/xml' }),
        await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { ...h, authorization: auth, accept: TAXII, 'content-type': 'application/json' }, payload: '{"objects":[]}' }),
        await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { ...h, authorization: auth, accept: TAXII, 'content-type': 'application/taxii+json;version=2.0' }, payload: '{"objects":[]}' }),
        await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { ...h, authorization: auth, accept: TAXII, 'content-type': 'text/plain' }, payload: 'x' }),
        await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { ...h, authorization: auth, accept: TAXII, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' }),
        await taxii('GET', `/taxii2/api/collections/${own}/objects/?limit=0`, auth, undefined, h),
        await taxii('GET', `/taxii2/api/collections/${own}/objects/?next=forged`, auth, undefined, h),
        await taxii('POST', `/taxii2/api/collections/${own}/objects/`, auth, { objects: 'none' }, h),
        await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { ...h, authorization: auth, accept: TAXII, 'content-type': TAXII }, payload: '{not json' }),
        await taxii('POST', `/taxii2/api/collections/${national}/objects/`, auth, { objects: [] }, h),
        await taxii('GET', '/taxii2/api/nope/', auth, undefined, h),
      ];
      for (const r of bodies) expect(r.headers['content-type']).toBe(TAXII);
      return bodies.map((r) => r.json() as { title: string; description?: string; http_status: string });
    };
    const ja = await errors(null);
    expect(ja.map((e) => e.http_status)).toEqual(['401', '406', '415', '415', '415', '415', '400', '400', '400', '400', '403', '404']);
    expect(await errors('ja,en;q=0.5')).toEqual(ja);
    const en = await errors('en-US,en;q=0.9,ja;q=0.5');
    expect(en.map((e) => e.http_status)).toEqual(ja.map((e) => e.http_status));
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const [i, e] of ja.entries()) {
      expect(e.title, `ja ${e.http_status}`).toMatch(japanese);
      if (e.description) expect(e.description, `ja ${e.http_status}`).toMatch(japanese);
      expect(en[i]!.title, `en ${e.http_status}`).not.toMatch(japanese);
      if (en[i]!.description) expect(en[i]!.description, `en ${e.http_status}`).not.toMatch(japanese);
    }
    expect(ja[1]).toEqual({ title: 'この形式では応答できません。', description: `このサーバーは ${TAXII} で応答します。`, http_status: '406' });
    expect(en[1]).toEqual({ title: 'Not acceptable.', description: `This server answers ${TAXII}.`, http_status: '406' });
    expect(en[6]).toEqual({ title: 'Bad request.', description: 'limit must be a positive integer.', http_status: '400' });
    // Every 415 says what to send, whichever layer refused the body.
    for (const i of [2, 3, 4, 5]) expect(ja[i], String(i)).toEqual({ title: 'この形式の本文は受け付けていません。', description: `本文は ${TAXII} で送ってください。`, http_status: '415' });
  });

  it('can_read / can_write from the policy: 404 outside, 403 on a read-only collection, 415 for another media type; DELETE by the contributor', async () => {
    const national = await collectionId('national');
    const own = await collectionId('org:sakura-bank');
    const other = await collectionId('org:hikari-shinkin');
    const auth = basic('bank@renkei.example');
    expect((await taxii('GET', `/taxii2/api/collections/${other}/objects/`, auth)).statusCode).toBe(404);
    expect((await taxii('GET', '/taxii2/api/collections/not-a-uuid/', auth)).statusCode).toBe(404);
    expect((await taxii('POST', `/taxii2/api/collections/${national}/objects/`, auth, { objects: [malwareOf('X')] })).statusCode).toBe(403);
    const wrongType = await w.app.inject({ method: 'POST', url: `/taxii2/api/collections/${own}/objects/`, headers: { authorization: auth, accept: TAXII, 'content-type': 'application/json' }, payload: JSON.stringify({ objects: [] }) });
    expect(wrongType.statusCode).toBe(415);
    const mal = malwareOf('ToDelete');
    await taxii('POST', `/taxii2/api/collections/${own}/objects/`, auth, { objects: [mal] });
    expect((await taxii('DELETE', `/taxii2/api/collections/${own}/objects/${mal.id}/`, basic('bank-viewer@renkei.example'))).statusCode).toBe(403);
    const del = await taxii('DELETE', `/taxii2/api/collections/${own}/objects/${mal.id}/`, auth);
    expect(del.statusCode).toBe(200);
    expect((await taxii('GET', `/taxii2/api/collections/${own}/objects/${mal.id}/`, auth)).statusCode).toBe(404);
    expect((await taxii('DELETE', `/taxii2/api/collections/${own}/objects/${mal.id}/`, auth)).statusCode).toBe(404);
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';

type Claim = { id: string; level: number; status: string; org: { orgId: string } };
type Rating = { id: string; level: number; basis: string; status: string };

describe('supply-chain self-assessment over HTTP: declaring, evidence, assessor claims', () => {
  let w: TestWorld;
  let ids: Record<string, string>;
  beforeAll(async () => {
    w = await startTestWorld();
    ids = {};
    for (const slug of ['komorebi-print', 'sasaki-denki', 'seto-chemical', 'anshin-hyoka', 'tsubasa-systems']) ids[slug] = await w.orgId(slug);
  });
  afterAll(() => w.close());
  const post = (s: Session | null, url: string, payload?: unknown, headers?: Record<string, string>) => w.as(s, { method: 'POST', url, payload, headers });
  const get = (s: Session | null, url: string) => w.as(s, { method: 'GET', url });

  /** Answers every item of ★1–★4 yes: the answers reach ★4, ★3 is self-declarable. */
  async function answerUpToFour(s: Session) {
    const catalogue = (await get(s, '/api/supply-chain/catalogue')).json();
    for (const lvl of catalogue.levels.slice(0, 4)) for (const r of lvl.requirements) expect((await w.as(s, { method: 'PUT', url: `/api/supply-chain/assessment/answers/${r.id}`, payload: { answer: 'yes' } })).statusCode).toBe(200);
  }
  const pendingClaimsOf = async (orgId: string) =>
    ((await get(await w.login('assessor@renkei.example'), '/api/supply-chain/claims')).json().items as Claim[]).filter((c) => c.org.orgId === orgId && c.status === 'pending');
  const ratingsOf = async (s: Session) => (await get(s, '/api/supply-chain/assessment')).json().ratings as Rating[];

  it('declaring again while the ★4 claim is pending files no second claim and no identical ★3 self-declaration', async () => {
    const sme = await w.login('sme@renkei.example');
    await answerUpToFour(sme);
    const first = await post(sme, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ selfLevel: 3, metLevel: 4, claim: { level: 4, status: 'pending', assessorOrgId: ids['anshin-hyoka'] } });
    const historyAfterFirst = await ratingsOf(sme);

    // The second click answers with what is already open: the same claim, the same ★3.
    const again = await post(sme, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // Without an assessor chosen, the open claim is still what the supplier is told about.
    const plain = await post(sme, '/api/supply-chain/assessment/declare', {});
    expect(plain.statusCode).toBe(200);
    expect(plain.json().claim).toEqual(first.json().claim);

    const claims = await pendingClaimsOf(ids['komorebi-print']!);
    expect(claims.map((c) => c.id)).toEqual([first.json().claim.id]);
    const history = await ratingsOf(sme);
    expect(history).toEqual(historyAfterFirst);
    expect(history.filter((r) => r.basis === 'self' && r.level === 3)).toHaveLength(1);
  });

  it('two declarations sent at once file one claim and one current self-declaration', async () => {
    const sasaki = await w.login('sasaki@renkei.example');
    await answerUpToFour(sasaki);
    const both = await Promise.all([0, 1, 2].map(() => post(sasaki, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const claimIds = new Set(both.map((r) => r.json().claim.id));
    expect(claimIds.size).toBe(1);
    expect((await pendingClaimsOf(ids['sasaki-denki']!)).map((c) => c.id)).toEqual([...claimIds]);
    const active = (await ratingsOf(sasaki)).filter((r) => r.basis === 'self' && r.status === 'active');
    expect(active).toEqual([expect.objectContaining({ level: 3 })]);
  });

  it('a decided claim can be followed by a new one; an answer that lowers the level changes the self-declaration', async () => {
    const sme = await w.login('sme@renkei.example');
    const assessor = await w.login('assessor@renkei.example');
    const [open] = await pendingClaimsOf(ids['komorebi-print']!);
    expect((await post(assessor, `/api/supply-chain/claims/${open!.id}/decision`, { decision: 'reject', note: '証跡不足' })).statusCode).toBe(200);
    const refiled = await post(sme, '/api/supply-chain/assessment/declare', { assessorOrgId: ids['anshin-hyoka'] });
    expect(refiled.statusCode).toBe(201);
    expect(refiled.json().claim.id).not.toBe(open!.id);
    // One ★3 item turned to "no": the answers now reach SA ★★ only, which replaces the ★3 self-declaration.
    expect((await w.as(sme, { method: 'PUT', url: '/api/supply-chain/assessment/answers/s3-01', payload: { answer: 'no' } })).statusCode).toBe(200);
    const lowered = await post(sme, '/api/supply-chain/assessment/declare', {});
    expect(lowered.statusCode).toBe(201);
    expect(lowered.json()).toMatchObject({ selfLevel: 2, claim: null });
    expect((await ratingsOf(sme)).filter((r) => r.basis === 'self' && r.status === 'active')).toEqual([expect.objectContaining({ level: 2 })]);
  });

  it('migration 0073 keeps the first open claim and the newest self-declaration where a database already holds duplicates', async () => {
    const db = w.platform.db;
    const org = ids['seto-chemical']!;
    await sql`drop index supply_ratings_one_open_claim`.execute(db);
    await sql`drop index supply_ratings_one_self`.execute(db);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const row = (over: Record<string, unknown>) => ({ id: crypto.randomUUID(), org_id: org, catalogue_version: 'test', assessor_org_id: null, requested_by: null, decided_by: null, decided_at: null, note: null, granted_at: null, expires_at: null, ...over });
    const claims = [30, 20, 10].map((m) => row({ level: 4, basis: 'third_party', status: 'pending', assessor_org_id: ids['anshin-hyoka'], created_at: at(m) }));
    const selves = [30, 20, 10].map((m) => row({ level: 3, basis: 'self', status: 'active', granted_at: at(m), expires_at: at(-60 * 24 * 365), created_at: at(m) }));
    await db.insertInto('supply_ratings').values([...claims, ...selves] as never).execute();

    const file = path.join(import.meta.dirname, 'migrations/0073_supply_chain_one_open_claim.sql');
    await sql.raw(fs.readFileSync(file, 'utf8')).execute(db);

    const rows = await db.selectFrom('supply_ratings').select(['id', 'basis', 'status']).where('org_id', '=', org).execute();
    const status = (id: string) => rows.find((r) => r.id === id)!.status;
    expect(claims.map((c) => status(c.id))).toEqual(['pending', 'superseded', 'superseded']);
    expect(selves.map((c) => status(c.id))).toEqual(['superseded', 'superseded', 'active']);
    // The indexes are back: another open claim for the same level is refused by the database itself.
    await expect(db.insertInto('supply_ratings').values(row({ level: 4, basis: 'third_party', status: 'pending', assessor_org_id: ids['anshin-hyoka'] }) as never).execute()).rejects.toThrow();
  });

  it('POST /assessment/evidence refuses content that is not base64, at contentBase64, in the caller’s language', async () => {
    const sme = await w.login('sme@renkei.example');
    const before = (await get(sme, '/api/supply-chain/assessment')).json().evidence.length;
    const body = { itemId: 's3-03', filename: 'a.txt', contentBase64: '!!!notbase64' };
    const ja = await post(sme, '/api/supply-chain/assessment/evidence', body);
    expect(ja.statusCode).toBe(400);
    const [jaField] = ja.json().error.fields;
    expect(jaField).toEqual({ path: 'contentBase64', message: expect.stringMatching(/[\u3040-\u30ff\u4e00-\u9fff]/) });
    const en = await post(sme, '/api/supply-chain/assessment/evidence', body, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields).toEqual([{ path: 'contentBase64', message: expect.stringMatching(/^[\x20-\x7e]+$/) }]);
    expect(en.json().error.fields[0].message).not.toBe(jaField.message);
    expect((await get(sme, '/api/supply-chain/assessment')).json().evidence).toHaveLength(before);
    // What a browser's FileReader sends still goes through.
    const ok = await post(sme, '/api/supply-chain/assessment/evidence', { itemId: 's3-03', filename: 'a.txt', contentBase64: Buffer.from('0123456789abcdef').toString('base64') });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ sizeBytes: 16 });
  });

  it('GET /claims is for registered assessors: 401 without a session, 404 for any other organisation', async () => {
    expect((await get(null, '/api/supply-chain/claims')).statusCode).toBe(401);
    for (const email of ['sme@renkei.example', 'bank@renkei.example', 'hub@renkei.example']) expect((await get(await w.login(email), '/api/supply-chain/claims')).statusCode, email).toBe(404);
    const own = await get(await w.login('assessor@renkei.example'), '/api/supply-chain/claims');
    expect(own.statusCode).toBe(200);
    expect((own.json().items as Claim[]).some((c) => c.org.orgId === ids['tsubasa-systems'])).toBe(true);
  });
});

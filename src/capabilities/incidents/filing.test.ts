import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorld, type Session, type TestWorld } from '../../platform/testing/harness.js';
import { groupCommitTotals } from './group-commit.js';

/** A report like incidents.http.test.ts files (importing that file would run its tests here too). */
function ransomwareReport(overrides: Record<string, unknown> = {}) {
  return {
    type: 'ransomware',
    title: '勘定系バックアップサーバの暗号化',
    summary: 'バックアップサーバ3台がランサムウェアにより暗号化された。',
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

/**
 * Filing under concurrency: simultaneous submissions share statements (group commit), yet each keeps
 * its own answer, Idempotency-Key semantics, deliveries, audit entry and events, and one that is
 * refused does not take its batch-mates down.
 */
describe('filing many reports at once', () => {
  let w: TestWorld;
  let bank: Session;
  let power: Session;
  beforeAll(async () => {
    w = await startTestWorld();
    bank = await w.login('bank@renkei.example');
    power = await w.login('power@renkei.example');
  });
  afterAll(() => w.close());

  const file = (s: Session, payload: unknown, key?: string) =>
    w.as(s, { method: 'POST', url: '/api/incidents', payload, headers: key ? { 'idempotency-key': key } : {} });
  const count = async (table: string, where = sql`true`) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(w.platform.db)).rows[0]!.n;

  it('concurrent filings share statements; each gets its own report, deliveries, audit entry and events', async () => {
    const before = { ...groupCommitTotals };
    const reports = await count('incident_reports');
    const seen: { type: string; id: string }[] = [];
    const off = w.platform.events.subscribe((e) => seen.push({ type: e.type, id: String(e.payload.id ?? e.payload.reportId) }));
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) => file(i % 2 ? bank : power, { report: ransomwareReport({ title: `同時送信 ${i}`, indicators: [{ kind: 'ipv4', value: `203.0.113.${i + 1}` }] }) })),
    );
    off();
    expect(answers.map((a) => a.statusCode)).toEqual(Array(16).fill(201));
    const ids = answers.map((a) => a.json().id as string);
    expect(new Set(ids).size).toBe(16);
    expect(await count('incident_reports')).toBe(reports + 16);
    // Fewer statements than filings: they were combined.
    const statements = groupCommitTotals.statements - before.statements;
    expect(groupCommitTotals.items - before.items).toBe(16);
    expect(statements).toBeLessThan(16);
    for (const [i, a] of answers.entries()) {
      const id = ids[i]!;
      const rows = await w.platform.db.selectFrom('incident_reports').select(['title', 'reporter_org_id']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(rows.title).toBe(`同時送信 ${i}`);
      expect(rows.reporter_org_id).toBe(await w.orgId(i % 2 ? 'sakura-bank' : 'tokai-power'));
      expect(await count('incident_deliveries', sql`report_id = ${id}`)).toBe(a.json().deliveries.length);
      // Its indicators went out with it, as the event the intel capability records them from.
      const indicators = await w.platform.db.selectFrom('outbox').select('payload').where('type', '=', 'incident.indicators').where(sql`payload->>'reportId'`, '=', id).execute();
      expect(indicators.map((r) => r.payload)).toMatchObject([{ indicators: [{ kind: 'ipv4', value: `203.0.113.${i + 1}` }] }]);
      expect(seen.filter((e) => e.type === 'incident.submitted' && e.id === id)).toHaveLength(1);
    }
    await w.platform.audit.drain();
    const entries = await w.platform.db.selectFrom('audit_log').select('resource_id').where('action', '=', 'incident.submit').where('resource_id', 'in', ids).execute();
    expect(entries.map((e) => e.resource_id).sort()).toEqual([...ids].sort());
  });

  it('a retry and a reused key in the same burst: the retry gets the original answer, the reuse is refused, the others are filed', async () => {
    const reports = await count('incident_reports');
    const body = { report: ransomwareReport({ title: '再送' }) };
    const first = { report: ransomwareReport({ title: '先の内容' }) };
    const other = { report: ransomwareReport({ title: '別の内容' }) };
    const answers = await Promise.all([
      file(bank, { report: ransomwareReport({ title: 'その他 1' }) }),
      file(bank, body, 'burst-key-retry-0001'),
      file(bank, body, 'burst-key-retry-0001'),
      file(bank, { report: ransomwareReport({ title: 'その他 2' }) }),
      file(bank, first, 'burst-key-reuse-0001'),
      file(bank, other, 'burst-key-reuse-0001'),
      file(bank, { report: ransomwareReport({ title: 'その他 3' }) }),
    ]);
    const [o1, r1, r2, o2, u1, u2, o3] = answers;
    for (const a of [o1, r1, r2, o2, o3]) expect(a!.statusCode).toBe(201);
    expect(r2!.json().id).toBe(r1!.json().id);
    // Whichever body under the reused key commits first is filed; the other is refused.
    expect([u1!.statusCode, u2!.statusCode].sort()).toEqual([201, 422]);
    const refused = u1!.statusCode === 422 ? u1! : u2!;
    expect(refused.json().error.code).toBe('idempotency_key_reused');
    // Three others, one for the retried key, one for the reused key.
    expect(await count('incident_reports')).toBe(reports + 5);
    expect(await count('incident_reports', sql`title = '再送'`)).toBe(1);
    expect(await count('incident_reports', sql`title in ('先の内容', '別の内容')`)).toBe(1);
  });

  it('deleting a report by hand still takes its deliveries and stages with it', async () => {
    const { id } = (await file(bank, { report: ransomwareReport() })).json();
    const deliveryIds = (await w.platform.db.selectFrom('incident_deliveries').select('id').where('report_id', '=', id).execute()).map((d) => d.id);
    expect(await count('incident_delivery_stages', sql`delivery_id in (${sql.join(deliveryIds)})`)).toBeGreaterThan(0);
    await w.platform.db.deleteFrom('incident_versions').where('report_id', '=', id).execute();
    await w.platform.db.deleteFrom('incident_reports').where('id', '=', id).execute();
    expect(await count('incident_deliveries', sql`report_id = ${id}`)).toBe(0);
    expect(await count('incident_delivery_stages', sql`delivery_id in (${sql.join(deliveryIds)})`)).toBe(0);
  });
});

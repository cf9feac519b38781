import { describe, expect, it } from 'vitest';
import { perOrgFigures } from './report.js';

const t0 = new Date('2026-12-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('per-organisation exercise figures', () => {
  it('times acknowledgements and reports from delivery, per kind, and shows silent participants', () => {
    const rows = perOrgFigures(
      ['a', 'b', 'c'],
      [
        { orgId: 'a', kind: 'alert', deliveredAt: t0, respondedAt: at(30) },
        { orgId: 'a', kind: 'alert', deliveredAt: at(100), respondedAt: at(190) },
        { orgId: 'a', kind: 'incident', deliveredAt: t0, respondedAt: at(600) },
        { orgId: 'b', kind: 'alert', deliveredAt: t0, respondedAt: null },
        { orgId: 'b', kind: 'advisory', deliveredAt: t0, respondedAt: at(5) },
        { orgId: 'x', kind: 'alert', deliveredAt: t0, respondedAt: at(1) },
      ],
    );
    expect(rows.map((r) => r.orgId)).toEqual(['a', 'b', 'c']);
    expect(rows[0]!.alert).toEqual({ delivered: 2, answered: 2, meanSeconds: 60, maxSeconds: 90 });
    expect(rows[0]!.incident).toEqual({ delivered: 1, answered: 1, meanSeconds: 600, maxSeconds: 600 });
    expect(rows[1]!.alert).toEqual({ delivered: 1, answered: 0, meanSeconds: null, maxSeconds: null });
    expect(rows[1]!.advisory.meanSeconds).toBe(5);
    expect(rows[2]!.alert.delivered).toBe(0);
  });
});

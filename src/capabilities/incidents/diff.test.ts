import { describe, expect, it } from 'vitest';
import { diffJson } from './diff.js';

describe('diffJson', () => {
  it('lists changed, added and removed values with readable paths', () => {
    const before = { title: 'A', indicators: [{ kind: 'ipv4', value: '1.1.1.1' }], personalData: { involved: false } };
    const after = { title: 'A', indicators: [{ kind: 'ipv4', value: '1.1.1.1' }, { kind: 'domain', value: 'x.example' }], personalData: { involved: true, records: 10 } };
    expect(diffJson(before, after)).toEqual([
      { path: 'indicators[1]', before: undefined, after: { kind: 'domain', value: 'x.example' } },
      { path: 'personalData.involved', before: false, after: true },
      { path: 'personalData.records', before: undefined, after: 10 },
    ]);
    expect(diffJson(before, before)).toEqual([]);
  });

  it('aligns lists on their unchanged elements: one indicator removed early is one change, an edited note one field', () => {
    const ind = (n: number, note?: string) => ({ kind: 'ipv4', value: `192.0.2.${n}`, ...(note ? { note } : {}) });
    const before = { indicators: Array.from({ length: 20 }, (_, n) => ind(n)) };
    const removedSecond = { indicators: before.indicators.filter((_, n) => n !== 1) };
    expect(diffJson(before, removedSecond)).toEqual([{ path: 'indicators[1]', before: ind(1), after: undefined }]);
    const addedFirst = { indicators: [ind(99), ...before.indicators] };
    expect(diffJson(before, addedFirst)).toEqual([{ path: 'indicators[0]', before: undefined, after: ind(99) }]);
    const noted = { indicators: before.indicators.map((x, n) => (n === 5 ? ind(5, 'C2') : x)) };
    expect(diffJson(before, noted)).toEqual([{ path: 'indicators[5].note', before: undefined, after: 'C2' }]);
    // Repeated equal elements pair up in order; the surplus is what changed.
    expect(diffJson({ s: ['a', 'a', 'b'] }, { s: ['a', 'b'] })).toEqual([{ path: 's[1]', before: 'a', after: undefined }]);
    expect(diffJson({ s: ['b', 'a'] }, { s: ['a', 'b'] })).toEqual([
      { path: 's[0]', before: 'b', after: undefined },
      { path: 's[1]', before: undefined, after: 'b' },
    ]);
  });
});

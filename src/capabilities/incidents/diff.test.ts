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
});

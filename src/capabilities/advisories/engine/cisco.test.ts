import { describe, expect, it } from 'vitest';
import { compareCisco, looksCisco, parseCisco } from './cisco.js';
import { compareVersions, sameVersion } from './versions.js';

/** Asserts that `list` is strictly ascending under compareVersions, pair by pair. */
function expectAscending(list: string[], hint?: string): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const want = i < j ? -1 : i > j ? 1 : 0;
      expect(compareVersions(list[i] ?? '', list[j] ?? '', hint), `${list[i]} vs ${list[j]}`).toBe(want);
    }
  }
}

describe('Cisco trains', () => {
  it('compares within a train', () => {
    expectAscending(['15.2(1)M', '15.2(4)M', '15.2(4)M3', '15.2(4)M3a', '15.2(4)M10', '15.2(5)M']);
    expectAscending(['12.4(24)T', '12.4(24)T1', '12.4(24)T8']);
    expectAscending(['9.8(4)', '9.8(4.10)', '9.8(4.35)', '9.8(5)']);
    expectAscending(['7.0(3)I7(5)', '7.0(3)I7(5a)', '7.0(3)I7(9)']);
    expect(compareVersions('15.2(4)m3', '15.2(4)M3')).toBe(0);
  });
  it('refuses across trains', () => {
    expect(compareVersions('15.2(4)M3', '15.2(4)T2')).toBe('incomparable');
    expect(compareVersions('12.4(24)T', '15.2(4)M')).toBe('incomparable');
    expect(compareVersions('15.2(4)M', '15.2.4')).toBe('incomparable');
    expect(compareCisco('11.2(1)', '7.0(2)')).toBeNull();
    expect(looksCisco('15.2.4')).toBe(false);
    expect(parseCisco('7.0(3)I7(5a)')).toEqual({ train: '7.0(3)I7', parts: [5, 'A'] });
    expect(parseCisco('10.3(2)IPFM')).toEqual({ train: '10.3IPFM', parts: [2, '', 0, 0, ''] });
  });
  it('knows different trains are different versions', () => {
    expect(sameVersion('11.2(1)', '7.0(2)')).toBe(false);
    expect(sameVersion('11.2(1)', '11.2(1)')).toBe(true);
    expect(sameVersion('11.2(2)', '12.0.1a')).toBe(false);
  });
});


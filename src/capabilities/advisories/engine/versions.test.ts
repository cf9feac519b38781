import { describe, expect, it } from 'vitest';
import { compareVersions, detectScheme, sameVersion, schemeFromHint, versionKey } from './versions.js';

/** Asserts that `list` is strictly ascending under compareVersions, pair by pair and against the key order. */
function expectAscending(list: string[], hint?: string): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const want = i < j ? -1 : i > j ? 1 : 0;
      expect(compareVersions(list[i] ?? '', list[j] ?? '', hint), `${list[i]} vs ${list[j]}`).toBe(want);
    }
  }
}

describe('detectScheme', () => {
  it.each([
    ['1.2.3', undefined, 'semver'],
    ['1.0.0-alpha.1+build.5', undefined, 'semver'],
    ['v2.0.1', undefined, 'semver'],
    ['1.2', undefined, 'dotted'],
    ['2.4.57a', undefined, 'dotted'],
    ['21.4R3-S7', 'semver', 'dotted'],
    ['9.7p1', undefined, 'dotted'],
    ['2024-07-03', undefined, 'dotted'],
    ['15.2(4)M3', undefined, 'cisco'],
    ['12.4(24)T', undefined, 'cisco'],
    ['7.0(3)I7(5a)', undefined, 'cisco'],
    ['17.3.4a', undefined, 'dotted'],
    ['0:8.7p1-38.el9_4.1', undefined, 'rpm'],
    ['1:2.30-1', 'deb', 'deb'],
    ['8.7p1-38.el9', 'rpm', 'rpm'],
    ['f5d39b020809', 'git', 'git'],
    ['944e257', undefined, 'git'],
    ['1234567', undefined, 'dotted'],
    ['Android 11.0', undefined, 'unknown'],
    ['n/a', undefined, 'unknown'],
    ['', undefined, 'unknown'],
  ])('%s (hint %s) → %s', (version, hint, scheme) => {
    expect(detectScheme(version, hint)).toBe(scheme);
  });

  it('maps advisory scheme names, leaving promise-free names to detection', () => {
    expect(schemeFromHint('npm')).toBe('semver');
    expect(schemeFromHint('RPM')).toBe('rpm');
    expect(schemeFromHint('ubuntu')).toBe('deb');
    expect(schemeFromHint('custom')).toBeUndefined();
    expect(schemeFromHint(undefined)).toBeUndefined();
  });
});

describe('dotted ordering', () => {
  it('orders numerically with any number of parts', () => {
    expectAscending(['0', '1.2.9', '1.2.10', '1.10', '2', '10.0.17763.5820', '10.0.17763.10000']);
  });
  it('treats trailing zeros as equal', () => {
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('1.2', '1.2.0.0.0')).toBe(0);
    expect(compareVersions('0', '0.0.0')).toBe(0);
  });
  it('puts patch letters after the release and pre-release words before it', () => {
    expectAscending(['2.4.56', '2.4.57rc1', '2.4.57', '2.4.57a', '2.4.57b', '2.4.58']);
    expectAscending(['1.0.2', '1.0.2a', '1.0.2k', '1.0.3']);
    expectAscending(['1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1'.replace('.post', 'p')]);
    expectAscending(['1.0-dev', '1.0-alpha-1', '1.0-beta', '1.0-milestone-2', '1.0-rc-1', '1.0-SNAPSHOT', '1.0', '1.0-sp1']);
  });
  it('drops release words', () => {
    expect(compareVersions('1.0.GA', '1.0')).toBe(0);
    expect(compareVersions('5.3.Final', '5.3.0')).toBe(0);
  });
  it('reads Junos, OpenSSH, Oracle and date-like versions sensibly', () => {
    expectAscending(['21.4', '21.4R1', '21.4R2-S2', '21.4R3', '21.4R3-S7', '21.4R3-S8', '22.1R1']);
    expectAscending(['8.5p1', '9.7p1', '9.8p1']);
    expectAscending(['8u351', '8u361', '11.0.18']);
    expect(compareVersions('2024-07-03', '2024.07.03')).toBe(0);
  });
  it('IOS-XE dotted trains with letters', () => {
    expectAscending(['17.3.4', '17.3.4a', '17.3.5', '17.6.1']);
  });
});

describe('semver ordering', () => {
  it('follows the spec example chain', () => {
    expectAscending(['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0']);
  });
  it('ignores build metadata and a leading v', () => {
    expect(compareVersions('1.0.0+20130313144700', '1.0.0')).toBe(0);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
  });
  it('orders the BSI sample pre-releases as published', () => {
    expectAscending(['1.0.0-alpha', '1.0.0-dev1', '1.0.0-dev2', '1.0.0-dev3', '1.0.0-rc1', '1.0.0-rc2', '1.0.0']);
  });
  it('mixes with dotted versions through the dotted rules', () => {
    expect(compareVersions('4.4', '4.4.1', 'semver')).toBe(-1);
    expect(compareVersions('3.2.2', '3.2.10')).toBe(-1);
  });
});

describe('git and unknown text', () => {
  it('only knows equality of commits', () => {
    expect(compareVersions('f5d39b020809', 'f5d39b020809aa11', 'git')).toBe(0);
    expect(compareVersions('f5d39b020809', '7f9f6c54da87', 'git')).toBe('incomparable');
    expect(sameVersion('f5d39b020809', '7f9f6c54da87', 'git')).toBe(false);
    expect(sameVersion('944e257', '2023')).toBe('unknown');
    expect(compareVersions('6.1.5', 'f5d39b020809', 'git')).toBe('incomparable');
  });
  it('free text equals only itself', () => {
    expect(sameVersion('Oracle Java SE:8u361', 'oracle java se:8u361')).toBe(true);
    expect(sameVersion('Oracle Java SE:8u361', '8u361')).toBe('unknown');
    expect(compareVersions('Android 11.0', '11.0')).toBe('incomparable');
  });
});

describe('versionKey', () => {
  const sortByKey = (list: string[], hint?: string): string[] =>
    [...list].sort((a, b) => {
      const x = versionKey(a, hint)?.key ?? '';
      const y = versionKey(b, hint)?.key ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });

  it('sorts dotted versions like compareVersions does', () => {
    const asc = ['0', '1.0-alpha-1', '1.0-rc-1', '1.0', '1.0a', '1.0.2', '1.0.2k', '1.2.9', '1.2.10', '2.4.57', '2.4.57a', '10.0.17763.5820', '21.4R3-S7', '21.4R3-S8'];
    expect(sortByKey([...asc].reverse())).toEqual(asc);
    expect(versionKey('1.2')?.key).toBe(versionKey('1.2.0.0')?.key);
  });
  it('sorts strict semver with pre-releases under a semver hint', () => {
    const asc = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1'];
    expect(sortByKey([...asc].reverse(), 'semver')).toEqual(asc);
  });
  it('groups Cisco keys by train and has none for rpm, git or text', () => {
    expect(versionKey('15.2(4)M3')?.group).toBe('15.2M');
    expect(versionKey('15.2(4)T2')?.group).toBe('15.2T');
    expect((versionKey('15.2(4)M3')?.key ?? '') > (versionKey('15.2(4)M')?.key ?? '')).toBe(true);
    expect(versionKey('0:1.0-1')).toBeNull();
    expect(versionKey('f5d39b020809', 'git')).toBeNull();
    expect(versionKey('Android 11')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { formatRange, hasVersionPrefix, inAnyRange, inRange, isBounded, parseRangeExpression, parseVers, type VersionRange } from './ranges.js';

const interval = (lower?: string, upper?: string, inclusiveUpper = false): VersionRange => ({
  kind: 'interval',
  ...(lower ? { lower: { version: lower, inclusive: true } } : {}),
  ...(upper ? { upper: { version: upper, inclusive: inclusiveUpper } } : {}),
});

describe('inRange', () => {
  it('exact, including free-text and cross-train inequality', () => {
    expect(inRange('1.0', { kind: 'exact', version: '1.0.0' })).toBe('in');
    expect(inRange('1.0.1', { kind: 'exact', version: '1.0.0' })).toBe('out');
    expect(inRange('11.2(2)', { kind: 'exact', version: '7.0(2)' })).toBe('out');
    expect(inRange('Android 12', { kind: 'exact', version: '12.0' })).toBe('unknown');
  });

  it('half-open and closed intervals', () => {
    const r = interval('3.1.0', '3.2.2');
    expect(['3.0.9', '3.1.0', '3.2.1', '3.2.2', '3.2.3'].map((v) => inRange(v, r, 'semver'))).toEqual(['out', 'in', 'in', 'out', 'out']);
    const closed = interval('4.2.0', '4.2.5', true);
    expect(['4.1.9', '4.2.5', '4.2.6'].map((v) => inRange(v, closed))).toEqual(['out', 'in', 'out']);
    expect(inRange('0.1', interval(undefined, '1.0'))).toBe('in');
    expect(inRange('99', interval('2.0'))).toBe('in');
  });

  it('exclusive lower bounds', () => {
    const r: VersionRange = { kind: 'interval', lower: { version: '2.0', inclusive: false } };
    expect(inRange('2.0', r)).toBe('out');
    expect(inRange('2.0.1', r)).toBe('in');
  });

  it('wildcard upper bounds from CVE records (lessThanOrEqual 6.1.*)', () => {
    const r: VersionRange = { kind: 'interval', lower: { version: '6.1.13', inclusive: true }, upper: { version: '6.1.*', inclusive: true } };
    expect(['6.1.12', '6.1.13', '6.1.200', '6.2', '6.10'].map((v) => inRange(v, r))).toEqual(['out', 'in', 'in', 'out', 'out']);
    const lt: VersionRange = { kind: 'interval', lower: { version: '1.0', inclusive: true }, upper: { version: '1.*', inclusive: false } };
    expect(inRange('1.9.9', lt)).toBe('in');
    expect(inRange('2.0', lt)).toBe('out');
  });

  it('wildcards', () => {
    const r: VersionRange = { kind: 'wildcard', prefix: '2.4' };
    expect(['2.4', '2.4.0', '2.4.57a', '2.40', '2.5'].map((v) => inRange(v, r))).toEqual(['in', 'in', 'in', 'out', 'out']);
    expect(hasVersionPrefix('6', '6.0')).toBe(true);
    expect(hasVersionPrefix('6.1', '6.0')).toBe(false);
    expect(inRange('Android 12', r)).toBe('unknown');
  });

  it('says unknown across trains and schemes, but out when one bound already excludes', () => {
    const r = interval('15.2(1)M', '15.2(4)M6');
    expect(inRange('15.2(4)M3', r)).toBe('in');
    expect(inRange('15.2(4)M6', r)).toBe('out');
    expect(inRange('12.4(24)T', r)).toBe('unknown');
    expect(inRange('6.1.5', interval('f5d39b020809', '7f9f6c54da87'), 'git')).toBe('unknown');
    expect(inRange('2023.20', { kind: 'interval', lower: { version: '2023.25', inclusive: true }, upper: { version: 'Upgrade to the latest version.', inclusive: false } })).toBe('out');
    expect(inRange('2023.30', { kind: 'interval', lower: { version: '2023.25', inclusive: true }, upper: { version: 'Upgrade to the latest version.', inclusive: false } })).toBe('unknown');
  });

  it('unions with exclusions, and lists of alternatives', () => {
    const r: VersionRange = { kind: 'union', ranges: [interval('2.0-beta9', '2.16.0')], except: ['2.12.2', '2.12.3', '2.3.1'] };
    expect(['2.0-beta8', '2.0-beta9', '2.12.2', '2.12.4', '2.16.0'].map((v) => inRange(v, r))).toEqual(['out', 'in', 'out', 'in', 'out']);
    expect(inAnyRange('5.0', [interval('1.0', '2.0'), interval('4.0', '6.0')])).toBe('in');
    expect(inAnyRange('3.0', [interval('1.0', '2.0'), interval('4.0', '6.0')])).toBe('out');
    expect(inAnyRange('x y', [interval('1.0', '2.0')])).toBe('unknown');
  });

  it('opaque text is never in or out', () => {
    expect(inRange('17.1', { kind: 'opaque', text: 'All versions up to and including 17.1, 16.5' })).toBe('unknown');
  });
});

describe('isBounded / formatRange', () => {
  it('knows which ranges admit every version', () => {
    expect(isBounded({ kind: 'all' })).toBe(false);
    expect(isBounded(interval())).toBe(false);
    expect(isBounded({ kind: 'interval', upper: { version: '*', inclusive: false } })).toBe(false);
    expect(isBounded({ kind: 'opaque', text: 'all versions' })).toBe(false);
    expect(isBounded(interval(undefined, '3.13.2'))).toBe(true);
    expect(isBounded({ kind: 'union', ranges: [interval('1', '2'), { kind: 'all' }] })).toBe(false);
  });

  it('formats for a match reason', () => {
    expect(formatRange(interval('3.1.0', '3.2.2'))).toBe('>=3.1.0 <3.2.2');
    expect(formatRange(interval(undefined, '3.13.2', true))).toBe('<=3.13.2');
    expect(formatRange({ kind: 'exact', version: '1.0' })).toBe('=1.0');
    expect(formatRange({ kind: 'wildcard', prefix: '2.4' })).toBe('2.4.*');
    expect(formatRange({ kind: 'all' })).toBe('any version');
    expect(formatRange({ kind: 'union', ranges: [interval('1', '2')], except: ['1.5'] })).toBe('>=1 <2 except 1.5');
  });
});

describe('parseVers', () => {
  it('reads the CSAF/purl vers syntax into intervals', () => {
    expect(parseVers('vers:semver/>=1.0.0|<1.4.2')).toEqual({ ok: true, scheme: 'semver', range: interval('1.0.0', '1.4.2') });
    expect(parseVers('vers:generic/*')).toEqual({ ok: true, scheme: 'generic', range: { kind: 'all' } });
    expect(parseVers('vers:intdot/<3.2')).toEqual({ ok: true, scheme: 'intdot', range: interval(undefined, '3.2') });
  });

  it('keeps equalities, exclusions and several intervals', () => {
    const v = parseVers('vers:deb/1.0.0|>=2.0.0|<2.1.0|!=2.0.5|>=3.0.0');
    expect(v.ok && v.range).toEqual({
      kind: 'union',
      ranges: [{ kind: 'exact', version: '1.0.0' }, interval('2.0.0', '2.1.0'), interval('3.0.0')],
      except: ['2.0.5'],
    });
    const r = v.ok ? v.range : { kind: 'all' as const };
    expect(['1.0.0', '1.5', '2.0.4', '2.0.5', '2.2', '9'].map((x) => inRange(x, r, 'deb'))).toEqual(['in', 'out', 'in', 'out', 'out', 'in']);
  });

  it('decodes percent-encoded versions and rejects junk', () => {
    const v = parseVers('vers:deb/>=1%3A2.0-1');
    expect(v.ok && v.range).toEqual(interval('1:2.0-1'));
    expect(parseVers('>=1.0').ok).toBe(false);
    expect(parseVers('vers:npm/>=').ok).toBe(false);
    expect(parseVers('vers:npm/>=1|*').ok).toBe(false);
  });
});

describe('parseRangeExpression', () => {
  it.each<[string, VersionRange]>([
    ['>= 2.1.0, < 5.2.4', interval('2.1.0', '5.2.4')],
    ['>=2.0 <2.4.3', interval('2.0', '2.4.3')],
    ['>= 9.4-rc-1, < 14.10.8', interval('9.4-rc-1', '14.10.8')],
    ['< 1.15.0', interval(undefined, '1.15.0')],
    ['<= 5.3', interval(undefined, '5.3', true)],
    ['before version 4.3.1.493', interval(undefined, '4.3.1.493')],
    ['prior to 2.0', interval(undefined, '2.0')],
    ['9.2 and earlier', interval(undefined, '9.2', true)],
    ['3.0 and later', interval('3.0')],
    ['2.4.*', { kind: 'wildcard', prefix: '2.4' }],
    ['2.4.x', { kind: 'wildcard', prefix: '2.4' }],
    ['*', { kind: 'all' }],
    ['all versions', { kind: 'all' }],
    ['= 1.2.3', { kind: 'exact', version: '1.2.3' }],
    ['15.2(4)M3', { kind: 'exact', version: '15.2(4)M3' }],
    ['vers:semver/<2', interval(undefined, '2')],
    ['< 1.0 || >= 2.0, < 2.5', { kind: 'union', ranges: [interval(undefined, '1.0'), interval('2.0', '2.5')] }],
    ['Android 11.0, 12.0, 13.0', { kind: 'opaque', text: 'Android 11.0, 12.0, 13.0' }],
    ['All versions up to and including 17.1, 16.5', { kind: 'opaque', text: 'All versions up to and including 17.1, 16.5' }],
  ])('%s', (text, range) => {
    expect(parseRangeExpression(text)).toEqual(range);
  });
});

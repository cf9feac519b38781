import { describe, expect, it } from 'vitest';
import { aliasIndex, toAliasIndex, assetIdentity, assetIndexKeys, entryIndexKey, nameKey, normaliseName, resolveKey } from './identity.js';
import type { Affected } from './model.js';

describe('names', () => {
  it('normalise case, width and whitespace but nothing fuzzier', () => {
    expect(normaliseName('  Apache  Software_Foundation ')).toBe('apache software foundation');
    expect(normaliseName('ＦｏｒｔｉＯＳ')).toBe('fortios');
    expect(normaliseName('N/A')).toBe('');
    expect(nameKey('Fortinet', 'FortiOS')).toBe('name:fortinet:fortios');
    expect(nameKey('Fortinet, Inc.', 'FortiOS')).toBe('name:fortinet, inc.:fortios');
    expect(nameKey(undefined, 'Intel(R) oneAPI')).toBe('name::intel(r) oneapi');
    expect(nameKey('Oracle', 'Java SE: JDK')).toBe('name:oracle:java se\\: jdk');
    expect(nameKey('n/a', 'n/a')).toBeNull();
  });
});

describe('aliases', () => {
  it('follow chains and stop on cycles', () => {
    const index = aliasIndex([
      { from: 'name:fortinet:fortios', to: 'cpe:fortinet:fortios_old' },
      { from: 'cpe:fortinet:fortios_old', to: 'cpe:fortinet:fortios' },
      { from: 'name:a:b', to: 'name:b:a' },
      { from: 'name:b:a', to: 'name:a:b' },
    ]);
    expect(resolveKey('name:fortinet:fortios', index)).toBe('cpe:fortinet:fortios');
    expect(resolveKey('cpe:other:thing', index)).toBe('cpe:other:thing');
    expect(resolveKey('name:a:b', index)).toBe('name:b:a');
  });
  it('accept a prebuilt index so bulk callers build it once', () => {
    const index = aliasIndex([{ from: 'name:x:y', to: 'cpe:x:y' }]);
    expect(toAliasIndex(index)).toBe(index);
    expect(toAliasIndex([{ from: 'name:x:y', to: 'cpe:x:y' }]).get('name:x:y')).toBe('cpe:x:y');
  });
});

describe('assetIdentity', () => {
  it('parses every identifier once and picks the version by precedence', () => {
    const id = assetIdentity({ cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*', purl: 'pkg:npm/ws@8.17.0', vendor: 'Fortinet', product: 'FortiOS', platform: 'cpe:/o:redhat:enterprise_linux:9' });
    expect(id.cpe?.key).toBe('cpe:fortinet:fortios');
    expect(id.purl?.key).toBe('purl:npm/ws');
    expect(id.name).toBe('name:fortinet:fortios');
    expect(id.version).toEqual({ value: '7.2.4', from: 'cpe' });
    expect(id.platform).toEqual({ key: 'cpe:redhat:enterprise_linux', version: '9' });
    expect(assetIdentity({ purl: 'pkg:npm/ws@8.17.0' }).version).toEqual({ value: '8.17.0', from: 'purl' });
    expect(assetIdentity({ cpe: 'cpe:2.3:a:x:y:1:*:*:*:*:*:*:*', version: ' 2 ' }).version).toEqual({ value: '2', from: 'version' });
  });

  it('reports unusable identifiers instead of guessing', () => {
    expect(assetIdentity({ cpe: 'cpe:2.3:a:*:*:*:*:*:*:*:*:*:*', purl: 'nope', platform: 'x' }).problems).toEqual([
      'CPE cpe:2.3:a:*:*:*:*:*:*:*:*:*:* names no single product',
      'Invalid purl: missing required "pkg" scheme component',
      'platform: not a CPE name: x',
    ]);
  });
});

describe('index keys for the database', () => {
  const aliases = [
    { from: 'name:fortinet:fortios', to: 'cpe:fortinet:fortios' },
    { from: 'cpe:oracle:mysql', to: 'cpe:mysql:mysql' },
  ];
  it('file an asset under its own precise keys and what aliases make of them, never under a bare name', () => {
    expect(assetIndexKeys({ vendor: 'Fortinet', product: 'FortiOS' }, aliases)).toEqual(['cpe:fortinet:fortios']);
    expect(assetIndexKeys({ vendor: 'Acme', product: 'Thing' }, aliases)).toEqual([]);
    expect(assetIndexKeys({ cpe: 'cpe:2.3:a:oracle:mysql:8.0:*:*:*:*:*:*:*', purl: 'pkg:npm/ws' }, aliases)).toEqual(['cpe:oracle:mysql', 'cpe:mysql:mysql', 'purl:npm/ws']);
  });
  it('file an entry under its resolved key, so the join is one equality', () => {
    const entry: Affected = { identity: { kind: 'alias', key: 'name:fortinet:fortios' }, ranges: 'all', status: 'affected', source: 'kev:CVE-X' };
    expect(entryIndexKey(entry, aliases)).toBe('cpe:fortinet:fortios');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCsaf } from './extract-csaf.js';
import { extractCve } from './extract-cve.js';
import { matchAdvisory, matchAsset } from './match.js';
import type { Affected, Alias, Asset } from './model.js';
import { statement as entry } from './statement.fixtures.js';

const STANDARDS = new URL('../../../../../shared/standards/', import.meta.url);
const load = (path: string): unknown => JSON.parse(readFileSync(new URL(path, STANDARDS), 'utf8'));
const cve = (id: string): Affected[] => extractCve(load(`cve/records/${id}.json`)).affected;
const csaf = (name: string): Affected[] => extractCsaf(load(`csaf2.0/examples/${name}`)).affected;

const cpeAsset = (version: string, product = 'apache:dolphinscheduler'): Asset => ({ cpe: `cpe:2.3:a:${product}:${version}:*:*:*:*:*:*:*` });
const verdicts = (versions: string[], entries: Affected[], toAsset: (v: string) => Asset, aliases: Alias[] = []): (string | undefined)[] =>
  versions.map((v) => matchAdvisory(toAsset(v), entries, aliases)?.verdict);

describe('matchAsset rules', () => {
  it('affected needs identity, a bounded range and a comparable version, and says why', () => {
    expect(matchAsset(cpeAsset('3.2.1'), entry())).toEqual({
      verdict: 'affected',
      covered: true,
      reason: {
        identifier: 'cpe',
        key: 'cpe:apache:dolphinscheduler',
        range: '>=3.1.0 <3.2.2',
        assetVersion: '3.2.1',
        scheme: 'semver',
        explanation: 'Version 3.2.1 is within >=3.1.0 <3.2.2, which the advisory marks affected for cpe:apache:dolphinscheduler.',
        because: 'within',
        status: 'affected',
        source: 'test:entry',
      },
    });
  });

  it('outside the range is not affected, and the reason quotes the range', () => {
    const r = matchAsset(cpeAsset('3.2.2'), entry());
    expect(r?.verdict).toBe('not_affected');
    expect(r?.reason.explanation).toBe('Version 3.2.2 is outside >=3.1.0 <3.2.2, the range the advisory marks affected for cpe:apache:dolphinscheduler.');
    expect(r?.reason.because).toBe('outside');
  });

  it('never says affected without a version bound, an asset version, or a comparable version', () => {
    expect(matchAsset(cpeAsset('3.2.1'), entry({ ranges: 'all' }))?.reason).toMatchObject({ because: 'unbounded', range: 'any version' });
    expect(matchAsset(cpeAsset('3.2.1'), entry({ ranges: [{ kind: 'interval', upper: { version: '*', inclusive: false } }] }))?.verdict).toBe('possible');
    const noVersion = matchAsset(cpeAsset('*'), entry());
    expect(noVersion?.verdict).toBe('possible');
    expect(noVersion?.reason.explanation).toContain('no version recorded');
    expect(noVersion?.reason.because).toBe('no-version');
    const train = matchAsset(cpeAsset('12.4\\(24\\)t', 'cisco:ios'), entry({ identity: { kind: 'cpe', key: 'cpe:cisco:ios' }, ranges: [{ kind: 'interval', upper: { version: '15.2(4)M6', inclusive: false } }] }));
    expect(train?.verdict).toBe('possible');
    expect(train?.reason.scheme).toBe('cisco');
    expect(train?.reason.because).toBe('incomparable');
    expect(matchAsset(cpeAsset('3.2.1'), entry({ ranges: [{ kind: 'opaque', text: 'All versions before the April release' }] }))?.verdict).toBe('possible');
  });

  it('explicit unaffected/fixed statements answer not affected, with the VEX justification', () => {
    const r = matchAsset(cpeAsset('3.2.2'), entry({ status: 'fixed', ranges: [{ kind: 'exact', version: '3.2.2' }], justification: 'vulnerable_code_not_present' }));
    expect(r).toMatchObject({ verdict: 'not_affected', covered: true });
    expect(r?.reason.explanation).toContain('(vulnerable_code_not_present)');
    expect(r?.reason).toMatchObject({ because: 'within-unaffected', status: 'fixed', justification: 'vulnerable_code_not_present' });
    expect(matchAsset(cpeAsset('3.2.3'), entry({ status: 'fixed', ranges: [{ kind: 'exact', version: '3.2.2' }] }))).toMatchObject({ verdict: 'not_affected', covered: false });
  });

  it('under investigation and inferred ranges are possible at most', () => {
    expect(matchAsset(cpeAsset('3.2.1'), entry({ status: 'under_investigation' }))).toMatchObject({ verdict: 'possible', reason: { because: 'under-investigation', status: 'under_investigation' } });
    expect(matchAsset(cpeAsset('3.2.1'), entry({ inferred: true }))).toMatchObject({ verdict: 'possible', reason: { because: 'inferred' } });
    expect(matchAsset(cpeAsset('3.3.0'), entry({ inferred: true }))?.verdict).toBe('not_affected');
  });

  it('takes the version from the version field, then the CPE, then the purl (with the rpm epoch)', () => {
    expect(matchAsset({ cpe: 'cpe:2.3:a:apache:dolphinscheduler:3.0:*:*:*:*:*:*:*', version: '3.1.5' }, entry())?.reason.assetVersion).toBe('3.1.5');
    const rpm = entry({ identity: { kind: 'purl', key: 'purl:rpm/redhat/openssl' }, scheme: 'rpm', ranges: [{ kind: 'interval', upper: { version: '1:1.0.2k-19.el7', inclusive: false } }] });
    expect(matchAsset({ purl: 'pkg:rpm/redhat/openssl@1.0.2k-16.el7?epoch=1' }, rpm)?.verdict).toBe('affected');
    expect(matchAsset({ purl: 'pkg:rpm/redhat/openssl@1.0.2k-19.el7?epoch=1' }, rpm)?.verdict).toBe('not_affected');
  });
});

describe('identity: exact keys and explicit aliases only', () => {
  it('does not match another product, nor free-text names without an alias', () => {
    expect(matchAsset(cpeAsset('3.2.1', 'apache:dolphinscheduler_ui'), entry())).toBeNull();
    const named = entry({ identity: { kind: 'alias', key: 'name:fortinet:fortisandbox' } });
    expect(matchAsset({ vendor: 'Fortinet', product: 'FortiSandbox', version: '4.2.1' }, named)).toBeNull();
    expect(matchAsset({ vendor: 'Fortinet Inc.', product: 'FortiSandbox', version: '4.2.1' }, named, [{ from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' }])).toBeNull();
  });

  it('matches through the alias table, on either side, and says so', () => {
    const named = entry({ identity: { kind: 'alias', key: 'name:fortinet:fortisandbox' } });
    const aliases: Alias[] = [{ from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' }];
    const viaCpe = matchAsset({ cpe: 'cpe:2.3:o:fortinet:fortisandbox:3.2.1:*:*:*:*:*:*:*' }, named, aliases);
    expect(viaCpe?.reason.identifier).toBe('alias');
    expect(viaCpe?.verdict).toBe('affected');
    expect(viaCpe?.reason.explanation).toContain('matched through the alias table');
    expect(matchAsset({ vendor: 'FORTINET', product: 'fortisandbox', version: '3.2.1' }, named, aliases)?.verdict).toBe('affected');
    // A vendor rename: the old CPE vendor aliased to the new one.
    const renamed = entry({ identity: { kind: 'cpe', key: 'cpe:oracle:mysql' } });
    expect(matchAsset(cpeAsset('3.2.1', 'mysql:mysql'), renamed, [{ from: 'cpe:oracle:mysql', to: 'cpe:mysql:mysql' }])?.reason.identifier).toBe('alias');
  });

  it('alias cycles do not hang', () => {
    const aliases: Alias[] = [{ from: 'name:a:b', to: 'name:c:d' }, { from: 'name:c:d', to: 'name:a:b' }];
    expect(matchAsset({ vendor: 'x', product: 'y', version: '1' }, entry({ identity: { kind: 'alias', key: 'name:a:b' } }), aliases)).toBeNull();
  });

  it('a CPE variant the asset is not (target_sw) is another product; one the asset leaves open is only possible', () => {
    const ios = entry({ identity: { kind: 'cpe', key: 'cpe:mozilla:firefox' }, ranges: [{ kind: 'interval', upper: { version: '123', inclusive: false } }], constraints: { targetSw: 'iphone_os' } });
    expect(matchAsset({ cpe: 'cpe:2.3:a:mozilla:firefox:120.0:*:*:*:*:windows:*:*' }, ios)).toBeNull();
    const open = matchAsset({ cpe: 'cpe:2.3:a:mozilla:firefox:120.0:*:*:*:*:*:*:*' }, ios);
    expect(open?.verdict).toBe('possible');
    expect(open?.reason.explanation).toContain('targetSw=iphone_os');
    expect(open?.reason).toMatchObject({ because: 'doubt', doubt: { kind: 'variant-open', subject: 'targetSw=iphone_os' } });
    const noCpe = matchAsset({ vendor: 'mozilla', product: 'firefox', version: '120.0' }, ios, [{ from: 'name:mozilla:firefox', to: 'cpe:mozilla:firefox' }]);
    expect(noCpe?.reason).toMatchObject({ because: 'doubt', doubt: { kind: 'variant-no-cpe', subject: 'targetSw=iphone_os' } });
    expect(matchAsset({ cpe: 'cpe:2.3:a:mozilla:firefox:120.0:*:*:*:*:iphone_os:*:*' }, ios)?.verdict).toBe('affected');
  });
});

describe('real CVE records: in range is affected, the fixed version and the next are not', () => {
  it('CVE-2024-30188 Apache DolphinScheduler (ADP CPE, semver >=3.1.0 <3.2.2)', () => {
    const entries = cve('CVE-2024-30188');
    expect(verdicts(['3.0.9', '3.1.0', '3.2.1', '3.2.2', '3.2.3'], entries, (v) => cpeAsset(v))).toEqual(['not_affected', 'affected', 'affected', 'not_affected', 'not_affected']);
    const r = matchAdvisory(cpeAsset('3.2.1'), entries);
    expect(r?.reason).toMatchObject({ identifier: 'cpe', range: '>=3.1.0 <3.2.2', source: 'cve:containers.adp[0].affected[0].versions[0]' });
  });

  it('CVE-2024-6975 Cato SDP Client (<5.10.34, unaffected by default)', () => {
    const entries = cve('CVE-2024-6975');
    const asset = (v: string): Asset => cpeAsset(v, 'catonetworks:sdp_client');
    expect(verdicts(['5.10.33', '5.10.34', '5.10.35'], entries, asset)).toEqual(['affected', 'not_affected', 'not_affected']);
    expect(matchAdvisory(asset('5.10.34'), entries)).toMatchObject({ covered: true, reason: { range: 'any version except <5.10.34' } });
  });

  it('CVE-2024-30056 Microsoft Edge (dotted, four parts)', () => {
    const entries = cve('CVE-2024-30056');
    const asset = (v: string): Asset => cpeAsset(v, 'microsoft:edge_chromium');
    expect(verdicts(['124.0.2478.97', '124.0.2478.108', '124.0.2478.109', '124.0.2478.110', '125.0.2535.51'], entries, asset)).toEqual([
      'affected',
      'affected',
      'not_affected',
      'not_affected',
      'not_affected',
    ]);
  });

  it('CVE-2023-41843 FortiSandbox (CNA names only: needs an alias; several release lines)', () => {
    const entries = cve('CVE-2023-41843');
    const asset = (v: string): Asset => cpeAsset(v, 'fortinet:fortisandbox');
    expect(matchAdvisory(asset('4.2.5'), entries)).toBeNull();
    const aliases: Alias[] = [{ from: 'name:fortinet:fortisandbox', to: 'cpe:fortinet:fortisandbox' }];
    expect(verdicts(['4.2.0', '4.2.5', '4.2.6', '4.2.7', '4.4.1', '4.4.2', '2.4.1', '2.4.2'], entries, asset, aliases)).toEqual([
      'affected',
      'affected',
      'not_affected',
      'not_affected',
      'affected',
      'not_affected',
      'affected',
      'not_affected',
    ]);
    expect(matchAdvisory(asset('4.2.5'), entries, aliases)?.reason).toMatchObject({ identifier: 'alias', range: '>=4.2.0 <=4.2.5 except >=4.4.0 <=4.4.1', source: 'cve:containers.cna.affected[0].versions[1]' });
  });

  it('CVE-2023-52704 Linux (release-number statements decide; git-commit statements stay silent)', () => {
    const entries = cve('CVE-2023-52704');
    const aliases: Alias[] = [{ from: 'name:linux:linux', to: 'cpe:linux:linux_kernel' }];
    const asset = (v: string): Asset => cpeAsset(v, 'linux:linux_kernel');
    expect(verdicts(['5.15.100', '6.1', '6.1.5', '6.1.12', '6.1.13', '6.1.14', '6.2'], entries, asset, aliases)).toEqual([
      'not_affected',
      'affected',
      'affected',
      'affected',
      'not_affected',
      'not_affected',
      'not_affected',
    ]);
    expect(matchAdvisory(asset('6.1.13'), entries, aliases)?.reason.range).toBe('>=6.1.13 <=6.1.* except =6.1, <6.1');
  });

  it('CVE-2024-6387 OpenSSH on RHEL (rpm versions, platform-scoped statements)', () => {
    const entries = cve('CVE-2024-6387');
    const on = (version: string, platform?: string): Asset => ({ purl: `pkg:rpm/redhat/openssh@${version}?arch=x86_64`, ...(platform ? { platform } : {}) });
    const rhel9 = 'cpe:/o:redhat:enterprise_linux:9.4';
    expect(matchAdvisory(on('8.7p1-38.el9', rhel9), entries)?.verdict).toBe('affected');
    expect(matchAdvisory(on('8.7p1-38.el9_4.1', rhel9), entries)).toMatchObject({ verdict: 'not_affected', covered: true });
    expect(matchAdvisory(on('8.7p1-38.el9_4.2', rhel9), entries)?.verdict).toBe('not_affected');
    // Without the platform the RHEL-9 statement cannot be applied with certainty.
    expect(matchAdvisory(on('8.7p1-38.el9'), entries)).toMatchObject({ verdict: 'possible', reason: { because: 'doubt', doubt: { kind: 'platform-unrecorded' } } });
    // On RHEL 8 only the RHEL-8 statement applies, and it says unaffected.
    expect(matchAdvisory(on('8.0p1-19.el8', 'cpe:/o:redhat:enterprise_linux:8'), entries)).toMatchObject({ verdict: 'not_affected', covered: true });
  });

  it('CVE-2024-20448 Cisco DCNM (exact versions across many trains)', () => {
    const entries = cve('CVE-2024-20448');
    const aliases: Alias[] = [{ from: 'name:cisco:cisco data center network manager', to: 'cpe:cisco:data_center_network_manager' }];
    const asset = (v: string): Asset => ({ cpe: 'cpe:2.3:a:cisco:data_center_network_manager:*:*:*:*:*:*:*:*', version: v });
    expect(verdicts(['11.2(1)', '7.2(2a)', '11.2(2)', '7.2(2b)'], entries, asset, aliases)).toEqual(['affected', 'affected', 'not_affected', 'not_affected']);
  });
});

describe('real CSAF documents', () => {
  it('BSI-2022-0001: listed pre-releases affected, first fixed and later not, older possible by inference', () => {
    const entries = csaf('bsi-2022-0001.json');
    const asset = (v: string): Asset => ({ cpe: `cpe:/a:csaf-tools:cvrf-csaf-converter:${v}` });
    expect(verdicts(['1.0.0-dev2', '1.0.0-rc1', '1.0.0-rc2', '1.0.0', '0.9.0'], entries, asset)).toEqual(['affected', 'affected', 'not_affected', 'not_affected', 'possible']);
    expect(matchAdvisory(asset('1.0.0-rc1'), entries)?.reason).toMatchObject({ range: '=1.0.0-rc1', source: expect.stringContaining('known_affected[4] CSAFPID-0005') });
    expect(matchAdvisory(asset('1.0.0-rc2'), entries)).toMatchObject({ covered: true, reason: { range: '=1.0.0-rc2' } });
  });

  it('VEX pair: DEF 1.0 affected (through an alias), 1.1 not; ABC 4.2 not affected with the reason', () => {
    const aliases: Alias[] = [
      { from: 'name:example company:def', to: 'cpe:example:def' },
      { from: 'name:example company:abc', to: 'cpe:example:abc' },
    ];
    const def = csaf('2022-evd-uc-01-a-001.json');
    expect(matchAdvisory({ cpe: 'cpe:2.3:a:example:def:1.0:*:*:*:*:*:*:*' }, def, aliases)?.verdict).toBe('affected');
    expect(matchAdvisory({ cpe: 'cpe:2.3:a:example:def:1.1:*:*:*:*:*:*:*' }, def, aliases)?.verdict).toBe('not_affected');
    const abc = matchAdvisory({ vendor: 'Example Company', product: 'ABC', version: '4.2' }, csaf('2022-evd-uc-01-na-001.json'), aliases);
    expect(abc).toMatchObject({ verdict: 'not_affected', covered: true });
    expect(abc?.reason.explanation).toContain('Class with vulnerable code was removed before shipping.');
  });
});

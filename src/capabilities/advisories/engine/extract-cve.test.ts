import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCve } from './extract-cve.js';
import type { Affected } from './model.js';

const CVE_DIR = new URL('../../../../../shared/standards/cve/records/', import.meta.url);
const cveRecord = (id: string): unknown => JSON.parse(readFileSync(new URL(`${id}.json`, CVE_DIR), 'utf8'));
const bySource = (entries: Affected[], source: string): Affected | undefined => entries.find((e) => e.source === source);

describe('extractCve on real records', () => {
  it('CVE-2024-30188 (Apache DolphinScheduler): CNA names and the ADP CPE with the semver range', () => {
    const { advisory, affected, warnings } = extractCve(cveRecord('CVE-2024-30188'));
    expect(warnings).toEqual([]);
    expect(advisory).toMatchObject({
      format: 'cve',
      id: 'CVE-2024-30188',
      cves: ['CVE-2024-30188'],
      title: 'Apache DolphinScheduler: Resource File Read And Write Vulnerability',
      publisher: 'apache',
      severity: 'important',
      exploitation: 'none',
      cvss: [],
    });
    expect(bySource(affected, 'cve:containers.adp[0].affected[0].versions[0]')).toEqual({
      identity: { kind: 'cpe', key: 'cpe:apache:dolphinscheduler' },
      ranges: [{ kind: 'interval', lower: { version: '3.1.0', inclusive: true }, upper: { version: '3.2.2', inclusive: false } }],
      status: 'affected',
      scheme: 'semver',
      source: 'cve:containers.adp[0].affected[0].versions[0]',
      cve: 'CVE-2024-30188',
    });
    expect(bySource(affected, 'cve:containers.cna.affected[0].versions[0]')?.identity).toEqual({ kind: 'alias', key: 'name:apache software foundation:apache dolphinscheduler' });
    // The CNA's defaultStatus 'unaffected' becomes "every other version"; the ADP's 'unknown' adds nothing.
    expect(bySource(affected, 'cve:containers.cna.affected[0].defaultStatus')).toMatchObject({ status: 'unaffected', ranges: 'all', except: [expect.objectContaining({ kind: 'interval' })] });
    expect(bySource(affected, 'cve:containers.adp[0].affected[0].defaultStatus')).toBeUndefined();
  });

  it('CVE-2023-41843 (FortiSandbox): seven affected lines, one single version, CVSS and the fix text', () => {
    const { advisory, affected } = extractCve(cveRecord('CVE-2023-41843'));
    expect(advisory.cvss).toEqual([{ version: '3.1', baseScore: 7.3, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H/E:F/RL:X/RC:C', severity: 'HIGH', source: 'cna' }]);
    expect(advisory.remediations[0]).toMatchObject({ category: 'vendor_fix', text: expect.stringContaining('4.2.6 or above') });
    const lines = affected.filter((a) => a.status === 'affected');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatchObject({
      ranges: [{ kind: 'interval', lower: { version: '4.2.0', inclusive: true }, upper: { version: '4.2.5', inclusive: true } }],
      remediation: expect.stringContaining('FortiSandbox'),
    });
    expect(lines[7]?.ranges).toEqual([{ kind: 'exact', version: '2.4.1' }]);
    expect(lines[7]?.except).toHaveLength(7);
  });

  it('CVE-2024-30028 (Windows): one statement per CPE variant, target_hw kept as a constraint, CPE version ignored', () => {
    const { affected } = extractCve(cveRecord('CVE-2024-30028'));
    const w1809 = affected.filter((a) => a.identity.key === 'cpe:microsoft:windows_10_1809');
    expect(w1809.map((a) => a.constraints)).toEqual([{ targetHw: 'x86' }, { targetHw: 'x64' }, { targetHw: 'arm64' }]);
    expect(w1809[0]?.ranges).toEqual([{ kind: 'interval', lower: { version: '10.0.0', inclusive: true }, upper: { version: '10.0.17763.5820', inclusive: false } }]);
  });

  it('CVE-2024-6387 (OpenSSH): upstream package by collection, Red Hat packages as rpm purls scoped to RHEL', () => {
    const { affected } = extractCve(cveRecord('CVE-2024-6387'));
    expect(bySource(affected, 'cve:containers.cna.affected[0].versions[0]')).toMatchObject({
      identity: { kind: 'alias', key: 'collection:openssh.com:openssh' },
      ranges: [{ kind: 'interval', lower: { version: '8.5p1', inclusive: true }, upper: { version: '9.7p1', inclusive: true } }],
    });
    const rhel9 = affected.filter((a) => a.source.startsWith('cve:containers.cna.affected[1].'));
    expect(rhel9).toEqual([
      expect.objectContaining({
        identity: { kind: 'purl', key: 'purl:rpm/redhat/openssh' },
        status: 'unaffected',
        scheme: 'rpm',
        ranges: [{ kind: 'interval', lower: { version: '0:8.7p1-38.el9_4.1', inclusive: true } }],
        platform: { identity: { kind: 'cpe', key: 'cpe:redhat:enterprise_linux' }, version: '9' },
      }),
      expect.objectContaining({ status: 'affected', ranges: 'all', except: [{ kind: 'interval', lower: { version: '0:8.7p1-38.el9_4.1', inclusive: true } }] }),
    ]);
  });

  it('CVE-2023-52704 (Linux): git-commit statements keep their scheme, release statements keep first-match order', () => {
    const { affected } = extractCve(cveRecord('CVE-2023-52704'));
    expect(affected[0]).toMatchObject({ scheme: 'git', identity: { kind: 'alias', key: 'name:linux:linux' } });
    const release = affected.filter((a) => a.source.startsWith('cve:containers.cna.affected[1].'));
    expect(release.map((a) => [a.status, a.except?.length ?? 0])).toEqual([
      ['affected', 0],
      ['unaffected', 1],
      ['unaffected', 2],
      ['unaffected', 3],
      ['affected', 4],
    ]);
    expect(release[2]?.ranges).toEqual([{ kind: 'interval', lower: { version: '6.1.13', inclusive: true }, upper: { version: '6.1.*', inclusive: true } }]);
  });

  it('repairs the common CNA quirks', () => {
    // Chrome writes {version: X, lessThan: X} for "before X".
    expect(extractCve(cveRecord('CVE-2024-2626')).affected[0]?.ranges).toEqual([{ kind: 'interval', upper: { version: '123.0.6312.58', inclusive: false } }]);
    // A status change at or beyond the range's limit does not cut the range.
    const wp = extractCve(cveRecord('CVE-2023-22718')).affected;
    expect(wp[0]).toMatchObject({ identity: { kind: 'alias', key: 'collection:wordpress.org/plugins:user-meta-manager' }, ranges: [{ kind: 'interval', upper: { version: '3.4.9', inclusive: true } }] });
    expect(wp.map((a) => a.source)).toEqual(['cve:containers.cna.affected[0].versions[0]', 'cve:containers.cna.affected[0].defaultStatus']);
    // A range written into `version` (GitHub advisories style).
    expect(extractCve(cveRecord('CVE-2024-37890')).affected[0]?.ranges).toEqual([
      { kind: 'interval', lower: { version: '2.1.0', inclusive: true }, upper: { version: '5.2.4', inclusive: false } },
    ]);
    // Prose in a version field stays prose.
    expect(extractCve(cveRecord('CVE-2024-0092')).affected[0]?.ranges).toEqual([
      { kind: 'opaque', text: 'All versions up to and including 17.1, 16.5, 13.10, and the April 2024 release' },
    ]);
    expect(extractCve(cveRecord('CVE-2024-41701')).affected[0]?.ranges).toEqual([
      { kind: 'interval', lower: { version: '2023.25', inclusive: true }, upper: { version: 'Upgrade to the latest version.', inclusive: false } },
    ]);
  });

  it('keeps CPE variants and exact CPE versions when the record has no versions list', () => {
    const firefox = extractCve(cveRecord('CVE-2024-26283')).affected.filter((a) => a.identity.kind === 'cpe');
    expect(firefox.map((a) => a.constraints)).toEqual([{ targetSw: 'iphone_os' }, { targetSw: 'ipados' }]);
    const jboss = extractCve(cveRecord('CVE-2024-3094')).affected.find((a) => a.identity.key === 'cpe:redhat:jboss_enterprise_application_platform');
    expect(jboss).toMatchObject({ ranges: [{ kind: 'exact', version: '8' }], status: 'unaffected', source: 'cve:containers.cna.affected[5].cpes' });
  });

  it('reports what it cannot use instead of guessing', () => {
    const rejected = extractCve(cveRecord('CVE-2023-36268'));
    expect(rejected.affected).toEqual([]);
    expect(rejected.warnings).toEqual(['record state is REJECTED; no statements taken']);
    const na = extractCve(cveRecord('CVE-2023-39776'));
    expect(na.affected).toEqual([]);
    expect(na.warnings[0]).toContain('no usable product identity');
    expect(() => extractCve({ hello: 'world' })).toThrow();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kevAffected, kevDelta, parseKev, type KevEntry } from './kev.js';
import { matchAsset } from './match.js';

const KEV = JSON.parse(readFileSync(new URL('../../../../../shared/standards/kev/known_exploited_vulnerabilities.2025-07-22.json', import.meta.url), 'utf8')) as unknown;

describe('parseKev on the 2025-07-22 catalogue', () => {
  const kev = parseKev(KEV);

  it('reads every entry with the fields an advisory needs', () => {
    expect(kev.catalogVersion).toBe('2025.07.22');
    expect(kev.entries).toHaveLength(1388);
    expect(kev.warnings).toEqual([]);
    expect(kev.entries.find((e) => e.cveID === 'CVE-2021-44228')).toMatchObject({
      vendorProject: 'Apache',
      product: 'Log4j2',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      notes: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      cwes: ['CWE-20', 'CWE-400', 'CWE-502'],
    });
    expect(kev.entries[0]).toMatchObject({ cveID: 'CVE-2025-2775', vendorProject: 'SysAid', product: 'SysAid On-Prem', dueDate: '2025-08-12' });
  });

  it('flags an inconsistent count and duplicate ids, and rejects what is not a catalogue', () => {
    const [first] = (KEV as { vulnerabilities: unknown[] }).vulnerabilities;
    const odd = parseKev({ catalogVersion: 'x', dateReleased: 'y', count: 5, vulnerabilities: [first, first] });
    expect(odd.entries).toHaveLength(1);
    expect(odd.warnings).toEqual(['catalogue says count 5 but lists 2', 'duplicate CVE-2025-2775; the first listing is kept']);
    expect(() => parseKev({ vulnerabilities: [] })).toThrow();
  });
});

describe('kevDelta', () => {
  const entries = parseKev(KEV).entries;

  it('is empty between identical snapshots', () => {
    expect(kevDelta(entries, entries)).toEqual({ added: [], changed: [], removed: [] });
  });

  it('returns only what was added, changed (with the fields) or removed', () => {
    const previous = entries.slice(3);
    const target = previous[10] as KevEntry;
    const moved: KevEntry = { ...target, dueDate: '2099-01-01', knownRansomwareCampaignUse: 'Known' };
    const next = [...entries.slice(0, 3), ...previous.slice(0, 10), moved, ...previous.slice(11, -1)];
    const delta = kevDelta(previous, next);
    expect(delta.added.map((e) => e.cveID)).toEqual(entries.slice(0, 3).map((e) => e.cveID));
    expect(delta.changed).toEqual([{ before: target, after: moved, fields: target.knownRansomwareCampaignUse === 'Known' ? ['dueDate'] : ['dueDate', 'knownRansomwareCampaignUse'] }]);
    expect(delta.removed).toEqual([previous[previous.length - 1]]);
  });

  it('notices a change inside the CWE list', () => {
    const a = entries[0] as KevEntry;
    expect(kevDelta([a], [{ ...a, cwes: [...a.cwes, 'CWE-79'] }]).changed[0]?.fields).toEqual(['cwes']);
  });
});

describe('kevAffected', () => {
  const log4j = parseKev(KEV).entries.find((e) => e.cveID === 'CVE-2021-44228') as KevEntry;

  it('is an alias-only, version-less statement carrying the required action', () => {
    expect(kevAffected(log4j)).toEqual({
      identity: { kind: 'alias', key: 'name:apache:log4j2' },
      ranges: 'all',
      status: 'affected',
      source: 'kev:CVE-2021-44228',
      cve: 'CVE-2021-44228',
      remediation: log4j.requiredAction,
    });
  });

  it('can only make a match possible, and only through an alias', () => {
    const entry = kevAffected(log4j);
    if (!entry) throw new Error('no entry');
    const asset = { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' };
    expect(matchAsset(asset, entry)).toBeNull();
    const r = matchAsset(asset, entry, [{ from: 'name:apache:log4j2', to: 'purl:maven/org.apache.logging.log4j/log4j-core' }]);
    expect(r?.verdict).toBe('possible');
    expect(r?.reason.explanation).toBe(
      'The advisory marks name:apache:log4j2 (matched through the alias table) affected with no version bound (any version), so version 2.14.1 is only a possible match.',
    );
  });
});

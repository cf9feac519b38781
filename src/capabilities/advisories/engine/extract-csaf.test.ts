import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsafDocument, csafProducts, extractCsaf } from './extract-csaf.js';

const CSAF_DIR = new URL('../../../../../shared/standards/csaf2.0/examples/', import.meta.url);
const csafDoc = (name: string): unknown => JSON.parse(readFileSync(new URL(name, CSAF_DIR), 'utf8'));

describe('extractCsaf on the published examples', () => {
  it('BSI-2022-0001: CPE identities per version, fixed and affected lists, CVSS, remediation', () => {
    const { advisory, affected, warnings } = extractCsaf(csafDoc('bsi-2022-0001.json'));
    expect(warnings).toEqual([]);
    expect(advisory).toMatchObject({
      format: 'csaf',
      id: 'BSI-2022-0001',
      cves: ['CVE-2022-27193'],
      title: 'CVRF-CSAF-Converter: XML External Entities Vulnerability',
      publisher: 'Bundesamt für Sicherheit in der Informationstechnik',
      severity: 'Moderate',
      cvss: [{ version: '3.1', baseScore: 6.1, severity: 'MEDIUM', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C', source: 'csaf:vulnerabilities[0].scores[0]' }],
    });
    expect(advisory.remediations).toEqual([
      {
        category: 'vendor_fix',
        text: 'Update to the latest version of the product. At least version 1.0.0-rc2',
        url: 'https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2',
        cve: 'CVE-2022-27193',
        productIds: ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004', 'CSAFPID-0005'],
      },
    ]);
    expect(advisory.vex.map((v) => `${v.productId}:${v.status}`)).toEqual([
      'CSAFPID-0001:known_affected',
      'CSAFPID-0002:known_affected',
      'CSAFPID-0003:known_affected',
      'CSAFPID-0004:known_affected',
      'CSAFPID-0005:known_affected',
      'CSAFPID-0006:first_fixed',
      'CSAFPID-0006:fixed',
    ]);
    expect(affected[0]).toEqual({
      identity: { kind: 'cpe', key: 'cpe:csaf-tools:cvrf-csaf-converter' },
      ranges: [{ kind: 'exact', version: '1.0.0-alpha' }],
      status: 'affected',
      source: 'csaf:BSI-2022-0001/vulnerabilities[0].product_status.known_affected[0] CSAFPID-0001 @ product_tree.branches[0].branches[0].branches[0]',
      cve: 'CVE-2022-27193',
      remediation: 'Update to the latest version of the product. At least version 1.0.0-rc2 (https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2)',
    });
    expect(affected.map((a) => [a.status, a.ranges === 'all' ? 'all' : a.ranges[0]?.kind === 'exact' ? a.ranges[0].version : 'range', a.inferred ?? false])).toEqual([
      ['affected', '1.0.0-alpha', false],
      ['affected', '1.0.0-dev1', false],
      ['affected', '1.0.0-dev2', false],
      ['affected', '1.0.0-dev3', false],
      ['affected', '1.0.0-rc1', false],
      ['fixed', '1.0.0-rc2', false],
      // first_fixed implies "versions below are affected": kept, but marked inferred.
      ['affected', 'range', true],
    ]);
  });

  it('the VEX pair: one product known affected, the other known not affected with its impact statement', () => {
    const a = extractCsaf(csafDoc('2022-evd-uc-01-a-001.json'));
    expect(a.affected).toEqual([
      expect.objectContaining({
        identity: { kind: 'alias', key: 'name:example company:def' },
        ranges: [{ kind: 'exact', version: '1.0' }],
        status: 'affected',
        cve: 'CVE-2021-44228',
        remediation: 'Customers should update to version 1.1 of product DEF which fixes the issue.',
      }),
    ]);
    const na = extractCsaf(csafDoc('2022-evd-uc-01-na-001.json'));
    expect(na.advisory.vex).toEqual([{ productId: 'CSAFPID-0001', status: 'known_not_affected', cve: 'CVE-2021-44228', impact: 'Class with vulnerable code was removed before shipping.' }]);
    expect(na.affected).toEqual([
      expect.objectContaining({
        identity: { kind: 'alias', key: 'name:example company:abc' },
        ranges: [{ kind: 'exact', version: '4.2' }],
        status: 'unaffected',
        justification: 'Class with vulnerable code was removed before shipping.',
      }),
    ]);
  });

  it('RHSA-2019:1862: an informational advisory with a product family and no vulnerabilities', () => {
    const { advisory, affected } = extractCsaf(csafDoc('rhsa-2019_1862.json'));
    expect(advisory).toMatchObject({ id: 'RHSA-2019:1862', severity: 'Low', cves: [], publisher: 'Red Hat Product Security' });
    expect(affected).toEqual([]);
    const products = csafProducts(CsafDocument.parse(csafDoc('rhsa-2019_1862.json')).product_tree, () => {});
    expect(products.get('Red Hat OpenShift Enterprise')).toMatchObject({ identity: { kind: 'alias', key: 'name:red hat:red hat openshift enterprise' }, ranges: 'all' });
  });
});

/** A document exercising what the examples do not: purls, vers ranges, relationships, groups, flags. */
const SYNTHETIC = {
  document: {
    category: 'csaf_vex',
    csaf_version: '2.0',
    title: 'Synthetic',
    publisher: { category: 'vendor', name: 'ACME PSIRT', namespace: 'https://acme.example' },
    tracking: { id: 'ACME-2025-1', initial_release_date: '2025-01-01T00:00:00Z', current_release_date: '2025-01-02T00:00:00Z', status: 'final', version: '1', revision_history: [] },
  },
  product_tree: {
    branches: [
      {
        category: 'vendor',
        name: 'ACME',
        branches: [
          {
            category: 'product_name',
            name: 'Gateway',
            branches: [
              { category: 'product_version_range', name: 'vers:intdot/>=3.0|<3.2', product: { name: 'Gateway 3.0-3.1', product_id: 'GW-3', product_identification_helper: { cpe: 'cpe:2.3:o:acme:gateway:*:*:*:*:*:*:*:*' } } },
              { category: 'product_version', name: 'V3.2', product: { name: 'Gateway 3.2', product_id: 'GW-32', product_identification_helper: { cpe: 'cpe:2.3:o:acme:gateway:3.2:*:*:*:*:*:*:*' } } },
            ],
          },
        ],
      },
    ],
    full_product_names: [
      { name: 'openssl 3.0.7', product_id: 'OSSL-307', product_identification_helper: { purl: 'pkg:rpm/acme/openssl@3.0.7-1?epoch=1' } },
      { name: 'libfoo', product_id: 'LIBFOO', product_identification_helper: { purl: 'pkg:npm/libfoo' } },
      { name: 'broken', product_id: 'BROKEN', product_identification_helper: { purl: 'not a purl' } },
    ],
    relationships: [
      { category: 'default_component_of', product_reference: 'OSSL-307', relates_to_product_reference: 'GW-32', full_product_name: { name: 'openssl in Gateway 3.2', product_id: 'GW-32:OSSL' } },
      { category: 'installed_on', product_reference: 'MISSING', relates_to_product_reference: 'GW-32', full_product_name: { name: 'x', product_id: 'X' } },
    ],
    product_groups: [{ group_id: 'G-ALL-GW', product_ids: ['GW-3', 'GW-32'] }],
  },
  vulnerabilities: [
    {
      cve: 'CVE-2025-0001',
      product_status: { known_affected: ['GW-3', 'GW-32:OSSL'], known_not_affected: ['LIBFOO'], under_investigation: ['NOPE'], fixed: ['BROKEN'] },
      flags: [{ label: 'vulnerable_code_not_in_execute_path', product_ids: ['LIBFOO'] }],
      threats: [{ category: 'exploit_status', details: 'Exploited in the wild since 2025-01-01.' }],
      remediations: [
        { category: 'workaround', details: 'Disable the web UI.', group_ids: ['G-ALL-GW'] },
        { category: 'vendor_fix', details: 'Upgrade to 3.2.1.', group_ids: ['G-ALL-GW'] },
      ],
    },
  ],
};

describe('extractCsaf on a synthetic document', () => {
  const { advisory, affected, warnings } = extractCsaf(SYNTHETIC);

  it('reads vers ranges with their scheme and keeps the CPE identity', () => {
    expect(affected[0]).toMatchObject({
      identity: { kind: 'cpe', key: 'cpe:acme:gateway' },
      ranges: [{ kind: 'interval', lower: { version: '3.0', inclusive: true }, upper: { version: '3.2', inclusive: false } }],
      scheme: 'intdot',
      remediation: 'Upgrade to 3.2.1.',
    });
  });

  it('scopes a relationship component to its platform', () => {
    expect(affected[1]).toMatchObject({
      identity: { kind: 'purl', key: 'purl:rpm/acme/openssl' },
      ranges: [{ kind: 'exact', version: '1:3.0.7-1' }],
      scheme: 'rpm',
      platform: { identity: { kind: 'cpe', key: 'cpe:acme:gateway' }, version: '3.2' },
      source: expect.stringContaining('product_tree.relationships[0] (default_component_of GW-32)'),
    });
  });

  it('carries flags as the not-affected justification and exploit status as metadata', () => {
    expect(affected.find((a) => a.identity.key === 'purl:npm/libfoo')).toMatchObject({ ranges: 'all', status: 'unaffected', justification: 'vulnerable_code_not_in_execute_path' });
    expect(advisory.exploitation).toBe('Exploited in the wild since 2025-01-01.');
    expect(advisory.remediations.map((r) => r.productIds)).toEqual([['GW-3', 'GW-32'], ['GW-3', 'GW-32']]);
  });

  it('warns about what it could not resolve, falling back to an alias-only name', () => {
    expect(affected.map((a) => `${a.status} ${a.identity.key}`)).toEqual([
      'affected cpe:acme:gateway',
      'affected purl:rpm/acme/openssl',
      'fixed name::broken',
      'unaffected purl:npm/libfoo',
    ]);
    expect(warnings).toEqual([
      'BROKEN: unusable purl not a purl (Invalid purl: missing required "pkg" scheme component)',
      'product_tree.relationships[1]: unknown product_reference MISSING',
      'vulnerabilities[0].product_status.under_investigation: unknown product NOPE',
    ]);
  });

  it('rejects documents that are not CSAF', () => {
    expect(() => extractCsaf({ document: {} })).toThrow();
  });
});

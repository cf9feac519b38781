import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCO_TYPES, SDO_TYPES, SRO_TYPES, canonicalTimestamp, kindOf, referencedIds, versionKey, type StixObject } from './classify.js';
import { exampleObject, exampleObjects } from './stix.fixtures.js';

const SCHEMAS = path.resolve(import.meta.dirname, '../stix-schemas');
const typesIn = (folder: string): string[] => fs.readdirSync(path.join(SCHEMAS, folder)).map((f) => f.replace(/\.json$/, '')).sort();

describe('kindOf', () => {
  it('knows exactly the types the official schemas define', () => {
    expect([...SDO_TYPES].sort()).toEqual(typesIn('sdos'));
    expect([...SCO_TYPES].sort()).toEqual(typesIn('observables'));
    expect([...SRO_TYPES].sort()).toEqual(typesIn('sros'));
  });

  it.each([
    ['incident', 'sdo'], ['indicator', 'sdo'], ['ipv6-addr', 'sco'], ['x509-certificate', 'sco'], ['sighting', 'sro'],
    ['marking-definition', 'marking-definition'], ['language-content', 'language-content'],
    ['extension-definition', 'extension-definition'], ['x-acme-alert', 'custom'], ['water-plant', 'custom'],
  ])('%s is %s', (type, kind) => {
    expect(kindOf({ type })).toBe(kind);
  });
});

describe('versionKey', () => {
  it('is id + modified for SDOs and SROs, id + created for markings, id alone for SCOs', () => {
    const indicator = exampleObject('indicator-for-c2-ip-address.json', 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d');
    expect(versionKey(indicator)).toEqual({ id: indicator.id, version: indicator['modified'] });
    const ip = exampleObjects('infrastructure.json').find((o) => o.type === 'ipv4-addr')!;
    expect(versionKey(ip)).toEqual({ id: 'ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956', version: null });
    const tlp = { type: 'marking-definition', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', created: '2017-01-20T00:00:00.000Z' };
    expect(versionKey(tlp)).toEqual({ id: tlp.id, version: '2017-01-20T00:00:00.000Z' });
    expect(versionKey({ type: 'x-acme-plc', id: 'x-acme-plc--6a2b8c1d-3e4f-5a6b-8c9d-0e1f2a3b4c5d' })).toEqual({ id: 'x-acme-plc--6a2b8c1d-3e4f-5a6b-8c9d-0e1f2a3b4c5d', version: null });
  });

  it('spells one instant one way, so equal versions written differently are one version', () => {
    expect(canonicalTimestamp('2016-05-12T08:17:27Z')).toBe('2016-05-12T08:17:27.000Z');
    expect(canonicalTimestamp('2016-05-12T08:17:27.100000Z')).toBe('2016-05-12T08:17:27.100Z');
    expect(canonicalTimestamp('2016-05-12T08:17:27.1234Z')).toBe('2016-05-12T08:17:27.1234Z');
    const a = { type: 'campaign', id: 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: '2016-05-12T08:17:27.000Z' };
    expect(versionKey({ ...a, modified: '2016-05-12T08:17:27.5Z' })).toEqual(versionKey({ ...a, modified: '2016-05-12T08:17:27.500Z' }));
  });
});

describe('referencedIds', () => {
  it('gives a relationship its creator, source and target', () => {
    const rel = exampleObject('malicious-email-indicator-with-attachment.json', 'relationship--c3fa00e6-1d31-4137-98f5-32a1ec0d0e92');
    expect(referencedIds(rel)).toEqual([
      'identity--f690c992-8e7d-4b9a-9303-3312616c0220',
      'indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7',
      'attack-pattern--d7b066aa-4091-4276-a142-29d5d81c3484',
    ]);
  });

  it('gives a report every object it contains', () => {
    const report = exampleObjects('threat-reports/apt1.json').find((o) => o.type === 'report')!;
    const refs = report['object_refs'] as string[];
    expect(refs).toHaveLength(75);
    expect(referencedIds(report)).toEqual([...new Set(refs)]);
  });

  it('gives object markings of the official interop example', () => {
    expect(referencedIds(exampleObjects('interop-objectmarking-test.json')[0]!)).toEqual([
      'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
      'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
      'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec',
    ]);
  });

  it('finds nested refs (granular markings, extensions, custom refs) and skips non-identifiers', () => {
    const sighting: StixObject = {
      type: 'sighting',
      id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
      sighting_of_ref: 'indicator--9299f726-ce06-492e-8472-2b52ccb53191',
      observed_data_refs: ['observed-data--cf8eaa41-6f4c-482e-89b9-9cd2d6a83cb1'],
      where_sighted_refs: ['identity--b67d30ff-02ac-498a-92f9-32f845f448ff', 'identity--b67d30ff-02ac-498a-92f9-32f845f448ff'],
      granular_markings: [{ selectors: ['count'], marking_ref: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82' }],
      extensions: { 'x-acme-ext': { analyst_ref: 'identity--0a8c2e0f-1d3b-4f6a-9c2e-7b5d4a3c2b1a', notes: 'free text' } },
      x_acme_case_ref: 'incident--9e2c4d3b-8a1f-4c6e-9b7d-2f1e0a3c5b7d',
      x_acme_ticket_ref: 'JIRA-12',
    };
    expect(referencedIds(sighting)).toEqual([
      'indicator--9299f726-ce06-492e-8472-2b52ccb53191',
      'observed-data--cf8eaa41-6f4c-482e-89b9-9cd2d6a83cb1',
      'identity--b67d30ff-02ac-498a-92f9-32f845f448ff',
      'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
      'identity--0a8c2e0f-1d3b-4f6a-9c2e-7b5d4a3c2b1a',
      'incident--9e2c4d3b-8a1f-4c6e-9b7d-2f1e0a3c5b7d',
    ]);
  });
});

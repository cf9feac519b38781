import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDARD, english, exampleFiles, exampleObjects, indicator, readExample } from './stix.fixtures.js';
import { MAX_NESTING, validateBundle, validateStixObject } from './validate.js';

const COPIED = path.resolve(import.meta.dirname, '../stix-schemas');
const BUNDLE = 'bundle--6f6b2a3c-0b5e-4d8b-9b0e-6e3a1b2c4d5e';
const TLP2_EXT = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

describe('official STIX 2.1 material', () => {
  it('the bundled schemas are byte-identical copies of the official ones', () => {
    const official = path.join(STANDARD, 'schemas');
    const files = fs.readdirSync(official, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(57);
    for (const f of files) expect(fs.readFileSync(path.join(COPIED, f), 'utf8'), f).toBe(fs.readFileSync(path.join(official, f), 'utf8'));
    expect(fs.readFileSync(path.join(COPIED, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(STANDARD, 'LICENSE'), 'utf8'));
  });

  it('covers the examples and threat reports', () => {
    expect(exampleFiles()).toEqual(expect.arrayContaining(['threat-reports/apt1.json', 'threat-reports/poisonivy.json', 'infrastructure.json']));
  });

  it.each(exampleFiles())('accepts every object of %s, unchanged and without warnings', (file) => {
    const parsed = readExample(file) as { type: string; objects?: unknown[] };
    const before = JSON.stringify(parsed);
    const objects = parsed.objects ?? [parsed];
    const bundle = parsed.type === 'bundle' ? validateBundle(parsed) : { errors: [], objects: [{ index: 0, ...validateStixObject(parsed) }] };
    expect(bundle.errors).toEqual([]);
    expect(bundle.objects).toHaveLength(exampleObjects(file).length);
    for (const r of bundle.objects) {
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, warnings: [] });
      if (r.ok) expect(r.object).toBe(objects[r.index]);
    }
    expect(JSON.stringify(parsed)).toBe(before);
  });
});

describe('validateBundle', () => {
  it('judges each object on its own and reports every invalid one with its STIX path and reason', () => {
    const bundle = {
      type: 'bundle',
      id: BUNDLE,
      objects: [
        indicator(),
        indicator({ id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
        indicator({ modified: '2016-04-06T20:03:47.999Z' }),
        indicator({ pattern: "[ipv4-addr:value = '198.51.100.7'" }),
        { type: 'malware', spec_version: '2.1', id: 'malware--16f4f3f9-1b68-4abb-bb66-7639d49f1e30', created: '2016-05-08T14:31:09.000Z', modified: '2016-05-08T14:31:09.000Z', name: 'Poison Ivy' },
        { type: 'campaign', spec_version: '2.1', id: 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: '2016-05-12 08:17:27', modified: '2016-05-12T08:17:27.000Z', name: 'Spear Phishing' },
        { type: 'incident', spec_version: '2.1', id: 'incident--9e2c4d3b-8a1f-4c6e-9b7d-2f1e0a3c5b7d', created: '2024-01-10T01:02:03.000Z', modified: '2024-01-10T01:02:03.000Z', name: 'Ransomware at a water utility' },
      ],
    };
    const result = validateBundle(bundle);
    expect(result.errors).toEqual([]);
    expect(result.objects.map((o) => o.ok)).toEqual([true, false, false, false, false, false, true]);
    expect(result.objects.flatMap((o) => (o.ok ? [] : [{ ...o, errors: english(o.errors) }]))).toEqual([
      { index: 1, ok: false, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', warnings: [],
        errors: [{ path: 'objects[1].id', message: "names type 'malware' but the object's type is 'indicator'" }] },
      { index: 2, ok: false, id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', warnings: [],
        errors: [{ path: 'objects[2].modified', message: 'must be later than or equal to created (2016-04-06T20:03:48.000Z)' }] },
      { index: 3, ok: false, id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', warnings: [],
        errors: [{ path: 'objects[3].pattern', message: "is not a valid STIX pattern: expected ']' at 33, found end" }] },
      { index: 4, ok: false, id: 'malware--16f4f3f9-1b68-4abb-bb66-7639d49f1e30', warnings: [],
        errors: [{ path: 'objects[4].is_family', message: 'is required' }] },
      { index: 5, ok: false, id: 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', warnings: [],
        errors: [{ path: 'objects[5].created', message: 'must be an RFC 3339 timestamp in UTC, like 2016-05-12T08:17:27.000Z' }] },
    ]);
  });

  it('validates incident, which the official bundle.json cannot (it is missing from its object list)', () => {
    const bundleSchema = fs.readFileSync(path.join(COPIED, 'common/bundle.json'), 'utf8');
    expect(bundleSchema).not.toContain('incident.json');
  });

  it('reports a broken envelope and entries that are not objects', () => {
    expect(validateBundle([]).objects).toEqual([]);
    expect(english(validateBundle([]).errors)).toEqual([{ path: '', message: 'a bundle must be a JSON object' }]);
    expect(english(validateBundle({ type: 'bundel', id: 'bundle--1', objects: {} }).errors)).toEqual([
      { path: 'type', message: "must be 'bundle'" },
      { path: 'id', message: 'must be an identifier bundle--<UUID>' },
      { path: 'objects', message: 'must be a list of STIX objects' },
    ]);
    expect(validateBundle({ type: 'bundle', id: BUNDLE, objects: ['x', {}] }).objects).toEqual([
      { index: 0, ok: false, errors: [{ path: 'objects[0]', message: 'a STIX object must be a JSON object', messageJa: 'STIX オブジェクトは JSON オブジェクトでなければなりません' }], warnings: [] },
      { index: 1, ok: false, errors: [{ path: 'objects[1].type', message: 'is required and must be a string', messageJa: '必須で、文字列でなければなりません' }], warnings: [] },
    ]);
  });
});

describe('validateStixObject', () => {
  const errorsOf = (obj: unknown): { path: string; message: string }[] => {
    const r = validateStixObject(obj);
    return r.ok ? [] : english(r.errors);
  };

  it('lists every problem of one object, nested paths included', () => {
    const errors = errorsOf(indicator({
      spec_version: '2.0',
      valid_from: '2016-02-30T00:00:00Z',
      valid_until: '2015-01-01T00:00:00+09:00',
      external_references: [{ source_name: 'vendor', url: 'not a url' }],
      granular_markings: [{ selectors: ['name'], marking_ref: 'tlp-red' }],
      x_Bad: 1,
    }));
    expect(errors).toEqual(expect.arrayContaining([
      { path: 'spec_version', message: 'must be \'2.1\', not "2.0"' },
      { path: 'valid_from', message: '2016-02-30T00:00:00Z is not a calendar date' },
      { path: 'valid_until', message: 'must be an RFC 3339 timestamp in UTC, like 2016-05-12T08:17:27.000Z' },
      { path: 'external_references[0].url', message: 'must match format "uri"' },
      { path: 'granular_markings[0].marking_ref', message: 'must be an identifier (<type>--<UUID>)' },
      { path: 'x_Bad', message: expect.stringContaining('is not an allowed property name') },
    ]));
  });

  it.each([
    ['created without milliseconds', { created: '2016-04-06T20:03:48Z' }, 'created', 'must be precise to at least the millisecond, like 2016-05-12T08:17:27.000Z'],
    ['a leap second not at 23:59', { valid_from: '2016-12-31T12:00:60Z' }, 'valid_from', '2016-12-31T12:00:60Z is not a time of day'],
    ['valid_until not after valid_from', { valid_until: '2016-01-01T00:00:00.000Z' }, 'valid_until', 'must be later than valid_from (2016-01-01T00:00:00Z)'],
    ['a missing pattern', { pattern: undefined }, 'pattern', 'is required'],
    ['an id that is no identifier', { id: 'indicator--1234' }, 'id', '"indicator--1234" is not an identifier (<type>--<RFC 4122 UUID>)'],
  ])('rejects %s', (_, overrides, at, message) => {
    expect(errorsOf(JSON.parse(JSON.stringify(indicator(overrides))))).toContainEqual({ path: at, message });
  });

  it('accepts a leap second and sub-millisecond precision, comparing fractions by value', () => {
    expect(errorsOf(indicator({ valid_from: '2016-12-31T23:59:60Z', created: '2016-04-06T20:03:48.1000Z', modified: '2016-04-06T20:03:48.100Z' }))).toEqual([]);
  });

  it('names reserved properties and joins the alternatives a property failed', () => {
    expect(errorsOf({ type: 'ipv4-addr', id: 'ipv4-addr--6a2b8c1d-3e4f-4a6b-8c9d-0e1f2a3b4c5d', value: '192.0.2.1', action: 'block' })).toEqual([
      { path: '', message: 'must not use the reserved property names severity, action, username or phone_numbers' },
    ]);
    expect(errorsOf(indicator({ x_empty: null }))).toEqual([
      { path: 'x_empty', message: 'must be an array or string or integer or boolean or number or object' },
    ]);
  });

  it('checks patterns only when they are STIX patterns', () => {
    expect(errorsOf(indicator({ pattern_type: 'yara', pattern: 'rule x { condition: true }' }))).toEqual([]);
  });

  it('an address compared with ipv4-addr:value or ipv6-addr:value must be one (else the pattern could never match); regexes and wildcards are left alone', () => {
    const patternErrors = (pattern: string) => errorsOf(indicator({ pattern })).map((e) => e.message);
    expect(patternErrors("[ipv4-addr:value = '999.1.1.1']")).toEqual(["compares ipv4-addr:value with '999.1.1.1', which is not an IPv4 address or CIDR block, so it could never match"]);
    expect(patternErrors("[ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value IN ('10.0.0.1', '10.0.0.0/33')]")).toHaveLength(1);
    expect(patternErrors("[ipv4-addr:value ISSUBSET '10.0.0.256/8']")).toHaveLength(1);
    expect(patternErrors("[ipv6-addr:value != 'gg::1'] WITHIN 60 SECONDS")).toHaveLength(1);
    // Not quoted addresses at all, ordering against nonsense, a type that cannot exist.
    for (const never of ['[ipv4-addr:value = 5]', '[ipv4-addr:value = true]', "[ipv4-addr:value = h'c6336401']", "[ipv4-addr:value = t'2026-01-01T00:00:00Z']", '[ipv4-addr:value IN (1, 2)]', "[ipv4-addr:value > 'zzz']", "[IPV4-ADDR:value = '198.51.100.1']"]) {
      expect(patternErrors(never).length, never).toBeGreaterThan(0);
    }
    expect(patternErrors("[ipv4-addr:value >= '198.51.100.1']")).toEqual([]);
    for (const fine of ["[ipv4-addr:value = '198.51.100.1/32']", "[ipv6-addr:value = '2001:db8::/32']", "[ipv4-addr:value MATCHES '^10[.]']", "[ipv4-addr:value LIKE '10.%']", "[network-traffic:dst_ref.value = 'evil.example']"]) {
      expect(patternErrors(fine), fine).toEqual([]);
    }
    const v = validateStixObject(indicator({ pattern: "[ipv4-addr:value = '1.2.3']" }));
    expect(v.ok ? [] : v.errors.map((e) => e.messageJa)).toEqual(["ipv4-addr:value を '1.2.3' と比較していますが、IPv4 アドレス（または CIDR）ではないため一致することがありません"]);
  });

  it('says what an address SCO value must be, not the schema’s regular expression', () => {
    const v = validateStixObject({ type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff4a2f0c-5f0f-5a4e-8c3b-1d2e3f405162', value: '999.1.1.1' });
    expect(v.ok ? [] : v.errors).toEqual([{ path: 'value', message: 'must be an IPv4 address or CIDR block, like 192.0.2.1 or 192.0.2.0/24', messageJa: 'IPv4 アドレスまたは CIDR（例: 192.0.2.1、192.0.2.0/24）でなければなりません' }]);
  });

  it('rejects relationships to objects that cannot be related, and SCO refs that are not identifiers', () => {
    const rel = { type: 'relationship', spec_version: '2.1', id: 'relationship--7aebe2f0-28d6-48a2-9c3e-b0aaa60266ed', created: '2016-05-09T08:17:27.000Z', modified: '2016-05-09T08:17:27.000Z', relationship_type: 'uses', source_ref: 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d', target_ref: 'malware' };
    expect(errorsOf(rel)).toEqual([
      { path: 'source_ref', message: 'must refer to an SDO or SCO, not a extension-definition' },
      { path: 'target_ref', message: 'must be an identifier (<type>--<UUID>)' },
    ]);
    expect(errorsOf({ type: 'email-message', id: 'email-message--cf9b4b7f-14c8-5955-8065-020e0316b559', is_multipart: false, to_refs: ['bob'] })).toEqual([
      { path: 'to_refs[0]', message: 'must be an identifier (<type>--<UUID>)' },
    ]);
  });

  it('rejects unknown types but warns only about SCO ids that are not UUIDv4/v5', () => {
    expect(errorsOf({ ...indicator(), type: 'indicatorx', id: 'indicatorx--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })).toEqual([
      { path: 'type', message: expect.stringContaining("'indicatorx' is not a STIX 2.1 type") },
    ]);
    expect(validateStixObject({ type: 'ipv4-addr', id: 'ipv4-addr--1e4ffad7-0b88-11d4-ba4d-77d27490b956', value: '198.51.100.3' })).toMatchObject({
      ok: true,
      warnings: [{ path: 'id', message: 'SCO identifiers should use a UUIDv5 (or v4), not v1' }],
    });
  });

  it('accepts marking definitions, language content and extension definitions', () => {
    const objects = [
      { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', created: '2022-10-01T00:00:00.000Z', name: 'TLP:CLEAR', extensions: { [TLP2_EXT]: { extension_type: 'property-extension', tlp_2_0: 'clear' } } },
      { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' } },
      { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--a4d70b75-6f4a-4d70-a0a6-3b4e6c4a9c2e', created: '2016-08-01T00:00:00.000Z', definition_type: 'statement', definition: { statement: 'Copyright 2019, Example Corp' } },
      { type: 'language-content', spec_version: '2.1', id: 'language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d', created: '2017-02-08T21:31:22.007Z', modified: '2017-02-08T21:31:22.007Z', object_ref: 'campaign--12a111f0-b824-4baf-a224-83b80237a094', object_modified: '2017-02-08T21:31:22.007Z', contents: { ja: { name: 'キャンペーン' } } },
      { type: 'extension-definition', spec_version: '2.1', id: TLP2_EXT, created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01', created: '2022-09-14T00:00:00.000Z', modified: '2022-09-14T00:00:00.000Z', name: 'TLP 2.0', schema: 'https://example.org/tlp2.json', version: '1.0.0', extension_types: ['property-extension'] },
    ];
    for (const o of objects) expect(validateStixObject(o), o.id).toMatchObject({ ok: true });
  });

  it('explains a broken statement marking by its own branch of the schema', () => {
    expect(errorsOf({ type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--a4d70b75-6f4a-4d70-a0a6-3b4e6c4a9c2e', created: '2016-08-01T00:00:00.000Z', definition_type: 'statement', definition: {} }))
      .toEqual([{ path: 'definition.statement', message: 'is required' }]);
  });
});

describe('objects that could not be stored or served', () => {
  const errorsOf = (v: ReturnType<typeof validateStixObject>) => (v.ok ? [] : v.errors);
  it('a NUL character anywhere (value or key) and nesting deeper than MAX_NESTING are this object’s errors, with their path', () => {
    const nul = validateStixObject(indicator({ description: 'C2\u0000beacon' }));
    expect(nul.ok).toBe(false);
    expect(errorsOf(nul)).toEqual([{ path: 'description', message: expect.stringContaining('NUL'), messageJa: expect.stringContaining('NUL') }]);
    const key = validateStixObject(indicator({ x_notes: { 'a\u0000b': 1 } }));
    expect(errorsOf(key).map((e) => e.path)).toEqual(['x_notes']);
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_NESTING + 5; i++) deep = { n: deep };
    const tooDeep = validateStixObject(indicator({ x_deep: deep }));
    expect(tooDeep.ok).toBe(false);
    expect(errorsOf(tooDeep)[0]!.message).toBe(`is nested more than ${MAX_NESTING} levels deep`);
    // 50,000 levels: the check is iterative, it answers instead of overflowing the stack.
    let abyss: unknown = 0;
    for (let i = 0; i < 50_000; i++) abyss = [abyss];
    expect(validateStixObject(indicator({ x_abyss: abyss })).ok).toBe(false);
    let fine: unknown = 'ok';
    for (let i = 0; i < 20; i++) fine = { n: fine };
    expect(validateStixObject(indicator({ x_nested: fine })).ok).toBe(true);
  });
});

describe('custom content', () => {
  const sdoLike = {
    type: 'x-acme-sector-alert',
    id: 'x-acme-sector-alert--5f1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    x_acme_sector: 'water',
    spec_version: '2.1',
    modified: '2024-03-01T00:00:00.000Z',
    created: '2024-03-01T00:00:00.000Z',
    severity_score: 7.5,
    affected: [{ plant: 'Osaka-2', scada: true }],
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
  };
  const scoLike = { type: 'x-acme-plc', id: 'x-acme-plc--6a2b8c1d-3e4f-5a6b-8c9d-0e1f2a3b4c5d', firmware: 'v2.1.3', x_serial: 'ABC' };
  const withCustomProperties = indicator({
    x_acme_confidence_note: 'seen in 3 sectors',
    x_acme_nested: { list: [1, 'two', { three: true }], 'odd key': null },
    x_acme_source_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
  });
  const newSdo = {
    type: 'water-plant', spec_version: '2.1', id: 'water-plant--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', created: '2024-03-01T00:00:00.000Z', modified: '2024-03-01T00:00:00.000Z',
    name: 'Plant', extensions: { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'new-sdo' } },
  };

  it.each([['an x- SDO-like type', sdoLike], ['an x- SCO-like type', scoLike], ['x_ properties on a standard object', withCustomProperties], ['a new-sdo extension type', newSdo]])(
    'keeps %s intact, byte for byte',
    (_, obj) => {
      const before = JSON.stringify(obj);
      const result = validateStixObject(obj);
      expect(result).toMatchObject({ ok: true, warnings: [] });
      if (!result.ok) return;
      expect(result.object).toBe(obj);
      expect(JSON.stringify(result.object)).toBe(before);
    },
  );

  it('still checks the common properties of custom objects', () => {
    expect(errorsOf({ ...sdoLike, id: 'x-acme-other--5f1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', modified: '2023-01-01T00:00:00.000Z', spec_version: undefined })).toEqual(expect.arrayContaining([
      { path: 'id', message: "names type 'x-acme-other' but the object's type is 'x-acme-sector-alert'" },
      { path: 'spec_version', message: "is required and must be '2.1'" },
      { path: 'modified', message: 'must be later than or equal to created (2024-03-01T00:00:00.000Z)' },
    ]));
    expect(errorsOf({ ...scoLike, object_marking_refs: ['tlp:green'] })).toEqual([
      { path: 'object_marking_refs[0]', message: 'must be an identifier (<type>--<UUID>)' },
    ]);
  });

  function errorsOf(obj: unknown): { path: string; message: string }[] {
    const r = validateStixObject(JSON.parse(JSON.stringify(obj)));
    return r.ok ? [] : english(r.errors);
  }
});

describe('issues in both languages', () => {
  // Every kind of problem this file provokes, each with a Japanese text of its own (not the English
  // copied over): schema keywords through ajv-i18n, the spec's rules and envelope checks from messages.ts.
  it('gives every issue a Japanese text', () => {
    const broken: unknown[] = [
      indicator({ spec_version: '2.0', valid_from: '2016-02-30T00:00:00Z', valid_until: '2015-01-01T00:00:00+09:00', pattern: "[ipv4-addr:value = '1.2.3.4'", x_Bad: 1 }),
      { ...indicator(), id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
      { ...indicator(), type: 'indicatorx', id: 'indicatorx--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
      { type: 'malware', spec_version: '2.1', id: 'malware--16f4f3f9-1b68-4abb-bb66-7639d49f1e30', created: '2016-05-12T08:17:27.000Z', modified: '2016-05-12T08:17:27.000Z', name: 'x', is_family: 'yes', confidence: 200 },
      { type: 'relationship', spec_version: '2.1', id: 'relationship--7aebe2f0-28d6-48a2-9c3e-b0aaa60266ed', created: '2016-05-09T08:17:27.000Z', modified: '2016-05-08T08:17:27.000Z', relationship_type: 'uses', source_ref: 'bundle--60a3c5c5-0d10-413e-aab3-9e08dde9e88d', target_ref: 'malware' },
    ];
    const issues = broken.flatMap((o) => {
      const r = validateStixObject(JSON.parse(JSON.stringify(o)));
      return r.ok ? [] : r.errors;
    });
    expect(issues.length).toBeGreaterThan(10);
    for (const i of issues) {
      expect(i.messageJa, `${i.path}: ${i.message}`).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(i.messageJa).not.toBe(i.message);
    }
    expect(issues).toContainEqual({ path: 'valid_from', message: '2016-02-30T00:00:00Z is not a calendar date', messageJa: '2016-02-30T00:00:00Z は暦にない日付です' });
    expect(issues).toContainEqual(expect.objectContaining({ path: 'confidence', messageJa: expect.stringContaining('100') }));
    // The pattern parser's English detail stays out of the Japanese text; where it went wrong does not.
    const pattern = issues.find((i) => i.path === 'pattern')!;
    expect(pattern.messageJa).toMatch(/^STIX パターンとして正しくありません（\d+ 文字目付近）$/);
    expect(pattern.message).toContain('expected');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ReportBody } from './schema.js';
import { reportFromStixBundle, reportToStixBundle, type StixBundle, type StixExportInput, type StixObject } from './stix.js';
import { TLP_LEVELS, uuidV5, type TlpLevel } from './stix-common.js';
import { parsePattern } from './stix-pattern.js';

const STIX = path.resolve(import.meta.dirname, '../../../../shared/standards/stix2.1');
const SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/**
 * The official STIX 2.1 schemas, loaded from disk and registered under their `$id`s so relative
 * `$ref`s resolve locally. They declare draft 2020-12, hence Ajv2020. `unicodeRegExp: false` because
 * their patterns contain escapes (`\-`) that ECMA-262 allows but the `u` flag Ajv defaults to rejects.
 */
function stixValidators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', (s: string) => domainToASCII(s) !== '');
  for (const dir of fs.readdirSync(path.join(STIX, 'schemas'))) {
    for (const file of fs.readdirSync(path.join(STIX, 'schemas', dir))) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(STIX, 'schemas', dir, file), 'utf8')));
    }
  }
  const get = (p: string): ValidateFunction => {
    const v = ajv.getSchema(SCHEMA_BASE + p);
    if (!v) throw new Error(`schema ${p} not loaded`);
    return v;
  };
  const byType: Record<string, string> = {
    identity: 'sdos/identity.json',
    incident: 'sdos/incident.json',
    indicator: 'sdos/indicator.json',
    report: 'sdos/report.json',
    relationship: 'sros/relationship.json',
    'marking-definition': 'common/marking-definition.json',
  };
  return { bundle: get('common/bundle.json'), forType: (type: string) => get(byType[type] ?? `no schema for ${type}`) };
}
const validators = stixValidators();

const SHA256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
const SHA512 = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';
const CONTACT = { name: 'Yamada Taro', email: 'soc@tokai-denryoku.example', phone: '+81-52-000-0000' };

const report: ReportBody = ReportBody.parse({
  type: 'ransomware',
  title: 'Ransomware on the billing file servers',
  summary: 'Files on two servers were encrypted; the ransom note names LockBit.',
  detectedAt: '2026-10-05T09:30:00+09:00',
  startedAt: '2026-10-04T23:10:00+09:00',
  affectedServices: ['Electricity billing'],
  affectedSystems: [{ description: 'File server FS-01' }],
  intrusionRoute: 'vpn',
  ransomware: { family: 'LockBit', encryptedExtension: '.lockbit', paid: false },
  indicators: [
    { kind: 'ipv4', value: '198.51.100.7', note: 'C2 server' },
    { kind: 'ipv4', value: '203.0.113.0/24' },
    { kind: 'ipv6', value: '2001:DB8::7' },
    { kind: 'domain', value: '例え.テスト' },
    { kind: 'domain', value: 'evil[.]example', note: 'phishing landing' },
    { kind: 'domain', value: 'EVIL.example.' }, // the same domain again: one STIX indicator
    { kind: 'url', value: "hxxps://evil[.]example/it's/login?next=A" },
    { kind: 'md5', value: MD5 },
    { kind: 'sha1', value: SHA1 },
    { kind: 'sha256', value: SHA256 },
    { kind: 'sha512', value: SHA512 },
    { kind: 'email', value: 'Phisher@Evil.Example' },
    { kind: 'ipv4', value: '999.1.1.1' }, // not an address: travels in x_renkei_report, gets no pattern
  ],
  businessImpact: 'degraded',
  personalData: { involved: true, records: 1200, categories: ['customer names'] },
  othersNotified: ['Aichi Prefectural Police'],
  contact: CONTACT,
});

const REPORTER = { name: 'Tokai Denryoku K.K.', sectors: ['electricity'] };
const input = (over: Partial<StixExportInput> = {}): StixExportInput => ({
  id: '0b6f3c2e-8a44-4c7e-9d55-3f0e6f1a2b3c',
  reference: 'RK-2026-000123',
  report,
  reporter: REPORTER,
  tlp: 'amber',
  createdAt: '2026-10-05T10:00:00+09:00',
  modifiedAt: '2026-10-06T08:15:30.5+09:00',
  ...over,
});

const ofType = (bundle: StixBundle, type: string) => bundle.objects.filter((o) => o.type === type);
const only = (bundle: StixBundle, type: string): StixObject => {
  const [first, ...rest] = ofType(bundle, type);
  if (!first || rest.length > 0) throw new Error(`expected one ${type}`);
  return first;
};

/** The published TLP 2.0 objects (oasis-open/cti-stix-common-objects, tlp-2.0), written out by hand. */
const PUBLISHED_TLP2: Record<TlpLevel, [string, string]> = {
  clear: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR'],
  green: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN'],
  amber: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER'],
  'amber+strict': ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT'],
  red: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED'],
};

describe('reportToStixBundle', () => {
  it.each(TLP_LEVELS)('every object validates against the official STIX 2.1 schemas (TLP:%s)', (tlp) => {
    const bundle = reportToStixBundle(input({ tlp }));
    for (const object of bundle.objects) {
      const validate = validators.forType(object.type);
      expect(validate(object), `${object.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validators.bundle(bundle), JSON.stringify(validators.bundle.errors)).toBe(true);
  });

  it.each(TLP_LEVELS)('marks every object with the published TLP 2.0 marking (TLP:%s)', (tlp) => {
    const bundle = reportToStixBundle(input({ tlp }));
    const [id, name] = PUBLISHED_TLP2[tlp];
    expect(only(bundle, 'marking-definition')).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id,
      created: '2022-10-01T00:00:00.000Z',
      name,
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: tlp },
      },
    });
    for (const o of bundle.objects.filter((x) => x.type !== 'marking-definition')) {
      expect(o.object_marking_refs, o.id).toEqual([id]);
    }
  });

  it('builds identity, incident, one indicator per distinct valid indicator, indicates links and a report', () => {
    const bundle = reportToStixBundle(input());
    const identity = only(bundle, 'identity');
    const incident = only(bundle, 'incident');
    expect(identity).toMatchObject({ name: REPORTER.name, sectors: ['electricity'], identity_class: 'organization' });
    expect(incident).toMatchObject({
      name: report.title,
      description: report.summary,
      labels: ['ransomware'],
      created: '2026-10-05T01:00:00.000Z',
      modified: '2026-10-05T23:15:30.500Z',
      external_references: [{ source_name: 'renkei', external_id: 'RK-2026-000123' }],
      x_renkei_report: report,
    });
    expect(ofType(bundle, 'indicator').map((i) => i.pattern)).toEqual([
      "[ipv4-addr:value = '198.51.100.7']",
      "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
      "[ipv6-addr:value = '2001:db8::7']",
      "[domain-name:value = 'xn--r8jz45g.xn--zckzah']",
      "[domain-name:value = 'evil.example']",
      "[url:value = 'https://evil.example/it\\'s/login?next=A']",
      `[file:hashes.MD5 = '${MD5.toLowerCase()}']`,
      `[file:hashes.'SHA-1' = '${SHA1.toLowerCase()}']`,
      `[file:hashes.'SHA-256' = '${SHA256.toLowerCase()}']`,
      `[file:hashes.'SHA-512' = '${SHA512}']`,
      "[email-addr:value = 'phisher@evil.example']",
    ]);
    for (const indicator of ofType(bundle, 'indicator')) {
      expect(indicator).toMatchObject({ pattern_type: 'stix', valid_from: '2026-10-05T00:30:00.000Z' });
      expect(parsePattern(String(indicator.pattern)).ok).toBe(true);
    }
    expect(ofType(bundle, 'indicator')[0]?.description).toBe('C2 server');
    const links = ofType(bundle, 'relationship');
    expect(links.map((r) => [r.relationship_type, r.source_ref, r.target_ref])).toEqual(
      ofType(bundle, 'indicator').map((i) => ['indicates', i.id, incident.id]),
    );
    const stixReport = only(bundle, 'report');
    expect(stixReport.object_refs).toEqual(bundle.objects.filter((o) => !['marking-definition', 'report'].includes(o.type)).map((o) => o.id));
    for (const o of bundle.objects.filter((x) => !['marking-definition', 'identity'].includes(x.type))) {
      expect(o.created_by_ref, o.id).toBe(identity.id);
    }
    expect(new Set(bundle.objects.map((o) => o.id.split('--')[1])).size).toBe(bundle.objects.length);
  });

  it('derives the same UUIDv5 ids on re-export, and other ids for another report', () => {
    const first = reportToStixBundle(input());
    expect(reportToStixBundle(input())).toEqual(first);
    const later = reportToStixBundle(input({ modifiedAt: '2026-10-07T00:00:00Z' }));
    expect(later.objects.map((o) => o.id)).toEqual(first.objects.map((o) => o.id));
    const other = reportToStixBundle(input({ id: '6f1d1c8e-0a8b-4a53-9e1e-0d8b7b0c2a11' }));
    const markingId = only(first, 'marking-definition').id;
    const firstIds = new Set(first.objects.map((o) => o.id));
    expect(other.objects.filter((o) => firstIds.has(o.id)).map((o) => o.id)).toEqual([markingId]);
    for (const o of first.objects.filter((x) => x.id !== markingId)) expect(o.id).toMatch(/--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  });

  it('computes RFC 4122 UUIDv5 correctly (Python documentation vector)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('anonymous export carries no trace of the reporter: no name, no contact person', () => {
    const bundle = reportToStixBundle(input({ reporter: null, sectors: ['electricity'] }));
    const json = JSON.stringify(bundle);
    for (const trace of ['Tokai', 'Denryoku', 'tokai-denryoku', CONTACT.name, CONTACT.email, CONTACT.phone]) {
      expect(json).not.toContain(trace);
    }
    expect(only(bundle, 'identity')).toMatchObject({ name: 'Anonymous reporter', sectors: ['electricity'] });
    expect(reportToStixBundle(input({ reporter: null })).objects.find((o) => o.type === 'identity')).not.toHaveProperty('sectors');
    for (const object of bundle.objects) expect(validators.forType(object.type)(object)).toBe(true);
    // The importer supplies a contact of its own; everything else comes back.
    const imported = reportFromStixBundle(bundle);
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    expect(imported.report).not.toHaveProperty('contact');
    expect(ReportBody.parse({ ...(imported.report as object), contact: CONTACT })).toEqual(report);
  });
});

describe('reportFromStixBundle', () => {
  it('round trip: import(export(report)) parses back to the same report', () => {
    for (const tlp of TLP_LEVELS) {
      const result = reportFromStixBundle(JSON.parse(JSON.stringify(reportToStixBundle(input({ tlp })))));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(ReportBody.parse(result.report)).toEqual(report);
      expect(result.skipped).toEqual([]);
    }
  });

  const handWritten = () => ({
    type: 'bundle',
    id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
    objects: [
      { type: 'identity', spec_version: '2.1', id: 'identity--311b2d2d-f010-4473-83ec-1edf84858f4c', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'Partner CERT' },
      {
        type: 'incident', spec_version: '2.1', id: 'incident--7a4e7c8e-3d4b-4c41-8f6c-1b2a3c4d5e6f',
        created: '2026-10-01T03:04:05.000Z', modified: '2026-10-01T03:04:05.000Z',
        name: 'DDoS against the payment gateway', description: 'Volumetric UDP flood for 40 minutes.',
        labels: ['ddos'],
        x_renkei_report: { businessImpact: 'stopped', ddos: { peakGbps: 120, targets: ['pay.example.jp'] }, contact: CONTACT, unknownField: 'dropped' },
      },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', created: '2026-10-01T03:04:05.000Z', modified: '2026-10-01T03:04:05.000Z', pattern_type: 'stix', valid_from: '2026-10-01T00:00:00Z', description: 'botnet C2', pattern: "[ipv4-addr:value = '198.51.100.7']" },
      { type: 'indicator', pattern_type: 'stix', pattern: "[domain-name:value = 'Evil.Example.'] OR [url:value = 'HTTP://Evil.Example:80/a#frag']" },
      { type: 'indicator', pattern_type: 'stix', pattern: `[file:hashes.'SHA-256' = '${SHA256}' OR file:hashes.md5 = '${MD5}']` },
      { type: 'indicator', pattern_type: 'stix', pattern: "[ipv4-addr:value = '203.0.113.9' OR process:name = 'evil.exe']" },
      { type: 'indicator', pattern_type: 'stix', pattern: "[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'other.example']" },
      { type: 'indicator', pattern_type: 'sigma', pattern: 'title: x' },
      { type: 'ipv6-addr', id: 'ipv6-addr--1e5b6f3a-2b1c-5d4e-8f9a-0b1c2d3e4f5a', value: '2001:0DB8:0:0::0001' },
      { type: 'domain-name', value: '例え.テスト' },
      { type: 'url', value: 'http://evil.example/a' }, // the same URL as the pattern above: once
      { type: 'email-addr', value: 'Phisher@Evil.Example' },
      { type: 'file', name: 'drop.exe', hashes: { 'SHA-1': SHA1, SSDEEP: '3:a+JraNvsgzsVqSwHq9:tJuOgzsko' } },
      { type: 'malware', name: 'irrelevant', is_family: true },
    ],
  });

  it('imports a hand-written bundle: standard properties, patterns and SCOs fill what x_renkei_report lacks', () => {
    const result = reportFromStixBundle(handWritten());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const parsed = ReportBody.parse(result.report);
    expect(parsed).toMatchObject({
      type: 'ddos',
      title: 'DDoS against the payment gateway',
      summary: 'Volumetric UDP flood for 40 minutes.',
      detectedAt: '2026-10-01T03:04:05.000Z',
      businessImpact: 'stopped',
      ddos: { peakGbps: 120, targets: ['pay.example.jp'] },
      contact: CONTACT,
    });
    expect(result.report).not.toHaveProperty('unknownField');
    expect(parsed.indicators).toEqual([
      { kind: 'ipv4', value: '198.51.100.7', note: 'botnet C2' },
      { kind: 'domain', value: 'evil.example' },
      { kind: 'url', value: 'http://evil.example/a' },
      { kind: 'sha256', value: SHA256.toLowerCase() },
      { kind: 'md5', value: MD5.toLowerCase() },
      { kind: 'ipv4', value: '203.0.113.9' },
      { kind: 'ipv6', value: '2001:db8::1' },
      { kind: 'domain', value: 'xn--r8jz45g.xn--zckzah' },
      { kind: 'email', value: 'phisher@evil.example' },
      { kind: 'sha1', value: SHA1.toLowerCase() },
    ]);
    expect(result.skipped.map((s) => s.path)).toEqual([
      'objects[5].pattern',
      'objects[6].pattern',
      'objects[7].pattern_type',
      'objects[12].hashes.SSDEEP',
    ]);
  });

  it('x_renkei_report values win over the standard properties', () => {
    const bundle = handWritten();
    Object.assign(bundle.objects[1]!, { x_renkei_report: { title: 'Our title', detectedAt: '2026-09-30T12:00:00+09:00', type: 'other' } });
    const result = reportFromStixBundle(bundle);
    expect(result.ok && result.report).toMatchObject({ title: 'Our title', detectedAt: '2026-09-30T12:00:00+09:00', type: 'other', summary: 'Volumetric UDP flood for 40 minutes.' });
  });

  it('without x_renkei_report, only what STIX cannot say is left for the form: impact and contact', () => {
    const bundle = handWritten();
    delete (bundle.objects[1] as { x_renkei_report?: unknown }).x_renkei_report;
    const result = reportFromStixBundle(bundle);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const parsed = ReportBody.safeParse(result.report);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['businessImpact', 'contact']);
  });

  it.each([
    ['not an object', 'bundle', [{ path: '', message: 'not a JSON object' }]],
    ['not a bundle', { type: 'report', objects: [] }, [{ path: 'type', message: "expected 'bundle'" }]],
    ['no objects', { type: 'bundle' }, [{ path: 'objects', message: 'expected an array of STIX objects' }]],
  ])('rejects %s', (_label, bundle, errors) => {
    expect(reportFromStixBundle(bundle)).toEqual({ ok: false, errors });
  });

  it('rejects a bundle with no incident, or with two', () => {
    const none = handWritten();
    none.objects.splice(1, 1);
    expect(reportFromStixBundle(none)).toEqual({ ok: false, errors: [{ path: 'objects', message: 'bundle holds no incident object' }] });
    const two = handWritten();
    two.objects.push({ ...two.objects[1]!, id: 'incident--9d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d' } as (typeof two.objects)[number]);
    expect(reportFromStixBundle(two)).toEqual({
      ok: false,
      errors: [{ path: 'objects[14]', message: 'bundle holds more than one incident (first at objects[1])' }],
    });
  });

  it('reports malformed patterns and invalid observables at their STIX paths', () => {
    const bundle = handWritten();
    bundle.objects[2] = { ...bundle.objects[2]!, pattern: "[ipv4-addr:value = '198.51.100.7'" };
    bundle.objects[3] = { type: 'indicator', pattern_type: 'stix', pattern: "[ipv4-addr:value = '999.1.1.1']" };
    bundle.objects[4] = { type: 'indicator', pattern_type: 'stix', pattern: "[file:hashes.SHA-256 = 'abc']" };
    bundle.objects[8] = { type: 'ipv6-addr', value: 'not-an-address' };
    bundle.objects[12] = { type: 'file', hashes: { 'SHA-256': 'abc' } };
    bundle.objects.push({ type: 'indicator', pattern_type: 'stix' } as (typeof bundle.objects)[number]);
    const result = reportFromStixBundle(bundle);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'objects[2].pattern', message: "malformed pattern: expected ']' at 34, found end" },
        { path: 'objects[3].pattern', message: 'IPv4 octet out of range: "999.1.1.1"' },
        { path: 'objects[4].pattern', message: 'malformed pattern: expected a property name at 13' },
        { path: 'objects[8].value', message: 'not an IPv6 address: "not-an-address"' },
        { path: "objects[12].hashes[\"SHA-256\"]", message: 'SHA-256 hash must be 64 hex digits: "abc"' },
        { path: 'objects[14].pattern', message: 'expected a STIX pattern' },
      ],
    });
  });

  it('rejects an x_renkei_report that is not an object', () => {
    const bundle = handWritten();
    Object.assign(bundle.objects[1]!, { x_renkei_report: 'text' });
    expect(reportFromStixBundle(bundle)).toEqual({ ok: false, errors: [{ path: 'objects[1].x_renkei_report', message: 'expected an object' }] });
  });
});

describe('STIX patterns', () => {
  it('parses every pattern of the official STIX 2.1 examples', () => {
    const patterns: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === 'pattern' && typeof x === 'string') patterns.push(x); else collect(x);
      }
    };
    const dir = path.join(STIX, 'examples');
    for (const file of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'))) {
      collect(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    }
    expect(patterns.length).toBeGreaterThan(40);
    for (const p of patterns) expect(parsePattern(p), p).toMatchObject({ ok: true });
  });

  it.each([
    "[file:hashes.'SHA-256' = 'a' AND file:size > 10] FOLLOWEDBY [process:name = 'x'] WITHIN 300 SECONDS",
    "([a:b = 1] OR [c:d != 'x']) REPEATS 5 TIMES START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
    "[network-traffic:dst_port IN (80, 443) AND NOT EXISTS network-traffic:src_ref]",
    "[email-message:body_multipart[*].body_raw_ref.name MATCHES '^x'] /* comment */",
    "[artifact:payload_bin = b'aGVsbG8='] OR [x:y = h'0aff'] OR [a:b = true] OR [a:c < -1.5]",
  ])('accepts valid pattern %s', (p) => {
    expect(parsePattern(p)).toMatchObject({ ok: true });
  });

  it.each([
    ["[ipv4-addr:value = '1.2.3.4'", "expected ']' at 28, found end"],
    ["ipv4-addr:value = '1.2.3.4'", "expected '[' or '(' at 0"],
    ["[ipv4-addr:value = '1.2.3.4]", 'unexpected character at 19'],
    ["[ipv4-addr = '1.2.3.4']", "expected ':' at 11, found '='"],
    ["[ipv4-addr:value ~ '1.2.3.4']", 'unexpected character at 17'],
    ["[a:b = t'2016-13-01T00:00:00Z']", 'invalid timestamp literal at 7'],
    ["[a:b = 1] AND", "expected '[' or '(' at 13"],
  ])('rejects malformed pattern %s', (p, message) => {
    expect(parsePattern(p)).toEqual({ ok: false, message });
  });
});

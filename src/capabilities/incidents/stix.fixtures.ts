import fs from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ReportBody } from './schema.js';
import type { StixBundle, StixExportInput, StixObject } from './stix.js';
import type { Tlp } from '../../platform/policy/types.js';

/** Shared by the STIX tests: the official-schema validators, a full sample report, a partner's bundle. */

type Json = Record<string, unknown>;

export const STIX = path.resolve(import.meta.dirname, '../../../../shared/standards/stix2.1');
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
export const validators = stixValidators();

export const SHA256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
export const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
export const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
export const SHA512 = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';
export const CONTACT = { name: 'Yamada Taro', email: 'soc@tokai-denryoku.example', phone: '+81-52-000-0000' };

export const report: ReportBody = ReportBody.parse({
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
  ],
  businessImpact: 'degraded',
  personalData: { involved: true, records: 1200, categories: ['customer names'] },
  othersNotified: ['Aichi Prefectural Police'],
  contact: CONTACT,
});

export const REPORTER = { name: 'Tokai Denryoku K.K.', sectors: ['electricity'] };
export const input = (over: Partial<StixExportInput> = {}): StixExportInput => ({
  id: '0b6f3c2e-8a44-4c7e-9d55-3f0e6f1a2b3c',
  reference: 'RK-2026-000123',
  report,
  reporter: REPORTER,
  tlp: 'amber',
  createdAt: '2026-10-05T10:00:00+09:00',
  modifiedAt: '2026-10-06T08:15:30.5+09:00',
  ...over,
});

export const ofType = (bundle: StixBundle, type: string) => bundle.objects.filter((o) => o.type === type);
export const only = (bundle: StixBundle, type: string): StixObject => {
  const [first, ...rest] = ofType(bundle, type);
  if (!first || rest.length > 0) throw new Error(`expected one ${type}`);
  return first;
};

/** The published TLP 2.0 objects (oasis-open/cti-stix-common-objects, tlp-2.0), written out by hand. */
export const PUBLISHED_TLP2: Record<Tlp, [string, string]> = {
  clear: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR'],
  green: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN'],
  amber: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER'],
  'amber+strict': ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT'],
  red: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED'],
};

/** A bundle as a partner might send it: one incident, indicators, loose SCOs and objects we ignore. */
export const handWritten = (): { type: string; id: string; objects: Json[] } => ({
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

/**
 * One minimal valid object of every type the official STIX 2.1 schemas define — the 19 SDOs, 18 SCOs,
 * 2 SROs, marking-definition, language-content and extension-definition — plus custom content. The
 * validation test checks this list against the schema folder, so a type the schemas gain and this
 * list lacks fails it.
 */

const T = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const sdo = (type: string, uuid: string, props: Record<string, unknown>) => ({ type, spec_version: '2.1', id: `${type}--${uuid}`, created: T, modified: T, ...props });
const sco = (type: string, uuid: string, props: Record<string, unknown>) => ({ type, spec_version: '2.1', id: `${type}--${uuid}`, ...props });

export const REF = {
  identity: 'identity--0d8c1f2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
  indicator: 'indicator--1e9d2a3f-4b5c-4d6e-9f70-8b9c0d1e2f3a',
  malware: 'malware--2fae3b40-5c6d-4e7f-a081-9c0d1e2f3a4b',
  ipv4: 'ipv4-addr--3a0f4c51-6d7e-5f80-9192-ad1e2f3a4b5c',
  file: 'file--4b105d62-7e8f-5091-a2a3-be2f3a4b5c6d',
  email: 'email-addr--5c216e73-8f90-51a2-b3b4-cf3a4b5c6d7e',
};

export const EVERY_KIND: Record<string, Record<string, unknown>> = {
  'attack-pattern': sdo('attack-pattern', '6d327f84-90a1-42b3-84c5-d04b5c6d7e8f', { name: 'Spear phishing' }),
  campaign: sdo('campaign', '7e438095-a1b2-43c4-95d6-e15c6d7e8f90', { name: 'Operation Bluebird' }),
  'course-of-action': sdo('course-of-action', '8f5491a6-b2c3-44d5-a6e7-f26d7e8f90a1', { name: 'Block the C2 address' }),
  grouping: sdo('grouping', '906502b7-c3d4-45e6-b7f8-037e8f90a1b2', { context: 'suspicious-activity', object_refs: [REF.indicator] }),
  identity: sdo('identity', REF.identity.split('--')[1]!, { name: 'Sakura Bank CSIRT', identity_class: 'organization' }),
  incident: sdo('incident', 'a17613c8-d4e5-46f7-88a9-148f90a1b2c3', { name: 'Ransomware at a water utility' }),
  indicator: sdo('indicator', REF.indicator.split('--')[1]!, { pattern: "[ipv4-addr:value = '198.51.100.7'] OR [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", pattern_type: 'stix', valid_from: T }),
  infrastructure: sdo('infrastructure', 'b28724d9-e5f6-47a8-99ba-25a0a1b2c3d4', { name: 'C2 network' }),
  'intrusion-set': sdo('intrusion-set', 'c39835ea-f6a7-48b9-aacb-36b1b2c3d4e5', { name: 'Bluebird' }),
  location: sdo('location', 'd4a946fb-a7b8-49ca-bbdc-47c2c3d4e5f6', { country: 'JP' }),
  malware: sdo('malware', REF.malware.split('--')[1]!, { name: 'PoisonIvy', is_family: true }),
  'malware-analysis': sdo('malware-analysis', 'e5ba570c-b8c9-4adb-8ced-58d3d4e5f6a7', { product: 'sandbox', result: 'malicious', sample_ref: REF.file }),
  note: sdo('note', 'f6cb681d-c9da-4bec-9dfe-69e4e5f6a7b8', { content: 'Seen in three sectors.', object_refs: [REF.indicator] }),
  'observed-data': sdo('observed-data', '07dc792e-daeb-4cfd-aef0-7af5f6a7b8c9', { first_observed: T, last_observed: T2, number_observed: 3, object_refs: [REF.ipv4] }),
  opinion: sdo('opinion', '18ed8a3f-ebfc-4d0e-bf01-8b06a7b8c9da', { opinion: 'agree', object_refs: [REF.indicator] }),
  report: sdo('report', '29fe9b40-fc0d-4e1f-8012-9c17b8c9daeb', { name: 'Weekly report', published: T, object_refs: [REF.indicator, REF.malware] }),
  'threat-actor': sdo('threat-actor', '3a0fac51-0d1e-4f20-9123-ad28c9daebfc', { name: 'Bluebird operators' }),
  tool: sdo('tool', '4b10bd62-1e2f-4031-a234-be39daebfc0d', { name: 'Mimikatz' }),
  vulnerability: sdo('vulnerability', '5c21ce73-2f30-4142-b345-cf4aebfc0d1e', { name: 'CVE-2024-3400' }),

  relationship: sdo('relationship', '6d32df84-3041-4253-8456-d05bfc0d1e2f', { relationship_type: 'indicates', source_ref: REF.indicator, target_ref: REF.malware }),
  sighting: sdo('sighting', '7e43e095-4152-4364-9567-e16c0d1e2f30', { sighting_of_ref: REF.indicator, where_sighted_refs: [REF.identity], count: 2 }),

  artifact: sco('artifact', '8f54f1a6-5263-5475-a678-f27d1e2f3041', { mime_type: 'text/plain', payload_bin: 'aGVsbG8=' }),
  'autonomous-system': sco('autonomous-system', '906502b7-6374-5586-b789-038e2f304152', { number: 64500 }),
  directory: sco('directory', 'a17613c8-7485-5697-88aa-149f30415263', { path: 'C:\\Windows\\Temp' }),
  'domain-name': sco('domain-name', 'b28724d9-8596-57a8-99bb-25a041526374', { value: 'evil-c2.example' }),
  'email-addr': sco('email-addr', REF.email.split('--')[1]!, { value: 'attacker@evil.example' }),
  'email-message': sco('email-message', 'c39835ea-96a7-58b9-aacc-36b152637485', { is_multipart: false, from_ref: REF.email, subject: 'Invoice' }),
  file: sco('file', REF.file.split('--')[1]!, { name: 'invoice.exe', hashes: { 'SHA-256': 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' } }),
  'ipv4-addr': sco('ipv4-addr', REF.ipv4.split('--')[1]!, { value: '198.51.100.7' }),
  'ipv6-addr': sco('ipv6-addr', 'd4a946fb-a7b8-59ca-bbdd-47c263748596', { value: '2001:db8::1' }),
  'mac-addr': sco('mac-addr', 'e5ba570c-b8c9-5adb-8cee-58d3748596a7', { value: 'd2:fb:49:24:37:18' }),
  mutex: sco('mutex', 'f6cb681d-c9da-5bec-9dff-69e48596a7b8', { name: '__CLEANSWEEP__' }),
  'network-traffic': sco('network-traffic', '07dc792e-daeb-5cfd-ae00-7af596a7b8c9', { protocols: ['tcp'], dst_ref: REF.ipv4, dst_port: 443 }),
  process: sco('process', '18ed8a3f-ebfc-5d0e-bf11-8b06a7b8c9da', { pid: 1221, command_line: 'powershell -enc …' }),
  software: sco('software', '29fe9b40-fc0d-5e1f-8022-9c17b8c9daeb', { name: 'Word', vendor: 'Microsoft', version: '2002' }),
  url: sco('url', '3a0fac51-0d1e-5f20-9133-ad28c9daebfc', { value: 'https://evil-c2.example/gate.php' }),
  'user-account': sco('user-account', '4b10bd62-1e2f-5031-a244-be39daebfc0d', { user_id: '1001', account_login: 'jdoe' }),
  'windows-registry-key': sco('windows-registry-key', '5c21ce73-2f30-5142-b355-cf4aebfc0d1e', { key: 'HKEY_LOCAL_MACHINE\\Software\\Run' }),
  'x509-certificate': sco('x509-certificate', '6d32df84-3041-5253-8466-d05bfc0d1e2f', { serial_number: '36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06' }),

  'marking-definition': { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--7e43e095-4152-4364-9567-e16c0d1e2f31', created: T, definition_type: 'statement', definition: { statement: 'Copyright 2026, Sakura Bank' } },
  'language-content': sdo('language-content', '8f54f1a6-5263-4475-a678-f27d1e2f3042', { object_ref: REF.malware, object_modified: T, contents: { ja: { name: 'ポイズンアイビー' } } }),
  'extension-definition': sdo('extension-definition', '906502b7-6374-4586-b789-038e2f304153', { created_by_ref: REF.identity, name: 'Sector tags', schema: 'https://renkei.example/ext/sector.json', version: '1.0.0', extension_types: ['property-extension'] }),
};

/** Custom content: an x- SDO-like object, an x- SCO-like object, and x_ properties nested deep. */
export const CUSTOM = {
  'x-acme-sector-alert': { type: 'x-acme-sector-alert', spec_version: '2.1', id: 'x-acme-sector-alert--a17613c8-7485-4697-88aa-149f30415264', created: T, modified: T, level: 3, x_acme_sector: 'water', about_refs: [REF.indicator] },
  'x-acme-plc': { type: 'x-acme-plc', id: 'x-acme-plc--b28724d9-8596-57a8-99bb-25a041526375', firmware: 'v2.1.3', x_serial: 'ABC' },
  'indicator with x_ properties': { ...EVERY_KIND['indicator'], id: 'indicator--c39835ea-96a7-48b9-aacc-36b152637486', x_acme_note: { list: [1, 'two', { three: true }], 'odd key': null, n: 1.5e-7 } },
};

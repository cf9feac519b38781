import { describe, expect, it } from 'vitest';
import { ReportBody } from './schema.js';
import { reportFromStixBundle, reportToStixBundle } from './stix.js';
import { TLPS } from '../../platform/policy/types.js';
import { uuidV5 } from './stix-common.js';
import { parsePattern } from './stix-pattern.js';
import {
  CONTACT, handWritten, input, MD5, ofType, only, PUBLISHED_TLP2, report, REPORTER, SHA1, SHA256, SHA512, validators,
} from './stix.fixtures.js';

describe('reportToStixBundle', () => {
  it.each(TLPS)('every object validates against the official STIX 2.1 schemas (TLP:%s)', (tlp) => {
    const bundle = reportToStixBundle(input({ tlp }));
    for (const object of bundle.objects) {
      const validate = validators.forType(object.type);
      expect(validate(object), `${object.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The envelope too. The official bundle.json lists no `incident` among its object schemas, and its
    // custom-object branch cannot match one either (an incident satisfies both core.json and
    // cyber-observable-core.json, so its `oneOf` fails): incidents are checked above, by incident.json.
    const envelope = { ...bundle, objects: bundle.objects.filter((o) => o.type !== 'incident') };
    expect(validators.bundle(envelope), JSON.stringify(validators.bundle.errors)).toBe(true);
  });

  it('the schema check is not vacuous: broken objects fail it', () => {
    const bundle = reportToStixBundle(input());
    const anIndicator = ofType(bundle, 'indicator')[0]!;
    const { valid_from: _validFrom, ...noValidFrom } = anIndicator;
    expect(validators.forType('indicator')(noValidFrom)).toBe(false);
    expect(validators.forType('incident')({ ...only(bundle, 'incident'), created: '2026-10-05T01:00:00Z' })).toBe(false);
    expect(validators.forType('identity')({ ...only(bundle, 'identity'), id: 'identity--not-a-uuid' })).toBe(false);
  });

  it.each(TLPS)('marks every object with the published TLP 2.0 marking (TLP:%s)', (tlp) => {
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

  it('exports a recipient’s partial view: any field its regime leaves out is simply absent, and the bundle still validates', () => {
    const valid = (bundle: ReturnType<typeof reportToStixBundle>) => {
      for (const object of bundle.objects) expect(validators.forType(object.type)(object), `${object.type}: ${JSON.stringify(validators.forType(object.type).errors)}`).toBe(true);
    };
    // Every field of the report the export reads, left out one at a time.
    for (const field of ['indicators', 'title', 'summary', 'type', 'detectedAt', 'contact'] as const) {
      const { [field]: _left, ...partial } = report;
      valid(reportToStixBundle(input({ report: partial })));
    }
    // The PPC's view: no indicators, so no indicator objects nor links.
    const { indicators: _indicators, ...ppcView } = report;
    const bundle = reportToStixBundle(input({ report: ppcView }));
    expect(ofType(bundle, 'indicator')).toEqual([]);
    expect(ofType(bundle, 'relationship')).toEqual([]);
    expect(only(bundle, 'incident').x_renkei_report).not.toHaveProperty('indicators');
    // Nothing the export names: the reference stands in for the title; indicators date from the report's creation.
    const bare = reportToStixBundle(input({ report: { indicators: report.indicators } }));
    valid(bare);
    expect(only(bare, 'incident')).toMatchObject({ name: 'RK-2026-000123' });
    expect(only(bare, 'incident')).not.toHaveProperty('description');
    expect(only(bare, 'incident')).not.toHaveProperty('labels');
    expect(only(bare, 'report').name).toBe('RK-2026-000123');
    expect(ofType(bare, 'indicator')[0]?.valid_from).toBe('2026-10-05T01:00:00.000Z');
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
    for (const tlp of TLPS) {
      const result = reportFromStixBundle(JSON.parse(JSON.stringify(reportToStixBundle(input({ tlp })))));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(ReportBody.parse(result.report)).toEqual(report);
      expect(result.skipped).toEqual([]);
    }
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
    delete bundle.objects[1]!.x_renkei_report;
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
    two.objects.push({ ...two.objects[1]!, id: 'incident--9d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d' });
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
    bundle.objects.push({ type: 'indicator', pattern_type: 'stix' });
    const result = reportFromStixBundle(bundle);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'objects[2].pattern', message: "malformed pattern: expected ']' at 33, found end" },
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

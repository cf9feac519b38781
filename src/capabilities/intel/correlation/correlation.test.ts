import { describe, expect, it } from 'vitest';
import { crossesThreshold, loadEarlyWarningRules, windowStart } from './early-warning-rules.js';
import { canonicalObservable, guessObservable, ipOf } from './observable-input.js';
import { arrayLiteral } from './record.js';

describe('canonical observables', () => {
  it.each([
    ['ipv4', '203.0.113.5/32', 'ipv4', '203.0.113.5'],
    ['ipv4', '203.0.113.77/24', 'ipv4', '203.0.113.0/24'],
    ['ipv6', '2001:DB8:0:0::1', 'ipv6', '2001:db8::1'],
    ['ipv6', '2001:DB8:0::5/32', 'ipv6', '2001:db8::/32'],
    ['domain', 'Evil.EXAMPLE.', 'domain', 'evil.example'],
    ['domain', 'bücher.example', 'domain', 'xn--bcher-kva.example'],
    ['url', 'HTTP://Evil.Example:80/a%2fb?x=1#frag', 'url', 'http://evil.example/a%2Fb?x=1'],
    ['url', 'hxxps://evil[.]example:443', 'url', 'https://evil.example/'],
    ['email', 'Alice@Bücher.Example', 'email', 'alice@xn--bcher-kva.example'],
    ['sha256', 'A'.repeat(64), 'sha256', 'a'.repeat(64)],
    ['hash:SHA3-256', 'ABCDEF', 'hash:sha3-256', 'abcdef'],
    ['hash:ssdeep', '3:AbC:xYz', 'hash:ssdeep', '3:AbC:xYz'],
  ])('%s %s → %s %s', (kind, raw, outKind, outValue) => {
    expect(canonicalObservable(kind, raw)).toEqual({ ok: true, observable: { kind: outKind, value: outValue } });
  });

  it('refuses what its kind says it is not', () => {
    expect(canonicalObservable('ipv4', '999.1.1.1').ok).toBe(false);
    expect(canonicalObservable('sha256', 'abc').ok).toBe(false);
    expect(canonicalObservable('hash:', 'abc').ok).toBe(false);
    expect(canonicalObservable('pigeon', 'abc').ok).toBe(false);
  });

  it.each([
    ['203.0.113.0/24', 'ipv4', '203.0.113.0/24'],
    ['２０３．０．１１３．５', 'ipv4', '203.0.113.5'],
    ['2001:db8::1', 'ipv6', '2001:db8::1'],
    ['::ffff:192.0.2.1', 'ipv6', '::ffff:192.0.2.1'],
    ['evil[.]example', 'domain', 'evil.example'],
    ['https://evil.example/x', 'url', 'https://evil.example/x'],
    ['bad@evil.example', 'email', 'bad@evil.example'],
    ['d41d8cd98f00b204e9800998ecf8427e', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ])('guesses %s as %s', (raw, kind, value) => {
    expect(guessObservable(raw)).toEqual({ ok: true, observable: { kind, value } });
  });

  it('gives IPs (and only IPs) an inet value', () => {
    expect(ipOf({ kind: 'ipv4', value: '203.0.113.0/24' })).toBe('203.0.113.0/24');
    expect(ipOf({ kind: 'domain', value: 'evil.example' })).toBeNull();
    expect(guessObservable('   ').ok).toBe(false);
  });
});

describe('array literals for per-row arrays', () => {
  it('quotes and escapes elements', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['finance', 'a"b\\c', 'x,y'])).toBe('{"finance","a\\"b\\\\c","x,y"}');
  });
});

describe('early-warning thresholds', () => {
  const rules = loadEarlyWarningRules();
  it('are read from law/early-warning.json', () => {
    expect(rules).toMatchObject({ windowHours: expect.any(Number), minOrganisations: expect.any(Number), minSectors: expect.any(Number) });
  });
  it('fire on either organisations or sectors', () => {
    const r = { version: 't', windowHours: 48, minOrganisations: 3, minSectors: 2 };
    expect(crossesThreshold(r, { organisations: 2, sectors: 1 })).toBe(false);
    expect(crossesThreshold(r, { organisations: 3, sectors: 1 })).toBe(true);
    expect(crossesThreshold(r, { organisations: 2, sectors: 2 })).toBe(true);
  });
  it('key a warning to a fixed window', () => {
    const r = { version: 't', windowHours: 48, minOrganisations: 3, minSectors: 2 };
    const a = windowStart(r, new Date('2026-12-01T10:00:00Z'));
    expect(windowStart(r, new Date(a.getTime() + 47 * 3_600_000))).toEqual(a);
    expect(windowStart(r, new Date(a.getTime() + 48 * 3_600_000)).getTime()).toBe(a.getTime() + 48 * 3_600_000);
  });
  it('refuse invalid law data', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-'));
    fs.writeFileSync(path.join(dir, 'early-warning.json'), JSON.stringify({ version: 'x', windowHours: 0, minOrganisations: 1, minSectors: 2 }));
    expect(() => loadEarlyWarningRules(dir)).toThrow(/early-warning.json: windowHours/);
  });
});

import { describe, expect, it } from 'vitest';
import type { StixObject } from './classify.js';
import { observablesOf } from './observables.js';
import { exampleObject, exampleObjects, indicator } from './stix.fixtures.js';

const values = (obj: StixObject): string[] => observablesOf(obj).map((o) => `${o.kind} ${o.value}`);
const withPattern = (pattern: string): StixObject => indicator({ pattern }) as StixObject;

describe('observablesOf, official examples', () => {
  it('takes the value of address and domain SCOs', () => {
    const objects = exampleObjects('infrastructure.json');
    expect(objects.flatMap((o) => observablesOf(o))).toEqual([
      { kind: 'ipv4', value: '198.51.100.3', source: 'value' },
      { kind: 'domain', value: 'example.com', source: 'value' },
    ]);
  });

  it('reads hashes, CIDRs and domains out of indicator patterns', () => {
    const coa = exampleObjects('indicators-for-C2-with-COA.json').filter((o) => o.type === 'indicator');
    expect(coa.flatMap(values)).toEqual(['ipv4 10.0.0.0', 'sha256 ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']);
    expect(observablesOf(exampleObject('threat-reports/apt1.json', 'indicator--8d12f44f-8ac0-4b12-8b4a-3699ca8c9691'))).toEqual([
      { kind: 'md5', value: '001dd76872d80801692ff942308c64e6', source: 'file:hashes.md5' },
    ]);
    const apt1 = exampleObjects('threat-reports/apt1.json').filter((o) => o.type === 'indicator').flatMap(values);
    expect(apt1).toEqual([
      'ipv4 223.166.0.0/15', 'ipv4 58.246.0.0/15', 'ipv4 112.64.0.0/15', 'ipv4 139.226.0.0/15',
      'domain hugesoft.org', 'domain arrowservice.net', 'domain msnhome.org',
      'md5 001dd76872d80801692ff942308c64e6', 'md5 002325a0a67fded0381b5648d7fe9b8e', 'md5 00dbb9e1c09dbdafb360f3163ba5a3de',
    ]);
  });

  it('takes every alternative of an OR pattern and skips values that are not what their path says', () => {
    const poisonIvy = exampleObjects('threat-reports/poisonivy.json').filter((o) => o.type === 'indicator');
    const withBadDomain = poisonIvy.find((o) => String(o['pattern']).includes("'domain autuo.xicp.net'"))!;
    // The official example has a space inside a domain name: not a domain, so only the IP counts.
    expect(values(withBadDomain)).toEqual(['ipv4 60.10.1.115']);
    const all = poisonIvy.flatMap(values);
    expect(all).toContain('domain www.webserver.dynssl.com');
    expect(all).toContain('ipv4 219.76.208.163');
    expect(all.every((v) => /^(ipv4|domain) /.test(v))).toBe(true);
  });

  it('finds nothing in patterns on properties that are not observables', () => {
    expect(exampleObjects('malicious-email-indicator-with-attachment.json').flatMap(values)).toEqual([]);
  });
});

describe('observablesOf, crafted objects', () => {
  it('maps every hash algorithm of a file: the four platform kinds, others as hash:<algo>', () => {
    const file: StixObject = {
      type: 'file',
      id: 'file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d',
      hashes: {
        MD5: 'E4D909C290D0FB1CA068FFADDF22CBD0',
        'SHA-1': 'A94A8FE5CCB19BA61C4C0873D391E987982FBBD3',
        'SHA-256': '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08',
        'SHA-512': 'EE26B0DD4AF7E749AA1A8EE3C10AE9923F618980772E473F8819A5D4940E0DB27AC185F8A0E1D5F84F88BC887FD67B143732C304CC5FA9AD8E6F57F50028A8FF',
        'SHA3-256': 'ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789',
        SSDEEP: '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C',
        TLSH: 'T1A5D0C09E0A39C0D1A6A3B7C2F3E0E4B6C6D1D0A5C3B3D2E1F0A9B8C7D6E5F4A3B2C1',
      },
      name: 'invoice.exe',
    };
    expect(observablesOf(file)).toEqual([
      { kind: 'md5', value: 'e4d909c290d0fb1ca068ffaddf22cbd0', source: 'hashes.MD5' },
      { kind: 'sha1', value: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', source: 'hashes.SHA-1' },
      { kind: 'sha256', value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', source: 'hashes.SHA-256' },
      { kind: 'sha512', value: 'ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff', source: 'hashes.SHA-512' },
      { kind: 'hash:sha3-256', value: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789', source: 'hashes.SHA3-256' },
      { kind: 'hash:ssdeep', value: '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C', source: 'hashes.SSDEEP' },
      { kind: 'hash:tlsh', value: 't1a5d0c09e0a39c0d1a6a3b7c2f3e0e4b6c6d1d0a5c3b3d2e1f0a9b8c7d6e5f4a3b2c1', source: 'hashes.TLSH' },
    ]);
  });

  it('canonicalises IPv6 (CIDR included), URLs, e-mail and defanged values', () => {
    const sco = (type: string, value: string, extra: Record<string, unknown> = {}): StixObject => ({ type, id: `${type}--6a2b8c1d-3e4f-5a6b-8c9d-0e1f2a3b4c5d`, value, ...extra });
    expect(values(sco('ipv6-addr', '2001:DB8:0:0:0:0:0:1'))).toEqual(['ipv6 2001:db8::1']);
    expect(values(sco('ipv6-addr', '2001:db8::ff/32'))).toEqual(['ipv6 2001:db8::/32']);
    expect(values(sco('ipv4-addr', '198.51.100.0/24'))).toEqual(['ipv4 198.51.100.0/24']);
    expect(values(sco('url', 'HTTP://Example.COM:80/a?b=c#frag'))).toEqual(['url http://example.com/a?b=c']);
    expect(values(sco('email-addr', 'Attacker@Example.JP'))).toEqual(['email attacker@example.jp']);
    expect(values(sco('domain-name', 'evil[.]example[.]com', { defanged: true }))).toEqual(['domain evil.example.com']);
    expect(values(sco('mac-addr', 'd2:fb:49:24:37:18'))).toEqual([]);
  });

  it('takes =, IN and ISSUBSET tests wherever they sit, but not negated ones', () => {
    const pattern = "([ipv4-addr:value ISSUBSET '198.51.100.0/24' AND ipv6-addr:value != '::1'] OR [url:value IN ('https://a.example/x', 'https://b.example/')])"
      + " FOLLOWEDBY [file:hashes.'SHA-256' = 'AB'] FOLLOWEDBY [domain-name:value NOT = 'safe.example'] WITHIN 60 SECONDS";
    expect(values(withPattern(pattern))).toEqual(['ipv4 198.51.100.0/24', 'url https://a.example/x', 'url https://b.example/']);
  });

  it('follows references to addresses in e-mail and network-traffic patterns', () => {
    expect(observablesOf(withPattern("[email-message:from_ref.value = 'CEO@Example.com' AND email-message:to_refs[*].value = 'cfo@example.com']"))).toEqual([
      { kind: 'email', value: 'ceo@example.com', source: 'email-message:from_ref.value' },
      { kind: 'email', value: 'cfo@example.com', source: 'email-message:to_refs[*].value' },
    ]);
    expect(values(withPattern("[network-traffic:dst_ref.value = '203.0.113.9'] OR [network-traffic:src_ref.value = '2001:db8::2'] OR [network-traffic:dst_ref.value = 'C2.Example.net']")))
      .toEqual(['ipv4 203.0.113.9', 'ipv6 2001:db8::2', 'domain c2.example.net']);
    expect(values(withPattern("[domain-name:value = 'c2.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.1']")))
      .toEqual(['domain c2.example', 'ipv4 198.51.100.1']);
  });

  it('ignores non-STIX and malformed patterns', () => {
    expect(observablesOf(indicator({ pattern_type: 'snort', pattern: 'alert ip 1.2.3.4 any -> any any' }) as StixObject)).toEqual([]);
    expect(observablesOf(withPattern("[ipv4-addr:value = '1.2.3.4'"))).toEqual([]);
    expect(observablesOf(withPattern("[constructor:value = 'x' AND __proto__:value = 'y']"))).toEqual([]);
  });
});

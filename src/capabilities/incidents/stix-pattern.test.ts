import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePattern } from './stix-pattern.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/standards/stix2.1/examples');

describe('STIX patterns', () => {
  it('parses every pattern of the official STIX 2.1 examples', () => {
    const patterns: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === 'pattern' && typeof x === 'string') patterns.push(x); else collect(x);
      }
    };
    const dir = EXAMPLES;
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


import fs from 'node:fs';
import path from 'node:path';
import type { StixObject } from './classify.js';

/** The OASIS standards checkout beside the repository (tests only; the service never reads it). */
export const STANDARD = path.resolve(import.meta.dirname, '../../../../../shared/standards/stix2.1');
export const EXAMPLES = path.join(STANDARD, 'examples');

/** Every official example file (examples/ and examples/threat-reports/), relative to examples/. */
export function exampleFiles(): string[] {
  return fs.readdirSync(EXAMPLES, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort();
}

/** The example as parsed JSON: a bundle, or (interop-objectmarking-test.json) a lone object. */
export function readExample(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
}

/** The STIX objects of an example, whether it is a bundle or a single object. */
export function exampleObjects(file: string): StixObject[] {
  const parsed = readExample(file) as { type: string; objects?: StixObject[] };
  return parsed.type === 'bundle' ? (parsed.objects ?? []) : [parsed as StixObject];
}

export function exampleObject(file: string, id: string): StixObject {
  const found = exampleObjects(file).find((o) => o.id === id);
  if (!found) throw new Error(`${id} not in ${file}`);
  return found;
}

/** A valid indicator to break one property at a time. */
export function indicator(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2016-04-06T20:03:48.000Z',
    modified: '2016-04-06T20:03:48.000Z',
    indicator_types: ['malicious-activity'],
    name: 'C2 address',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2016-01-01T00:00:00Z',
    ...overrides,
  };
}

/** The English text of each issue (each also carries its Japanese text: messages.ts). */
export const english = (issues: { path: string; message: string }[]) => issues.map(({ path, message }) => ({ path, message }));

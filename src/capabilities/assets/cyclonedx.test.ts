import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCycloneDx } from './cyclonedx.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/standards/cyclonedx/examples');
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));

describe('CycloneDX SBOM import', () => {
  it('reads the real example SBOMs of versions 1.4–1.6 with their components, and names the version it refuses', () => {
    for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
      const doc = load(file);
      const r = readCycloneDx(doc);
      if (['1.4', '1.5', '1.6'].includes(doc.specVersion)) {
        expect(r.ok, file).toBe(true);
        if (r.ok) expect(r.components.length, file).toBeGreaterThan(0);
      } else {
        expect(r, file).toMatchObject({ ok: false, errors: [{ path: 'specVersion', message: `unsupported version ${doc.specVersion} (1.4, 1.5 or 1.6)` }] });
      }
    }
    const laravel = readCycloneDx(load('laravel-7.12.0__bom.1.4.json'));
    if (!laravel.ok) throw new Error('laravel did not parse');
    expect(laravel.components.every((c) => c.purl?.startsWith('pkg:composer/'))).toBe(true);
    expect(laravel.components.find((c) => c.name === 'framework' && c.group === 'laravel')?.version).toBe('v7.30.6');
  });

  it('reports schema violations with their path, and refuses what is not CycloneDX', () => {
    const doc = load('laravel-7.12.0__bom.1.4.json');
    doc.components[1].version = 42;
    const r = readCycloneDx(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.some((e) => e.path === 'components[1].version')).toBe(true);
    expect(readCycloneDx({ bomFormat: 'SPDX' })).toMatchObject({ ok: false, errors: [{ path: 'bomFormat' }] });
    expect(readCycloneDx({ bomFormat: 'CycloneDX', specVersion: '1.2' })).toMatchObject({ ok: false, errors: [{ path: 'specVersion' }] });
  });
});

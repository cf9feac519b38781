import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAW_DIR, loadLaw } from './law.js';

describe('law data', () => {
  it('has the 15 critical-infrastructure sectors with their competent authorities', () => {
    const law = loadLaw();
    expect(law.sectors).toHaveLength(15);
    expect(law.sector('finance')?.competentAuthorities).toEqual(['fsa']);
    expect(law.sector('water')?.competentAuthorities).toEqual(['mlit']);
    expect(law.sector('government')?.competentAuthorities).toEqual(['mic', 'digital']);
    expect(law.competentSectors('meti').sort()).toEqual(['chemicals', 'credit', 'electricity', 'gas', 'oil']);
    expect(law.competentSectors(null)).toEqual([]);
  });

  it('refuses a sector that names an unknown authority', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'law-'));
    fs.cpSync(LAW_DIR, dir, { recursive: true });
    const sectors = JSON.parse(fs.readFileSync(path.join(dir, 'sectors.json'), 'utf8'));
    sectors.sectors[0].competentAuthorities = ['nobody'];
    fs.writeFileSync(path.join(dir, 'sectors.json'), JSON.stringify(sectors));
    expect(() => loadLaw(dir)).toThrow(/telecom names unknown authority nobody/);
  });

  it('refuses a malformed file with the field path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'law-'));
    fs.cpSync(LAW_DIR, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'authorities.json'), JSON.stringify({ version: '1', authorities: [{ code: 'X!' }] }));
    expect(() => loadLaw(dir)).toThrow(/authorities\.json: authorities\.0\.code/);
  });
});

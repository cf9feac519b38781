import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSupplyChainLaw } from './law.js';
import { computeLevel, expiresAt, isCurrent, requiredLevel, type Answer } from './levels.js';

const REAL = path.resolve(import.meta.dirname, '../../../law/supply-chain');

/** A copy of law/supply-chain with the required-level rules replaced. */
function lawWithRules(rules: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-law-'));
  fs.copyFileSync(path.join(REAL, 'catalogue.json'), path.join(dir, 'catalogue.json'));
  fs.writeFileSync(path.join(dir, 'required-level.json'), JSON.stringify({ version: 'test', status: 'to_confirm', rules }));
  return dir;
}
const facts = (yes: [boolean, boolean, boolean], criticality: 'low' | 'medium' | 'high' | 'critical' = 'medium') => ({ holdsKeyData: yes[0], networkAccess: yes[1], outageUnacceptable: yes[2], criticality });

describe('supply-chain law data', () => {
  it('the required level follows the three questions by the rule file in force', () => {
    const law = loadSupplyChainLaw();
    expect(requiredLevel(law.requiredRules, facts([false, false, false])).level).toBe(3);
    for (const one of [[true, false, false], [false, true, false], [false, false, true]] as const) expect(requiredLevel(law.requiredRules, facts([...one])).level).toBe(4);
    expect(requiredLevel(law.requiredRules, facts([true, true, true], 'high')).level).toBe(4);
    expect(requiredLevel(law.requiredRules, facts([true, true, true], 'critical'))).toMatchObject({ level: 5, rule: { name: 'advanced_all_three_critical' } });
  });

  it('is data: another rule file gives other levels without a code change', () => {
    const law = loadSupplyChainLaw(
      lawWithRules([
        { name: 'network_is_advanced', when: { minYes: 1, criticality: ['high', 'critical'] }, level: 5, reason: 'r', reasonEn: 'r' },
        { name: 'two_or_more', when: { minYes: 2 }, level: 4, reason: 'r', reasonEn: 'r' },
        { name: 'rest', when: {}, level: 2, reason: 'r', reasonEn: 'r' },
      ]),
    );
    expect(law.requiredVersion).toBe('test');
    expect(requiredLevel(law.requiredRules, facts([false, true, false], 'high')).level).toBe(5);
    expect(requiredLevel(law.requiredRules, facts([false, true, false])).level).toBe(2);
    expect(requiredLevel(law.requiredRules, facts([true, true, false])).level).toBe(4);
  });

  it('a bad rule file stops loading, naming the file and the field', () => {
    expect(() => loadSupplyChainLaw(lawWithRules([{ name: 'only', when: { minYes: 1 }, level: 4, reason: 'r', reasonEn: 'r' }]))).toThrow(/last rule must have no conditions/);
    expect(() => loadSupplyChainLaw(lawWithRules([{ name: 'x', when: { minYes: 4 }, level: 6, reason: 'r', reasonEn: 'r' }]))).toThrow(/required-level\.json: rules\.0\.(when\.minYes|level)/);
    expect(() => loadSupplyChainLaw(lawWithRules([{ name: 'x', when: { sometimes: true }, level: 3, reason: 'r', reasonEn: 'r' }]))).toThrow(/Invalid law data/);
  });

  it('a level’s summary gives the number of items it lists, counted from the data', () => {
    const law = loadSupplyChainLaw();
    const two = law.catalogue.levels[1]!;
    expect(two.summary).toContain(`${two.requirements.length}項目`);
    expect(two.summaryEn).toContain(`${two.requirements.length}-item`);
    for (const l of law.catalogue.levels) expect([l.summary, l.summaryEn].join(' ')).not.toMatch(/[{}]/);
    // One item fewer in the file: the summary follows without another edit.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supply-law-'));
    const file = JSON.parse(fs.readFileSync(path.join(REAL, 'catalogue.json'), 'utf8'));
    file.levels[1].requirements.pop();
    fs.writeFileSync(path.join(dir, 'catalogue.json'), JSON.stringify(file));
    fs.copyFileSync(path.join(REAL, 'required-level.json'), path.join(dir, 'required-level.json'));
    expect(loadSupplyChainLaw(dir).catalogue.levels[1]!.summary).toContain(`${two.requirements.length - 1}項目`);
  });

  it('levels are cumulative and expire after the catalogue’s validity', () => {
    const law = loadSupplyChainLaw();
    const yesTo = (upTo: number) => new Map<string, Answer>(law.catalogue.levels.filter((l) => l.level <= upTo).flatMap((l) => l.requirements.map((r) => [r.id, 'yes'] as const)));
    expect(computeLevel(law, yesTo(3))).toMatchObject({ metLevel: 3, selfDeclarable: 3 });
    const four = computeLevel(law, yesTo(4));
    expect(four.metLevel).toBe(4);
    expect(four.selfDeclarable).toBe(3);
    // ★2 answered but one ★1 item missing: nothing is met.
    const gap = yesTo(2);
    gap.set(law.catalogue.levels[0]!.requirements[0]!.id, 'unsure');
    expect(computeLevel(law, gap).metLevel).toBe(0);
    const granted = new Date('2026-01-31T00:00:00Z');
    const level4 = law.catalogue.levels[3]!;
    const until = expiresAt(level4, granted);
    expect(until.getTime()).toBeGreaterThan(granted.getTime());
    expect(isCurrent({ status: 'active', expires_at: until }, new Date(until.getTime() - 1))).toBe(true);
    expect(isCurrent({ status: 'active', expires_at: until }, until)).toBe(false);
    expect(isCurrent({ status: 'pending', expires_at: until }, granted)).toBe(false);
  });
});

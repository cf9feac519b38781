import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEscalationPolicy, nextEscalationAt } from './escalation.js';

describe('escalation policy (law/alert-escalation.json)', () => {
  const policy = loadEscalationPolicy();
  const sent = new Date('2026-12-01T00:00:00Z');

  it('steps from the sending time by severity: admins first, then the ministry, then nothing', () => {
    expect(nextEscalationAt(policy, 'Extreme', sent, 0)).toEqual(new Date('2026-12-01T00:15:00Z'));
    expect(nextEscalationAt(policy, 'Extreme', sent, 1)).toEqual(new Date('2026-12-01T01:00:00Z'));
    expect(nextEscalationAt(policy, 'Extreme', sent, 2)).toBeNull();
    expect(nextEscalationAt(policy, 'Minor', sent, 0)!.getTime()).toBeGreaterThan(nextEscalationAt(policy, 'Severe', sent, 0)!.getTime());
  });

  it('refuses a file that misses a severity or escalates to the ministry before the admins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'law-'));
    const write = (rules: unknown[]) => fs.writeFileSync(path.join(dir, 'alert-escalation.json'), JSON.stringify({ version: 't', rules }));
    write([{ severity: 'Extreme', toOrgAdminsAfterMinutes: 15, toMinistryAfterMinutes: 60 }]);
    expect(() => loadEscalationPolicy(dir)).toThrow(/no rule for Severe, Moderate, Minor, Unknown/);
    write(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'].map((severity) => ({ severity, toOrgAdminsAfterMinutes: 60, toMinistryAfterMinutes: 30 })));
    expect(() => loadEscalationPolicy(dir)).toThrow(/toMinistryAfterMinutes must come after/);
  });
});

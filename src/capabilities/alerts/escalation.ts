import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LAW_DIR } from '../../platform/law/law.js';
import { SEVERITIES, type Severity } from './schema.js';

const Rule = z
  .object({
    severity: z.enum(SEVERITIES),
    toOrgAdminsAfterMinutes: z.number().positive(),
    toMinistryAfterMinutes: z.number().positive(),
  })
  .strict()
  .refine((r) => r.toMinistryAfterMinutes > r.toOrgAdminsAfterMinutes, { message: 'toMinistryAfterMinutes must come after toOrgAdminsAfterMinutes' });
const File = z.object({ $comment: z.string().optional(), version: z.string(), rules: z.array(Rule) });
export type EscalationRule = z.infer<typeof Rule>;
export type EscalationPolicy = Record<Severity, EscalationRule>;

/** law/alert-escalation.json, validated: exactly one rule per CAP severity. */
export function loadEscalationPolicy(dir = LAW_DIR): EscalationPolicy {
  const parsed = File.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'alert-escalation.json'), 'utf8')));
  if (!parsed.success) throw new Error(`Invalid law data:\n${parsed.error.issues.map((i) => `  alert-escalation.json: ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const policy: Partial<EscalationPolicy> = {};
  for (const r of parsed.data.rules) {
    if (policy[r.severity]) throw new Error(`Invalid law data: alert-escalation.json: severity ${r.severity} appears twice`);
    policy[r.severity] = r;
  }
  const missing = SEVERITIES.filter((s) => !policy[s]);
  if (missing.length) throw new Error(`Invalid law data: alert-escalation.json: no rule for ${missing.join(', ')}`);
  return policy as EscalationPolicy;
}

/**
 * When the next escalation step of an unacknowledged recipient is due, counted from the alert's sending:
 * level 0 → the organisation's admins, level 1 → its ministry's view; null once nothing is left.
 */
export function nextEscalationAt(policy: EscalationPolicy, severity: Severity, sentAt: Date, level: number): Date | null {
  const rule = policy[severity];
  const minutes = level === 0 ? rule.toOrgAdminsAfterMinutes : level === 1 ? rule.toMinistryAfterMinutes : null;
  return minutes === null ? null : new Date(sentAt.getTime() + minutes * 60_000);
}

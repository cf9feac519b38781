import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LAW_DIR } from '../../platform/law/law.js';

const Rule = z.object({
  /** Stored with each exposure's reason (deadlineRule); shown in Japanese as nameJa (ruleLabel). */
  name: z.string().min(1),
  nameJa: z.string().min(1),
  when: z
    .object({
      knownExploited: z.boolean().optional(),
      placement: z.enum(['internet_facing', 'internal', 'ot']).optional(),
      severity: z.enum(['critical', 'high', 'medium', 'low', 'none', 'unknown']).optional(),
    })
    .strict(),
  hours: z.number().positive().optional(),
  days: z.number().positive().optional(),
});
const File = z.object({ version: z.string(), rules: z.array(Rule).min(1) });
export type DeadlineRule = z.infer<typeof Rule>;

/** law/notification-deadlines.json, validated; the last rule must apply to everything. */
export function loadDeadlineRules(dir = LAW_DIR): DeadlineRule[] {
  const parsed = File.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'notification-deadlines.json'), 'utf8')));
  if (!parsed.success) throw new Error(`Invalid law data:\n${parsed.error.issues.map((i) => `  notification-deadlines.json: ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const rules = parsed.data.rules;
  for (const r of rules) if (!r.hours && !r.days) throw new Error(`Invalid law data: notification-deadlines.json: rule "${r.name}" has no hours or days`);
  if (Object.keys(rules.at(-1)!.when).length) throw new Error('Invalid law data: notification-deadlines.json: the last rule must have no conditions');
  return rules;
}

/** The deadline for acting on one exposure: the first rule whose conditions all hold. */
export function dueFor(rules: DeadlineRule[], facts: { knownExploited: boolean; placement: string; severity: string }, from: Date): { dueAt: Date; rule: string } {
  const rule = rules.find((r) => Object.entries(r.when).every(([k, v]) => facts[k as keyof typeof facts] === v))!;
  const ms = (rule.hours ?? 0) * 3_600_000 + (rule.days ?? 0) * 86_400_000;
  return { dueAt: new Date(from.getTime() + ms), rule: rule.name };
}

/**
 * A stored deadline rule name in the reader's language. Exposures keep the English name they were
 * written with; one no longer in the law data (renamed since) is shown as stored.
 */
export function ruleLabel(rules: DeadlineRule[], name: string, lang: 'ja' | 'en'): string {
  return lang === 'ja' ? (rules.find((r) => r.name === name)?.nameJa ?? name) : name;
}

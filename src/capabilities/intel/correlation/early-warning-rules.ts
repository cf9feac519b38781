import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LAW_DIR } from '../../../platform/law/law.js';

const File = z
  .object({
    $comment: z.string().optional(),
    version: z.string().min(1),
    windowHours: z.number().int().min(1).max(24 * 366),
    // One organisation alone is never a correlation; one sector alone is the organisations rule.
    minOrganisations: z.number().int().min(2),
    minSectors: z.number().int().min(2),
  })
  .strict();
export type EarlyWarningRules = Omit<z.infer<typeof File>, '$comment'>;

/** law/early-warning.json, validated (called at start by correlationRoutes, so bad data stops the node). */
export function loadEarlyWarningRules(dir = LAW_DIR): EarlyWarningRules {
  const parsed = File.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'early-warning.json'), 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid law data:\n${parsed.error.issues.map((i) => `  early-warning.json: ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const { $comment: _comment, ...rules } = parsed.data;
  return rules;
}

/** Whether counts within the window reach either threshold (the SQL in record.ts applies the same test). */
export function crossesThreshold(rules: EarlyWarningRules, counts: { organisations: number; sectors: number }): boolean {
  return counts.organisations >= rules.minOrganisations || counts.sectors >= rules.minSectors;
}

/** Start of the fixed window `at` falls in: the key that makes a warning fire once per observable per window. */
export function windowStart(rules: EarlyWarningRules, at: Date): Date {
  const ms = rules.windowHours * 3_600_000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

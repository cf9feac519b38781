import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LAW_DIR } from '../../platform/law/law.js';

/** Levels 1–2 are IPA's SECURITY ACTION, 3–5 METI's supply-chain evaluation; 0 means none. */
export const LEVELS = [1, 2, 3, 4, 5] as const;
export const Level = z.number().int().min(1).max(5);
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Criticality = z.enum(CRITICALITIES);

const Requirement = z.object({
  id: z.string().regex(/^[a-z0-9]+-[a-z0-9]+$/),
  area: z.enum(['governance', 'people', 'technical', 'physical', 'supplier', 'incident']),
  text: z.string().min(1),
  textEn: z.string().min(1),
});

const CatalogueLevel = z.object({
  level: Level,
  code: z.string().regex(/^[a-z0-9_]+$/),
  scheme: z.enum(['security_action', 'meti']),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** Self-declared, or confirmed by a registered assessor organisation before it counts. */
  assessment: z.enum(['self', 'third_party']),
  validityMonths: z.number().int().positive(),
  /** `{count}` stands for the number of requirements listed below, so the text cannot drift from the list. */
  summary: z.string().min(1),
  summaryEn: z.string().min(1),
  requirements: z.array(Requirement).min(1),
});

export const CatalogueFile = z.object({ version: z.string().min(1), status: z.enum(['in_force', 'to_confirm']), levels: z.array(CatalogueLevel).length(5) });

const RequiredRule = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  when: z
    .object({
      /** At least this many of the three questions answered yes. */
      minYes: z.number().int().min(0).max(3).optional(),
      criticality: z.array(Criticality).min(1).optional(),
    })
    .strict(),
  level: Level,
  reason: z.string().min(1),
  reasonEn: z.string().min(1),
});
export const RequiredLevelFile = z.object({ version: z.string().min(1), status: z.enum(['in_force', 'to_confirm']), rules: z.array(RequiredRule).min(1) });

export type Catalogue = z.infer<typeof CatalogueFile>;
export type CatalogueLevel = z.infer<typeof CatalogueLevel>;
export type Requirement = z.infer<typeof Requirement>;
export type RequiredRule = z.infer<typeof RequiredRule>;

export interface SupplyChainLaw {
  catalogue: Catalogue;
  requiredRules: RequiredRule[];
  requiredVersion: string;
  /** Every requirement id → its level, for answers and gap lists. */
  itemLevel: Map<string, number>;
}

const DIR = path.join(LAW_DIR, 'supply-chain');

function parse<T>(schema: z.ZodType<T>, dir: string, file: string): T {
  const result = schema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  if (!result.success) throw new Error(`Invalid law data:\n${result.error.issues.map((i) => `  supply-chain/${file}: ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return result.data;
}

/** Loads and cross-checks law/supply-chain/*.json once, at start: a bad file stops the server. */
export function loadSupplyChainLaw(dir = DIR): SupplyChainLaw {
  const catalogue = parse(CatalogueFile, dir, 'catalogue.json');
  const required = parse(RequiredLevelFile, dir, 'required-level.json');
  const problems: string[] = [];
  catalogue.levels.forEach((l, i) => {
    if (l.level !== i + 1) problems.push(`catalogue.json: levels[${i}] must be level ${i + 1}`);
  });
  const itemLevel = new Map<string, number>();
  for (const l of catalogue.levels)
    for (const r of l.requirements) {
      if (itemLevel.has(r.id)) problems.push(`catalogue.json: requirement ${r.id} appears twice`);
      itemLevel.set(r.id, l.level);
    }
  for (const l of catalogue.levels) {
    const count = String(l.requirements.length);
    l.summary = l.summary.replaceAll('{count}', count);
    l.summaryEn = l.summaryEn.replaceAll('{count}', count);
    if (/[{}]/.test(l.summary + l.summaryEn)) problems.push(`catalogue.json: level ${l.level} summary: the only placeholder is {count}`);
  }
  const last = required.rules.at(-1)!;
  if (Object.keys(last.when).length) problems.push('required-level.json: the last rule must have no conditions');
  if (problems.length) throw new Error(`Invalid law data:\n  ${problems.join('\n  ')}`);
  return { catalogue, requiredRules: required.rules, requiredVersion: required.version, itemLevel };
}

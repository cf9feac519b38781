import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Law and policy live in law/*.json; they are parsed and cross-checked here once, at start. */
export const LAW_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../law');

const Code = z.string().regex(/^[a-z][a-z0-9_]*$/);

export const AuthoritiesFile = z.object({
  version: z.string(),
  authorities: z
    .array(
      z.object({
        code: Code,
        kind: z.enum(['national_hub', 'ministry', 'police', 'regulator']),
        name: z.string().min(1),
        nameEn: z.string().min(1),
      }),
    )
    .min(1),
});

export const SectorsFile = z.object({
  version: z.string(),
  sectors: z
    .array(
      z.object({
        code: Code,
        name: z.string().min(1),
        nameEn: z.string().min(1),
        competentAuthorities: z.array(Code).min(1),
        note: z.string().optional(),
      }),
    )
    .min(1),
});

export const BusinessTypesFile = z.object({
  version: z.string(),
  businessTypes: z
    .array(
      z.object({
        code: Code,
        name: z.string().min(1),
        nameEn: z.string().min(1),
        sector: Code,
        competentAuthorities: z.array(Code).min(1),
      }),
    )
    .min(1),
});

export type Authority = z.infer<typeof AuthoritiesFile>['authorities'][number];
export type Sector = z.infer<typeof SectorsFile>['sectors'][number];
export type BusinessType = z.infer<typeof BusinessTypesFile>['businessTypes'][number];

export interface Law {
  authorities: Authority[];
  sectors: Sector[];
  businessTypes: BusinessType[];
  /** Sectors an authority is competent for (empty for a code that is competent for none). */
  competentSectors(authority: string | null): string[];
  sector(code: string): Sector | undefined;
}

function readJson(dir: string, file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

function parseFile<T>(schema: z.ZodType<T>, dir: string, file: string): T {
  const result = schema.safeParse(readJson(dir, file));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${file}: ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid law data:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Loads and validates law/*.json, including references between the files. */
export function loadLaw(dir = LAW_DIR): Law {
  const { authorities } = parseFile(AuthoritiesFile, dir, 'authorities.json');
  const { sectors } = parseFile(SectorsFile, dir, 'sectors.json');
  const { businessTypes } = parseFile(BusinessTypesFile, dir, 'designated-business-types.json');
  const authorityCodes = new Set(authorities.map((a) => a.code));
  const sectorCodes = new Set(sectors.map((s) => s.code));
  const problems: string[] = [];
  const dup = (codes: string[], file: string) =>
    codes.filter((c, i) => codes.indexOf(c) !== i).forEach((c) => problems.push(`${file}: code ${c} appears twice`));
  dup(authorities.map((a) => a.code), 'authorities.json');
  dup(sectors.map((s) => s.code), 'sectors.json');
  dup(businessTypes.map((b) => b.code), 'designated-business-types.json');
  for (const s of sectors)
    for (const a of s.competentAuthorities)
      if (!authorityCodes.has(a)) problems.push(`sectors.json: ${s.code} names unknown authority ${a}`);
  for (const b of businessTypes) {
    if (!sectorCodes.has(b.sector)) problems.push(`designated-business-types.json: ${b.code} names unknown sector ${b.sector}`);
    for (const a of b.competentAuthorities)
      if (!authorityCodes.has(a)) problems.push(`designated-business-types.json: ${b.code} names unknown authority ${a}`);
  }
  if (problems.length) throw new Error(`Invalid law data:\n  ${problems.join('\n  ')}`);
  const bySector = new Map(sectors.map((s) => [s.code, s]));
  return {
    authorities,
    sectors,
    businessTypes,
    competentSectors: (authority) =>
      authority ? sectors.filter((s) => s.competentAuthorities.includes(authority)).map((s) => s.code) : [],
    sector: (code) => bySector.get(code),
  };
}

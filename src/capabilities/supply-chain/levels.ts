import type { CatalogueLevel, RequiredRule, SupplyChainLaw } from './law.js';

/** The three questions of a relationship, plus how critical the customer says it is. */
export interface LinkFacts {
  holdsKeyData: boolean;
  networkAccess: boolean;
  outageUnacceptable: boolean;
  criticality: 'low' | 'medium' | 'high' | 'critical';
}

/** The level a customer requires of a supplier: the first rule of law/supply-chain/required-level.json that holds. */
export function requiredLevel(rules: RequiredRule[], f: LinkFacts): { level: number; rule: RequiredRule } {
  const yes = [f.holdsKeyData, f.networkAccess, f.outageUnacceptable].filter(Boolean).length;
  const rule = rules.find((r) => (r.when.minYes === undefined || yes >= r.when.minYes) && (r.when.criticality === undefined || r.when.criticality.includes(f.criticality)));
  // loadSupplyChainLaw guarantees an unconditional last rule.
  return { level: rule!.level, rule: rule! };
}

export type Answer = 'yes' | 'no' | 'unsure';

export interface LevelResult {
  /** Highest level whose items, and every lower level's items, are all answered yes (0 = none). */
  metLevel: number;
  /** Highest of those a self-declaration may claim without an assessor. */
  selfDeclarable: number;
  /** Per level: the items still missing (not answered yes). */
  missing: { level: number; items: string[] }[];
}

/** Computes what an organisation's answers reach, and what each level still lacks. Levels are cumulative. */
export function computeLevel(law: SupplyChainLaw, answers: ReadonlyMap<string, Answer>): LevelResult {
  let metLevel = 0;
  let broken = false;
  const missing: LevelResult['missing'] = [];
  for (const l of law.catalogue.levels) {
    const items = l.requirements.filter((r) => answers.get(r.id) !== 'yes').map((r) => r.id);
    missing.push({ level: l.level, items });
    if (!broken && items.length === 0) metLevel = l.level;
    else broken = true;
  }
  const selfDeclarable = law.catalogue.levels.filter((l) => l.level <= metLevel && l.assessment === 'self').reduce((m, l) => Math.max(m, l.level), 0);
  return { metLevel, selfDeclarable, missing };
}

/** The items an organisation still lacks to reach `target` (all levels up to it), in catalogue order. */
export function gapItems(law: SupplyChainLaw, answers: ReadonlyMap<string, Answer>, target: number): string[] {
  return law.catalogue.levels.filter((l) => l.level <= target).flatMap((l) => l.requirements.filter((r) => answers.get(r.id) !== 'yes').map((r) => r.id));
}

/** When a level granted at `from` stops counting (validity from the catalogue, in months). */
export function expiresAt(level: CatalogueLevel, from: Date): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + level.validityMonths);
  return d;
}

/** A rating counts only while active and unexpired. */
export function isCurrent(r: { status: string; expires_at: Date }, now = new Date()): boolean {
  return r.status === 'active' && r.expires_at.getTime() > now.getTime();
}

import type { LinkFacts } from './AddLinkForm';
import type { RequiredRule } from './types';

/**
 * The level a customer requires of a supplier, by the same rule file the server applies
 * (law/supply-chain/required-level.json, first matching rule): shown while the form is filled in;
 * the server's answer on saving is the one stored.
 */
export function previewRequired(rules: readonly RequiredRule[], f: LinkFacts): RequiredRule | undefined {
  const yes = [f.holdsKeyData, f.networkAccess, f.outageUnacceptable].filter((v) => v === true).length;
  return rules.find((r) => (r.when.minYes === undefined || yes >= r.when.minYes) && (r.when.criticality === undefined || r.when.criticality.includes(f.criticality)));
}

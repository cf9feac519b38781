/**
 * Advisories × assets, set-wise. Assets that share (cpe, purl, maker, product, version) get the same
 * verdict from the engine, so candidates are fetched from the database grouped into such "combos" (one
 * query for a whole import), each combo's identity is parsed once, the engine runs once per advisory ×
 * combo, and the exposures are written by one statement that fans each match out to the combo's assets,
 * which stay in the database meanwhile (match-statements.ts: stageCandidates, recordExposures). The
 * verdicts are exactly matchAdvisory's: nothing is approximated.
 */
import type { Db } from '../../platform/db/database.js';
import { Placement } from '../assets/schema.js';
import { dueFor, type DeadlineRule } from './deadlines.js';
import { assetIdentity, resolveKey, type AliasIndex, type AssetIdentity } from './engine/identity.js';
import { matchAdvisoryPrepared } from './engine/match.js';
import type { Affected, Alias, MatchResult } from './engine/model.js';
import type { Combo } from './match-statements.js';
import { advisoriesRepository as repo } from './repository.js';

/** What the engine needs of a stored advisory (statements as stored; flags as stored, e.g. once-exploited). */
export interface Matchable {
  id: string;
  statements: Affected[];
  severity: string;
  known_exploited: boolean;
}

/** One advisory's verdict for a set of assets that all share one identity and version. */
export interface Match {
  advisoryId: string;
  verdict: 'affected' | 'possible';
  /** The engine's reason with `covered`, as JSON; the statement adds the deadline rule per asset placement. */
  reason: string;
  severity: string;
  knownExploited: boolean;
  /** The assets it is about (a retro-match), or none when `combo` names them. */
  assetIds: string[];
  /** The combo of stageCandidates (match-statements.ts) whose assets it is about (advisory writers). */
  combo?: number;
}

/**
 * One changed asset as the registry's event describes it (its stored identity): enough to match it
 * without reading it first. The write checks that it is still so (recordExposures' `known`).
 */
export interface KnownAsset {
  id: string;
  cpe: string | null;
  purl: string | null;
  maker: string | null;
  product: string | null;
  version: string | null;
  identityKeys: string[];
}

/** The deadline of every (severity, known exploited, placement) the matches can meet, from the law data. */
export interface DeadlineRow {
  severity: string;
  knownExploited: boolean;
  placement: string;
  dueAt: Date;
  rule: string;
}

/** Aliases in the shapes matching needs, built once per import or index refresh. */
export interface AliasBook {
  list: Alias[];
  index: AliasIndex;
  /** to → every from that names it directly. */
  sourcesOf: Map<string, string[]>;
}

export function aliasBook(list: Alias[]): AliasBook {
  const sourcesOf = new Map<string, string[]>();
  for (const a of list) (sourcesOf.get(a.to) ?? sourcesOf.set(a.to, []).get(a.to)!).push(a.from);
  return { list, index: new Map(list.map((a) => [a.from, a.to])), sourcesOf };
}

/** The keys an advisory is filed under (after aliases), and every key that an alias maps onto them. */
export function advisoryKeys(statements: Affected[], aliases: AliasBook): { index: string[]; lookup: string[] } {
  const index = [...new Set(statements.map((s) => resolveKey(s.identity.key, aliases.index)))];
  const sources = index.flatMap((k) => aliases.sourcesOf.get(k) ?? []);
  return { index, lookup: [...new Set([...index, ...statements.map((s) => s.identity.key), ...sources])] };
}

/**
 * Every key under which an asset's advisories are filed: its own keys and where aliases lead them. An
 * advisory is filed under resolveKey(statement key), and the engine's identify() needs
 * resolveKey(asset key) = resolveKey(statement key), so this finds every advisory the engine could match.
 */
export function assetLookupKeys(identityKeys: string[], aliases: AliasIndex): string[] {
  const out = new Set(identityKeys);
  for (const k of identityKeys) out.add(resolveKey(k, aliases));
  return [...out];
}

export function identityOf(c: { cpe: string | null; purl: string | null; maker: string | null; product: string | null; version: string | null }): AssetIdentity {
  return assetIdentity({ cpe: c.cpe ?? undefined, purl: c.purl ?? undefined, vendor: c.maker ?? undefined, product: c.product ?? undefined, version: c.version ?? undefined });
}

/** Only "affected" and "possible" become exposures; the engine never guesses, so an unknown product is silence. */
export function toMatch(advisory: Matchable, result: MatchResult | null, assets: string[] | { combo: number }): Match | null {
  if (!result || result.verdict === 'not_affected') return null;
  return {
    advisoryId: advisory.id,
    verdict: result.verdict,
    reason: JSON.stringify({ ...result.reason, covered: result.covered }),
    severity: advisory.severity,
    knownExploited: advisory.known_exploited,
    ...(Array.isArray(assets) ? { assetIds: assets } : { assetIds: [], combo: assets.combo }),
  };
}

/** The engine over advisories × the combos whose identity keys meet each advisory's lookup keys. */
export function matchCombos(advisories: { advisory: Matchable; lookup: string[] }[], combos: Combo[], aliases: AliasBook): Match[] {
  const byKey = new Map<string, number[]>();
  combos.forEach((c, i) => {
    for (const k of c.identity_keys) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(i);
  });
  const identities: (AssetIdentity | undefined)[] = new Array(combos.length);
  const out: Match[] = [];
  for (const { advisory, lookup } of advisories) {
    const seen = new Set<number>();
    for (const k of lookup) {
      for (const i of byKey.get(k) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        const combo = combos[i]!;
        const id = (identities[i] ??= identityOf(combo));
        const m = toMatch(advisory, matchAdvisoryPrepared(id, advisory.statements, aliases.index), { combo: combo.combo });
        if (m) out.push(m);
      }
    }
  }
  return out;
}

/**
 * New or changed advisories → every asset of their products, with one candidate query for all of them;
 * in a transaction (the matches name combos staged until its commit).
 */
export async function matchAdvisoriesToAssets(trx: Db, advisories: Matchable[], aliases: AliasBook): Promise<Match[]> {
  if (advisories.length === 0) return [];
  const withKeys = advisories.map((advisory) => ({ advisory, lookup: advisoryKeys(advisory.statements, aliases).lookup }));
  const combos = await repo.stageCandidates(trx, [...new Set(withKeys.flatMap((a) => a.lookup))]);
  return matchCombos(withKeys, combos, aliases);
}

/** Deadlines for every placement the registry allows (its check constraint) × the matches' severities. */
export function deadlineRows(rules: DeadlineRule[], matches: Match[], now: Date): DeadlineRow[] {
  const seen = new Set<string>();
  const out: DeadlineRow[] = [];
  for (const m of matches) {
    const k = `${m.severity}|${m.knownExploited}`;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const placement of Placement.options) {
      const { dueAt, rule } = dueFor(rules, { knownExploited: m.knownExploited, placement, severity: m.severity }, now);
      out.push({ severity: m.severity, knownExploited: m.knownExploited, placement, dueAt, rule });
    }
  }
  return out;
}

import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { dueFor, type DeadlineRule } from './deadlines.js';
import { entryIndexKey, toAliasIndex, type AliasIndex } from './engine/identity.js';
import { matchAdvisory } from './engine/match.js';
import type { Affected, Alias, MatchResult } from './engine/model.js';
import { advisoriesRepository as repo } from './repository.js';
import type { AdvisoryTables } from './tables.js';

type AssetRow = Awaited<ReturnType<typeof repo.candidateAssets>>[number];
type AdvisoryRow = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

export interface MatchOutcome {
  rows: Insertable<AdvisoryTables['exposures']>[];
  /** Pairs the engine found; anything else previously open between the same parties is closed. */
  pairs: { advisory_id: string; asset_id: string }[];
}

/** The keys an advisory is filed under (after aliases), and every key that an alias maps onto them. */
export function advisoryKeys(statements: Affected[], aliases: Alias[]): { index: string[]; lookup: string[] } {
  const index = [...new Set(statements.map((s) => entryIndexKey(s, aliases)))];
  const sources = aliases.filter((a) => index.includes(a.to)).map((a) => a.from);
  return { index, lookup: [...new Set([...index, ...statements.map((s) => s.identity.key), ...sources])] };
}

/** Every key an asset row might be filed under once aliases are applied. */
export function assetLookupKeys(asset: { identity_keys: string[] }, aliases: Alias[]): string[] {
  const index = toAliasIndex(aliases);
  const out = new Set(asset.identity_keys);
  for (const k of asset.identity_keys) {
    const to = index.get(k);
    if (to) out.add(to);
  }
  return [...out];
}

function toExposure(advisory: AdvisoryRow, asset: AssetRow, result: MatchResult, rules: DeadlineRule[], now: Date): Insertable<AdvisoryTables['exposures']> {
  const { dueAt, rule } = dueFor(rules, { knownExploited: advisory.known_exploited, placement: asset.placement, severity: advisory.severity }, now);
  return {
    id: crypto.randomUUID(),
    advisory_id: advisory.id,
    asset_id: asset.id,
    verdict: result.verdict,
    reason: JSON.stringify({ ...result.reason, covered: result.covered, deadlineRule: rule }),
    severity: advisory.severity,
    known_exploited: advisory.known_exploited,
    placement: asset.placement,
    due_at: dueAt,
    // The exposure is seen exactly by those who see the asset.
    tlp: asset.tlp,
    clearance: asset.clearance,
    owner_org_id: asset.owner_org_id,
    created_by: null,
    recipient_org_ids: asset.recipient_org_ids,
    recipient_sectors: asset.recipient_sectors,
    recipient_user_ids: asset.recipient_user_ids,
  };
}

/**
 * Runs the engine over advisory × asset pairs. Only an "affected" or "possible" verdict becomes an
 * exposure; the engine never guesses, so a product it cannot identify is simply not matched.
 */
export function matchPairs(advisories: AdvisoryRow[], assets: AssetRow[], aliasIndex: AliasIndex, rules: DeadlineRule[], now = new Date()): MatchOutcome {
  const rows: MatchOutcome['rows'] = [];
  const pairs: MatchOutcome['pairs'] = [];
  for (const advisory of advisories) {
    const statements = advisory.statements as unknown as Affected[];
    for (const asset of assets) {
      const result = matchAdvisory({ cpe: asset.cpe ?? undefined, purl: asset.purl ?? undefined, vendor: asset.maker ?? undefined, product: asset.product ?? undefined, version: asset.version ?? undefined }, statements, aliasIndex);
      if (!result || result.verdict === 'not_affected') continue;
      rows.push(toExposure(advisory, asset, result, rules, now));
      pairs.push({ advisory_id: advisory.id, asset_id: asset.id });
    }
  }
  return { rows, pairs };
}

/** New or changed advisory → all assets it could concern. */
export async function matchAdvisoryToAssets(trx: Db, advisory: AdvisoryRow, aliases: Alias[], rules: DeadlineRule[]): Promise<MatchOutcome> {
  const statements = advisory.statements as unknown as Affected[];
  const { lookup } = advisoryKeys(statements, aliases);
  const candidates = await repo.candidateAssets(trx, lookup);
  return matchPairs([advisory], candidates, toAliasIndex(aliases), rules);
}

/** New or changed assets → every past advisory about their products. */
export async function matchAssetsToAdvisories(trx: Db, assetIds: string[], aliases: Alias[], rules: DeadlineRule[]): Promise<MatchOutcome> {
  const assets = await repo.assetsByIds(trx, assetIds);
  const keys = [...new Set(assets.flatMap((a) => assetLookupKeys(a, aliases)))];
  const advisories = await repo.advisoriesByKeys(trx, keys);
  return matchPairs(advisories, assets, toAliasIndex(aliases), rules);
}

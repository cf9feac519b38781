/**
 * Every stored advisory, in memory, filed by the product keys it speaks of: a new asset is matched
 * against the advisories of its own products without a candidate query.
 *
 * Freshness across nodes does not rest on events (which arrive late, or not at all while a node
 * restarts): each retro-match reads advisory_index_state.version in the same statement as its asset
 * (retroRead; or its one write, which writes nothing if the version moved past this copy's), and the
 * index reloads exactly the advisories stamped above the version it holds (migration 0015 says why that
 * set is complete). So a node's index is never older than what a plain SQL query at the same
 * moment would see; an advisory committed on another node is matched by the next retro-match here.
 */
import type { Db } from '../../platform/db/database.js';
import { advisoryKeys, aliasBook, assetLookupKeys, type AliasBook, type Matchable } from './matching.js';
import { advisoriesRepository as repo } from './repository.js';

export class AdvisoryIndex {
  /** The advisory_index_state.version this copy reflects; -1 before the first load. */
  private loadedVersion = -1;
  private readonly advisories = new Map<string, Matchable>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly byKey = new Map<string, Set<string>>();
  private aliasesJson = '[]';
  aliases: AliasBook = aliasBook([]);
  private loading: Promise<void> | null = null;

  get version(): number {
    return this.loadedVersion;
  }

  get size(): number {
    return this.advisories.size;
  }

  /** Brings the copy up to `seen` (a version read from the database); a deletion since means a full reload. */
  async ensure(db: Db, seen: number, deleted: number): Promise<void> {
    while (this.loadedVersion < seen || this.loadedVersion < deleted) {
      // Concurrent retro-matches on this node share one load (and a full reload is decided inside it,
      // never while another load is in flight: clearing then would let that load's delta pass as whole).
      this.loading ??= this.load(db).finally(() => (this.loading = null));
      await this.loading;
    }
  }

  /** Advisories filed under any key the asset can be matched by (exactly the engine's identity rule). */
  candidates(identityKeys: string[]): Matchable[] {
    const ids = new Set<string>();
    for (const k of assetLookupKeys(identityKeys, this.aliases.index)) for (const id of this.byKey.get(k) ?? []) ids.add(id);
    return [...ids].map((id) => this.advisories.get(id)!);
  }

  private async load(db: Db): Promise<void> {
    let since = this.loadedVersion;
    let s = await repo.indexSince(db, since);
    // Something was deleted after this copy was made: only a whole reload drops it.
    if (since >= 0 && Number(s.deleted_version) > since) s = await repo.indexSince(db, (since = -1));
    // From here on synchronous: a concurrent candidates() sees the old copy or the new one, nothing between.
    if (since < 0) {
      this.advisories.clear();
      this.keysOf.clear();
      this.byKey.clear();
    }
    const aliasesJson = JSON.stringify(s.aliases);
    const aliasesChanged = aliasesJson !== this.aliasesJson;
    if (aliasesChanged) {
      this.aliasesJson = aliasesJson;
      this.aliases = aliasBook(s.aliases);
    }
    for (const a of s.advisories) this.put(a);
    // Alias changes move advisories to other keys: re-file all of them.
    if (aliasesChanged) for (const a of this.advisories.values()) this.put(a);
    this.loadedVersion = Number(s.version);
  }

  private put(a: Matchable): void {
    for (const k of this.keysOf.get(a.id) ?? []) this.byKey.get(k)?.delete(a.id);
    const keys = advisoryKeys(a.statements, this.aliases).index;
    this.advisories.set(a.id, a);
    this.keysOf.set(a.id, keys);
    for (const k of keys) (this.byKey.get(k) ?? this.byKey.set(k, new Set()).get(k)!).add(a.id);
  }
}

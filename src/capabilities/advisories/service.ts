import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { formatPath } from '../../platform/http/error-handler.js';
import { localizeIssue, type Lang } from '../../platform/i18n/messages.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking, markingOf } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { loadDeadlineRules } from './deadlines.js';
import { kevDelta, type KevEntry } from './engine/kev.js';
import { matchAdvisoryPrepared } from './engine/match.js';
import type { Affected } from './engine/model.js';
import { AdvisoryIndex } from './advisory-index.js';
import { detect, kevAdvisory, type IngestError, type NormalizedAdvisory } from './ingest.js';
import { advisoryKeys, aliasBook, deadlineRows, identityOf, matchAdvisoriesToAssets, toMatch, type AliasBook, type KnownAsset, type Match, type Matchable } from './matching.js';
import { advisoriesRepository as repo } from './repository.js';
import { ManualAdvisory } from './schema.js';
import { fieldError } from './texts.js';

export interface IngestResult {
  format: 'csaf' | 'cve' | 'kev' | 'manual';
  advisories: { id: string; source: string; sourceId: string; status: 'created' | 'updated' | 'unchanged' }[];
  exposures: { created: number; updated: number };
  kev?: { added: number; changed: number; removed: number };
  warnings: string[];
}

/** Advisories in, exposures out: every affected operator and the vendor running the asset are told. */
export function advisoriesService(platform: Platform) {
  const { db } = platform;
  const rules = loadDeadlineRules();

  const manualOf = (lang: Lang) => (doc: unknown): ManualAdvisory | IngestError[] => {
    const r = ManualAdvisory.safeParse(doc, { reportInput: true });
    return r.success ? r.data : r.error.issues.map((i) => ({ path: formatPath(i.path), message: localizeIssue(i as z.core.$ZodIssue, lang) }));
  };

  // Advisories in memory for retro-matching (advisory-index.ts); one copy per service, i.e. per node.
  const index = new AdvisoryIndex();
  const visibility = JSON.stringify(marking({ tlp: 'amber+strict' }));

  /** Writes matches in one statement: exposures, what is no longer matched closed, one event per audience. */
  function record(q: Db, matches: Match[], close: { advisories?: string[]; pairs?: { advisoryId: string; assetId: string }[]; created?: ReadonlySet<string> } = {}, retro?: { indexVersion: number; settle?: { assetIds: string[]; tokens: string[] }; known?: KnownAsset }) {
    return repo.recordExposures(q, {
      // Every writer but a retro-match has taken the advisory writers' lock (lockAdvisoryWriters).
      holdsWritersLock: retro === undefined,
      matches,
      deadlines: deadlineRows(rules, matches, new Date()),
      closeAdvisories: close.advisories ?? [],
      closePairs: close.pairs ?? [],
      newAdvisories: close.created,
      visibility,
      returnEvents: retro !== undefined,
      indexVersion: retro?.indexVersion ?? null,
      settle: retro?.settle,
      known: retro?.known,
    });
  }

  /** This node's verdicts for one asset: each advisory of its products (the in-memory copy) that matches it. */
  function matchesOf(assetId: string, identity: Parameters<typeof identityOf>[0], identityKeys: string[]): Match[] {
    const id = identityOf(identity);
    const out: Match[] = [];
    for (const adv of index.candidates(identityKeys)) {
      const m = toMatch(adv, matchAdvisoryPrepared(id, adv.statements, index.aliases.index), [assetId]);
      if (m) out.push(m);
    }
    return out;
  }

  /**
   * A retro-match of one asset as its event described it, against this node's copy of the advisories:
   * one statement, which writes only if the copy and the asset are still what was matched (else null,
   * nothing written). Saves the read of retroRead (a round trip) for nearly every registration.
   */
  async function retroMatchKnown(asset: KnownAsset) {
    const indexVersion = index.version;
    const r = await record(db, matchesOf(asset.id, asset, asset.identityKeys), {}, { indexVersion, known: asset });
    if (!r.applied) return null;
    platform.events.deliverCommitted(r.events);
    return { created: r.created, updated: r.updated, via: 'event' as const };
  }

  /**
   * Stores advisories (those whose content changed) and matches them, plus `alsoMatch` (stored ones whose
   * flags changed), against every asset of their products: a fixed number of statements per import.
   */
  async function storeAndMatch(trx: Db, actor: Actor | null, docs: NormalizedAdvisory[], aliases: AliasBook, alsoMatch: () => Promise<Matchable[]> = async () => []) {
    // Before any candidate query, until commit: a concurrent retro-match waits for this import.
    await repo.lockAdvisoryWriters(trx);
    if (docs.length > 100) await repo.roomForLargeImport(trx);
    const existing = new Map((await repo.findManyBySource(trx, docs.map((d) => ({ source: d.source, sourceId: d.sourceId })))).map((r) => [`${r.source}|${r.source_id}`, r]));
    // One row per (source, id): the upsert may touch a row only once per statement, so the last
    // listing of a repeated advisory wins.
    const latest = [...new Map(docs.map((d) => [`${d.source}|${d.sourceId}`, d])).values()];
    const changed = latest.filter((d) => existing.get(`${d.source}|${d.sourceId}`)?.content_hash !== d.contentHash);
    // Ids for advisories not stored yet: made here, so no exposure can name them before this commit.
    const newIds = new Map(changed.filter((a) => !existing.has(`${a.source}|${a.sourceId}`)).map((a) => [`${a.source}|${a.sourceId}`, crypto.randomUUID()]));
    const stored = await repo.upsertMany(
      trx,
      changed.map((a) => ({ id: existing.get(`${a.source}|${a.sourceId}`)?.id ?? newIds.get(`${a.source}|${a.sourceId}`)!, a, keys: advisoryKeys(a.statements, aliases).index })),
      actor?.orgId ?? null,
    );
    const docOf = new Map(changed.map((d) => [`${d.source}|${d.sourceId}`, d]));
    const toMatch: Matchable[] = stored.map((r) => ({ id: r.id, statements: docOf.get(`${r.source}|${r.source_id}`)!.statements, severity: r.severity, known_exploited: r.known_exploited }));
    const storedIds = new Set(toMatch.map((m) => m.id));
    toMatch.push(...(await alsoMatch()).filter((m) => !storedIds.has(m.id)));
    const updatedIds = stored.filter((r) => existing.has(`${r.source}|${r.source_id}`)).map((r) => r.id);
    // Stored under the id made here (not an existing row's, which the upsert would return instead): their
    // exposures cannot exist yet (recordExposures' `fresh`).
    const createdIds = new Set(stored.filter((r) => newIds.get(`${r.source}|${r.source_id}`) === r.id).map((r) => r.id));
    const result = await record(trx, await matchAdvisoriesToAssets(trx, toMatch, aliases), { advisories: updatedIds, created: createdIds });
    const none = { created: 0, updated: 0 };
    await platform.audit.inTransaction(
      trx,
      stored.map((r) => {
        const update = existing.has(`${r.source}|${r.source_id}`);
        return { actor, action: update ? 'advisory.update' : 'advisory.create', resourceType: 'advisory', resourceId: r.id, detail: { source: r.source, sourceId: r.source_id, exposures: result.perAdvisory.get(r.id) ?? none } };
      }),
    );
    const outcome = (d: NormalizedAdvisory) => {
      const key = `${d.source}|${d.sourceId}`;
      const e = existing.get(key);
      const r = stored.find((x) => x.source === d.source && x.source_id === d.sourceId);
      if (!r) return { id: e!.id, status: 'unchanged' as const, exposures: none };
      return { id: r.id, status: e ? ('updated' as const) : ('created' as const), exposures: result.perAdvisory.get(r.id) ?? none };
    };
    return { outcome, total: { created: result.created, updated: result.updated } };
  }

  return {
    /** Takes a CSAF 2.0 document, a CVE JSON 5 record, the KEV catalogue or a manual advisory. */
    async ingest(actor: Actor, doc: unknown, lang: Lang): Promise<IngestResult> {
      authorize(actor, 'publish', { type: 'advisories' });
      const d = detect(doc, manualOf(lang));
      if ('errors' in d) throw new ValidationError(d.errors);
      if (d.format !== 'kev') {
        const r = await platform.transaction(async (trx) => (await storeAndMatch(trx, actor, [d.advisory], aliasBook(await repo.aliases(trx)))).outcome(d.advisory));
        return { format: d.format, advisories: [{ id: r.id, source: d.advisory.source, sourceId: d.advisory.sourceId, status: r.status }], exposures: r.exposures, warnings: d.warnings };
      }
      // KEV: only what changed since the catalogue was last imported, stored and matched as one set.
      const previous = (await repo.knownExploited(db)).map((r) => r.entry as unknown as KevEntry);
      const delta = kevDelta(previous, d.entries);
      const changed = [...delta.added, ...delta.changed.map((c) => c.after)];
      return platform.transaction(async (trx) => {
        const docs = changed.map(kevAdvisory);
        // Other advisories about these CVEs are known exploited now: their exposures get KEV deadlines.
        const flagged = async () => repo.matchable(trx, (await repo.markExploited(trx, changed.map((e) => e.cveID))).map((f) => f.id));
        const { outcome, total } = await storeAndMatch(trx, actor, docs, aliasBook(await repo.aliases(trx)), flagged);
        const advisories: IngestResult['advisories'] = docs.map((a) => ({ id: outcome(a).id, source: 'kev', sourceId: a.sourceId, status: outcome(a).status }));
        await repo.saveKnownExploited(trx, changed.map((e) => ({ cve_id: e.cveID, entry: JSON.stringify(e) })), delta.removed.map((e) => e.cveID));
        await platform.audit.inTransaction(trx, [{ actor, action: 'advisory.kev_import', resourceType: 'advisory', detail: { catalogVersion: d.catalogVersion, added: delta.added.length, changed: delta.changed.length, removed: delta.removed.length } }]);
        return { format: 'kev' as const, advisories, exposures: total, kev: { added: delta.added.length, changed: delta.changed.length, removed: delta.removed.length }, warnings: d.warnings };
      });
    },

    /**
     * New or changed assets are matched against every past advisory (the registry's event). Reads with
     * one statement and matches in memory (advisory-index.ts); writes — one statement that commits by
     * itself — only when something matches or an open exposure no longer does (most new assets: nothing).
     * The assets' pending-match rows (migration 0064) go in the same commit, which is then asynchronous:
     * if a crash loses it, the rows are still there for sweepPending. Without a row for every asset (one
     * cleared by an earlier retro-match, or written before 0064) the write commits synchronously as before.
     * `known`: the one asset as its event described it; matched first without reading it (retroMatchKnown),
     * and read as below only if it or the advisories changed since (or this node has no copy yet).
     * `via` says which: 'event' (one statement) or 'read'.
     */
    async retroMatch(assetIds: string[], known?: KnownAsset) {
      if (assetIds.length === 0) return { created: 0, updated: 0, via: 'read' as const };
      if (known && assetIds.length === 1 && known.id === assetIds[0] && index.version >= 0) {
        const done = await retroMatchKnown(known);
        if (done) return done;
      }
      const rows = await repo.retroRead(db, assetIds);
      await index.ensure(db, Number(rows[0]!.index_version), Number(rows[0]!.deleted_version));
      // What the matches below were made against (ensure() may have brought the copy past the read).
      const indexVersion = index.version;
      const matches: Match[] = [];
      const closePairs: { advisoryId: string; assetId: string }[] = [];
      const settle = { assetIds: [] as string[], tokens: [] as string[] };
      let everyPending = true;
      for (const a of rows) {
        if (!a.id) continue;
        if (a.pending_token === null) everyPending = false;
        else {
          settle.assetIds.push(a.id);
          settle.tokens.push(a.pending_token);
        }
        const own = matchesOf(a.id, a, a.identity_keys ?? []);
        matches.push(...own);
        const matched = new Set(own.map((m) => m.advisoryId));
        for (const advisoryId of a.open_advisories ?? []) if (!matched.has(advisoryId)) closePairs.push({ advisoryId, assetId: a.id });
      }
      const settled = settle.assetIds.length > 0 && everyPending ? settle : undefined;
      if (matches.length === 0 && closePairs.length === 0) {
        if (settle.assetIds.length > 0) await repo.settlePending(db, settle);
        return { created: 0, updated: 0, via: 'read' as const };
      }
      const r = await record(db, matches, { pairs: closePairs }, { indexVersion, settle: settled });
      // Some assets had no pending row, so this commit was synchronous; theirs are cleared now.
      if (!settled && settle.assetIds.length > 0) await repo.settlePending(db, settle);
      // Committed (one statement, no transaction; asynchronously when settled: a crash may undo it, and
      // the sweep then writes the same exposure ids again): owners hear of it now, without an outbox round.
      platform.events.deliverCommitted(r.events);
      return { created: r.created, updated: r.updated, via: 'read' as const };
    },

    /**
     * Retro-matches assets whose pending row (migration 0064) is older than `olderThanSeconds`: a retro-
     * match whose asynchronous commit a crash lost, one that failed, or one whose node stopped before
     * running it. Re-matching is harmless: the upsert notifies only exposures it creates. Returns how
     * many assets it matched again.
     */
    async sweepPending(olderThanSeconds = 10, batch = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const ids = await repo.pendingMatches(db, olderThanSeconds, batch);
        if (ids.length === 0) return total;
        await this.retroMatch(ids);
        total += ids.length;
        // Each row is now gone or younger (its asset changed again meanwhile), so the next batch is new.
        if (ids.length < batch) return total;
      }
    },

    async get(actor: Actor, id: string) {
      const a = await repo.find(db, id);
      if (!a) throw new NotFoundError();
      authorize(actor, 'list', { type: 'advisories' });
      return a;
    },

    listNotifications(actor: Actor, f: Parameters<typeof repo.listVisible>[2]) {
      authorize(actor, 'list', { type: 'advisories' });
      return repo.listVisible(db, actor, f);
    },

    /** notified → acknowledged → mitigated / fixed, or not affected with a VEX justification. */
    async setStatus(actor: Actor, id: string, body: { status: string; justification?: string; note?: string }) {
      // A VEX justification says why a product is not affected; with any other status it would be a
      // claim nobody made (the schema already requires one for not_affected).
      if (body.status !== 'not_affected' && body.justification !== undefined) throw new ValidationError([fieldError('justification', 'justification_not_applicable')]);
      const e = await repo.exposure(db, id);
      if (!e) throw new NotFoundError();
      authorize(actor, 'update', { type: 'exposure', ownerOrgId: e.asset_org_id as OrgId, operatorOrgId: e.operator_org_id as OrgId | null, marking: markingOf(e) });
      await platform.transaction(async (trx) => {
        // Any other status stores none: it clears the justification of an earlier not_affected.
        await repo.setStatus(trx, id, { status: body.status, justification: body.justification ?? null, note: body.note ?? null, by: actor.userId });
        await platform.audit.inTransaction(trx, [{ actor, action: 'exposure.status', resourceType: 'exposure', resourceId: id, detail: { status: body.status, justification: body.justification ?? null } }]);
        await emit(trx, [{ type: 'exposure.status_changed', payload: { exposureId: id, status: body.status }, visibility: markingOf(e) }]);
      });
    },

    /** Reminds owners and operators of exposures past their deadline, once each. */
    async remindDue(now = new Date()): Promise<number> {
      return platform.transaction(async (trx) => {
        const due = await repo.claimDue(trx, now);
        await emit(trx, due.map((e) => ({ type: 'exposure.overdue', payload: { exposureId: e.id, advisoryId: e.advisory_id, assetId: e.asset_id, dueAt: e.due_at.toISOString() }, visibility: markingOf(e) })));
        if (due.length) await platform.audit.inTransaction(trx, [{ actor: null, action: 'exposure.reminder', resourceType: 'exposure', detail: { count: due.length } }]);
        return due.length;
      });
    },

    /**
     * Declares two product identities the same (a vendor's free-text name → its CPE). Advisories that
     * speak of the name are re-indexed and matched again: the alias table is the only way names match.
     */
    async addAlias(actor: Actor, from: string, to: string) {
      authorize(actor, 'publish', { type: 'advisories' });
      return platform.transaction(async (trx) => {
        await repo.lockAdvisoryWriters(trx);
        await repo.addAlias(trx, from, to, actor.userId);
        const aliases = aliasBook(await repo.aliases(trx));
        const affected = await repo.advisoriesWithStatementKey(trx, from);
        for (const a of affected) await repo.replaceKeys(trx, a.id, advisoryKeys(a.statements as never, aliases).index);
        const matchable = affected.map((a) => ({ id: a.id, statements: a.statements as unknown as Affected[], severity: a.severity, known_exploited: a.known_exploited }));
        const created = (await record(trx, await matchAdvisoriesToAssets(trx, matchable, aliases))).created;
        await platform.audit.inTransaction(trx, [{ actor, action: 'advisory.alias', resourceType: 'product_alias', resourceId: from, detail: { to, exposuresCreated: created } }]);
        return { from, to, exposuresCreated: created };
      });
    },

    /**
     * Counts of open exposures for the caller's organisation, its ministry's sectors, or the nation; the
     * last two also by sector, as the dashboard's exposure tile counts them (dashboard service).
     */
    async summary(actor: Actor, scope: 'organization' | 'sector' | 'national') {
      authorize(actor, 'read', { type: 'exposure_summary', scope });
      if (scope === 'national') return repo.summary(db, null, null, null);
      if (scope === 'sector') {
        const sectors = actor.orgKind === 'national_hub' ? platform.law.sectors.map((s) => s.code) : [...actor.competentSectors];
        return repo.summary(db, (await repo.orgIdsInSectors(db, sectors)).map((o) => o.id), null, sectors);
      }
      return repo.summary(db, [actor.orgId], actor.orgId);
    },
  };
}

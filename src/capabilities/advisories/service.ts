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
import type { Alias } from './engine/model.js';
import { detect, kevAdvisory, type IngestError, type NormalizedAdvisory } from './ingest.js';
import { advisoryKeys, matchAdvisoryToAssets, matchAssetsToAdvisories, type MatchOutcome } from './matching.js';
import { advisoriesRepository as repo } from './repository.js';
import { ManualAdvisory } from './schema.js';

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

  /** Stores the exposures and tells each owner and operator (one event per organisation set). */
  async function record(trx: Db, outcome: MatchOutcome) {
    const stored = await repo.upsertExposures(trx, outcome.rows);
    const created = stored.filter((s) => s.inserted);
    const byAudience = new Map<string, { owner: string; recipients: string[]; ids: string[] }>();
    outcome.rows.forEach((row, i) => {
      if (!stored[i]?.inserted) return;
      const key = `${row.owner_org_id}|${(row.recipient_org_ids ?? []).join(',')}`;
      const group = byAudience.get(key) ?? { owner: row.owner_org_id as string, recipients: (row.recipient_org_ids ?? []) as string[], ids: [] as string[] };
      group.ids.push(stored[i]!.id);
      byAudience.set(key, group);
    });
    await emit(
      trx,
      [...byAudience.values()].map((g) => ({
        type: 'exposure.notified',
        payload: { exposureIds: g.ids.slice(0, 200), count: g.ids.length, ownerOrgId: g.owner },
        visibility: marking({ tlp: 'amber+strict', ownerOrgId: g.owner as OrgId, recipientOrgIds: g.recipients as OrgId[] }),
      })),
    );
    return { created: created.length, updated: stored.length - created.length };
  }

  /** Stores one advisory and matches it; `aliases` are loaded once per import by the caller. */
  async function storeAndMatch(trx: Db, actor: Actor | null, a: NormalizedAdvisory, aliases: Alias[]) {
    const existing = await repo.findBySource(trx, a.source, a.sourceId);
    if (existing && existing.content_hash === a.contentHash) return { id: existing.id, status: 'unchanged' as const, exposures: { created: 0, updated: 0 } };
    const id = await repo.upsert(trx, existing?.id ?? crypto.randomUUID(), a, advisoryKeys(a.statements, aliases).index, actor?.orgId ?? null);
    const row = (await repo.find(trx, id))!;
    const outcome = await matchAdvisoryToAssets(trx, row, aliases, rules);
    if (existing) await repo.closeStale(trx, id, null, outcome.pairs);
    const exposures = await record(trx, outcome);
    await platform.audit.inTransaction(trx, [{ actor, action: existing ? 'advisory.update' : 'advisory.create', resourceType: 'advisory', resourceId: id, detail: { source: a.source, sourceId: a.sourceId, exposures } }]);
    return { id, status: existing ? ('updated' as const) : ('created' as const), exposures };
  }

  return {
    /** Takes a CSAF 2.0 document, a CVE JSON 5 record, the KEV catalogue or a manual advisory. */
    async ingest(actor: Actor, doc: unknown, lang: Lang): Promise<IngestResult> {
      authorize(actor, 'publish', { type: 'advisories' });
      const d = detect(doc, manualOf(lang));
      if ('errors' in d) throw new ValidationError(d.errors);
      if (d.format !== 'kev') {
        const r = await platform.transaction(async (trx) => storeAndMatch(trx, actor, d.advisory, await repo.aliases(trx)));
        return { format: d.format, advisories: [{ id: r.id, source: d.advisory.source, sourceId: d.advisory.sourceId, status: r.status }], exposures: r.exposures, warnings: d.warnings };
      }
      // KEV: only what changed since the catalogue was last imported.
      const previous = (await repo.knownExploited(db)).map((r) => r.entry as unknown as KevEntry);
      const delta = kevDelta(previous, d.entries);
      const changed = [...delta.added, ...delta.changed.map((c) => c.after)];
      return platform.transaction(async (trx) => {
        const advisories: IngestResult['advisories'] = [];
        const total = { created: 0, updated: 0 };
        const aliases = await repo.aliases(trx);
        for (const entry of changed) {
          const r = await storeAndMatch(trx, actor, kevAdvisory(entry), aliases);
          advisories.push({ id: r.id, source: 'kev', sourceId: entry.cveID, status: r.status });
          total.created += r.exposures.created;
          total.updated += r.exposures.updated;
        }
        // Other advisories about these CVEs are known exploited now: their exposures get KEV deadlines.
        const flagged = await repo.markExploited(trx, changed.map((e) => e.cveID));
        for (const f of flagged) {
          const row = (await repo.find(trx, f.id))!;
          const outcome = await matchAdvisoryToAssets(trx, row, aliases, rules);
          const r = await record(trx, outcome);
          total.created += r.created;
          total.updated += r.updated;
        }
        await repo.saveKnownExploited(trx, changed.map((e) => ({ cve_id: e.cveID, entry: JSON.stringify(e) })), delta.removed.map((e) => e.cveID));
        await platform.audit.inTransaction(trx, [{ actor, action: 'advisory.kev_import', resourceType: 'advisory', detail: { catalogVersion: d.catalogVersion, added: delta.added.length, changed: delta.changed.length, removed: delta.removed.length } }]);
        return { format: 'kev' as const, advisories, exposures: total, kev: { added: delta.added.length, changed: delta.changed.length, removed: delta.removed.length }, warnings: d.warnings };
      });
    },

    /** New or changed assets are matched against every past advisory (the registry's event). */
    async retroMatch(assetIds: string[]) {
      if (assetIds.length === 0) return { created: 0, updated: 0 };
      return platform.transaction(async (trx) => {
        const outcome = await matchAssetsToAdvisories(trx, assetIds, await repo.aliases(trx), rules);
        await repo.closeStale(trx, null, assetIds, outcome.pairs);
        return record(trx, outcome);
      });
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
      const e = await repo.exposure(db, id);
      if (!e) throw new NotFoundError();
      authorize(actor, 'update', { type: 'exposure', ownerOrgId: e.asset_org_id as OrgId, operatorOrgId: e.operator_org_id as OrgId | null, marking: markingOf(e) });
      await platform.transaction(async (trx) => {
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
        await repo.addAlias(trx, from, to, actor.userId);
        const aliases = await repo.aliases(trx);
        let created = 0;
        for (const a of await repo.advisoriesWithStatementKey(trx, from)) {
          await repo.replaceKeys(trx, a.id, advisoryKeys(a.statements as never, aliases).index);
          created += (await record(trx, await matchAdvisoryToAssets(trx, a, aliases, rules))).created;
        }
        await platform.audit.inTransaction(trx, [{ actor, action: 'advisory.alias', resourceType: 'product_alias', resourceId: from, detail: { to, exposuresCreated: created } }]);
        return { from, to, exposuresCreated: created };
      });
    },

    /** Counts of open exposures for the caller's organisation, its ministry's sectors, or the nation. */
    async summary(actor: Actor, scope: 'organization' | 'sector' | 'national') {
      authorize(actor, 'read', { type: 'exposure_summary', scope });
      if (scope === 'national') return repo.summary(db, null, null);
      if (scope === 'sector') {
        const sectors = actor.orgKind === 'national_hub' ? platform.law.sectors.map((s) => s.code) : [...actor.competentSectors];
        return repo.summary(db, (await repo.orgIdsInSectors(db, sectors)).map((o) => o.id), null);
      }
      return repo.summary(db, [actor.orgId], actor.orgId);
    },
  };
}

import crypto from 'node:crypto';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking, orgKindIs, sectorScope } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { SupplyChainLaw } from './law.js';
import { gapItems, type Answer } from './levels.js';
import { presentItems } from './present.js';
import { supplyChainRepository as repo } from './repository.js';

/** A stable stand-in for an organisation the caller may not see named (different for every caller). */
const anonId = (actor: Actor, orgId: string) => `anon-${crypto.createHash('sha256').update(`${actor.orgId}:${orgId}`).digest('hex').slice(0, 12)}`;

/**
 * The graph views: blast radius (who depends on a supplier), the supplier tree with its weakest links,
 * required-vs-actual mismatches, and the alerts customers get when a supplier below them is hit.
 */
export function supplyGraphService(platform: Platform, law: SupplyChainLaw) {
  const { db } = platform;

  /** May the caller see this customer named in a blast radius? The hub: all; a ministry: its sectors; the supplier: its direct customers. */
  function namesCustomer(actor: Actor, subject: string, customer: { sectors: string[] }, depth: number): boolean {
    if (orgKindIs(actor, 'national_hub')) return true;
    if (orgKindIs(actor, 'ministry')) return customer.sectors.some((s) => sectorScope(actor).includes(s));
    // The supplier itself is a party to its direct links only.
    return actor.orgId === subject && depth === 1;
  }

  async function answersByOrg(orgIds: string[]) {
    const rows = await repo.answersOf(db, orgIds);
    const out = new Map<string, Map<string, Answer>>();
    for (const r of rows) {
      if (!out.has(r.org_id)) out.set(r.org_id, new Map());
      out.get(r.org_id)!.set(r.item_id, r.answer as Answer);
    }
    return out;
  }

  /**
   * Tells every customer above each item's source (transitively, with depth), naming the source only
   * with consent: one walk per distinct source, however many reports or advisories it brings (a burst
   * of filings by one operator costs one walk, not one each), none for a source without customers, and
   * one transaction.
   */
  async function fanOutMany(items: FanOutItem[]): Promise<number> {
    const bySource = new Map<string, FanOutItem[]>();
    for (const it of items) bySource.set(it.sourceOrgId, [...(bySource.get(it.sourceOrgId) ?? []), it]);
    // Most reporters supply nobody on the platform: one query finds those that do, and only they are walked.
    const suppliers = await repo.suppliersWithCustomers(db, [...bySource.keys()]);
    const walked = await Promise.all(
      [...bySource].filter(([sourceOrgId]) => suppliers.has(sourceOrgId)).map(async ([sourceOrgId, its]) => {
        const source = await repo.org(db, sourceOrgId);
        if (!source) return null;
        const radius = await repo.blastRadius(db, sourceOrgId);
        return radius.length ? { sourceOrgId, source, radius, its } : null;
      }),
    );
    const work = walked.filter((w) => w !== null);
    if (work.length === 0) return 0;
    return platform.transaction(async (trx) => {
      let told = 0;
      for (const { sourceOrgId, source, radius, its } of work) {
        for (const { kind, ref, named } of its) {
          const stored = await repo.insertAlerts(
            trx,
            radius.map((r) => ({ id: crypto.randomUUID(), recipient_org_id: r.org_id, source_org_id: sourceOrgId, source_kind: kind, source_ref: ref, source_sectors: source.sectors, source_org_kind: source.kind, named, depth: r.depth })),
          );
          if (stored.length === 0) continue;
          const recipients = stored.map((x) => x.recipient_org_id as OrgId);
          await platform.audit.inTransaction(trx, [{ actor: null, action: 'supply_alert.fanout', resourceType: 'supply_alert', resourceId: ref, detail: { kind, recipients: recipients.length, named } }]);
          await emit(trx, [{ type: 'supply_chain.alert', payload: { kind, count: recipients.length, sourceSectors: source.sectors, sourceKind: source.kind, sourceOrgId: named ? sourceOrgId : null }, visibility: marking({ tlp: 'amber+strict', recipientOrgIds: recipients }) }]);
          told += recipients.length;
        }
      }
      return told;
    });
  }

  return {
    fanOutMany,

    /** GET /api/organizations/:id/blast-radius — customers depending on `orgId`, as far as the caller may see them. */
    async blastRadius(actor: Actor, orgId: string) {
      authorize(actor, 'read', { type: 'blast_radius', orgId: orgId as OrgId });
      const [subject, rows] = await Promise.all([repo.org(db, orgId), repo.blastRadius(db, orgId)]);
      if (!subject) throw new NotFoundError();
      const items = rows.map((o) => {
        const named = namesCustomer(actor, orgId, o, o.depth);
        return named
          ? { depth: o.depth, named, orgId: o.org_id, name: o.name, nameEn: o.name_en, kind: o.kind, sectors: o.sectors, linkStatus: o.direct_status }
          : { depth: o.depth, named, orgId: null, name: null, nameEn: null, kind: o.kind, sectors: o.sectors, linkStatus: null };
      });
      const perDepth = new Map<number, number>();
      for (const r of rows) perDepth.set(r.depth, (perDepth.get(r.depth) ?? 0) + 1);
      const byDepth = [...perDepth].map(([depth, count]) => ({ depth, count }));
      await platform.audit.record({ actor, action: 'supply_chain.blast_radius', resourceType: 'organization', resourceId: orgId, detail: { total: rows.length } });
      return { orgId, name: subject.name, nameEn: subject.name_en, total: rows.length, byDepth, items };
    },

    /**
     * The supply chain below `rootOrgId` (default: the caller's): nodes with their level and the lowest
     * level on a path to them; edges with status and requirement. A node is named when the caller may
     * see one of its links (platform/policy) — otherwise it is an anonymous stand-in with its level.
     */
    async graph(actor: Actor, rootOrgId: string | undefined, depth: number) {
      const root = rootOrgId ?? actor.orgId;
      authorize(actor, 'list', { type: 'supply_chain' });
      if (root !== actor.orgId && !orgKindIs(actor, 'national_hub', 'ministry')) throw new NotFoundError();
      const rootOrg = await repo.org(db, root);
      if (!rootOrg) throw new NotFoundError();
      const edges = await repo.supplierTree(db, root, depth);
      const ids = [...new Set([root, ...edges.map((e) => e.supplier_org_id), ...edges.map((e) => e.customer_org_id)])];
      const [orgs, levels, visible, alerted] = await Promise.all([
        repo.orgSummaries(db, ids),
        repo.levels(db, ids),
        repo.visiblePairs(db, actor, edges.map((e) => ({ customer: e.customer_org_id, supplier: e.supplier_org_id }))),
        repo.alerted(db, ids, orgKindIs(actor, 'national_hub') ? null : actor.orgId),
      ]);
      const named = new Set<string>([actor.orgId, root]);
      for (const e of edges) if (visible.has(`${e.customer_org_id}>${e.supplier_org_id}`)) named.add(e.customer_org_id).add(e.supplier_org_id);
      const key = (id: string) => (named.has(id) ? id : anonId(actor, id));
      const nodeDepth = new Map<string, { depth: number; pathMin: number }>([[root, { depth: 0, pathMin: levels.get(root) ?? 0 }]]);
      for (const e of edges) {
        const cur = nodeDepth.get(e.supplier_org_id);
        if (e.supplier_org_id !== root) nodeDepth.set(e.supplier_org_id, { depth: Math.min(cur?.depth ?? Infinity, e.depth), pathMin: Math.min(cur?.pathMin ?? Infinity, e.path_min) });
      }
      const nodes = orgs.map((o) => {
        const isNamed = named.has(o.id);
        const d = nodeDepth.get(o.id) ?? { depth: 0, pathMin: 0 };
        return { id: key(o.id), named: isNamed, name: isNamed ? o.name : null, nameEn: isNamed ? o.name_en : null, kind: o.kind, level: levels.get(o.id) ?? 0, depth: d.depth, pathMinLevel: d.pathMin, alerted: isNamed && alerted.has(o.id), root: o.id === root };
      });
      const supplierLevels = (id: string) => levels.get(id) ?? 0;
      const graphEdges = edges.map((e) => ({ from: key(e.customer_org_id), to: key(e.supplier_org_id), status: e.status, requiredLevel: e.required_level, mismatch: supplierLevels(e.supplier_org_id) < e.required_level, named: visible.has(`${e.customer_org_id}>${e.supplier_org_id}`) }));
      const suppliers = nodes.filter((n) => !n.root);
      const weakest = suppliers.length ? Math.min(...suppliers.map((n) => n.level)) : null;
      await platform.audit.record({ actor, action: 'supply_chain.graph', resourceType: 'organization', resourceId: root, detail: { nodes: nodes.length } });
      return { rootId: root, nodes, edges: graphEdges, weakestLevel: weakest, weakestNodes: suppliers.filter((n) => n.level === weakest).map((n) => n.id) };
    },

    /**
     * Links where the supplier is below the required level. The customer sees each supplier's gap
     * items; the supplier sees which customer needs what, and its own gap.
     */
    async mismatches(actor: Actor, side: 'customer' | 'supplier') {
      authorize(actor, 'list', { type: 'supply_chain' });
      const rows = await repo.mismatches(db, side, actor.orgId, law.requiredRules);
      const answers = await answersByOrg([...new Set(rows.map((r) => r.supplier_org_id))]);
      await platform.audit.record({ actor, action: 'supply_chain.mismatches', resourceType: 'supply_link', detail: { side, count: rows.length } });
      return rows.map((r) => {
        const gap = gapItems(law, answers.get(r.supplier_org_id) ?? new Map(), r.required_level);
        return {
          linkId: r.id,
          customer: { orgId: r.customer_org_id, name: r.customer_name, nameEn: r.customer_name_en },
          supplier: { orgId: r.supplier_org_id, name: r.supplier_name, nameEn: r.supplier_name_en },
          provides: r.provides,
          status: r.status,
          requiredLevel: r.required_level,
          actualLevel: r.actual_level,
          gapCount: gap.length,
          gapItems: presentItems(law, gap),
        };
      });
    },

    /** Nation-wide counts for the hub and ministries (a full pass over every link). */
    async summary(actor: Actor) {
      authorize(actor, 'read', { type: 'supply_chain' });
      return repo.mismatchSummary(db, law.requiredRules);
    },

    /** What the caller's organisation was told about suppliers below it. */
    async alerts(actor: Actor, limit: number) {
      authorize(actor, 'list', { type: 'supply_chain' });
      const rows = await repo.alertsFor(db, actor.orgId, limit);
      return rows.map((a) => ({
        id: a.id,
        kind: a.source_kind,
        depth: a.depth,
        sourceSectors: a.source_sectors,
        sourceOrgKind: a.source_org_kind,
        named: a.named,
        source: a.named ? { orgId: a.source_org_id, name: a.source_name, nameEn: a.source_name_en } : null,
        createdAt: a.created_at.toISOString(),
      }));
    },
  };
}

export interface FanOutItem {
  sourceOrgId: string;
  kind: 'incident' | 'advisory';
  ref: string;
  named: boolean;
}

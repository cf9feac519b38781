import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError, ValidationError, type FieldError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { OrgId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, marking, markingOf } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import type { SupplyChainLaw } from './law.js';
import { computeLevel, expiresAt, requiredLevel, type Answer } from './levels.js';
import { presentItems, presentRating } from './present.js';
import { supplyChainRepository as repo, type LinkRow } from './repository.js';
import { EVIDENCE_MAX_BYTES, type LinkInput } from './schema.js';
import type { SupplyLinksTable } from './tables.js';

const msg = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);
const linkMarking = (l: LinkRow) => markingOf(l);
const linkResource = (l: LinkRow) => ({ type: 'supply_link' as const, customerOrgId: l.customer_org_id as OrgId, supplierOrgId: l.supplier_org_id as OrgId, marking: linkMarking(l) });

/** One row to declare: the input, where it came from (for error paths) and the supplier as given. */
export interface LinkDraft {
  input: Omit<LinkInput, 'supplierOrgId'>;
  supplierRef: string;
  path: string;
  supplierPath: string;
}

/** Supplier links, the self-assessment questionnaire, ratings and assessor claims. */
export function supplyChainService(platform: Platform, law: SupplyChainLaw) {
  const { db } = platform;

  async function readableLink(actor: Actor, q: Db, id: string) {
    const l = await repo.findLink(q, id);
    if (!l) throw new NotFoundError();
    authorize(actor, 'read', linkResource(l));
    return l;
  }

  async function answersMap(q: Db, orgId: string): Promise<Map<string, Answer>> {
    return new Map((await repo.answersOf(q, [orgId])).map((a) => [a.item_id, a.answer as Answer]));
  }

  /** An assessor may not rate itself, its customers or its suppliers (any link, pending included). */
  async function checkIndependent(q: Db, assessorOrgId: string, orgId: string, lang: Lang, path: string) {
    if (assessorOrgId === orgId || (await repo.related(q, assessorOrgId, orgId)))
      throw new ValidationError([{ path, message: msg(lang, '評価機関は自社・自社の取引先（顧客・委託先）を評価できません。', 'An assessor cannot rate itself, its customers or its suppliers.') }]);
  }

  return {
    /**
     * Declares suppliers of the caller's organisation (one from the API, many from a CSV): all rows are
     * checked first and either all are stored, or the errors name each bad row. Runs on `q`, the
     * caller's transaction (the route's idempotent() one), so a retried request never declares twice.
     */
    async declareLinks(actor: Actor, q: Db, drafts: LinkDraft[], source: 'api' | 'csv', lang: Lang) {
      authorize(actor, 'create', { type: 'supply_link', customerOrgId: actor.orgId, supplierOrgId: actor.orgId, marking: marking({ tlp: 'amber+strict', ownerOrgId: actor.orgId }) });
      const customer = (await repo.org(q, actor.orgId))!;
      const orgs = await repo.orgsBySlugOrId(q, [...new Set(drafts.map((d) => d.supplierRef))]);
      const existing = new Set((await repo.existingPairs(q, actor.orgId, orgs.map((o) => o.id))).map((r) => r.supplier_org_id));
      const authorities = [...new Set(customer.sectors.flatMap((s) => platform.law.sector(s)?.competentAuthorities ?? []))];
      const overseers = (await repo.authorityOrgIds(q, authorities)).map((r) => r.id);
      const errors: FieldError[] = [];
      const rows: Insertable<SupplyLinksTable>[] = [];
      const seen = new Set<string>();
      for (const d of drafts) {
        const org = orgs.find((o) => o.id === d.supplierRef || o.slug === d.supplierRef);
        const fail = (ja: string, en: string) => errors.push({ path: d.supplierPath, message: msg(lang, ja, en) });
        if (!org) fail(`組織が見つかりません: ${d.supplierRef}`, `No organisation ${d.supplierRef}`);
        else if (org.id === actor.orgId) fail('自社を取引先にはできません。', 'An organisation cannot be its own supplier.');
        else if (!['operator', 'vendor', 'sme', 'isac'].includes(org.kind)) fail('企業以外は取引先として登録できません。', 'Only companies can be suppliers.');
        else if (existing.has(org.id) || seen.has(org.id)) fail('この取引先は既に登録されています。', 'This supplier is already declared.');
        if (!org || errors.some((e) => e.path === d.supplierPath)) continue;
        seen.add(org.id);
        const req = requiredLevel(law.requiredRules, d.input);
        rows.push({
          id: crypto.randomUUID(),
          customer_org_id: actor.orgId,
          supplier_org_id: org.id,
          provides: d.input.provides,
          holds_key_data: d.input.holdsKeyData,
          network_access: d.input.networkAccess,
          outage_unacceptable: d.input.outageUnacceptable,
          criticality: d.input.criticality,
          required_level: req.level,
          required_rule: req.rule.name,
          rules_version: law.requiredVersion,
          status: 'pending',
          decided_at: null,
          decided_by: null,
          source,
          created_by: actor.userId,
          tlp: 'amber+strict',
          clearance: 'none',
          owner_org_id: actor.orgId,
          recipient_org_ids: [...new Set([org.id, ...overseers])],
          recipient_sectors: [],
          recipient_user_ids: [],
        });
      }
      if (errors.length) throw new ValidationError(errors);
      await repo.insertLinks(q, rows);
      await platform.audit.inTransaction(q, [{ actor, action: 'supply_link.create', resourceType: 'supply_link', resourceId: rows.length === 1 ? rows[0]!.id : null, detail: { source, count: rows.length } }]);
      // The supplier learns it was named, and can confirm.
      await emit(
        q,
        rows.map((r) => ({ type: 'supply_chain.link_declared', payload: { linkId: r.id, customerOrgId: r.customer_org_id, supplierOrgId: r.supplier_org_id }, visibility: marking({ tlp: 'amber+strict', ownerOrgId: actor.orgId, recipientOrgIds: [r.supplier_org_id as OrgId] }) })),
      );
      return rows.map((r) => ({ id: r.id!, requiredLevel: r.required_level!, requiredRule: r.required_rule!, supplierOrgId: r.supplier_org_id! }));
    },

    async getLink(actor: Actor, id: string) {
      const l = await readableLink(actor, db, id);
      await platform.audit.record({ actor, action: 'supply_link.read', resourceType: 'supply_link', resourceId: id });
      return l;
    },

    async listLinks(actor: Actor, f: Parameters<typeof repo.listLinks>[2]) {
      authorize(actor, 'list', { type: 'supply_chain' });
      const rows = await repo.listLinks(db, actor, f);
      await platform.audit.record({ actor, action: 'supply_link.list', resourceType: 'supply_link', detail: { count: rows.length, side: f.side } });
      return rows;
    },

    /** Only the supplier confirms or rejects a link; anyone else is told it does not exist. */
    async decideLink(actor: Actor, id: string, status: 'confirmed' | 'rejected') {
      const l = await readableLink(actor, db, id);
      authorize(actor, 'update', linkResource(l));
      if (l.status === status) return l;
      return platform.transaction(async (trx) => {
        await repo.setLinkStatus(trx, id, status, actor.userId);
        await platform.audit.inTransaction(trx, [{ actor, action: `supply_link.${status === 'confirmed' ? 'confirm' : 'reject'}`, resourceType: 'supply_link', resourceId: id }]);
        await emit(trx, [{ type: 'supply_chain.link_decided', payload: { linkId: id, status }, visibility: linkMarking(l) }]);
        return (await repo.findLink(trx, id))!;
      });
    },

    async removeLink(actor: Actor, id: string) {
      const l = await readableLink(actor, db, id);
      authorize(actor, 'delete', linkResource(l));
      await platform.transaction(async (trx) => {
        await repo.deleteLink(trx, id);
        await platform.audit.inTransaction(trx, [{ actor, action: 'supply_link.delete', resourceType: 'supply_link', resourceId: id }]);
      });
    },

    /** The caller's own questionnaire: answers, evidence, the level reached, what is missing, ratings held. */
    async assessment(actor: Actor) {
      authorize(actor, 'read', { type: 'supply_assessment', orgId: actor.orgId });
      const [answers, evidence, ratings] = await Promise.all([repo.answersOf(db, [actor.orgId]), repo.evidenceList(db, actor.orgId), repo.ratingsOf(db, actor.orgId)]);
      const result = computeLevel(law, new Map(answers.map((a) => [a.item_id, a.answer as Answer])));
      const current = (await repo.levels(db, [actor.orgId])).get(actor.orgId) ?? 0;
      return {
        catalogueVersion: law.catalogue.version,
        answers: Object.fromEntries(answers.map((a) => [a.item_id, { answer: a.answer, note: a.note, updatedAt: a.updated_at.toISOString() }])),
        evidence: evidence.map((e) => ({ id: e.id, itemId: e.item_id, filename: e.filename, mediaType: e.media_type, sizeBytes: e.size_bytes, url: e.url, createdAt: e.created_at.toISOString() })),
        metLevel: result.metLevel,
        selfDeclarable: result.selfDeclarable,
        currentLevel: current,
        missing: result.missing.map((m) => ({ level: m.level, count: m.items.length, items: presentItems(law, m.items) })),
        ratings: ratings.map((r) => presentRating(r)),
      };
    },

    /** Saves one answer as soon as it is given (the questionnaire autosaves per answer). */
    async answer(actor: Actor, itemId: string, input: { answer: Answer; note?: string | null }, lang: Lang) {
      if (!law.itemLevel.has(itemId)) throw new ValidationError([{ path: 'itemId', message: msg(lang, `評価項目がありません: ${itemId}`, `No such requirement: ${itemId}`) }]);
      authorize(actor, 'update', { type: 'supply_assessment', orgId: actor.orgId });
      await platform.transaction(async (trx) => {
        await repo.upsertAnswer(trx, { org_id: actor.orgId, item_id: itemId, answer: input.answer, note: input.note ?? null, answered_by: actor.userId });
        await platform.audit.inTransaction(trx, [{ actor, action: 'supply_assessment.answer', resourceType: 'supply_assessment', resourceId: actor.orgId, detail: { itemId, answer: input.answer } }]);
      });
      const result = computeLevel(law, await answersMap(db, actor.orgId));
      return { itemId, answer: input.answer, metLevel: result.metLevel, selfDeclarable: result.selfDeclarable };
    },

    async addEvidence(actor: Actor, input: { itemId: string; filename: string; mediaType: string; contentBase64?: string; url?: string }, lang: Lang) {
      if (!law.itemLevel.has(input.itemId)) throw new ValidationError([{ path: 'itemId', message: msg(lang, `評価項目がありません: ${input.itemId}`, `No such requirement: ${input.itemId}`) }]);
      authorize(actor, 'update', { type: 'supply_assessment', orgId: actor.orgId });
      const content = input.contentBase64 !== undefined ? Buffer.from(input.contentBase64, 'base64') : null;
      if (content && content.length > EVIDENCE_MAX_BYTES)
        throw new ValidationError([{ path: 'contentBase64', message: msg(lang, `ファイルは ${EVIDENCE_MAX_BYTES / 1024} KiB までです。大きな資料は URL で参照してください。`, `Files are limited to ${EVIDENCE_MAX_BYTES / 1024} KiB; give larger documents by URL.`) }]);
      const id = crypto.randomUUID();
      await platform.transaction(async (trx) => {
        await repo.insertEvidence(trx, { id, org_id: actor.orgId, item_id: input.itemId, filename: input.filename, media_type: input.mediaType, size_bytes: content?.length ?? 0, content, url: content ? null : (input.url ?? null), uploaded_by: actor.userId });
        await platform.audit.inTransaction(trx, [{ actor, action: 'supply_evidence.create', resourceType: 'supply_evidence', resourceId: id, detail: { itemId: input.itemId, bytes: content?.length ?? 0 } }]);
      });
      return { id, itemId: input.itemId, filename: input.filename, sizeBytes: content?.length ?? 0 };
    },

    /** Evidence is read by its organisation, and by the assessor a claim of that organisation is addressed to. */
    async evidence(actor: Actor, id: string) {
      const e = await repo.evidence(db, id);
      if (!e) throw new NotFoundError();
      const claim = e.org_id === actor.orgId ? null : (await repo.claimsFor(db, actor.orgId)).find((c) => c.org_id === e.org_id);
      if (e.org_id !== actor.orgId && !claim) throw new NotFoundError();
      authorize(actor, 'read', { type: 'supply_claim', orgId: e.org_id as OrgId, assessorOrgId: (claim?.assessor_org_id ?? null) as OrgId | null });
      await platform.audit.record({ actor, action: 'supply_evidence.read', resourceType: 'supply_evidence', resourceId: id });
      return e;
    },

    /**
     * Declares what the answers reach: self-assessed levels (★1–★3) count at once; ★4/★5 become a
     * claim addressed to a registered, independent assessor. Declaring again changes nothing while the
     * self-declared level stands and the claim is open: the caller gets those back (`created: false`),
     * so a second click, or two requests at once, never files a twin an assessor could decide otherwise.
     */
    async declare(actor: Actor, input: { assessorOrgId?: string }, lang: Lang) {
      authorize(actor, 'update', { type: 'supply_assessment', orgId: actor.orgId });
      const result = computeLevel(law, await answersMap(db, actor.orgId));
      if (result.metLevel === 0) throw new ValidationError([{ path: 'answers', message: msg(lang, `★1 の項目がまだ満たされていません（残り ${result.missing[0]!.items.length} 件）。`, `The ★1 items are not all met yet (${result.missing[0]!.items.length} left).`) }]);
      const claimLevel = result.metLevel > result.selfDeclarable ? result.metLevel : 0;
      if (claimLevel && input.assessorOrgId) {
        if (!(await repo.isAssessor(db, input.assessorOrgId))) throw new ValidationError([{ path: 'assessorOrgId', message: msg(lang, '登録された評価機関ではありません。', 'Not a registered assessor organisation.') }]);
        await checkIndependent(db, input.assessorOrgId, actor.orgId, lang, 'assessorOrgId');
      }
      const now = new Date();
      const selfLevel = law.catalogue.levels[result.selfDeclarable - 1]!;
      return platform.transaction(async (trx) => {
        // The self-declaration: kept while it says the same under the same catalogue and has not lapsed.
        const current = await repo.currentSelf(trx, actor.orgId);
        let self = current && current.level === selfLevel.level && current.catalogue_version === law.catalogue.version && current.expires_at! > now ? current : null;
        let selfCreated = false;
        if (!self) {
          if (current) await repo.supersede(trx, current.id);
          const row = { id: crypto.randomUUID(), org_id: actor.orgId, level: selfLevel.level, basis: 'self', status: 'active', catalogue_version: law.catalogue.version, requested_by: actor.userId, granted_at: now, expires_at: expiresAt(selfLevel, now), assessor_org_id: null, decided_by: actor.userId, decided_at: now, note: null } as const;
          selfCreated = await repo.insertRatingOnce(trx, row);
          // Lost to a concurrent declaration: that one stands.
          self = (await repo.currentSelf(trx, actor.orgId))!;
        }
        // The claim: the open one for this level if there is one, else a new one when an assessor was chosen.
        let claim = claimLevel ? await repo.openClaim(trx, actor.orgId, claimLevel) : undefined;
        let claimCreated = false;
        if (claimLevel && !claim && input.assessorOrgId) {
          claimCreated = await repo.insertRatingOnce(trx, { id: crypto.randomUUID(), org_id: actor.orgId, level: claimLevel, basis: 'third_party', status: 'pending', catalogue_version: law.catalogue.version, requested_by: actor.userId, assessor_org_id: input.assessorOrgId, granted_at: null, expires_at: null, decided_by: null, decided_at: null, note: null });
          claim = await repo.openClaim(trx, actor.orgId, claimLevel);
        }
        if (selfCreated || claimCreated)
          await platform.audit.inTransaction(trx, [{ actor, action: 'supply_rating.declare', resourceType: 'supply_rating', resourceId: selfCreated ? self.id : claim!.id, detail: { level: self.level, claim: claimCreated ? claimLevel : null } }]);
        if (claimCreated) await emit(trx, [{ type: 'supply_chain.claim_filed', payload: { claimId: claim!.id, orgId: actor.orgId, level: claimLevel }, visibility: marking({ tlp: 'amber+strict', ownerOrgId: actor.orgId, recipientOrgIds: [claim!.assessor_org_id as OrgId] }) }]);
        return {
          created: selfCreated || claimCreated,
          declared: {
            selfLevel: self.level,
            selfExpiresAt: self.expires_at!.toISOString(),
            claim: claim ? { id: claim.id, level: claim.level, assessorOrgId: claim.assessor_org_id!, status: claim.status } : null,
            metLevel: result.metLevel,
          },
        };
      });
    },

    /**
     * Claims addressed to the caller's organisation as assessor, with the claimant's answers to review.
     * An organisation that is not a registered assessor has no such list: it is told there is none (404).
     */
    async claims(actor: Actor) {
      authorize(actor, 'list', { type: 'supply_chain' });
      if (!(await repo.isAssessor(db, actor.orgId))) throw new NotFoundError();
      const rows = await repo.claimsFor(db, actor.orgId);
      // A pending claim carries what the assessor reviews: the claimant's answers and evidence list.
      const pending = [...new Set(rows.filter((r) => r.status === 'pending').map((r) => r.org_id))];
      const [answers, evidence] = await Promise.all([repo.answersOf(db, pending), Promise.all(pending.map((o) => repo.evidenceList(db, o)))]);
      if (pending.length) await platform.audit.record({ actor, action: 'supply_claim.review', resourceType: 'supply_assessment', detail: { orgs: pending.length } });
      const review = (orgId: string) => {
        const i = pending.indexOf(orgId);
        if (i < 0) return null;
        return {
          answers: Object.fromEntries(answers.filter((a) => a.org_id === orgId).map((a) => [a.item_id, { answer: a.answer, note: a.note }])),
          evidence: evidence[i]!.map((e) => ({ id: e.id, itemId: e.item_id, filename: e.filename, url: e.url, sizeBytes: e.size_bytes })),
        };
      };
      return rows.map((r) => ({ ...presentRating(r), org: { orgId: r.org_id, name: r.org_name, nameEn: r.org_name_en }, review: r.status === 'pending' ? review(r.org_id) : null }));
    },

    /** The addressed assessor confirms or rejects a ★4/★5 claim; independence is checked again at this moment. */
    async decideClaim(actor: Actor, id: string, input: { decision: 'confirm' | 'reject'; note?: string }, lang: Lang) {
      const r = await repo.rating(db, id);
      if (!r || r.basis !== 'third_party') throw new NotFoundError();
      authorize(actor, 'update', { type: 'supply_claim', orgId: r.org_id as OrgId, assessorOrgId: r.assessor_org_id as OrgId | null });
      if (r.status !== 'pending') throw new ValidationError([{ path: 'decision', message: msg(lang, 'この申請は既に判定済みです。', 'This claim was already decided.') }]);
      await checkIndependent(db, actor.orgId, r.org_id, lang, 'decision');
      const level = law.catalogue.levels[r.level - 1]!;
      const now = new Date();
      const confirm = input.decision === 'confirm';
      await platform.transaction(async (trx) => {
        await repo.decideClaim(trx, id, { status: confirm ? 'active' : 'rejected', decided_by: actor.userId, note: input.note ?? null, granted_at: confirm ? now : null, expires_at: confirm ? expiresAt(level, now) : null });
        await platform.audit.inTransaction(trx, [{ actor, action: `supply_rating.${confirm ? 'confirm' : 'reject'}`, resourceType: 'supply_rating', resourceId: id, detail: { orgId: r.org_id, level: r.level } }]);
        await emit(trx, [{ type: 'supply_chain.claim_decided', payload: { claimId: id, orgId: r.org_id, level: r.level, decision: input.decision }, visibility: marking({ tlp: 'amber+strict', ownerOrgId: r.org_id as OrgId, recipientOrgIds: [actor.orgId] }) }]);
      });
      return presentRating((await repo.rating(db, id))!);
    },

    async assessors(actor: Actor) {
      authorize(actor, 'list', { type: 'supply_chain' });
      return (await repo.assessors(db)).map((a) => ({ orgId: a.org_id, registrationNo: a.registration_no, name: a.name, nameEn: a.name_en, registeredAt: a.registered_at.toISOString() }));
    },

    async registerAssessor(actor: Actor, input: { orgId: string; registrationNo: string }, lang: Lang) {
      authorize(actor, 'manage', { type: 'supply_chain' });
      const org = await repo.org(db, input.orgId);
      if (!org || !['vendor', 'sme', 'operator'].includes(org.kind)) throw new ValidationError([{ path: 'orgId', message: msg(lang, '評価機関として登録できる企業ではありません。', 'Not a company that can be registered as an assessor.') }]);
      await platform.transaction(async (trx) => {
        await repo.registerAssessor(trx, { org_id: input.orgId, registration_no: input.registrationNo, registered_by: actor.userId });
        await platform.audit.inTransaction(trx, [{ actor, action: 'supply_assessor.register', resourceType: 'supply_assessor', resourceId: input.orgId, detail: { registrationNo: input.registrationNo } }]);
      });
      return { orgId: input.orgId, registrationNo: input.registrationNo };
    },
  };
}

/**
 * Supply-chain HTTP API (issue 6). Every route needs a session or token; anything the caller may not
 * see answers 404; 400 bodies are `{ error: { code, message, fields: [{ path, message }] } }` (ja/en by
 * Accept-Language). Creates accept an Idempotency-Key header where noted.
 *
 * Links (customer → supplier)
 *   POST   /api/supply-chain/links                 body {supplierOrgId, provides, holdsKeyData, networkAccess, outageUnacceptable, criticality?}
 *                                                  → 201 {id, requiredLevel, requiredRule, status: 'pending'}   (Idempotency-Key)
 *   GET    /api/supply-chain/links?side=customer|supplier|all&status=&limit=   → {items: Link[]}
 *   GET    /api/supply-chain/links/import-template.csv                        → text/csv
 *   POST   /api/supply-chain/links/import          text/csv (UTF-8 or Shift_JIS), all or none → 200 {imported, items: [{id, requiredLevel, requiredRule, supplierOrgId}]}
 *                                                  400 fields: [{path: 'line N, column', message}]   (Idempotency-Key)
 *   GET    /api/supply-chain/links/{id}                                       → Link
 *   POST   /api/supply-chain/links/{id}/confirm    (the supplier)             → Link
 *   POST   /api/supply-chain/links/{id}/reject     (the supplier)             → Link
 *   DELETE /api/supply-chain/links/{id}            (the customer)             → 204
 *   Link = {id, customer{orgId,name,nameEn}, supplier{orgId,name,nameEn,kind}, provides, holdsKeyData, networkAccess,
 *           outageUnacceptable, criticality, requiredLevel, requiredRule, status, decidedAt, source, createdAt, abilities{confirm, remove}}
 *
 * Evaluation
 *   GET    /api/supply-chain/catalogue             → {version, status, levels[…requirements], requiredLevelRules{version, rules}}
 *   GET    /api/supply-chain/assessment            → {catalogueVersion, answers{itemId: {answer, note, updatedAt}}, evidence[], metLevel,
 *                                                     selfDeclarable, currentLevel, missing[{level, count, items[]}], ratings[Rating]}
 *   PUT    /api/supply-chain/assessment/answers/{itemId}  body {answer: yes|no|unsure, note?} → {itemId, answer, metLevel, selfDeclarable}
 *   POST   /api/supply-chain/assessment/evidence   body {itemId, filename, mediaType?, contentBase64? | url?} → 201 {id, itemId, filename, sizeBytes}
 *   GET    /api/supply-chain/evidence/{id}         → the file (or {url})
 *   POST   /api/supply-chain/assessment/declare    body {assessorOrgId?} → 201 {selfLevel, selfExpiresAt, claim: {id, level, assessorOrgId, status} | null, metLevel}
 *                                                  (200 with the declaration and open claim in force when a repeat changes nothing)
 *   GET    /api/supply-chain/claims                (registered assessors; 404 for others) → {items: [Rating & {org}]}
 *   POST   /api/supply-chain/claims/{id}/decision  body {decision: confirm|reject, note?} → Rating
 *   GET    /api/supply-chain/assessors             → {items: [{orgId, registrationNo, name, nameEn, registeredAt}]}
 *   POST   /api/supply-chain/assessors             (hub admin) body {orgId, registrationNo} → 201
 *   Rating = {id, level, basis, status, expired, catalogueVersion, assessor, note, createdAt, decidedAt, grantedAt, expiresAt}
 *
 * Graph, required vs actual, alerts
 *   GET    /api/supply-chain/graph?orgId=&depth=   → {rootId, nodes[{id, named, name, nameEn, kind, level, depth, pathMinLevel, alerted, root}],
 *                                                     edges[{from, to, status, requiredLevel, mismatch, named}], weakestLevel, weakestNodes}
 *   GET    /api/supply-chain/mismatches?side=customer|supplier → {items: [{linkId, customer, supplier, provides, status, requiredLevel,
 *                                                     actualLevel, gapCount, gapItems[{id, level, area, text, textEn}]}]}
 *   GET    /api/supply-chain/mismatches/summary    (hub, ministries) → {items: [{required_level, actual_level, links, suppliers}]}
 *   GET    /api/supply-chain/alerts?limit=         → {items: [{id, kind: incident|advisory, depth, sourceSectors, sourceOrgKind, named,
 *                                                     source: {orgId, name, nameEn} | null, createdAt}]}
 *   GET    /api/organizations/{id}/blast-radius    (the organisation itself, hub, ministries)
 *                                                  → {orgId, name, nameEn, total, byDepth[{depth, count}], items[{depth, named, orgId|null,
 *                                                     name|null, nameEn|null, kind, sectors, linkStatus|null}]}
 */
import { z } from 'zod';
import type { CapabilityRoutes, ZodApp } from '../../platform/http/app.js';
import { ValidationError } from '../../platform/http/errors.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { decodeCsvBytes, type DecodedCsv } from '../assets/encoding.js';
import { LINK_CSV_TEMPLATE, parseLinkCsv } from './csv.js';
import { supplyGraphService, type FanOutItem } from './graph.js';
import { batchesOf } from '../../platform/events/batches.js';
import { loadSupplyChainLaw } from './law.js';
import { presentLink } from './present.js';
import { supplyChainRepository } from './repository.js';
import { AnswerInput, AssessorInput, ClaimDecision, DeclareInput, EvidenceInput, GraphQuery, LinkInput, LinkListQuery, MismatchQuery } from './schema.js';
import { supplyChainService } from './service.js';

const tags = ['supply-chain'];
const Id = z.object({ id: z.uuid() });
const SAFE_INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv']);
const ENCODING_UNREADABLE = {
  ja: 'ファイルの文字コードを判別できません。UTF-8 で保存し直してください（Excel では「CSV UTF-8（コンマ区切り）」を選んで保存します）。',
  en: 'The file’s character encoding cannot be read. Save it again as UTF-8 (in Excel, choose “CSV UTF-8 (Comma delimited)”).',
} as const;

export const supplyChainRoutes: CapabilityRoutes = async (app, platform) => {
  // Validated at start: a bad catalogue or rule file stops the server.
  const law = loadSupplyChainLaw();
  const service = supplyChainService(platform, law);
  const graph = supplyGraphService(platform, law);

  // A changed required-level rule file re-derives every link computed under an older version.
  void supplyChainRepository
    .recomputeRequired(platform.db, law.requiredRules, law.requiredVersion, true)
    .then((n) => n && platform.log.info({ links: n, version: law.requiredVersion }, 'required supplier levels recomputed'))
    .catch((err) => platform.log.error({ err }, 'recomputing required supplier levels failed'));

  // A supplier that reports an incident, or whose assets an advisory hits: every customer above it is told.
  // A burst of filings by one operator walks its customers once per batch, not once per report; batches
  // start at most every 50 ms so that a burst does not ask "who supplies anyone?" after every filing.
  const incidentFanOut = batchesOf<FanOutItem>((items) => graph.fanOutMany(items).then(() => undefined), { spacingMs: 50 });
  platform.events.subscribe((event) => {
    const p = event.payload as Record<string, unknown>;
    if (event.type === 'incident.submitted' && typeof p.reporterOrgId === 'string' && typeof p.id === 'string') {
      const named = p.nameInIntel === true;
      // The first report tells the customers; a later stage only carries the reporter's current consent
      // to be named (given or withdrawn) to the alerts already sent.
      if (p.stage === 'initial') incidentFanOut({ sourceOrgId: p.reporterOrgId, kind: 'incident', ref: p.id, named }).catch((err) => platform.log.error({ err }, 'supply-chain incident alerts failed'));
      else setImmediate(() => void supplyChainRepository.setAlertsNamed(platform.db, 'incident', p.id as string, named).catch((err) => platform.log.error({ err }, 'supply-chain alert consent update failed')));
    }
    if (event.type === 'exposure.notified' && Array.isArray(p.exposureIds)) {
      // One alert per advisory and affected supplier (a repeated event adds nothing). Exposures carry no
      // consent to be named: customers learn the sector only.
      const exposureIds = p.exposureIds.filter((x): x is string => typeof x === 'string');
      // The event names every advisory of the group (its exposure ids stop at 200); older events only the exposures.
      const advisoryIds = Array.isArray(p.advisoryIds) ? p.advisoryIds.filter((x): x is string => typeof x === 'string') : null;
      const owner = typeof p.ownerOrgId === 'string' ? p.ownerOrgId : null;
      setImmediate(
        () =>
          void (async () => {
            const pairs = advisoryIds && owner
              ? advisoryIds.map((advisory_id) => ({ advisory_id, owner_org_id: owner }))
              : await supplyChainRepository.advisoriesOfExposures(platform.db, exposureIds);
            // One walk per affected supplier, however many advisories of the group hit it.
            await graph.fanOutMany(pairs.flatMap((a) => (a.owner_org_id ? [{ sourceOrgId: a.owner_org_id, kind: 'advisory' as const, ref: `${a.advisory_id}/${a.owner_org_id}`, named: false }] : [])));
          })().catch((err) => platform.log.error({ err }, 'supply-chain advisory alerts failed')),
      );
    }
  });

  app.post('/api/supply-chain/links', { schema: { tags, summary: 'Declare a supplier of the caller’s organisation; the required level follows from the three questions (Idempotency-Key supported)', body: LinkInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const { supplierOrgId, ...input } = req.body;
    const result = await idempotent(platform, req, async (trx) => {
      const [created] = await service.declareLinks(actor, trx, [{ input, supplierRef: supplierOrgId, path: '', supplierPath: 'supplierOrgId' }], 'api', req.lang);
      return { status: 201, body: { id: created!.id, requiredLevel: created!.requiredLevel, requiredRule: created!.requiredRule, status: 'pending' } };
    });
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/supply-chain/links', { schema: { tags, summary: 'Links the caller may see (its suppliers, its customers)', querystring: LinkListQuery } }, async (req) => {
    const actor = actorOf(req);
    return { items: (await service.listLinks(actor, req.query)).map((l) => presentLink(l, actor.orgId)) };
  });

  app.get('/api/supply-chain/links/import-template.csv', { schema: { tags, summary: 'CSV template for declaring suppliers' } }, async (req, reply) => {
    actorOf(req);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="renkei-suppliers-template.csv"').send(`\ufeff${LINK_CSV_TEMPLATE}`);
  });

  // The import gets its own scope and reads CSV as bytes, so that Excel's Shift_JIS is told from UTF-8
  // (the rule the asset import follows); no other capability's text/csv parser is touched. The body is
  // the decoded text, which is also what an Idempotency-Key's request hash covers.
  await app.register(async (scope: ZodApp) => {
    if (scope.hasContentTypeParser('text/csv')) scope.removeContentTypeParser('text/csv');
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 4 * 1024 * 1024 }, (_req, body, done) => done(null, decodeCsvBytes(body as Buffer)));

    scope.post('/api/supply-chain/links/import', { schema: { tags, summary: 'Declare many suppliers from text/csv (UTF-8 or Excel’s Shift_JIS): all rows or none, errors per row (Idempotency-Key supported)' } }, async (req, reply) => {
      const actor = actorOf(req);
      if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) throw new ValidationError([{ path: 'csv', message: req.lang === 'ja' ? 'text/csv で送ってください。' : 'Send the file as text/csv.' }]);
      const decoded = req.body as DecodedCsv;
      if (!decoded.ok) throw new ValidationError([{ path: 'csv', message: ENCODING_UNREADABLE[req.lang] }]);
      const parsed = parseLinkCsv(decoded.text, req.lang);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const result = await idempotent(platform, req, async (trx) => {
        const created = await service.declareLinks(actor, trx, parsed.rows, 'csv', req.lang);
        return { status: 200, body: { imported: created.length, items: created } };
      });
      return reply.status(result.status).send(result.body);
    });
  });

  app.get('/api/supply-chain/links/:id', { schema: { tags, summary: 'One link', params: Id } }, async (req) => {
    const actor = actorOf(req);
    return presentLink(await service.getLink(actor, req.params.id), actor.orgId);
  });

  app.post('/api/supply-chain/links/:id/confirm', { schema: { tags, summary: 'The supplier confirms the link', params: Id } }, async (req) => {
    const actor = actorOf(req);
    return presentLink(await service.decideLink(actor, req.params.id, 'confirmed'), actor.orgId);
  });

  app.post('/api/supply-chain/links/:id/reject', { schema: { tags, summary: 'The supplier rejects the link (it is not its customer)', params: Id } }, async (req) => {
    const actor = actorOf(req);
    return presentLink(await service.decideLink(actor, req.params.id, 'rejected'), actor.orgId);
  });

  app.delete('/api/supply-chain/links/:id', { schema: { tags, summary: 'The customer removes a link', params: Id } }, async (req, reply) => {
    await service.removeLink(actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/api/supply-chain/catalogue', { schema: { tags, summary: 'Requirement catalogues (★1–★2 SECURITY ACTION, ★3–★5) and the required-level rules' } }, async (req) => {
    actorOf(req);
    return { ...law.catalogue, requiredLevelRules: { version: law.requiredVersion, rules: law.requiredRules } };
  });

  app.get('/api/supply-chain/assessment', { schema: { tags, summary: 'The caller’s self-assessment: answers, evidence, level reached and missing items, ratings' } }, async (req) => service.assessment(actorOf(req)));

  app.put(
    '/api/supply-chain/assessment/answers/:itemId',
    { schema: { tags, summary: 'Save one answer (autosave)', params: z.object({ itemId: z.string().min(1).max(40) }), body: AnswerInput } },
    async (req) => service.answer(actorOf(req), req.params.itemId, req.body, req.lang),
  );

  app.post('/api/supply-chain/assessment/evidence', { schema: { tags, summary: 'Attach evidence to an answer: a small file (≤ 256 KiB, base64) or a URL', body: EvidenceInput } }, async (req, reply) =>
    reply.status(201).send(await service.addEvidence(actorOf(req), req.body, req.lang)),
  );

  app.get('/api/supply-chain/evidence/:id', { schema: { tags, summary: 'Download evidence (its organisation, or the assessor of its claim)', params: Id } }, async (req, reply) => {
    const e = await service.evidence(actorOf(req), req.params.id);
    if (!e.content) return { url: e.url };
    const type = SAFE_INLINE.has(e.media_type) ? e.media_type : 'application/octet-stream';
    return reply.type(type).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(e.filename)}`).send(e.content);
  });

  app.post(
    '/api/supply-chain/assessment/declare',
    { schema: { tags, summary: 'Declare the level the answers reach; ★4/★5 go to a registered assessor as a claim. 200 with the ones in force when nothing changed (a repeat while the claim is open)', body: DeclareInput } },
    async (req, reply) => {
      const { created, declared } = await service.declare(actorOf(req), req.body, req.lang);
      return reply.status(created ? 201 : 200).send(declared);
    },
  );

  app.get('/api/supply-chain/claims', { schema: { tags, summary: 'Claims addressed to the caller’s organisation as assessor' } }, async (req) => ({ items: await service.claims(actorOf(req)) }));

  app.post('/api/supply-chain/claims/:id/decision', { schema: { tags, summary: 'The addressed assessor confirms or rejects a claim', params: Id, body: ClaimDecision } }, async (req) =>
    service.decideClaim(actorOf(req), req.params.id, req.body, req.lang),
  );

  app.get('/api/supply-chain/assessors', { schema: { tags, summary: 'Registered assessor organisations' } }, async (req) => ({ items: await service.assessors(actorOf(req)) }));

  app.post('/api/supply-chain/assessors', { schema: { tags, summary: 'Register an assessor organisation (national hub admins)', body: AssessorInput } }, async (req, reply) =>
    reply.status(201).send(await service.registerAssessor(actorOf(req), req.body, req.lang)),
  );

  app.get('/api/supply-chain/graph', { schema: { tags, summary: 'Supplier tree with levels, weakest links and alerts (named as far as the caller may see)', querystring: GraphQuery } }, async (req) =>
    graph.graph(actorOf(req), req.query.orgId, req.query.depth),
  );

  app.get('/api/supply-chain/mismatches', { schema: { tags, summary: 'Suppliers below the required level (side=customer) or customers whose requirement the caller misses (side=supplier)', querystring: MismatchQuery } }, async (req) => ({
    items: await graph.mismatches(actorOf(req), req.query.side),
  }));

  app.get('/api/supply-chain/mismatches/summary', { schema: { tags, summary: 'Nation-wide mismatch counts by required and actual level (hub, ministries)' } }, async (req) => ({ items: await graph.summary(actorOf(req)) }));

  app.get('/api/supply-chain/alerts', { schema: { tags, summary: 'Alerts about suppliers below the caller (named only with the reporter’s consent)', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) } }, async (req) => ({
    items: await graph.alerts(actorOf(req), req.query.limit),
  }));

  // Registered here, under the organizations prefix, so the organizations capability stays untouched.
  app.get('/api/organizations/:id/blast-radius', { schema: { tags, summary: 'Customers that depend on the organisation, each with its depth, as far as the caller may see them', params: Id } }, async (req) =>
    graph.blastRadius(actorOf(req), req.params.id),
  );
};

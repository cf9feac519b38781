import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { ValidationError } from '../../platform/http/errors.js';
import { requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { LINK_CSV_TEMPLATE, parseLinkCsv } from './csv.js';
import { supplyGraphService } from './graph.js';
import { loadSupplyChainLaw } from './law.js';
import { presentLink } from './present.js';
import { supplyChainRepository } from './repository.js';
import { AnswerInput, AssessorInput, ClaimDecision, DeclareInput, EvidenceInput, GraphQuery, LinkInput, LinkListQuery, MismatchQuery } from './schema.js';
import { supplyChainService } from './service.js';

const tags = ['supply-chain'];
const Id = z.object({ id: z.uuid() });
const SAFE_INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv']);

export const supplyChainRoutes: CapabilityRoutes = (app, platform) => {
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
  platform.events.subscribe((event) => {
    const p = event.payload as Record<string, unknown>;
    if (event.type === 'incident.submitted' && p.stage === 'initial' && typeof p.reporterOrgId === 'string' && typeof p.id === 'string') {
      const named = p.nameInIntel === true;
      setImmediate(() => void graph.fanOut(p.reporterOrgId as string, 'incident', p.id as string, named).catch((err) => platform.log.error({ err }, 'supply-chain incident alerts failed')));
    }
    if (event.type === 'exposure.notified' && typeof p.ownerOrgId === 'string') {
      // Exposures carry no consent to be named: customers learn the sector only.
      setImmediate(() => void graph.fanOut(p.ownerOrgId as string, 'advisory', event.id, false).catch((err) => platform.log.error({ err }, 'supply-chain advisory alerts failed')));
    }
  });

  // Capabilities share one Fastify scope: the assets capability may already read text/csv as a string.
  if (!app.hasContentTypeParser('text/csv')) app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/api/supply-chain/links', { schema: { tags, summary: 'Declare a supplier of the caller’s organisation; the required level follows from the three questions', body: LinkInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const { supplierOrgId, ...input } = req.body;
    const [created] = await service.declareLinks(actor, [{ input, supplierRef: supplierOrgId, path: '', supplierPath: 'supplierOrgId' }], 'api', req.lang);
    return reply.status(201).send({ id: created!.id, requiredLevel: created!.requiredLevel, requiredRule: created!.requiredRule, status: 'pending' });
  });

  app.get('/api/supply-chain/links', { schema: { tags, summary: 'Links the caller may see (its suppliers, its customers)', querystring: LinkListQuery } }, async (req) => {
    const actor = actorOf(req);
    return { items: (await service.listLinks(actor, req.query)).map((l) => presentLink(l, actor.orgId)) };
  });

  app.get('/api/supply-chain/links/import-template.csv', { schema: { tags, summary: 'CSV template for declaring suppliers' } }, async (req, reply) => {
    actorOf(req);
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="renkei-suppliers-template.csv"').send(`\ufeff${LINK_CSV_TEMPLATE}`);
  });

  app.post('/api/supply-chain/links/import', { schema: { tags, summary: 'Declare many suppliers from text/csv: all rows or none, errors per row' } }, async (req) => {
    const actor = actorOf(req);
    if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) throw new ValidationError([{ path: 'csv', message: req.lang === 'ja' ? 'text/csv で送ってください。' : 'Send the file as text/csv.' }]);
    const parsed = parseLinkCsv(String(req.body ?? ''), req.lang);
    if (!parsed.ok) throw new ValidationError(parsed.errors);
    const created = await service.declareLinks(actor, parsed.rows, 'csv', req.lang);
    return { imported: created.length, items: created };
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

  app.post('/api/supply-chain/assessment/declare', { schema: { tags, summary: 'Declare the level the answers reach; ★4/★5 go to a registered assessor as a claim', body: DeclareInput } }, async (req, reply) =>
    reply.status(201).send(await service.declare(actorOf(req), req.body, req.lang)),
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

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { ValidationError } from '../../platform/http/errors.js';
import { formatPath } from '../../platform/http/error-handler.js';
import { idempotent, idempotentStatement } from '../../platform/http/idempotency.js';
import { requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { localizeIssue } from '../../platform/i18n/messages.js';
import { authorize } from '../../platform/policy/index.js';
import { incidentDrafts } from './drafts.js';
import { loadRegimes } from './regimes.js';
import { DraftBody, PostMessage, ReportBody, SetStatus, SubmitReport, SubmitStage } from './schema.js';
import { incidentsService } from './service.js';
import { reportFromStixBundle, reportToStixBundle } from './stix.js';
import { incidentViews } from './views.js';

const tags = ['incidents'];
const Id = z.object({ id: z.uuid() });
const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const STIX_MEDIA = 'application/stix+json';


/** Parses with the caller's language, so a bad upload reads like a bad form. */
function parseOr400<T extends z.ZodType>(schema: T, data: unknown, req: FastifyRequest, prefix?: string): z.infer<T> {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: formatPath(i.path, prefix), message: localizeIssue(i as z.core.$ZodIssue, req.lang) })));
}

/**
 * The JSON body of POST /api/incidents: `{report, sharing}`, or the unified form's fields alone
 * (an uploaded form file), or — by Content-Type — a STIX 2.1 bundle holding one incident.
 */
async function readSubmission(req: FastifyRequest, contactOf: () => Promise<{ name: string; email: string }>): Promise<SubmitReport> {
  const ctype = String(req.headers['content-type'] ?? '');
  if (ctype.startsWith(STIX_MEDIA)) {
    const converted = reportFromStixBundle(req.body);
    if (!converted.ok) throw new ValidationError(converted.errors);
    // A bundle (an anonymised export, say) may carry no contact: the person filing it is the contact.
    const report = converted.report as Record<string, unknown>;
    if (!report.contact) report.contact = await contactOf();
    // Sharing choices travel as query parameters, since the bundle has no place for them.
    const q = req.query as { share?: string; nameInIntel?: string };
    const sharing = { optionalRegimes: q.share ? q.share.split(',').filter(Boolean) : [], nameInIntel: q.nameInIntel === 'true' };
    return { report: parseOr400(ReportBody, report, req, 'report'), sharing };
  }
  const body = req.body as Record<string, unknown> | null;
  if (body && typeof body === 'object' && !('report' in body) && 'type' in body) {
    return { report: parseOr400(ReportBody, body, req), sharing: { optionalRegimes: [], nameInIntel: false } };
  }
  return parseOr400(SubmitReport, body, req);
}

export const incidentsRoutes: CapabilityRoutes = (app, platform) => {
  const regimes = loadRegimes(platform.law);
  const service = incidentsService(platform, regimes);
  const views = incidentViews(platform, regimes);
  const drafts = incidentDrafts(platform);

  // STIX bundles arrive as application/stix+json;version=2.1.
  app.addContentTypeParser(STIX_MEDIA, { parseAs: 'string', bodyLimit: platform.config.bodyLimitBytes }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined);
    }
  });

  const overdue = setInterval(() => void service.checkOverdue().catch((err) => platform.log.error({ err }, 'overdue check failed')), 60_000);
  overdue.unref();
  app.addHook('onClose', async () => clearInterval(overdue));

  app.get('/api/incident-regimes', { schema: { tags, summary: 'Reporting regimes (law/incident-regimes.json)' } }, async (req) => {
    actorOf(req);
    return {
      items: regimes.map((r) => ({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        basis: r.basis,
        basisEn: r.basisEn,
        optional: r.optional,
        toConfirm: r.toConfirm,
        recipients: r.recipients,
        appliesWhen: r.appliesWhen,
        fields: r.fields,
        stages: r.stages.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, note: s.note ?? null, noteEn: s.noteEn ?? null, appliesWhen: s.appliesWhen, due: s.due ?? null })),
      })),
    };
  });

  app.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'File a report once: JSON ({report, sharing} or the form’s fields) or a STIX 2.1 bundle (sharing then by ?share=police,nis2&nameInIntel=true). Idempotency-Key supported.',
        querystring: z.object({ share: z.string().max(200).optional(), nameInIntel: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const input = await readSubmission(req, async () => {
        const me = await platform.actors.resolve(actor.userId, actor.orgId, actor.via);
        return { name: me?.row.display_name ?? actor.userId, email: me?.row.email ?? '' };
      });
      // One statement, no transaction: the report and the answer to its Idempotency-Key commit together.
      const result = await idempotentStatement(platform, req, 201, (db, keyRows) => service.submit(actor, db, input, req.lang, keyRows));
      return reply.status(201).send(result.body);
    },
  );

  // A bundle from another tool rarely carries every field of the form (STIX has no business impact):
  // the dashboard loads the converted fields into the form, where the reporter completes and checks them.
  app.post('/api/incidents/from-stix', { schema: { tags, summary: 'A STIX 2.1 bundle converted to the report form’s fields, for review; nothing is filed or stored' } }, async (req) => {
    authorize(actorOf(req), 'create', { type: 'incidents' });
    if (!String(req.headers['content-type'] ?? '').startsWith(STIX_MEDIA)) throw new ValidationError([{ path: '', message: 'Send a STIX 2.1 bundle as application/stix+json.', messageJa: 'STIX 2.1 バンドルを application/stix+json で送ってください。' }]);
    const converted = reportFromStixBundle(req.body);
    if (!converted.ok) throw new ValidationError(converted.errors);
    return { report: converted.report };
  });

  app.get(
    '/api/incidents',
    { schema: { tags, summary: 'Reports the caller may see: its own and its inbox', querystring: z.object({ box: z.enum(['sent', 'inbox']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() }) } },
    async (req) => views.list(actorOf(req), req.query),
  );

  app.get('/api/incidents/:id', { schema: { tags, summary: 'The caller’s view of one report', params: Id } }, async (req) => views.view(actorOf(req), req.params.id));

  app.post('/api/incidents/:id/stages', { schema: { tags, summary: 'Submit an update or the final report', params: Id, body: SubmitStage } }, async (req, reply) => {
    const actor = actorOf(req);
    const result = await idempotent(platform, req, async (trx) => ({ status: 201, body: await service.submitStage(actor, trx, req.params.id, req.body, req.lang) }));
    return reply.status(201).send(result.body);
  });

  app.get('/api/incidents/:id/versions/:version', { schema: { tags, summary: 'One stage as submitted', params: z.object({ id: z.uuid(), version: z.coerce.number().int().positive() }) } }, async (req) =>
    views.version(actorOf(req), req.params.id, req.params.version),
  );

  app.get(
    '/api/incidents/:id/diff',
    { schema: { tags, summary: 'What changed between two stages', params: Id, querystring: z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() }) } },
    async (req) => views.diff(actorOf(req), req.params.id, req.query.from, req.query.to),
  );

  app.get(
    '/api/incidents/:id/export',
    { schema: { tags, summary: 'The caller’s view as JSON or STIX 2.1 (reporter anonymised unless it allowed naming)', params: Id, querystring: z.object({ format: z.enum(['json', 'stix']).default('json') }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { row, reporter, report, mayName } = await views.exportData(actor, req.params.id);
      reply.header('Content-Disposition', `attachment; filename="${row.reference}.${req.query.format === 'stix' ? 'stix.json' : 'json'}"`);
      if (req.query.format === 'json') return { reference: row.reference, stage: row.current_stage, version: row.version, report };
      reply.type(`${STIX_MEDIA};version=2.1`);
      return reportToStixBundle({
        id: row.id,
        reference: row.reference,
        report,
        reporter: mayName ? { name: reporter.name, sectors: reporter.sectors } : null,
        sectors: reporter.sectors,
        tlp: row.tlp as 'amber+strict',
        createdAt: row.submitted_at.toISOString(),
        modifiedAt: row.updated_at.toISOString(),
      });
    },
  );

  app.put('/api/incidents/:id/deliveries/:deliveryId/status', { schema: { tags, summary: 'Recipient: received → triaged → supporting → closed', params: DeliveryParams, body: SetStatus } }, async (req, reply) => {
    await views.setStatus(actorOf(req), req.params.id, req.params.deliveryId, req.body.status);
    return reply.status(204).send();
  });

  app.post('/api/incidents/:id/deliveries/:deliveryId/messages', { schema: { tags, summary: 'A question or an answer in one recipient’s thread', params: DeliveryParams, body: PostMessage } }, async (req, reply) => {
    return reply.status(201).send(await views.postMessage(actorOf(req), req.params.id, req.params.deliveryId, req.body.body));
  });

  app.get('/api/incident-drafts', { schema: { tags, summary: 'My autosaved drafts' } }, async (req) => ({ items: await drafts.list(actorOf(req)) }));
  app.post('/api/incident-drafts', { schema: { tags, summary: 'Start a draft', body: DraftBody } }, async (req, reply) => reply.status(201).send(await drafts.create(actorOf(req), req.body.content)));
  app.get('/api/incident-drafts/:id', { schema: { tags, summary: 'One draft', params: Id } }, async (req) => drafts.get(actorOf(req), req.params.id));
  app.put('/api/incident-drafts/:id', { schema: { tags, summary: 'Autosave a draft', params: Id, body: DraftBody } }, async (req) => drafts.save(actorOf(req), req.params.id, req.body.content));
  app.delete('/api/incident-drafts/:id', { schema: { tags, summary: 'Discard a draft', params: Id } }, async (req, reply) => {
    await drafts.remove(actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};

import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { decodeCursor, encodeCursor, requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { ackFigures, presentAlert } from './present.js';
import { Acknowledge, AlertListQuery, IssueAlert, RegisterWebhook } from './schema.js';
import { alertsService } from './service.js';
import { webhookRegistry, webhookWorker } from './webhooks.js';

const tags = ['alerts'];
const Id = z.object({ id: z.uuid() });

export const alertsRoutes: CapabilityRoutes = (app, platform) => {
  const service = alertsService(platform);
  const webhooks = webhookRegistry(platform);
  const worker = webhookWorker(platform, service, platform.log);

  // The sweeper: unacknowledged alerts escalate on time (like the advisories' reminders); the webhook
  // queue is worked after every issue and every few seconds as a safety net (retries come due).
  const sweep = setInterval(() => void service.escalateDue().catch((err) => platform.log.error({ err }, 'alert escalation failed')), 60_000);
  const deliver = setInterval(() => void worker.kick(), 5_000);
  sweep.unref();
  deliver.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearInterval(deliver);
  });

  app.post(
    '/api/alerts',
    { schema: { tags, summary: 'Issue a CAP 1.2 alert, update or cancellation to sectors and/or organisations (hub: any; ministry: its competent sectors). Idempotency-Key supported.', body: IssueAlert } },
    async (req, reply) => {
      const actor = actorOf(req);
      const result = await idempotent(platform, req, async (trx) => ({ status: 201, body: await service.issue(actor, trx, req.body, req.lang) }));
      void worker.kick();
      return reply.status(result.status).send(result.body);
    },
  );

  app.get('/api/alerts', { schema: { tags, summary: 'Real alerts the caller may see (issued by it, addressed to it or its sectors), newest first; never exercise data', querystring: AlertListQuery } }, async (req) => {
    const actor = actorOf(req);
    const c = decodeCursor(req.query.cursor);
    const rows = await service.list(actor, { box: req.query.box, limit: req.query.limit, before: c });
    const last = rows.at(-1);
    return {
      items: rows.map((r) => ({
        ...presentAlert(r, { slug: r.issuer_slug, name: r.issuer_name, nameEn: r.issuer_name_en }),
        addressedToMe: r.my_org_id !== null,
        acknowledgedAt: r.my_acknowledged_at?.toISOString() ?? null,
        // The acknowledgement rate is the issuer's (and the hub's) figure.
        figures: r.issuer_org_id === actor.orgId || actor.orgKind === 'national_hub' ? ackFigures(r.recipient_count, r.acknowledged_count) : null,
      })),
      nextCursor: rows.length === req.query.limit && last ? encodeCursor(last.sent_at, last.id) : null,
    };
  });

  app.get('/api/alerts/escalations', { schema: { tags, summary: 'Escalated, still unacknowledged alerts: a ministry sees its sectors’ organisations, the hub all, a company its own' } }, async (req) => {
    const rows = await service.escalations(actorOf(req));
    return {
      items: rows.map((r) => ({
        alertId: r.alert_id,
        severity: r.severity,
        sentAt: r.sent_at.toISOString(),
        headline: (r.infos as { ja: { headline: string }; en?: { headline: string } }).ja.headline,
        headlineEn: (r.infos as { en?: { headline: string } }).en?.headline ?? null,
        organization: { id: r.org_id, slug: r.slug, name: r.name, nameEn: r.name_en },
        escalationLevel: r.escalation_level,
        escalatedAt: r.escalated_at?.toISOString() ?? null,
      })),
    };
  });

  app.get('/api/alerts/webhook', { schema: { tags, summary: 'The caller organisation’s alert webhook (admins; the secret is never returned)' } }, async (req) => ({ webhook: await webhooks.get(actorOf(req)) }));
  app.put('/api/alerts/webhook', { schema: { tags, summary: 'Register the organisation’s alert webhook: deliveries are POSTed with X-Renkei-Signature = sha256=HMAC(secret, timestamp + "." + body)', body: RegisterWebhook } }, async (req) => ({
    webhook: await webhooks.put(actorOf(req), req.body, req.lang),
  }));
  app.delete('/api/alerts/webhook', { schema: { tags, summary: 'Remove the organisation’s alert webhook' } }, async (req, reply) => {
    await webhooks.remove(actorOf(req));
    return reply.status(204).send();
  });

  app.get('/api/alerts/:id', { schema: { tags, summary: 'One alert; for its issuer and the hub with every recipient’s acknowledgement and the rate', params: Id } }, async (req) => service.get(actorOf(req), req.params.id));

  app.post('/api/alerts/:id/acknowledge', { schema: { tags, summary: 'Acknowledge an alert addressed to the caller’s organisation (once; a repeat returns the first)', params: Id, body: Acknowledge } }, async (req) =>
    service.acknowledge(actorOf(req), req.params.id, req.body.note),
  );

  app.get('/api/alerts/:id/cap.xml', { schema: { tags, summary: 'The alert as CAP 1.2 XML (OASIS, valid against CAP-v1.2.xsd)', params: Id } }, async (req, reply) => {
    const xml = await service.capXml(actorOf(req), req.params.id);
    reply.header('Content-Disposition', `attachment; filename="alert-${req.params.id}.cap.xml"`);
    return reply.type('application/cap+xml; charset=utf-8').send(xml);
  });
};

import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { decodeCursor, encodeCursor, requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { loadDeadlineRules, ruleLabel } from './deadlines.js';
import { explanationIn } from './reason-text.js';
import { AssetChanged, ExposureQuery, NotificationQuery, SetNotificationStatus } from './schema.js';
import { advisoriesService } from './service.js';

const tags = ['advisories'];
const Id = z.object({ id: z.uuid() });


export const advisoriesRoutes: CapabilityRoutes = (app, platform) => {
  const service = advisoriesService(platform);
  const rules = loadDeadlineRules();

  // The registry announces new and changed assets; they are matched against every past advisory.
  platform.events.subscribe((event) => {
    if (event.type !== 'asset.changed') return;
    const payload = AssetChanged.safeParse(event.payload);
    if (!payload.success) return void platform.log.error({ issues: payload.error.issues, eventId: event.id }, 'asset.changed event without asset ids');
    const { assetIds, asset } = payload.data;
    setImmediate(() => void service.retroMatch(assetIds, asset).catch((err) => platform.log.error({ err }, 'retro-matching assets failed')));
  });

  const reminders = setInterval(() => void service.remindDue().catch((err) => platform.log.error({ err }, 'exposure reminders failed')), 60_000);
  reminders.unref();
  app.addHook('onClose', async () => clearInterval(reminders));

  // Retro-matches commit asynchronously; what a crash (of this node or of the database) lost is still
  // pending (migration 0064). Swept once the app is ready and every minute; close waits for a sweep in flight.
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sweeping.then(() => service.sweepPending()).catch((err) => platform.log.error({ err }, 'sweeping pending retro-matches failed'));
  };
  const sweeper = setInterval(sweep, 60_000);
  sweeper.unref();
  app.addHook('onReady', async () => sweep());
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await sweeping;
  });

  app.post(
    '/api/advisories/aliases',
    {
      schema: {
        tags,
        summary: 'Declare a product name (name:<vendor>:<product>) to be a CPE or purl identity; affected advisories are matched again',
        body: z.object({ from: z.string().regex(/^name:/).max(500), to: z.string().regex(/^(cpe|purl):/).max(500) }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.addAlias(actorOf(req), req.body.from, req.body.to)),
  );

  app.post(
    '/api/advisories',
    { schema: { tags, summary: 'Publish an advisory: a CSAF 2.0 document, a CVE JSON 5 record, the KEV catalogue (only what changed) or a manual advisory — recognised by content' } },
    async (req, reply) => reply.status(201).send(await service.ingest(actorOf(req), req.body, req.lang)),
  );

  app.get('/api/advisories/:id', { schema: { tags, summary: 'One advisory with its statements', params: Id } }, async (req) => {
    const a = await service.get(actorOf(req), req.params.id);
    return {
      id: a.id,
      source: a.source,
      sourceId: a.source_id,
      title: a.title,
      cveIds: a.cve_ids,
      severity: a.severity,
      cvssScore: a.cvss_score,
      cvssVector: a.cvss_vector,
      knownExploited: a.known_exploited,
      remediation: a.remediation,
      statements: a.statements,
      updatedAt: a.updated_at.toISOString(),
    };
  });

  app.get('/api/notifications', { schema: { tags, summary: 'Exposures of the caller’s assets (owned or operated), with the advisory’s CVE ids and the matched asset', querystring: NotificationQuery } }, async (req) => {
    const actor = actorOf(req);
    const c = decodeCursor(req.query.cursor);
    const rows = await service.listNotifications(actor, { ...req.query, after: c && { due: c.at, id: c.id } });
    const now = new Date();
    const last = rows.at(-1);
    // In the reader's language: the engine's explanation, worded from the structured fields stored with
    // it (as the dashboard words them), and the deadline rule's name as the law data gives it.
    const reasonFor = (reason: Record<string, unknown>) => ({
      ...reason,
      ...(typeof reason['explanation'] === 'string' ? { explanation: explanationIn(reason, req.lang) } : {}),
      ...(typeof reason['deadlineRule'] === 'string' ? { deadlineRule: ruleLabel(rules, reason['deadlineRule'], req.lang) } : {}),
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        verdict: r.verdict,
        status: r.status,
        justification: r.justification,
        note: r.status_note,
        statusChangedAt: r.status_changed_at?.toISOString() ?? null,
        severity: r.severity,
        knownExploited: r.known_exploited,
        dueAt: r.due_at.toISOString(),
        overdue: ['notified', 'acknowledged'].includes(r.status) && r.due_at < now,
        reason: reasonFor(r.reason),
        advisory: { id: r.advisory_id, source: r.source, sourceId: r.source_id, title: r.title, cveIds: r.cve_ids, cvssScore: r.cvss_score, remediation: r.remediation },
        asset: { id: r.asset_id, name: r.asset_name, version: r.asset_version, category: r.asset_category, placement: r.placement, orgId: r.asset_org_id, orgName: r.org_name, orgNameEn: r.org_name_en, orgSectors: r.org_sectors, operatorOrgId: r.operator_org_id },
        abilities: { update: r.asset_org_id === actor.orgId || r.operator_org_id === actor.orgId },
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: rows.length === req.query.limit && last ? encodeCursor(last.due_at, last.id) : null,
    };
  });

  app.put('/api/notifications/:id/status', { schema: { tags, summary: 'acknowledged → mitigated / fixed, or not_affected with a VEX justification', params: Id, body: SetNotificationStatus } }, async (req, reply) => {
    await service.setStatus(actorOf(req), req.params.id, req.body);
    return reply.status(204).send();
  });

  app.get('/api/exposure', { schema: { tags, summary: 'Open exposures by severity, exploitation, overdue, category and placement', querystring: ExposureQuery } }, async (req) => {
    const rows = await service.summary(actorOf(req), req.query.scope);
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) (out[r.dimension] ??= {})[r.value] = r.n;
    return { scope: req.query.scope, open: Object.values(out.verdict ?? {}).reduce((a, b) => a + b, 0), by: out };
  });
};

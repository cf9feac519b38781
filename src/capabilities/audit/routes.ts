import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { UnauthorizedError } from '../../platform/http/errors.js';
import { authorize, can } from '../../platform/policy/index.js';

const AuditQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const AuditItem = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  outcome: z.string(),
  hash: z.string(),
});

/** The audit trail, newest first: an organisation's admins see their own entries, the hub's admins all. */
export const auditRoutes: CapabilityRoutes = (app, platform) => {
  app.get(
    '/api/audit',
    { schema: { tags: ['audit'], summary: 'Audit trail (admins)', querystring: AuditQuery, response: { 200: z.object({ items: z.array(AuditItem), nextBefore: z.number().nullable() }) } } },
    async (req) => {
      const actor = req.actor;
      if (!actor) throw new UnauthorizedError();
      authorize(actor, 'read', { type: 'audit_log', orgId: actor.orgId });
      const all = can(actor, 'read', { type: 'audit_log', orgId: null });
      let q = platform.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(req.query.limit);
      if (!all) q = q.where('actor_org_id', '=', actor.orgId);
      if (req.query.before) q = q.where('seq', '<', req.query.before);
      const rows = await q.execute();
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorUserId: r.actor_user_id,
          actorOrgId: r.actor_org_id,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          outcome: r.outcome,
          hash: r.hash,
        })),
        nextBefore: rows.length === req.query.limit ? rows.at(-1)!.seq : null,
      };
    },
  );
};

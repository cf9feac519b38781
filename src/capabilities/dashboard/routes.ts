import type { CapabilityRoutes } from '../../platform/http/app.js';
import { requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { DrillQuery, TileParams } from './schema.js';
import { dashboardService } from './service.js';

const tags = ['dashboard'];

/** The shared home: which tiles the caller's audience gets, each tile's figures, and the lists only it computes. */
export const dashboardRoutes: CapabilityRoutes = (app, platform) => {
  const service = dashboardService(platform);

  app.get('/api/dashboard', { schema: { tags, summary: 'The caller’s home: its audience (national, ministry, company, isac) and its tiles, in order' } }, async (req) => service.home(actorOf(req)));

  app.get('/api/dashboard/tiles/:tile', { schema: { tags, summary: 'One tile’s figures, each the count of a list the caller can open (exercise data never counted)', params: TileParams } }, async (req) =>
    service.tile(actorOf(req), req.params.tile),
  );

  app.get('/api/dashboard/overdue', { schema: { tags, summary: 'Report stages past their deadline: owed to the caller (authorities) or by it (reporters)', querystring: DrillQuery } }, async (req) =>
    service.overdueList(actorOf(req), req.query.limit),
  );

  app.get('/api/dashboard/correlations', { schema: { tags, summary: 'Observables in the caller’s ISAC community seen by two or more organisations (counts only)', querystring: DrillQuery } }, async (req) =>
    service.correlationList(actorOf(req), req.query.limit),
  );
};

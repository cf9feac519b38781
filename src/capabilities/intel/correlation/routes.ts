import type { CapabilityRoutes } from '../../../platform/http/app.js';
import { ValidationError } from '../../../platform/http/errors.js';
import { decodeCursor, encodeCursor, requireActor as actorOf } from '../../../platform/http/request-helpers.js';
import { canonicalObservable, guessObservable } from './observable-input.js';
import { ObservableQuery, WarningListQuery } from './schema.js';
import { incidentIndicatorFeed } from './incident-feed.js';
import { correlationService, INCIDENT_INDICATORS_EVENT } from './service.js';

const tags = ['intel'];

/** Correlation endpoints; registered by intel/routes.ts (the store engineer's capability entry). */
export const correlationRoutes: CapabilityRoutes = (app, platform) => {
  const service = correlationService(platform);

  // Incident reports' indicators flow in as sightings. Every node hears every event; recording is
  // idempotent (one sighting per observable × report, one warning per observable × window).
  const feed = incidentIndicatorFeed((events) => service.recordIncidentIndicators(events));
  platform.events.subscribe((event) => {
    if (event.type !== INCIDENT_INDICATORS_EVENT) return;
    feed(event).catch((err) => platform.log.error({ err }, 'recording incident indicators failed'));
  });

  app.get(
    '/api/intel/observables',
    { schema: { tags, summary: 'Where an observable was seen (as far as the caller may know) and the visible objects that mention it; kind guessed when left out', querystring: ObservableQuery } },
    async (req) => {
      const actor = actorOf(req);
      const { kind, value } = req.query;
      const c = kind ? canonicalObservable(kind.toLowerCase(), value) : guessObservable(value);
      if (!c.ok) {
        throw new ValidationError([{ path: 'value', message: req.lang === 'ja' ? '観測値として認識できません。' : `Not a recognisable observable (${c.reason}).` }]);
      }
      return service.lookup(actor, c.observable);
    },
  );

  app.get(
    '/api/intel/early-warnings',
    { schema: { tags, summary: 'Early warnings addressed to the caller (national hub, competent authorities), newest first', querystring: WarningListQuery } },
    async (req) => {
      const actor = actorOf(req);
      const c = decodeCursor(req.query.cursor);
      const rows = await service.listWarnings(actor, { limit: req.query.limit, before: c });
      const last = rows.at(-1);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          value: r.value,
          organisations: r.organisations,
          sectors: r.sectors,
          sectorCodes: r.sector_codes,
          windowHours: r.window_hours,
          firedAt: new Date(r.fired_at).toISOString(),
        })),
        next: rows.length === req.query.limit && last ? encodeCursor(new Date(last.fired_at), last.id) : null,
      };
    },
  );
};

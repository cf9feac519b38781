import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { requireActor as actorOf } from '../../platform/http/request-helpers.js';
import { CreateExercise, Respond } from './schema.js';
import { exercisesService } from './service.js';

const tags = ['exercises'];
const Id = z.object({ id: z.uuid() });
const InjectParams = z.object({ id: z.uuid(), injectId: z.uuid() });

/** How often the scheduler looks for due injects (the database holds the timeline, so this is only latency). */
const TICK_MS = 1_000;

export const exercisesRoutes: CapabilityRoutes = (app, platform) => {
  const service = exercisesService(platform);

  // The scheduler: due injects are claimed from the database, so after a restart the first tick fires
  // whatever came due meanwhile, and several nodes never fire one twice.
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await service.fireDue(new Date(), platform.log);
    } catch (err) {
      platform.log.error({ err }, 'exercise scheduler failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.post('/api/exercises', { schema: { tags, summary: 'Create an exercise: a named scenario of timed injects for participating organisations (hub, or a ministry for its sectors). Idempotency-Key supported.', body: CreateExercise } }, async (req, reply) => {
    const actor = actorOf(req);
    const result = await idempotent(platform, req, async (trx) => ({ status: 201, body: await service.create(actor, trx, req.body, req.lang) }));
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/exercises', { schema: { tags, summary: 'Exercises the caller organises or takes part in, newest first' } }, async (req) => ({ items: await service.list(actorOf(req)) }));

  app.get('/api/exercises/:id', { schema: { tags, summary: 'One exercise: the organiser sees the whole scenario, a participant the injects that have fired and its answers', params: Id } }, async (req) =>
    service.get(actorOf(req), req.params.id),
  );

  app.post('/api/exercises/:id/start', { schema: { tags, summary: 'Start the exercise: each inject fires at its offset from now', params: Id } }, async (req) => {
    const result = await service.start(actorOf(req), req.params.id, req.lang);
    void tick();
    return result;
  });

  app.post('/api/exercises/:id/end', { schema: { tags, summary: 'End the exercise; injects not yet fired never will be', params: Id } }, async (req) => service.end(actorOf(req), req.params.id, req.lang));

  app.post(
    '/api/exercises/:id/injects/:injectId/respond',
    { schema: { tags, summary: 'A participant acknowledges an advisory inject or files the synthetic report an incident inject asks for (once)', params: InjectParams, body: Respond } },
    async (req) => service.respond(actorOf(req), req.params.id, req.params.injectId, req.body, req.lang),
  );

  app.get('/api/exercises/:id/report', { schema: { tags, summary: 'The after-action report: per organisation, acknowledgement and reporting times (a participant sees its own row)', params: Id } }, async (req) =>
    service.report(actorOf(req), req.params.id),
  );
};

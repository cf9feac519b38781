import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../http/errors.js';
import { can } from '../policy/index.js';
import type { Actor } from '../policy/types.js';
import type { ZodApp } from '../http/app.js';
import type { Platform } from '../platform.js';
import { eventsAfter } from './dispatcher.js';
import { RecentIds } from './recent-ids.js';
import type { DomainEvent } from './types.js';

const frames = new WeakMap<DomainEvent, string>();

/**
 * The part of an event a browser receives; visibility rules stay on the server. Frames are unnamed
 * (the type is inside the data) so EventSource.onmessage sees every one of them.
 */
function frame(event: DomainEvent): string {
  // Every stream that may read an event gets the same object from the bus: serialize it once.
  let text = frames.get(event);
  if (text === undefined) {
    const data = JSON.stringify({ id: event.id, seq: event.seq, type: event.type, payload: event.payload, createdAt: event.createdAt });
    frames.set(event, (text = `id: ${event.seq}\ndata: ${data}\n\n`));
  }
  return text;
}

/**
 * GET /api/events: Server-Sent Events, each connection receiving only the events its caller may read.
 * A reconnecting browser sends Last-Event-ID and first receives what it missed, so it never shows
 * stale data as current.
 */
export function registerEventStream(app: ZodApp, platform: Platform): void {
  app.get('/api/events', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.actor) throw new UnauthorizedError();
    let actor: Actor = req.actor;
    const sessionId = req.sessionId;
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : null;
    /** The caller as of now: a logout, revocation or role change takes effect on an open stream too. */
    const revalidate = async (): Promise<Actor | null> => {
      const owner = sessionId ? await platform.sessions.find(sessionId) : bearer ? await platform.tokens.verify(bearer) : null;
      if (!owner) return null;
      return (await platform.actors.resolve(owner.userId, owner.orgId, actor.via))?.actor ?? null;
    };
    const lastHeader = req.headers['last-event-id'];
    const resumeFrom = typeof lastHeader === 'string' && /^\d+$/.test(lastHeader) ? Number(lastHeader) : null;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');

    // Nodes publish outbox ranges concurrently, so events may arrive slightly out of seq order:
    // de-duplicate by id (bounded), not by "seq already passed".
    const sent = new RecentIds(5000);
    let replaying = resumeFrom !== null;
    const held: DomainEvent[] = [];
    // The frames of one hand-over (a group commit's events arrive together) leave in one socket
    // write: held back until the current tick ends. A write is a system call, which costs more on our
    // VMs than building the frame.
    let corked = false;
    const send = (e: DomainEvent) => {
      if (!can(actor, 'read', { type: 'event', marking: e.visibility }) || !sent.firstTime(e.id)) return;
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(() => {
          corked = false;
          res.uncork();
        });
      }
      res.write(frame(e));
    };
    const unsubscribe = platform.events.subscribe((e) => (replaying ? held.push(e) : send(e)));
    const heartbeat = setInterval(() => {
      revalidate()
        .then((current) => {
          if (!current) return res.end();
          actor = current;
          res.write(': keep-alive\n\n');
        })
        .catch(() => res.end());
    }, platform.config.sseHeartbeatMs);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.raw.on('close', close);

    if (resumeFrom !== null) {
      // The response is already streaming: a failed replay can only end the stream (the browser
      // reconnects and tries again), not turn into an error response.
      try {
        let batch: DomainEvent[];
        let after = resumeFrom;
        do {
          batch = await eventsAfter(platform.db, after);
          batch.forEach(send);
          after = batch.at(-1)?.seq ?? after;
        } while (batch.length > 0);
      } catch (err) {
        req.log.warn({ err }, 'SSE replay failed; closing the stream');
        res.end();
      } finally {
        replaying = false;
        held.sort((a, b) => a.seq - b.seq).forEach(send);
      }
    }
  });
}

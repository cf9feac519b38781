import type { DomainEvent } from '../../../platform/events/types.js';

/** How many reports' indicators one recording transaction takes at most. */
const MAX_BATCH = 256;

/**
 * Feeds incident-indicator events to the recorder one batch at a time. Filing bursts share campaign
 * indicators, so one transaction per report made every report wait for the row locks on the same hot
 * observables (and paid one statement pair each); with a single writer per node, the events that
 * arrive while a batch is being recorded become the next batch, recorded by one statement pair.
 * The returned promise settles when the event's own batch is committed (or failed).
 */
export function incidentIndicatorFeed(record: (events: DomainEvent[]) => Promise<void>) {
  let queue: { event: DomainEvent; done: (err?: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        try {
          await record(batch.map((b) => b.event));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      running = false;
    }
  }

  return (event: DomainEvent): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ event, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!running) setImmediate(() => void drain());
    });
}

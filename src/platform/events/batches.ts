import { performance } from 'node:perf_hooks';

export interface BatchOptions {
  /** The most items one batch carries. */
  max?: number;
  /**
   * The least time between the starts of two batches. Under a burst, recording as soon as the previous
   * batch ends makes batches as small as the recorder is fast, and each costs its own statements and
   * commit; spacing them gathers more per batch. An item arriving after a quiet spell is not delayed.
   */
  spacingMs?: number;
}

/**
 * Hands work to `record` one batch at a time, per node: whatever arrives while a batch is being
 * recorded becomes the next batch (at most `max` items). For event subscribers whose per-event
 * transactions would fight over the same rows or repeat the same query during a burst of filings.
 * The returned promise settles when the item's own batch is committed (or failed).
 */
export function batchesOf<T>(record: (items: T[]) => Promise<void>, { max = 256, spacingMs = 0 }: BatchOptions = {}) {
  let queue: { item: T; done: (err?: unknown) => void }[] = [];
  // Set when a drain is scheduled, not when it starts: two items in one tick must not start two drains.
  let running = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  async function drain(): Promise<void> {
    try {
      while (queue.length) {
        const wait = lastStart + spacingMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastStart = performance.now();
        const batch = queue.slice(0, max);
        queue = queue.slice(batch.length);
        try {
          await record(batch.map((b) => b.item));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err);
        }
      }
    } finally {
      running = false;
    }
  }

  return (item: T): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
}

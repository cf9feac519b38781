/**
 * Hands work to `record` one batch at a time, per node: whatever arrives while a batch is being
 * recorded becomes the next batch (at most `max` items). For event subscribers whose per-event
 * transactions would fight over the same rows or repeat the same query during a burst of filings.
 * The returned promise settles when the item's own batch is committed (or failed).
 */
export function batchesOf<T>(record: (items: T[]) => Promise<void>, max = 256) {
  let queue: { item: T; done: (err?: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length) {
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
      if (!running) setImmediate(() => void drain());
    });
}

/**
 * Group commit: writes that arrive while earlier ones are in flight are combined into ONE statement,
 * so they share its round trip, its parse and plan, and its COMMIT (one WAL flush instead of many).
 *
 * Nothing is delayed on purpose: an item is sent at once when fewer than `maxInFlight` statements are
 * running; otherwise it waits for the next one to finish and goes with everything that queued
 * meanwhile (at most `maxBatch`). Under light load every write is a statement of its own, as before;
 * under heavy load the batches grow by themselves. Each item's promise settles only after the
 * statement that carries it has answered, i.e. after the commit that contains it.
 *
 * A batch that the database refused (it answered with an error, so the statement rolled back whole)
 * fails none of its members by itself: each of them is then run again as a statement of its own, so
 * only the member that is really at fault (a reused Idempotency-Key, say) gets the error, and its
 * batch-mates commit without it. Any other failure (the connection dropped: the statement may have
 * committed) is every member's error, as it would have been alone: running them again could file a
 * report without an Idempotency-Key twice.
 */
export interface GroupCommitOptions {
  /** Statements running at once (each holds one pool connection and one PostgreSQL backend). */
  maxInFlight: number;
  /** Items per statement at most. */
  maxBatch: number;
  /**
   * Wait one turn of the event loop (setImmediate) before sending, so items that arrive in the same
   * turn go together. For a database that runs statements on this thread (PGlite): a statement there
   * is over before the next request gets to queue behind it, so nothing would ever gather otherwise.
   */
  gatherOneTurn?: boolean;
  /** Whether a failed batch surely wrote nothing, so that its members may be run again alone. */
  rolledBack: (err: unknown) => boolean;
}

interface Queued<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

/** Totals over every GroupCommit of the process (the bench reports filings per statement). */
export const groupCommitTotals = { statements: 0, items: 0, fallbacks: 0 };

export class GroupCommit<T, R> {
  private queue: Queued<T, R>[] = [];
  private inFlight = 0;
  private gathering = false;
  /** How many statements ran and how many items they carried (tests and diagnostics). */
  readonly stats = { statements: 0, items: 0, fallbacks: 0 };

  /** `write(items)` must answer with one result per item, in the same order, or fail as a whole. */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.options.gatherOneTurn) return this.pump();
      if (this.gathering) return;
      this.gathering = true;
      setImmediate(() => {
        this.gathering = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Queued<T, R>[]): Promise<void> {
    this.stats.statements++;
    this.stats.items += batch.length;
    groupCommitTotals.statements++;
    groupCommitTotals.items += batch.length;
    let results: R[];
    try {
      results = await this.write(batch.map((q) => q.item));
    } catch (err) {
      if (batch.length === 1 || !this.options.rolledBack(err)) return batch.forEach((q) => q.reject(err));
      // The statement rolled back whole: nobody's write is in. Each member alone, so that only the
      // one at fault fails. They run side by side: a retry that shares its key with a batch-mate
      // then waits on that key's unique index and is refused once the other commits.
      this.stats.fallbacks++;
      groupCommitTotals.fallbacks++;
      await Promise.all(
        batch.map((q) =>
          this.write([q.item]).then(
            (r) => q.resolve(r[0]!),
            (e: unknown) => q.reject(e),
          ),
        ),
      );
      return;
    }
    if (results.length !== batch.length) {
      const err = new Error(`group commit: ${results.length} results for ${batch.length} items`);
      return batch.forEach((q) => q.reject(err));
    }
    batch.forEach((q, i) => q.resolve(results[i]!));
  }
}

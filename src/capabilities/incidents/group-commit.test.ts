import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** As the service decides: an error the database answered with (it carries an SQLSTATE). */
const rolledBack = (err: unknown) => typeof (err as { code?: unknown }).code === 'string';

/** A write whose statements can be held open, to see what gathers behind them. */
function gatedWrite(fail: (items: string[]) => boolean = () => false) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const write = (items: string[]) => {
    calls.push(items);
    return new Promise<string[]>((resolve, reject) => {
      gates.push(() => (fail(items) ? reject(Object.assign(new Error('duplicate key'), { code: '23505' })) : resolve(items.map((i) => `ok:${i}`))));
    });
  };
  const openAll = async () => {
    // Keep opening until nothing is waiting (fallback statements start after a batch fails).
    for (let round = 0; round < 10; round++) {
      await new Promise((r) => setImmediate(r));
      const open = gates.splice(0);
      if (open.length === 0) break;
      open.forEach((g) => g());
    }
  };
  return { calls, write, openAll };
}

describe('group commit', () => {
  it('sends at once while under maxInFlight, then batches what arrives meanwhile, answering each with its own result', async () => {
    const w = gatedWrite();
    const gc = new GroupCommit(w.write, { maxInFlight: 2, maxBatch: 3, rolledBack });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => gc.submit(x));
    await new Promise((r) => setImmediate(r));
    expect(w.calls).toEqual([['a'], ['b']]);
    await w.openAll();
    expect(await Promise.all(answers)).toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d', 'ok:e', 'ok:f', 'ok:g']);
    // c d e gathered behind a and b (at most maxBatch), then f g.
    expect(w.calls).toEqual([['a'], ['b'], ['c', 'd', 'e'], ['f', 'g']]);
    expect(gc.stats).toEqual({ statements: 4, items: 7, fallbacks: 0 });
  });

  it('a batch that fails is retried member by member: only the member at fault gets the error', async () => {
    const w = gatedWrite((items) => items.includes('bad'));
    const gc = new GroupCommit(w.write, { maxInFlight: 1, maxBatch: 10, rolledBack });
    const first = gc.submit('x');
    const batch = Promise.allSettled(['y', 'bad', 'z'].map((x) => gc.submit(x)));
    await w.openAll();
    expect(await first).toBe('ok:x');
    const settled = await batch;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[0] as PromiseFulfilledResult<string>).value).toBe('ok:y');
    expect(((settled[1] as PromiseRejectedResult).reason as { code: string }).code).toBe('23505');
    expect(w.calls).toEqual([['x'], ['y', 'bad', 'z'], ['y'], ['bad'], ['z']]);
    expect(gc.stats.fallbacks).toBe(1);
  });

  it('a lone item that fails gets its error without a retry', async () => {
    const w = gatedWrite(() => true);
    const gc = new GroupCommit(w.write, { maxInFlight: 2, maxBatch: 10, rolledBack });
    const one = expect(gc.submit('only')).rejects.toThrow('duplicate key');
    await w.openAll();
    await one;
    expect(w.calls).toEqual([['only']]);
  });

  it('a batch that failed without a database answer (it may have committed) fails every member, and none is run again', async () => {
    const calls: string[][] = [];
    const gc = new GroupCommit(
      async (items: string[]) => {
        calls.push(items);
        if (items.length > 1) throw new Error('Connection terminated unexpectedly');
        return items.map((i) => `ok:${i}`);
      },
      { maxInFlight: 1, maxBatch: 10, rolledBack },
    );
    const answers = Promise.allSettled(['p', 'q', 'r'].map((x) => gc.submit(x)));
    const settled = await answers;
    // p went alone; q and r were batched and lost with the connection: both get the error.
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(calls).toEqual([['p'], ['q', 'r']]);
  });

  it('a write answering the wrong number of results fails its members instead of mismatching them', async () => {
    const gc = new GroupCommit(async (items: string[]) => (items.length > 1 ? ['one'] : [`ok:${items[0]}`]), { maxInFlight: 1, maxBatch: 10, rolledBack });
    const settled = await Promise.allSettled(['p', 'q', 'r'].map((x) => gc.submit(x)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });
});

describe('group commit for a database on this thread', () => {
  it('gathers what arrives in the same event-loop turn, even when each statement finishes at once', async () => {
    const calls: string[][] = [];
    const gc = new GroupCommit(async (items: string[]) => (calls.push(items), items.map((i) => `ok:${i}`)), { maxInFlight: 1, maxBatch: 10, gatherOneTurn: true, rolledBack });
    const answers = ['a', 'b', 'c'].map((x) => gc.submit(x));
    expect(await Promise.all(answers)).toEqual(['ok:a', 'ok:b', 'ok:c']);
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(await gc.submit('d')).toBe('ok:d');
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
  });
});

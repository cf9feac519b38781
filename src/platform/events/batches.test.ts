import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { batchesOf } from './batches.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('batchesOf', () => {
  it('never records two batches at once, even when the first items arrive in one tick', async () => {
    let inFlight = 0;
    let most = 0;
    const batches: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const feed = batchesOf<number>(async (items) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      batches.push(items);
      if (batches.length === 1) await held;
      inFlight -= 1;
    });
    const first = [feed(1), feed(2)];
    await nextTurn();
    await nextTurn();
    const later = feed(3);
    await nextTurn();
    release();
    await Promise.all([...first, later]);
    expect(most).toBe(1);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('spaces the starts of batches under a burst, and does not delay an item after a quiet spell', async () => {
    const starts: number[] = [];
    const feed = batchesOf<number>(async () => {
      starts.push(performance.now());
    }, { spacingMs: 60 });
    const t0 = performance.now();
    await feed(1);
    expect(starts[0]! - t0).toBeLessThan(40);
    // Arrives while the spacing since the first batch runs: waits for it, with whatever else came.
    const burst = [feed(2), feed(3)];
    await Promise.all(burst);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(55);
    await new Promise((r) => setTimeout(r, 80));
    const quiet = performance.now();
    await feed(4);
    expect(starts[2]! - quiet).toBeLessThan(40);
  });

  it('keeps batches within max', async () => {
    const sizes: number[] = [];
    const feed = batchesOf<number>(async (items) => {
      sizes.push(items.length);
    }, { max: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => feed(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});

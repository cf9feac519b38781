import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../platform/events/types.js';
import { incidentIndicatorFeed } from './incident-feed.js';

const ev = (n: number) => ({ id: String(n) }) as unknown as DomainEvent;

describe('incident indicator feed', () => {
  it('records one batch at a time; what arrives meanwhile becomes the next batch', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((r) => (release = r));
    const feed = incidentIndicatorFeed(async (events) => {
      batches.push(events.map((e) => e.id));
      if (batches.length === 1) await firstHeld;
    });
    const first = feed(ev(1));
    await new Promise((r) => setImmediate(r));
    const later = [feed(ev(2)), feed(ev(3)), feed(ev(4))];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['1'], ['2', '3', '4']]);
  });

  it('a failed batch rejects its own events only, and the feed goes on', async () => {
    let calls = 0;
    const feed = incidentIndicatorFeed(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
    });
    const a = feed(ev(1));
    await expect(a).rejects.toThrow('connection lost');
    await expect(feed(ev(2))).resolves.toBeUndefined();
  });
});

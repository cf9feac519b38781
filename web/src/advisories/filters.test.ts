import { describe, expect, it } from 'vitest';
import { counts, filtersFrom, toUrl } from './filters';
import type { Notification } from './types';

const notice = (orgSectors: string[], placement = 'internal') => ({ severity: 'high', asset: { orgSectors, placement } }) as unknown as Notification;

describe('a picked count narrows the list to what it counts', () => {
  it('by the owner’s sector, as the server counts: each of several, or none', () => {
    const pick = (value: string) => ({ dimension: 'sector' as const, value });
    expect(counts(notice(['finance']), pick('finance'))).toBe(true);
    expect(counts(notice(['finance', 'credit']), pick('credit'))).toBe(true);
    expect(counts(notice(['finance']), pick('electricity'))).toBe(false);
    expect(counts(notice([]), pick('none'))).toBe(true);
    expect(counts(notice(['finance']), pick('none'))).toBe(false);
  });

  it('by a single value for the other dimensions', () => {
    expect(counts(notice([], 'internet_facing'), { dimension: 'placement', value: 'internet_facing' })).toBe(true);
    expect(counts(notice([], 'internal'), { dimension: 'placement', value: 'internet_facing' })).toBe(false);
  });

  it('a sector link from the dashboard is a pick the page keeps', () => {
    const f = filtersFrom(new URLSearchParams('status=open&by=sector&value=electricity'));
    expect(f).toEqual({ scope: 'all', status: 'open', pick: { dimension: 'sector', value: 'electricity' } });
    expect(toUrl(f)).toBe('/advisories?status=open&by=sector&value=electricity');
  });
});

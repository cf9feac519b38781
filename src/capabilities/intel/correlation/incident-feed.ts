import type { DomainEvent } from '../../../platform/events/types.js';
import { batchesOf } from '../../../platform/events/batches.js';

/**
 * Feeds incident-indicator events to the recorder one batch at a time: the events that arrive while a
 * batch is being recorded become the next one, so a burst of filings costs one transaction per batch
 * (six statements: the reporters, begin, settings, the sightings, early warnings, commit) rather than
 * per report. Batches start at most every 50 ms: recording became fast enough (observables already
 * indexed are only read) that back-to-back batches held two or three reports each. "Seen in N other
 * reports" lags a filing by at most that, and only during a burst.
 */
export function incidentIndicatorFeed(record: (events: DomainEvent[]) => Promise<void>) {
  return batchesOf(record, { spacingMs: 50 });
}

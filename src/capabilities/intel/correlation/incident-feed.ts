import type { DomainEvent } from '../../../platform/events/types.js';
import { batchesOf } from '../../../platform/events/batches.js';

/**
 * Feeds incident-indicator events to the recorder one batch at a time. Filing bursts share campaign
 * indicators, so one transaction per report made every report wait for the row locks on the same hot
 * observables (and paid one statement pair each); with a single writer per node, the events that
 * arrive while a batch is being recorded become the next batch, recorded by one statement pair.
 */
export function incidentIndicatorFeed(record: (events: DomainEvent[]) => Promise<void>) {
  return batchesOf(record);
}

/**
 * Correlation across reporters (issue 5 item 4): the store calls recordSightings() inside its ingest
 * transaction and whereSeen() for its ingest response; the interface agreed with the store (Interface 1).
 * The incidents capability asks whereSeenWithSources() what a report page shows as "seen elsewhere".
 */
export { recordSightings, type Sighting } from './record.js';
export { whereSeen, whereSeenWithSources, type WhereSeen } from './where-seen.js';
export { canonicalObservable, guessObservable } from './observable-input.js';

/**
 * Correlation across reporters (issue 5 item 4): the store calls recordSightings() inside its ingest
 * transaction and whereSeen() for its ingest response; the interface agreed with the store (Interface 1).
 */
export { recordSightings, type Sighting } from './record.js';
export { whereSeen, type WhereSeen } from './where-seen.js';
export { canonicalObservable, guessObservable } from './observable-input.js';

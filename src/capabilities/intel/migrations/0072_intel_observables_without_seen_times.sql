-- First and last seen across every sighting were kept on the observable's row and moved by every
-- batch that mentioned it, so concurrent batches (ingests, incident indicators) that named the same
-- popular observable waited for each other's commits on that row. Nothing read them: where-seen
-- computes first and last seen from the sightings the viewer may see. Recording now only reads an
-- observable that is already indexed (correlation/record.ts).
alter table intel_observables drop column first_seen, drop column last_seen;

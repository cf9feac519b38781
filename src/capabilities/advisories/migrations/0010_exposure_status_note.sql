-- The person's note on a status change is kept beside the VEX justification, not instead of it.
alter table exposures add column status_note text;

-- A VEX justification says why a product is not affected, so it belongs only to not_affected. The
-- status endpoint accepted one with any status and kept it (and a match that came back after "no longer
-- matched" reopened the exposure with that justification still set): such rows claim a verdict nobody
-- made. They lose it, and the table refuses it from now on, whichever writer tries.
update exposures set justification = null where justification is not null and status <> 'not_affected';

alter table exposures add constraint exposures_justification_only_when_not_affected
  check (justification is null or status = 'not_affected');

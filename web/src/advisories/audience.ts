import type { OrganizationKind } from '../api/types';
import type { ExposureScope } from './types';

/**
 * Which counts the page shows: companies their own, a ministry its sectors', the national hub the
 * nation's (GET /api/exposure). Outside the organisation's own scope the counts cover equipment whose
 * notifications mostly reach only its owner and operator, so the list below them is a part of them.
 */
export function exposureScopeFor(kind: OrganizationKind): ExposureScope {
  if (kind === 'national_hub') return 'national';
  if (kind === 'ministry') return 'sector';
  return 'organization';
}

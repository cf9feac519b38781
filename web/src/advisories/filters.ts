import { SUMMARY_DIMENSIONS, type ListScope, type Notification, type StatusFilter, type SummaryDimension, EXPOSURE_STATUSES } from './types';

/** The list's state in the URL: server-side scope and status, and at most one count picked in the summary. */
export type ListFilters = { scope: ListScope; status: StatusFilter; pick: { dimension: SummaryDimension; value: string } | null };

export function filtersFrom(params: URLSearchParams): ListFilters {
  const scope = params.get('scope');
  const status = params.get('status') ?? '';
  const dimension = params.get('by');
  const value = params.get('value');
  return {
    scope: scope === 'own' || scope === 'operated' ? scope : 'all',
    status: status === 'open' || (EXPOSURE_STATUSES as readonly string[]).includes(status) ? (status as StatusFilter) : '',
    pick: dimension && value && (SUMMARY_DIMENSIONS as readonly string[]).includes(dimension) ? { dimension: dimension as SummaryDimension, value } : null,
  };
}

export function toUrl(f: ListFilters): string {
  const q = new URLSearchParams();
  if (f.scope !== 'all') q.set('scope', f.scope);
  if (f.status) q.set('status', f.status);
  if (f.pick) {
    q.set('by', f.pick.dimension);
    q.set('value', f.pick.value);
  }
  return q.size ? `/advisories?${q}` : '/advisories';
}

/** Whether one notification is among those a summary count counts (the picked dimension and value). */
export function counts(n: Notification, pick: NonNullable<ListFilters['pick']>): boolean {
  // An owner in several sectors is counted in each; one in none under 'none' (as the server counts).
  if (pick.dimension === 'sector') return n.asset.orgSectors.length === 0 ? pick.value === 'none' : n.asset.orgSectors.includes(pick.value);
  return valueOf(n, pick.dimension) === pick.value;
}

/** The value a single-valued summary dimension counts, read from one notification. */
function valueOf(n: Notification, dimension: Exclude<SummaryDimension, 'sector'>): string {
  switch (dimension) {
    case 'severity':
      return n.severity;
    case 'knownExploited':
      return String(n.knownExploited);
    case 'overdue':
      return String(n.overdue);
    case 'verdict':
      return n.verdict;
    case 'placement':
      return n.asset.placement;
    case 'category':
      return n.asset.category;
  }
}

const isOpen = (n: Notification) => n.status === 'notified' || n.status === 'acknowledged';

/** Open notifications first, then by deadline (the server already orders by deadline). */
export function openFirst(items: Notification[]): Notification[] {
  return [...items].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || a.dueAt.localeCompare(b.dueAt));
}

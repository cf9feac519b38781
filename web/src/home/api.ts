import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** What GET /api/dashboard and /api/dashboard/tiles/:tile answer (src/capabilities/dashboard). */
export type Audience = 'national' | 'ministry' | 'company' | 'isac';
export type TileKey = 'incidents' | 'overdue' | 'exposure' | 'notifications' | 'warnings' | 'alerts' | 'supplyChain' | 'suppliers' | 'community';

export type Home = { audience: Audience; tiles: TileKey[] };

export type Counts = Record<string, number>;

export type TileData = {
  incidents: {
    box: 'sent' | null;
    total: number;
    byType: Counts;
    byStage: Counts;
    bySector: Record<string, Counts>;
    series: { since: string; weeks: { week: string; type: string; n: number }[] };
  };
  overdue: { side: 'recipient' | 'reporter'; total: number; oldest: { reportId: string; reference: string; title: string; regime: string; stage: string; dueAt: string }[] };
  exposure: { scope: 'organization' | 'sector' | 'national'; open: number; knownExploited: number; overdue: number; bySector: Record<string, { open: number; knownExploited: number; overdue: number }> };
  notifications: {
    open: number;
    overdue: number;
    dueSoon: number;
    knownExploited: number;
    soonDays: number;
    next: { id: string; dueAt: string; severity: string; knownExploited: boolean; title: string; asset: string; overdue: boolean }[];
  };
  warnings: { total: number; since: string; byDay: { day: string; n: number }[]; bySector: Counts };
  alerts: { total: number; received: number; unacknowledged: number; issued: number; acknowledgement: { recipients: number; acknowledged: number; rate: number | null } };
  supplyChain: {
    mismatches: { requiredLevel: number; actualLevel: number; links: number; suppliers: number }[];
    mismatchedLinks: number;
    hotSpots: { orgId: string; name: string; nameEn: string; kind: string; level: number; customers: number; belowRequired: number; alerts: number }[];
  };
  suppliers: { suppliers: number; belowRequired: number; byLevel: Counts; alerts: Counts; alertsTotal: number; asSupplier: { customers: number; ownLevel: number; highestRequired: number; aboveOwn: number } };
  community: {
    collections: { id: string; title: string; objects: number; byType: Counts }[];
    since: string;
    byDay: { day: string; n: number }[];
    correlations: { total: number; top: { kind: string; value: string; organisations: number; sightings: number; lastSeen: string }[] };
  };
};

export type TileResponse<K extends TileKey> = { tile: K; asOf: string; data: TileData[K] };

export const dashboardKeys = {
  all: ['dashboard'] as const,
  home: ['dashboard', 'home'] as const,
  tile: (tile: TileKey) => ['dashboard', 'tile', tile] as const,
};

export function useHome() {
  return useQuery({ queryKey: dashboardKeys.home, queryFn: () => api<Home>('GET', '/api/dashboard') });
}

export function useTile<K extends TileKey>(tile: K) {
  return useQuery({
    queryKey: dashboardKeys.tile(tile),
    queryFn: () => api<TileResponse<K>>('GET', `/api/dashboard/tiles/${tile}`),
    // Live figures: refetched on every relevant event (live.ts), never trusted from cache for long.
    staleTime: 0,
  });
}

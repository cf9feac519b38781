import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useConnection } from '../events/connection';
import { useLiveNotices } from '../events/bus';
import { dashboardKeys, type TileKey } from './api';

/** Which tiles an event can change; the server already filtered events to what the caller may read. */
const AFFECTS: [prefix: string, tiles: TileKey[]][] = [
  ['incident.', ['incidents', 'overdue']],
  ['exposure.', ['exposure', 'notifications']],
  ['intel.early-warning', ['warnings']],
  ['alert.', ['alerts']],
  ['supply_chain.', ['supplyChain', 'suppliers']],
  ['intel.object.', ['community']],
  ['incident.indicators', ['community']],
];

export function tilesAffectedBy(type: string): TileKey[] {
  return [...new Set(AFFECTS.filter(([prefix]) => type.startsWith(prefix)).flatMap(([, tiles]) => tiles))];
}

/**
 * Keeps the home's tiles current: each event refetches the tiles it affects; every (re)opening of the
 * stream refetches them all, because anything may have been missed while it was down.
 */
export function useLiveDashboard(): void {
  const queryClient = useQueryClient();
  const { openedAt } = useConnection();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed') return void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
    for (const tile of tilesAffectedBy(notice.event.type)) void queryClient.invalidateQueries({ queryKey: dashboardKeys.tile(tile) });
  });
  useEffect(() => {
    if (openedAt !== null) void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
  }, [openedAt, queryClient]);
}

/**
 * A tile's figures are current only while the stream is live and they were fetched after it last
 * opened; otherwise they are shown, but marked as of their time.
 */
export function useIsStale(fetchedAt: number): boolean {
  const { state, openedAt } = useConnection();
  return state !== 'live' || openedAt === null || fetchedAt < openedAt;
}

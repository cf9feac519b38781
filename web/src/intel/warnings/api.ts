import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useLiveNotices } from '../../events/bus';

export type EarlyWarning = {
  id: string;
  kind: string;
  value: string;
  organisations: number;
  sectors: number;
  sectorCodes: string[];
  windowHours: number;
  firedAt: string;
};

export const warningKeys = { all: ['intel', 'early-warnings'] as const };

export function useEarlyWarnings() {
  return useInfiniteQuery({
    queryKey: warningKeys.all,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: '50' });
      if (pageParam) q.set('cursor', pageParam);
      return api<{ items: EarlyWarning[]; next: string | null }>('GET', `/api/intel/early-warnings?${q}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
    staleTime: 0,
  });
}

/** A new warning the caller may see arrives over the event stream: the list refetches. */
export function useLiveWarnings(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type === 'intel.early-warning') {
      void queryClient.invalidateQueries({ queryKey: warningKeys.all });
    }
  });
}

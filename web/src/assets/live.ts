import { useQueryClient } from '@tanstack/react-query';
import { useLiveNotices } from '../events/bus';
import { assetKeys } from './api';

/** Refetches asset lists when the registry announces a change the caller may see (its own or operated). */
export function useLiveAssets(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type === 'asset.changed') {
      void queryClient.invalidateQueries({ queryKey: assetKeys.all });
    }
  });
}

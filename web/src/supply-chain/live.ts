import { useQueryClient } from '@tanstack/react-query';
import { useLiveNotices } from '../events/bus';
import { supplyKeys } from './api';

/** Refetches the supply-chain views when a link, claim or supplier alert the caller may see changes. */
export function useLiveSupplyChain(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type.startsWith('supply_chain.')) {
      void queryClient.invalidateQueries({ queryKey: supplyKeys.all });
    }
  });
}

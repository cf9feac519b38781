import { useQueryClient } from '@tanstack/react-query';
import { useLiveNotices } from '../events/bus';
import { alertKeys } from './api';

/**
 * Refetches alerts when one the caller may see is issued, acknowledged or escalated (the server sends
 * only events the caller may read), and after a reconnection, when something may have been missed.
 */
export function useLiveAlerts(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type.startsWith('alert.')) void queryClient.invalidateQueries({ queryKey: alertKeys.all });
  });
}

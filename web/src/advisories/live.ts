import { useQueryClient } from '@tanstack/react-query';
import { useLiveNotices } from '../events/bus';
import { notificationKeys } from './api';

const EXPOSURE_EVENTS = new Set(['exposure.notified', 'exposure.status_changed']);

/** Refetches notifications and the exposure counts when an exposure the caller may see appears or moves. */
export function useLiveNotifications(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || EXPOSURE_EVENTS.has(notice.event.type)) {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['exposure'] });
    }
  });
}

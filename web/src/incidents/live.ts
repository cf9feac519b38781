import { useQueryClient } from '@tanstack/react-query';
import { useLiveNotices } from '../events/bus';
import { incidentKeys } from './api';

const INCIDENT_EVENTS = new Set(['incident.submitted', 'incident.status_changed', 'incident.message', 'incident.stage_overdue']);

/** The report an incident event is about: `id` on submissions, `reportId` on the others. */
function reportIdOf(payload: Record<string, unknown>): string | null {
  const id = payload.reportId ?? payload.id;
  return typeof id === 'string' ? id : null;
}

/** Refetches the report lists when any report the caller can see changes (the server filters events). */
export function useLiveIncidentList(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || INCIDENT_EVENTS.has(notice.event.type)) {
      void queryClient.invalidateQueries({ queryKey: ['incidents', 'list'] });
    }
  });
}

/** Refetches one report when an event about it arrives, or after the stream reconnects. */
export function useLiveIncident(id: string): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || (INCIDENT_EVENTS.has(notice.event.type) && reportIdOf(notice.event.payload) === id)) {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) });
    }
  });
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { upload, type UploadListener } from '../api/upload';
import type { ExposureScope, ExposureSummary, IngestResult, ListScope, NotificationPage, StatusFilter, VexJustification } from './types';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (scope: ListScope, status: StatusFilter) => ['notifications', 'list', scope, status] as const,
  exposure: (scope: ExposureScope) => ['exposure', scope] as const,
};

export function useNotifications(scope: ListScope, status: StatusFilter) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(scope, status),
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ scope, limit: '200' });
      if (status) q.set('status', status);
      if (pageParam) q.set('cursor', pageParam);
      return api<NotificationPage>('GET', `/api/notifications?${q}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export function useExposure(scope: ExposureScope) {
  return useQuery({
    queryKey: notificationKeys.exposure(scope),
    queryFn: () => api<ExposureSummary>('GET', `/api/exposure?scope=${scope}`),
    staleTime: 0,
  });
}

export type StatusChange = { status: 'acknowledged' | 'mitigated' | 'fixed' | 'not_affected'; justification?: VexJustification; note?: string };

export function useSetNotificationStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: StatusChange }) => api<void>('PUT', `/api/notifications/${encodeURIComponent(id)}/status`, change),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['exposure'] });
    },
  });
}

/** A CSAF 2.0 document, a CVE JSON 5 record, the KEV catalogue or a manual advisory (recognised by content). */
export function usePublishAdvisory() {
  const onSuccess = useInvalidateAfterPublish();
  return useMutation({ mutationFn: (doc: unknown) => api<IngestResult>('POST', '/api/advisories', doc), onSuccess });
}

/** A document's JSON text, reporting how much has been sent (a KEV catalogue runs to a megabyte). */
export function useUploadAdvisory(onProgress?: UploadListener) {
  const onSuccess = useInvalidateAfterPublish();
  return useMutation({ mutationFn: (json: string) => upload<IngestResult>('/api/advisories', json, { contentType: 'application/json', onProgress }), onSuccess });
}

function useInvalidateAfterPublish() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['exposure'] });
  };
}

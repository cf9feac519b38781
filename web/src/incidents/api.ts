import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { upload, type UploadListener } from '../api/upload';
import type { ListOf } from '../api/types';
import type {
  DeliveryStatus,
  DiffResult,
  Draft,
  IncidentPage,
  IncidentView,
  RegimeInfo,
  ReportBody,
  Sharing,
  SubmitResult,
} from './types';

export type Box = 'inbox' | 'sent';

export const incidentKeys = {
  all: ['incidents'] as const,
  list: (box: Box) => ['incidents', 'list', box] as const,
  detail: (id: string) => ['incidents', 'detail', id] as const,
  diff: (id: string, from: number, to: number) => ['incidents', 'detail', id, 'diff', from, to] as const,
  regimes: ['incident-regimes'] as const,
  drafts: ['incident-drafts'] as const,
  draft: (id: string) => ['incident-drafts', id] as const,
};

const enc = encodeURIComponent;

export function useIncidentList(box: Box) {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(box),
    queryFn: ({ pageParam }) =>
      api<IncidentPage>('GET', `/api/incidents?box=${box}&limit=50${pageParam ? `&cursor=${enc(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Live data: the list is refetched on every relevant event, so it is never stale for long.
    staleTime: 0,
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: incidentKeys.detail(id),
    queryFn: () => api<IncidentView>('GET', `/api/incidents/${enc(id)}`),
    staleTime: 0,
  });
}

export function useDiff(id: string, from: number, to: number, enabled: boolean) {
  return useQuery({
    queryKey: incidentKeys.diff(id, from, to),
    queryFn: () => api<DiffResult>('GET', `/api/incidents/${enc(id)}/diff?from=${from}&to=${to}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useRegimes() {
  return useQuery({
    queryKey: incidentKeys.regimes,
    queryFn: () => api<ListOf<RegimeInfo>>('GET', '/api/incident-regimes'),
    select: (data) => data.items,
    staleTime: Infinity,
  });
}

export function useDrafts() {
  return useQuery({
    queryKey: incidentKeys.drafts,
    queryFn: () => api<ListOf<Draft>>('GET', '/api/incident-drafts'),
    select: (data) => data.items,
    // Drafts change in other tabs and on every autosave: always ask again when shown.
    staleTime: 0,
  });
}

export function useDraft(id: string | null) {
  return useQuery({
    queryKey: incidentKeys.draft(id ?? ''),
    queryFn: () => api<Draft>('GET', `/api/incident-drafts/${enc(id ?? '')}`),
    enabled: id !== null,
    // A draft is loaded once to fill the form; afterwards the form is the truth, not the cache.
    staleTime: Infinity,
    gcTime: 0,
  });
}

export function createDraft(content: Record<string, unknown>, keepalive = false) {
  return api<Draft>('POST', '/api/incident-drafts', { content }, { keepalive });
}

export function saveDraft(id: string, content: Record<string, unknown>, keepalive = false) {
  return api<Draft>('PUT', `/api/incident-drafts/${enc(id)}`, { content }, { keepalive });
}

export function useDeleteDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/incident-drafts/${enc(id)}`),
    // The list only (`exact`): a prefix would also refetch the draft open in the form.
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.drafts, exact: true }),
  });
}

export type NewReport = { report: ReportBody; sharing: Sharing; draftId?: string };

/** Files a report; the key makes a double click or a retry after a timeout file it once. */
export function useSubmitReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewReport; idempotencyKey: string }) =>
      api<SubmitResult>('POST', '/api/incidents', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      // The list only: the draft just filed is gone from the server, and a prefix match would refetch
      // it (a 404) while its form is still on screen. Its own query goes when the form does (gcTime 0).
      void queryClient.invalidateQueries({ queryKey: incidentKeys.drafts, exact: true });
    },
  });
}

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** Files a STIX 2.1 bundle as it is; the server converts its incident into the unified form. */
export function useSubmitStix(onProgress?: UploadListener) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ text, idempotencyKey }: { text: string; idempotencyKey: string }) =>
      upload<SubmitResult>('/api/incidents', text, { contentType: STIX_MEDIA_TYPE, headers: { 'Idempotency-Key': idempotencyKey }, onProgress }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}

/** A STIX bundle converted to the form's fields (POST /api/incidents/from-stix): nothing is filed. */
export function useConvertStix() {
  return useMutation({
    mutationFn: (text: string) => upload<{ report: Record<string, unknown> }>('/api/incidents/from-stix', text, { contentType: STIX_MEDIA_TYPE }),
  });
}

export function useSubmitStage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: { stage: 'update' | 'final'; report: ReportBody; sharing?: Sharing }; idempotencyKey: string }) =>
      api<SubmitResult>('POST', `/api/incidents/${enc(id)}/stages`, body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}

export function useSetStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deliveryId, status }: { deliveryId: string; status: DeliveryStatus }) =>
      api<void>('PUT', `/api/incidents/${enc(id)}/deliveries/${enc(deliveryId)}/status`, { status }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) }),
  });
}

export function usePostMessage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ deliveryId, body }: { deliveryId: string; body: string }) =>
      api<{ id: string; createdAt: string }>('POST', `/api/incidents/${enc(id)}/deliveries/${enc(deliveryId)}/messages`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) }),
  });
}

/** A fresh Idempotency-Key; getRandomValues also works where randomUUID does not (plain-HTTP hosts). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AlertDetail, AlertPage, Box, IssueAlertBody, Webhook } from './types';

export const alertKeys = {
  all: ['alerts'] as const,
  list: (box: Box) => ['alerts', 'list', box] as const,
  one: (id: string) => ['alerts', 'one', id] as const,
  webhook: ['alerts', 'webhook'] as const,
};

const enc = encodeURIComponent;

export function useAlerts(box: Box) {
  return useInfiniteQuery({
    queryKey: alertKeys.list(box),
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ box, limit: '50' });
      if (pageParam) q.set('cursor', pageParam);
      return api<AlertPage>('GET', `/api/alerts?${q}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export function useAlert(id: string, enabled = true) {
  return useQuery({ queryKey: alertKeys.one(id), enabled, queryFn: () => api<AlertDetail>('GET', `/api/alerts/${enc(id)}`), staleTime: 0 });
}

export type Escalation = {
  alertId: string;
  severity: string;
  sentAt: string;
  headline: string;
  headlineEn: string | null;
  organization: { id: string; slug: string; name: string; nameEn: string };
  escalationLevel: number;
  escalatedAt: string | null;
};

/** Escalated, unacknowledged alerts: a ministry's sectors, the hub's all, a company's own. */
export function useEscalations() {
  return useQuery({ queryKey: [...alertKeys.all, 'escalations'], queryFn: async () => (await api<{ items: Escalation[] }>('GET', '/api/alerts/escalations')).items, staleTime: 0 });
}

export function useAcknowledge(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api<{ acknowledgedAt: string }>('POST', `/api/alerts/${enc(id)}/acknowledge`, note.trim() ? { note: note.trim() } : {}),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

/** Issues an alert once per attempt: a retry of the same submission reuses its Idempotency-Key. */
export function useIssueAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: IssueAlertBody; key: string }) => api<{ id: string }>('POST', '/api/alerts', body, { headers: { 'Idempotency-Key': key } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useWebhook(enabled: boolean) {
  return useQuery({ queryKey: alertKeys.webhook, enabled, queryFn: async () => (await api<{ webhook: Webhook }>('GET', '/api/alerts/webhook')).webhook });
}

export function useSaveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; secret: string }) => api<{ webhook: Webhook }>('PUT', '/api/alerts/webhook', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.webhook }),
  });
}

export function useRemoveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('DELETE', '/api/alerts/webhook'),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.webhook }),
  });
}

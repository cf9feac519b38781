import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { useLiveNotices } from '../events/bus';
import type { Severity } from '../alerts/types';

export type InjectKind = 'alert' | 'incident' | 'advisory';
export type ExerciseState = 'draft' | 'running' | 'ended';

export type ExerciseSummary = {
  id: string;
  name: string;
  description: string;
  state: ExerciseState;
  owner: { id: string; slug: string; name: string; nameEn: string };
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  injects: number;
  fired: number;
  organiser: boolean;
};

export type Inject = {
  id: string;
  seq: number;
  offsetSeconds: number;
  kind: InjectKind;
  severity: Severity;
  headline: string;
  headlineEn: string | null;
  description: string;
  instruction: string | null;
  fireAt: string | null;
  firedAt: string | null;
  alertId: string | null;
  mine: { respondedAt: string | null; note: string | null } | null;
  /** For the organiser: each participant's answer to an incident or advisory inject. */
  responses: { orgId: string; name: string; nameEn: string; respondedAt: string; note: string | null; report: { summary: string; impact?: string } | null }[] | null;
  canRespond: boolean;
};

export type Exercise = Omit<ExerciseSummary, 'injects' | 'fired' | 'organiser'> & {
  participants: { id: string; slug: string; name: string; nameEn: string }[];
  injects: Inject[];
  abilities: { manage: boolean; start: boolean; end: boolean };
};

export type KindFigures = { delivered: number; answered: number; meanSeconds: number | null; maxSeconds: number | null };
export type ExerciseReport = {
  state: ExerciseState;
  organizations: { orgId: string; slug: string; name: string; nameEn: string; alert: KindFigures; incident: KindFigures; advisory: KindFigures }[];
};

export type NewInject = { offsetSeconds: number; kind: InjectKind; severity: Severity; headline: string; description: string; instruction?: string };
export type NewExercise = { name: string; description: string; participants: string[]; injects: NewInject[] };

const enc = encodeURIComponent;
export const exerciseKeys = { all: ['exercises'] as const, one: (id: string) => ['exercises', 'one', id] as const, report: (id: string) => ['exercises', 'report', id] as const };

export function useExercises() {
  return useQuery({ queryKey: exerciseKeys.all, queryFn: async () => (await api<{ items: ExerciseSummary[] }>('GET', '/api/exercises')).items, staleTime: 0 });
}

export function useExercise(id: string) {
  return useQuery({ queryKey: exerciseKeys.one(id), queryFn: () => api<Exercise>('GET', `/api/exercises/${enc(id)}`), staleTime: 0 });
}

export function useExerciseReport(id: string, enabled: boolean) {
  return useQuery({ queryKey: exerciseKeys.report(id), enabled, queryFn: () => api<ExerciseReport>('GET', `/api/exercises/${enc(id)}/report`), staleTime: 0 });
}

export function useCreateExercise() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: NewExercise; key: string }) => api<{ id: string }>('POST', '/api/exercises', body, { headers: { 'Idempotency-Key': key } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: exerciseKeys.all }),
  });
}

/** Start, end, respond and acknowledge: each refetches the exercise (and the alerts, for an alert inject). */
export function useExerciseAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'start' | 'end' } | { kind: 'respond'; injectId: string; body: { note?: string; report?: { summary: string; impact?: string } } } | { kind: 'ack'; alertId: string; note?: string }) => {
      if (a.kind === 'ack') return api<unknown>('POST', `/api/alerts/${enc(a.alertId)}/acknowledge`, a.note ? { note: a.note } : {});
      if (a.kind === 'respond') return api<unknown>('POST', `/api/exercises/${enc(id)}/injects/${enc(a.injectId)}/respond`, a.body);
      return api<unknown>('POST', `/api/exercises/${enc(id)}/${a.kind}`);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: exerciseKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

/** Injects arriving, answers and acknowledgements refetch the exercise pages without a reload. */
export function useLiveExercises(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type.startsWith('exercise.') || notice.event.type.startsWith('alert.')) void queryClient.invalidateQueries({ queryKey: exerciseKeys.all });
  });
}

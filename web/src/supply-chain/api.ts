import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { upload, type UploadListener } from '../api/upload';
import type { ListOf, Organization } from '../api/types';
import type { Answer, Assessment, Assessor, BlastRadius, Catalogue, Claim, CreatedLink, Declared, ImportedLinks, Link, LinkInput, Mismatch, MismatchCount, Rating, SavedAnswer, SupplierAlert, SupplyGraphData } from './types';

export const supplyKeys = {
  all: ['supply-chain'] as const,
  links: ['supply-chain', 'links'] as const,
  catalogue: ['supply-chain', 'catalogue'] as const,
  assessment: ['supply-chain', 'assessment'] as const,
  mismatches: (side: 'customer' | 'supplier') => ['supply-chain', 'mismatches', side] as const,
  graph: (orgId: string | undefined) => ['supply-chain', 'graph', orgId ?? 'own'] as const,
  blast: (orgId: string) => ['supply-chain', 'blast', orgId] as const,
  claims: ['supply-chain', 'claims'] as const,
  assessors: ['supply-chain', 'assessors'] as const,
  companies: ['organizations', 'all'] as const,
  summary: ['supply-chain', 'summary'] as const,
  alerts: ['supply-chain', 'alerts'] as const,
};

const enc = encodeURIComponent;

/** Every link the caller may see: its suppliers and its customers, pending ones included. */
export function useLinks() {
  return useQuery({ queryKey: supplyKeys.links, queryFn: () => api<ListOf<Link>>('GET', '/api/supply-chain/links?side=all&limit=1000'), select: (d) => d.items, staleTime: 0 });
}

/** The catalogues and the required-level rules change only with a new law file: cache them. */
export function useCatalogue() {
  return useQuery({ queryKey: supplyKeys.catalogue, queryFn: () => api<Catalogue>('GET', '/api/supply-chain/catalogue'), staleTime: 30 * 60_000 });
}

/** The member directory, for choosing a supplier (companies only; the server says which may be one). */
export function useCompanies() {
  return useQuery({
    queryKey: supplyKeys.companies,
    queryFn: () => api<ListOf<Organization>>('GET', '/api/organizations'),
    select: (d) => d.items.filter((o) => ['operator', 'vendor', 'sme', 'isac'].includes(o.kind)),
    staleTime: 5 * 60_000,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: supplyKeys.all });
}

export function useCreateLink() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: LinkInput; idempotencyKey: string }) =>
      api<CreatedLink>('POST', '/api/supply-chain/links', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: invalidate,
  });
}

export function useDecideLink() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'confirm' | 'reject' }) => api<Link>('POST', `/api/supply-chain/links/${enc(id)}/${decision}`),
    onSuccess: invalidate,
  });
}

export function useRemoveLink() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/api/supply-chain/links/${enc(id)}`), onSettled: invalidate });
}

/** All rows or none: a refusal carries one field error per bad row ("line 3, supplier"). */
export function useImportLinks(onProgress?: UploadListener) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (text: string) => upload<ImportedLinks>('/api/supply-chain/links/import', text, { contentType: 'text/csv; charset=utf-8', onProgress }),
    onSuccess: invalidate,
  });
}

export function useAssessment() {
  return useQuery({ queryKey: supplyKeys.assessment, queryFn: () => api<Assessment>('GET', '/api/supply-chain/assessment'), staleTime: 0 });
}

/** One answer, sent the moment it is given; `keepalive` lets it outlive a closing tab. */
export function saveAnswer(itemId: string, answer: Answer, note: string | null, keepalive = false) {
  return api<SavedAnswer>('PUT', `/api/supply-chain/assessment/answers/${enc(itemId)}`, { answer, note }, { keepalive });
}

export function useAddEvidence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { itemId: string; filename: string; mediaType?: string; contentBase64?: string; url?: string }) =>
      api<{ id: string; itemId: string; filename: string; sizeBytes: number }>('POST', '/api/supply-chain/assessment/evidence', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: supplyKeys.assessment }),
  });
}

export function useDeclare() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (assessorOrgId: string | undefined) => api<Declared>('POST', '/api/supply-chain/assessment/declare', assessorOrgId ? { assessorOrgId } : {}), onSuccess: invalidate });
}

export function useMismatches(side: 'customer' | 'supplier') {
  return useQuery({ queryKey: supplyKeys.mismatches(side), queryFn: () => api<ListOf<Mismatch>>('GET', `/api/supply-chain/mismatches?side=${side}`), select: (d) => d.items, staleTime: 0 });
}

export function useSupplyGraph(orgId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: supplyKeys.graph(orgId),
    queryFn: () => api<SupplyGraphData>('GET', `/api/supply-chain/graph${orgId ? `?orgId=${enc(orgId)}` : ''}`),
    staleTime: 0,
    enabled,
  });
}

export function useBlastRadius(orgId: string) {
  return useQuery({ queryKey: supplyKeys.blast(orgId), queryFn: () => api<BlastRadius>('GET', `/api/organizations/${enc(orgId)}/blast-radius`), staleTime: 0 });
}

export function useClaims() {
  return useQuery({ queryKey: supplyKeys.claims, queryFn: () => api<ListOf<Claim>>('GET', '/api/supply-chain/claims'), select: (d) => d.items, staleTime: 0 });
}

export function useAssessors() {
  return useQuery({ queryKey: supplyKeys.assessors, queryFn: () => api<ListOf<Assessor>>('GET', '/api/supply-chain/assessors'), select: (d) => d.items, staleTime: 5 * 60_000 });
}

export function useDecideClaim() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'confirm' | 'reject'; note?: string }) =>
      api<Rating>('POST', `/api/supply-chain/claims/${enc(id)}/decision`, note ? { decision, note } : { decision }),
    onSuccess: invalidate,
  });
}

/** Nation-wide counts of links below the required level (the national hub and ministries only). */
export function useMismatchSummary(enabled: boolean) {
  return useQuery({
    queryKey: supplyKeys.summary,
    queryFn: () => api<ListOf<MismatchCount>>('GET', '/api/supply-chain/mismatches/summary'),
    select: (d) => d.items,
    enabled,
    staleTime: 0,
  });
}

export function useSupplierAlerts() {
  return useQuery({ queryKey: supplyKeys.alerts, queryFn: () => api<ListOf<SupplierAlert>>('GET', '/api/supply-chain/alerts?limit=50'), select: (d) => d.items, staleTime: 0 });
}

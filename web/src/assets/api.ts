import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { upload, type UploadListener } from '../api/upload';
import type { ListOf, Organization } from '../api/types';
import type { Asset, AssetFilters, AssetInput, AssetPage, ImportResult, Placement, Scope } from './types';

export const assetKeys = {
  all: ['assets'] as const,
  list: (scope: Scope, filters: AssetFilters) => ['assets', 'list', scope, filters] as const,
  detail: (id: string) => ['assets', 'detail', id] as const,
  ministry: ['assets', 'ministry'] as const,
  vendors: ['organizations', 'vendor'] as const,
};

const enc = encodeURIComponent;

function listQuery(scope: Scope, f: AssetFilters, cursor: string): string {
  const q = new URLSearchParams({ scope, limit: '100' });
  if (f.category) q.set('category', f.category);
  if (f.placement) q.set('placement', f.placement);
  if (f.designated !== undefined) q.set('designated', String(f.designated));
  if (f.q) q.set('q', f.q);
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

export function useAssetList(scope: Scope, filters: AssetFilters) {
  return useInfiniteQuery({
    queryKey: assetKeys.list(scope, filters),
    queryFn: ({ pageParam }) => api<AssetPage>('GET', `/api/assets?${listQuery(scope, filters, pageParam)}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

export function useAsset(id: string) {
  return useQuery({ queryKey: assetKeys.detail(id), queryFn: () => api<Asset>('GET', `/api/assets/${enc(id)}`), staleTime: 0 });
}

/** Vendor organisations an asset may be outsourced to. */
export function useVendors() {
  return useQuery({
    queryKey: assetKeys.vendors,
    queryFn: () => api<ListOf<Organization>>('GET', '/api/organizations?kind=vendor'),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

export function useMinistryNotification() {
  return useQuery({
    queryKey: assetKeys.ministry,
    queryFn: () => api<ListOf<Asset>>('GET', '/api/assets/ministry-notification?format=json'),
    select: (data) => data.items,
    staleTime: 0,
  });
}

function useInvalidateAssets() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: assetKeys.all });
}

export function useCreateAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: AssetInput; idempotencyKey: string }) =>
      api<Asset>('POST', '/api/assets', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: invalidate,
  });
}

export function useUpdateAsset(id: string) {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Asset>('PATCH', `/api/assets/${enc(id)}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteAsset() {
  const invalidate = useInvalidateAssets();
  return useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/api/assets/${enc(id)}`), onSettled: invalidate });
}

export const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json';

/** CSV (template columns) or a CycloneDX JSON SBOM, sent as the file's text; all or nothing. */
export function useImportAssets(onProgress?: UploadListener) {
  const invalidate = useInvalidateAssets();
  return useMutation({
    mutationFn: ({ text, kind, placement, parentName }: { text: string; kind: 'csv' | 'sbom'; placement?: Placement; parentName?: string }) => {
      const q = new URLSearchParams();
      if (placement) q.set('placement', placement);
      if (parentName) q.set('parentName', parentName);
      const contentType = kind === 'csv' ? 'text/csv; charset=utf-8' : CYCLONEDX_MEDIA_TYPE;
      return upload<ImportResult>(`/api/assets/import${q.size ? `?${q}` : ''}`, text, { contentType, onProgress });
    },
    onSuccess: invalidate,
  });
}

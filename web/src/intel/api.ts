import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api/client';
import { upload, type UploadListener } from '../api/upload';
import type { ListOf, Organization } from '../api/types';
import { useLiveNotices } from '../events/bus';
import type { WhereSeenRecord } from './WhereSeen';
import type { Clearance, IngestResult, IntelCollection, ObjectListItem, ObjectPageData, StixObject } from './types';

export const intelKeys = {
  collections: ['intel', 'collections'] as const,
  objects: ['intel', 'objects'] as const,
  object: (id: string) => ['intel', 'objects', 'one', id] as const,
  version: (id: string, version: string) => ['intel', 'objects', 'one', id, 'version', version] as const,
};

/** The path segment for a version key: SCOs have none ('' on the server). */
export const versionSegment = (version: string) => (version === '' ? 'unversioned' : version);

export function useCollections() {
  return useQuery({ queryKey: intelKeys.collections, queryFn: async () => (await api<ListOf<IntelCollection>>('GET', '/api/intel/collections')).items });
}

/** The newest objects the caller may see (latest versions), optionally in one collection; paged by cursor. */
export function useRecentObjects(limit: number, collection?: string) {
  return useInfiniteQuery({
    queryKey: [...intelKeys.objects, 'recent', limit, collection ?? ''],
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: String(limit) });
      if (collection) q.set('collection', collection);
      if (pageParam) q.set('cursor', pageParam);
      return api<{ items: ObjectListItem[]; next: string | null }>('GET', `/api/intel/objects?${q}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function useIntelObject(id: string) {
  return useQuery({ queryKey: intelKeys.object(id), retry: false, queryFn: () => api<ObjectPageData>('GET', `/api/intel/objects/${encodeURIComponent(id)}`) });
}

/** One stored version as it was received. */
export function useObjectVersion(id: string, version: string | null) {
  return useQuery({
    queryKey: intelKeys.version(id, version ?? ''),
    enabled: version !== null,
    staleTime: Infinity, // a stored version never changes
    queryFn: async () => (await api<{ object: StixObject }>('GET', `/api/intel/objects/${encodeURIComponent(id)}/versions/${encodeURIComponent(versionSegment(version!))}`)).object,
  });
}

/** Where-seen figures of one observable; a zero record when nothing the caller may see has it (404). */
export function useWhereSeen(kind: string, value: string) {
  return useQuery({
    queryKey: ['intel', 'observable', kind, value],
    retry: false,
    queryFn: async (): Promise<WhereSeenRecord> => {
      try {
        return await api<WhereSeenRecord>('GET', `/api/intel/observables?${new URLSearchParams({ kind, value })}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return { kind, value, sightings: 0, organisations: 0, sectors: 0, sectorCodes: [], firstSeen: null, lastSeen: null, namedReporters: [] };
        throw err;
      }
    },
  });
}

export type IngestInput = { collection: string; clearance: Clearance; nameReporter: boolean; bundleText: string };

/** POST /api/intel/bundles: the bundle is sent as the user gave it; the server judges each object. */
export function useIngestBundle(onProgress?: UploadListener) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ collection, clearance, nameReporter, bundleText }: IngestInput) =>
      upload<IngestResult>(`/api/intel/bundles?${new URLSearchParams({ collection, clearance, nameReporter: String(nameReporter) })}`, bundleText, { contentType: 'application/json', onProgress }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['intel'] });
    },
  });
}

export type CollectionForm = { title: string; description: string; memberOrgIds: string[]; clearance: Clearance };

export function useCreateCollection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ form, idempotencyKey }: { form: CollectionForm; idempotencyKey: string }) =>
      api<IntelCollection>('POST', '/api/intel/collections', form, { headers: { 'Idempotency-Key': idempotencyKey } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: intelKeys.collections }),
  });
}

export function useUpdateCollection(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<CollectionForm>) => api<IntelCollection>('PATCH', `/api/intel/collections/${encodeURIComponent(id)}`, patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: intelKeys.collections }),
  });
}

/** The member directory (names, kinds, sectors), for choosing collection members. */
export function useOrganizations(enabled: boolean) {
  return useQuery({ queryKey: ['organizations', 'all'], enabled, staleTime: 60_000, queryFn: async () => (await api<ListOf<Organization>>('GET', '/api/organizations')).items });
}

/** Objects added where the viewer may see them arrive over the event stream: lists and counts refetch. */
export function useLiveIntel(): void {
  const queryClient = useQueryClient();
  useLiveNotices((notice) => {
    if (notice.kind === 'resumed' || notice.event.type === 'intel.object.added') {
      void queryClient.invalidateQueries({ queryKey: intelKeys.objects });
      void queryClient.invalidateQueries({ queryKey: intelKeys.collections });
    }
  });
}

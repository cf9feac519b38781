import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { WhereSeenRecord } from '../WhereSeen';

export type ObservableLookup = WhereSeenRecord & { objects: Array<{ id: string; type: string; name: string | null }> };
export type ObjectHit = { id: string; type: string; name: string | null; modified: string; tlp: string; clearance: string };

/** The observable's where-seen figures; null when nothing the caller may see mentions it (404). */
export function useObservableLookup(value: string) {
  return useQuery({
    queryKey: ['intel', 'observable', value],
    enabled: value !== '',
    retry: false,
    queryFn: async (): Promise<ObservableLookup | null> => {
      try {
        return await api<ObservableLookup>('GET', `/api/intel/observables?${new URLSearchParams({ value })}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

/** STIX objects by id prefix or name (the store's search); empty when the store has none. */
export function useObjectSearch(q: string, type = '') {
  return useQuery({
    queryKey: ['intel', 'objects', 'search', q, type],
    enabled: q !== '',
    retry: false,
    queryFn: async (): Promise<ObjectHit[]> => {
      try {
        return (await api<{ items: ObjectHit[] }>('GET', `/api/intel/objects?${new URLSearchParams({ q, limit: '20', ...(type ? { type } : {}) })}`)).items;
      } catch (err) {
        // Not an error of the search: the term may simply not be an object query the store accepts.
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return [];
        throw err;
      }
    },
  });
}

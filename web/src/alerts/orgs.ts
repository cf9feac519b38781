import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Organization } from '../api/types';

const COMPANIES = new Set(['operator', 'vendor', 'isac', 'sme']);

/** The member companies: the organisations alerts and exercises address. */
export function useCompanies() {
  return useQuery({
    queryKey: ['organizations', 'all'],
    staleTime: 60_000,
    queryFn: async () => (await api<{ items: Organization[] }>('GET', '/api/organizations')).items,
    select: (items) => items.filter((o) => COMPANIES.has(o.kind)),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { ApiToken, CreatedApiToken, ListOf } from '../api/types';

const tokensKey = ['tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: () => api<ListOf<ApiToken>>('GET', '/api/tokens'),
    select: (data) => data.items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<CreatedApiToken>('POST', '/api/tokens', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) => api<void>('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

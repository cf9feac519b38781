import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../api/client';
import type { AbilityKey, Me } from '../api/types';
import { dropAllUnsaved } from '../incidents/form/unsaved';

export const meKey = ['me'] as const;

/** The signed-in user, or null when there is no valid session (401 is an answer here, not an error). */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/api/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, retry: false });
}

/** For components rendered only inside the signed-in shell. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useMe() used outside the signed-in shell');
  return data;
}

/** True when the server granted at least one of the abilities. Missing keys count as refused. */
export function can(me: Me, ...keys: readonly AbilityKey[]): boolean {
  return keys.some((key) => me.abilities[key] === true);
}

/**
 * Drops every cached answer except the session itself, so nothing from a previous user survives into
 * the next one. (`clear()` would also detach the live session query from the components watching it.)
 */
function resetSession(queryClient: QueryClient, me: Me | null): void {
  setCsrfToken(me?.csrfToken ?? null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, me);
}

export type Credentials = { email: string; password: string };

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => api<Me>('POST', '/api/session', credentials),
    onSuccess: (me) => resetSession(queryClient, me),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const signedOut = () => {
    // Chosen logout: what the forms kept in this tab for after a re-login goes too.
    dropAllUnsaved();
    resetSession(queryClient, null);
  };
  return useMutation({
    mutationFn: () => api<void>('DELETE', '/api/session'),
    onSuccess: signedOut,
    onError: (error) => {
      // Already expired on the server: the user is signed out either way.
      if (error instanceof ApiError && error.status === 401) signedOut();
    },
  });
}

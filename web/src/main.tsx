import './i18n';
import './styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { App } from './app/App';
import { meKey } from './auth/session';

// Any 401 outside the session check means the session ended (expiry, logout elsewhere): forget the
// user so the login page appears, instead of leaving every page to handle it.
function onError(error: Error): void {
  if (error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials') {
    queryClient.setQueryData(meKey, null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retrying a refusal cannot succeed; only retry what may be transient.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '../api/types';
import { LoadError, Loading } from '../ui/Status';
import { useTokens } from './api';
import { CreatedToken } from './CreatedToken';
import { CreateTokenForm } from './CreateTokenForm';
import { TokenTable } from './TokenTable';

/** Create, list and revoke the user's API tokens (requires the tokens.manage ability). */
export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  // Held only in component state: leaving the page forgets the secret, as the warning says.
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <p className="lead">{t('tokens.intro')}</p>

      {created ? (
        <CreatedToken token={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm onCreated={setCreated} />
      )}

      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list" tabIndex={-1}>{t('tokens.listTitle')}</h2>
        {tokens.isPending && <Loading />}
        {tokens.isError && <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} />}
        {tokens.data && (tokens.data.length === 0 ? <p>{t('tokens.empty')}</p> : <TokenTable tokens={tokens.data} />)}
      </section>
    </>
  );
}

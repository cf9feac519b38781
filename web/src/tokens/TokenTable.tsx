import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import type { ApiToken } from '../api/types';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useRevokeToken } from './api';

/** Issued tokens with their use and status; revoking asks for confirmation in place. */
export function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState<ApiToken | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // The confirmation holds focus; when it goes away, land on the list heading rather than on <body>.
  function closeConfirmation() {
    setConfirming(null);
    document.getElementById('tokens-list')?.focus();
  }

  function confirmRevoke(token: ApiToken) {
    revoke.mutate(token, {
      onSuccess: () => setDone(t('tokens.revoked', { name: token.name })),
      onSettled: closeConfirmation,
    });
  }

  return (
    <>
      <p role="status" className="muted">{done ?? ''}</p>
      {revoke.isError && <p className="alert alert-error" role="alert">{errorMessage(revoke.error)}</p>}
      {confirming && (
        // An in-page confirmation rather than window.confirm(): it is styled, translated and testable.
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="revoke-question">
          <p id="revoke-question">{t('tokens.confirmRevoke', { name: confirming.name })}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" autoFocus onClick={() => confirmRevoke(confirming)} aria-busy={revoke.isPending}>
              {t('tokens.confirm')}
            </button>
            <button type="button" className="button" onClick={closeConfirmation}>{t('tokens.cancel')}</button>
          </div>
        </div>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('tokens.columns.name')}</th>
              <th scope="col">{t('tokens.columns.prefix')}</th>
              <th scope="col">{t('tokens.columns.createdAt')}</th>
              <th scope="col">{t('tokens.columns.lastUsedAt')}</th>
              <th scope="col">{t('tokens.columns.status')}</th>
              <th scope="col">{t('tokens.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} className={token.revokedAt ? 'row-revoked' : undefined}>
                <th scope="row">{token.name}</th>
                <td><code>{token.prefix}…</code></td>
                <td>{formatDateTime(token.createdAt, lang)}</td>
                <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, lang) : t('tokens.never')}</td>
                <td>
                  {token.revokedAt ? t('tokens.revokedAt', { time: formatDateTime(token.revokedAt, lang) }) : t('tokens.active')}
                </td>
                <td>
                  {!token.revokedAt && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={t('tokens.revokeLabel', { name: token.name })}
                      onClick={() => {
                        setDone(null);
                        setConfirming(token);
                      }}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

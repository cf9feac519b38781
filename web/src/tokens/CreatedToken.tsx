import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '../api/types';

type CopyState = 'idle' | 'copied' | 'failed';

/** The one and only display of a new token's secret, with a copy button and the warning. */
export function CreatedToken({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<CopyState>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // The form that had focus is gone; bring keyboard and screen-reader users to the secret.
  useEffect(() => headingRef.current?.focus(), []);

  async function copyToken() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopy('copied');
    } catch {
      // Clipboard access can be denied (insecure origin, permissions); leave the text selected instead.
      inputRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <section className="card card-warning" aria-labelledby="token-created">
      <h2 id="token-created" ref={headingRef} tabIndex={-1}>{t('tokens.createdTitle')}</h2>
      <p className="warning"><strong>{t('tokens.onceWarning')}</strong></p>
      <div className="field">
        <label htmlFor="created-token">{t('tokens.tokenLabel')}（{token.name}）</label>
        <div className="copy-row">
          <input
            id="created-token"
            ref={inputRef}
            className="secret"
            readOnly
            value={token.token}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button" onClick={() => void copyToken()}>{t('tokens.copy')}</button>
        </div>
        <p role="status" className={copy === 'failed' ? 'field-error' : 'muted'}>
          {copy === 'copied' ? t('tokens.copied') : copy === 'failed' ? t('tokens.copyFailed') : ''}
        </p>
      </div>
      <button type="button" className="button button-primary" onClick={onDone}>{t('tokens.done')}</button>
    </section>
  );
}

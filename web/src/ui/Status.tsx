import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';

/** Loading placeholder announced politely to assistive technology. */
export function Loading() {
  const { t } = useTranslation();
  return <p role="status" className="muted">{t('app.loading')}</p>;
}

/** A failed load with the server's message and a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={onRetry}>{t('app.retry')}</button>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { Link } from '../app/router';

/** Loading placeholder announced politely to assistive technology. */
export function Loading() {
  const { t } = useTranslation();
  return <p role="status" className="muted">{t('app.loading')}</p>;
}

/**
 * A failed load with the server's message and a way to try again — except "not found", which trying
 * again cannot change (and which is also what something the caller may not see looks like): that one
 * says so and offers the way home instead.
 */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('errors.notFoundItem')}</p>
        <p>
          <Link to="/">{t('errors.backHome')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="button" onClick={onRetry}>{t('app.retry')}</button>
    </div>
  );
}

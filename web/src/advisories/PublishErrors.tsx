import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

/** A refused advisory: nothing was stored; each problem names its place in the document. */
export function PublishErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      {fields.length > 0 && (
        <>
          <p>{t('advisories.publish.nothingStored')}</p>
          <ul>
            {fields.map((f, i) => (
              <li key={`${f.path}-${i}`}>
                <code>{f.path || '—'}</code>: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

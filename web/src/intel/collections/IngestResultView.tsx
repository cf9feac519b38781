import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { Link } from '../../app/router';
import { objectPath } from '../labels';
import type { IngestResult } from '../types';
import { WhereSeen } from '../WhereSeen';

/** The bundle envelope itself was refused: nothing was stored. */
export function IngestErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorMessage(error)}</p>
      {fields.length > 0 && (
        <>
          <p>{t('intel.upload.nothingStored')}</p>
          <ul>
            {fields.map((f, i) => (
              <li key={`${f.path}-${i}`}><code>{f.path || '—'}</code>: {f.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Accepted and rejected objects, each rejection with its STIX path and reason; then where-seen. */
export function IngestResultView({ result }: { result: IngestResult }) {
  const { t } = useTranslation();
  return (
    <div className="sub-section" data-testid="ingest-result">
      <p className={result.rejected.length ? 'alert alert-warning' : 'alert alert-info'} role="status">
        {t('intel.upload.summary', { accepted: result.accepted, added: result.added, rejected: result.rejected.length })}
      </p>
      {result.rejected.length > 0 && (
        <>
          <h3>{t('intel.upload.rejectedTitle', { count: result.rejected.length })}</h3>
          <ul className="reject-list">
            {result.rejected.map((r) => (
              <li key={r.index}>
                <strong>{t('intel.upload.objectAt', { n: r.index + 1, index: r.index })}</strong> {r.id && <code className="object-id">{r.id}</code>}
                <ul>
                  {r.errors.map((e, i) => (
                    <li key={`${e.path}-${i}`}><code>{e.path || '—'}</code>: {e.message}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {result.correlations.length > 0 && (
        <>
          <h3>{t('intel.upload.correlationsTitle')}</h3>
          {result.correlations.slice(0, 30).map((c) => (
            <WhereSeen key={`${c.kind}:${c.value}`} record={c} headingLevel={3} />
          ))}
          {result.correlations.length > 30 && <p className="muted">{t('intel.upload.moreCorrelations', { count: result.correlations.length - 30 })}</p>}
        </>
      )}
      <p><Link to="/intel">{t('intel.upload.seeRecent')}</Link></p>
    </div>
  );
}

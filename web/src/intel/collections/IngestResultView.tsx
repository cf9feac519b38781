import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { Link } from '../../app/router';
import { objectPath } from '../labels';
import { Markings, TlpBadge } from '../Markings';
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
      <AcceptedObjects objects={result.objects ?? []} />
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

const TLP_ORDER = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const SHOWN_OBJECTS = 200;

/** How many added objects carry each marking in force here, and each accepted object with its own. */
function AcceptedObjects({ objects }: { objects: IngestResult['objects'] }) {
  const { t } = useTranslation();
  if (objects.length === 0) return null;
  const counts = new Map<string, number>();
  for (const o of objects) if (o.tlp) counts.set(o.tlp, (counts.get(o.tlp) ?? 0) + 1);
  const tlps = [...counts.keys()].sort((a, b) => TLP_ORDER.indexOf(a) - TLP_ORDER.indexOf(b));
  return (
    <>
      {tlps.length > 0 && (
        <div data-testid="ingest-markings">
          <h3>{t('intel.upload.markingsTitle')}</h3>
          <p>
            {tlps.map((tlp) => (
              <span key={tlp} className="marking-count"><TlpBadge tlp={tlp} /> {counts.get(tlp)} </span>
            ))}
          </p>
          <p className="muted">{t('intel.upload.markingsHint')}</p>
        </div>
      )}
      <details>
        <summary>{t('intel.upload.objectsTitle', { count: objects.length })}</summary>
        <ul className="accepted-list">
          {objects.slice(0, SHOWN_OBJECTS).map((o) => (
            <li key={o.index}>
              {t('intel.upload.objectAt', { n: o.index + 1, index: o.index })} <code className="object-id">{o.id}</code>{' '}
              {o.tlp ? <Markings tlp={o.tlp} clearance={o.clearance ?? 'none'} /> : <span className="muted">{t('intel.upload.alreadyThere')}</span>}
            </li>
          ))}
        </ul>
        {objects.length > SHOWN_OBJECTS && <p className="muted">{t('intel.upload.moreObjects', { count: objects.length - SHOWN_OBJECTS })}</p>}
      </details>
    </>
  );
}

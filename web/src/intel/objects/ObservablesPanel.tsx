import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../ui/Status';
import { useWhereSeen } from '../api';
import { WhereSeen } from '../WhereSeen';

/** Where else each of the object's observables was seen, as far as the viewer may know. */
export function ObservablesPanel({ observables }: { observables: Array<{ kind: string; value: string }> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="observables-title">
      <h2 id="observables-title">{t('intel.object.observablesTitle', { count: observables.length })}</h2>
      {observables.length === 0 ? <p className="muted">{t('intel.object.noObservables')}</p> : <p className="field-hint">{t('intel.object.observablesHint')}</p>}
      {observables.slice(0, 50).map((o) => (
        <One key={`${o.kind}:${o.value}`} kind={o.kind} value={o.value} />
      ))}
      {observables.length > 50 && <p className="muted">{t('intel.object.moreObservables', { count: observables.length - 50 })}</p>}
    </section>
  );
}

function One({ kind, value }: { kind: string; value: string }) {
  const q = useWhereSeen(kind, value);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <WhereSeen record={q.data} headingLevel={3} />;
}

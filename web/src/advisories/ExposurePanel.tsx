import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { useMe } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { useExposure } from './api';
import { exposureScopeFor } from './audience';
import { type ListFilters, toUrl } from './filters';
import { valueLabel } from './labels';
import { SUMMARY_DIMENSIONS } from './types';

/**
 * Plain counts of open exposures, the same figures as the home dashboard's; each filters the list below.
 * For the organisation's own scope the list holds exactly the notifications counted. Sector and national
 * counts also cover other organisations' equipment, whose notifications reach only its owner and operator
 * unless it is registered as designated critical (then the competent ministry and the national hub get
 * them too): the list below holds the part that reached the reader, and the text says so.
 */
export function ExposurePanel({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation();
  const me = useMe();
  const scope = exposureScopeFor(me.organization.kind);
  const summary = useExposure(scope);

  return (
    <section className="card exposure-panel" aria-labelledby="exposure-title">
      <h2 id="exposure-title">{t(`advisories.summary.title.${scope}`)}</h2>
      {summary.isPending && <Loading />}
      {summary.isError && <LoadError error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.data && (
        <>
          <p className="exposure-total">
            {t('advisories.summary.open')} <strong>{summary.data.open}</strong>
          </p>
          {scope !== 'organization' && <p className="muted">{t(`advisories.summary.reach.${scope}`)}</p>}
          {summary.data.open > 0 && (
            <div className="exposure-groups">
              {SUMMARY_DIMENSIONS.map((dimension) => {
                const counts = Object.entries(summary.data.by[dimension] ?? {}).sort((a, b) => b[1] - a[1]);
                if (counts.length === 0) return null;
                return (
                  <div key={dimension} className="exposure-group">
                    <h3>{t(`advisories.summary.dimensions.${dimension}`)}</h3>
                    <ul className="plain-list">
                      {counts.map(([value, n]) => {
                        const label = valueLabel(t, dimension, value);
                        const active = filters.pick?.dimension === dimension && filters.pick.value === value;
                        return (
                          <li key={value}>
                            <button
                              type="button"
                              className="count-button"
                              aria-pressed={active}
                              onClick={() => navigate(toUrl({ ...filters, status: 'open', pick: active ? null : { dimension, value } }))}
                            >
                              <span>{label}</span> <strong>{n}</strong>
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                );
              })}
            </div>
          )}
        </>
      )}
    </section>
  );
}

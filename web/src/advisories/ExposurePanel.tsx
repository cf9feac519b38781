import { useTranslation } from 'react-i18next';
import type { OrganizationKind } from '../api/types';
import { navigate } from '../app/router';
import { useMe } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { useExposure } from './api';
import { type ListFilters, toUrl } from './filters';
import { valueLabel } from './labels';
import { type ExposureScope, SUMMARY_DIMENSIONS } from './types';

/** Companies see their own counts, a ministry its sectors', the national hub the nation's. */
function scopeFor(kind: OrganizationKind): ExposureScope {
  if (kind === 'national_hub') return 'national';
  if (kind === 'ministry') return 'sector';
  return 'organization';
}

/**
 * Plain counts of open exposures. For the organisation's own scope each count filters the list below
 * (the list holds exactly those notifications); sector and national counts cover other organisations'
 * equipment, which this list does not show, so they stay plain numbers.
 */
export function ExposurePanel({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation();
  const me = useMe();
  const scope = scopeFor(me.organization.kind);
  const summary = useExposure(scope);
  const clickable = scope === 'organization';

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
          {!clickable && <p className="muted">{t('advisories.summary.countsOnly')}</p>}
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
                            {clickable ? (
                              <button
                                type="button"
                                className="count-button"
                                aria-pressed={active}
                                onClick={() => navigate(toUrl({ ...filters, status: 'open', pick: active ? null : { dimension, value } }))}
                              >
                                <span>{label}</span> <strong>{n}</strong>
                              </button>
                            ) : (
                              <span className="count-plain">
                                <span>{label}</span> <strong>{n}</strong>
                              </span>
                            )}
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

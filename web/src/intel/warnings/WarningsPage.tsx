import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime, sectorName } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useEarlyWarnings, useLiveWarnings } from './api';

/**
 * /intel/warnings: early warnings — one observable reported by many organisations or sectors within
 * a window. Addressed to the national hub and the competent authorities of the sectors involved;
 * live over the event stream.
 */
export function WarningsPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const warnings = useEarlyWarnings();
  useLiveWarnings();
  const items = warnings.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="page-head">
        <h1>{t('intel.warnings.title')}</h1>
        <Link to="/intel/search" className="button">{t('intel.warnings.searchLink')}</Link>
      </div>
      <p className="lead">{t('intel.warnings.intro')}</p>
      {warnings.isPending && <Loading />}
      {warnings.isError && <LoadError error={warnings.error} onRetry={() => void warnings.refetch()} />}
      {warnings.data && items.length === 0 && <p className="muted">{t('intel.warnings.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('intel.warnings.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intel.warnings.firedAt')}</th>
                <th scope="col">{t('intel.warnings.observable')}</th>
                <th scope="col">{t('intel.warnings.organisations')}</th>
                <th scope="col">{t('intel.warnings.sectors')}</th>
                <th scope="col">{t('intel.warnings.window')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id}>
                  <td><time dateTime={w.firedAt}>{formatDateTime(w.firedAt, lang)}</time></td>
                  <td className="cell-wrap">
                    <Link to={`/intel/search?${new URLSearchParams({ q: w.value })}`}><code>{w.value}</code></Link>{' '}
                    <span className="badge">{w.kind}</span>
                  </td>
                  <td>{w.organisations}</td>
                  <td>{w.sectorCodes.map((c) => sectorName(c, lang)).join(lang === 'ja' ? '、' : ', ') || w.sectors}</td>
                  <td>{t('intel.warnings.hours', { count: w.windowHours })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {warnings.hasNextPage && (
        <button type="button" className="button" disabled={warnings.isFetchingNextPage} onClick={() => void warnings.fetchNextPage()}>
          {t('intel.warnings.more')}
        </button>
      )}
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { LoadError, Loading } from '../ui/Status';
import { useRecentObjects } from './api';
import { objectLabel, objectPath } from './labels';
import { Markings } from './Markings';

/** The newest objects the viewer may see (the server filters by marking and clearance). */
export function RecentObjects({ headingId, title, collection, limit = 20, level = 2 }: { headingId: string; title: string; collection?: string; limit?: number; level?: 2 | 4 }) {
  const Heading = level === 2 ? 'h2' : 'h4';
  const { t } = useTranslation();
  const lang = currentLanguage();
  const recent = useRecentObjects(limit, collection);
  // The server lists an object once per page; across pages it may recur (several collections).
  const items = [...new Map((recent.data?.pages.flatMap((p) => p.items) ?? []).map((o) => [o.id, o])).values()];
  return (
    <section className="sub-section" aria-labelledby={headingId}>
      <Heading id={headingId}>{title}</Heading>
      {recent.isPending && <Loading />}
      {recent.isError && <LoadError error={recent.error} onRetry={() => void recent.refetch()} />}
      {recent.data && items.length === 0 && <p className="muted">{t('intel.home.noObjects')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intel.object.name')}</th>
                <th scope="col">{t('intel.object.type')}</th>
                <th scope="col">{t('intel.object.markings')}</th>
                <th scope="col">{t('intel.object.modified')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.id}>
                  <td className="cell-wrap"><Link to={objectPath(o.id)}>{objectLabel(o)}</Link></td>
                  <td><span className="badge">{o.type}</span></td>
                  <td><Markings tlp={o.tlp} clearance={o.clearance} /></td>
                  <td>{o.modified ? <time dateTime={o.modified}>{formatDateTime(o.modified, lang)}</time> : <span className="muted-inline" title={t('intel.versions.unversionedLabel')}>—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {recent.hasNextPage && (
        <button type="button" className="button" aria-busy={recent.isFetchingNextPage} onClick={() => void recent.fetchNextPage()}>
          {t('intel.home.more')}
        </button>
      )}
    </section>
  );
}

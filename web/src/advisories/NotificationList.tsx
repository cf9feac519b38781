import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../ui/Status';
import { useNotifications } from './api';
import { counts, type ListFilters, openFirst } from './filters';
import { NotificationCard } from './NotificationCard';

/**
 * The notifications themselves, narrowed by the count picked above. `received`: the reader's counts
 * cover more than reached it (the hub, a ministry), so the list is titled and explained as its part.
 */
export function NotificationList({ filters, received = false }: { filters: ListFilters; received?: boolean }) {
  const { t } = useTranslation();
  const list = useNotifications(filters.scope, filters.status);
  const all = openFirst(list.data?.pages.flatMap((p) => p.items) ?? []);
  const pick = filters.pick;
  const items = pick ? all.filter((n) => counts(n, pick)) : all;

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">
        {t(received ? 'advisories.list.titleReceived' : 'advisories.list.title')}
        {list.data && <span className="muted-inline"> {t('advisories.list.count', { count: items.length })}</span>}
      </h2>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <p>{t(emptyText(received, all.length === 0 && !filters.status))}</p>}
      <ol className="notification-list">
        {items.map((n) => (
          <li key={n.id}>
            <NotificationCard n={n} />
          </li>
        ))}
      </ol>
      {list.hasNextPage && (
        <p>
          <button type="button" className="button" aria-busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('advisories.list.more')}
          </button>
        </p>
      )}
    </section>
  );
}

function emptyText(received: boolean, nothingAtAll: boolean) {
  if (received) return nothingAtAll ? 'advisories.list.noneReceived' : 'advisories.list.noMatchReceived';
  return nothingAtAll ? 'advisories.list.empty' : 'advisories.list.noMatch';
}

import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../ui/Status';
import { useNotifications } from './api';
import { type ListFilters, openFirst, valueOf } from './filters';
import { NotificationCard } from './NotificationCard';

export function NotificationList({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation();
  const list = useNotifications(filters.scope, filters.status);
  const all = openFirst(list.data?.pages.flatMap((p) => p.items) ?? []);
  const pick = filters.pick;
  const items = pick ? all.filter((n) => valueOf(n, pick.dimension) === pick.value) : all;

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">
        {t('advisories.list.title')}
        {list.data && <span className="muted-inline"> {t('advisories.list.count', { count: items.length })}</span>}
      </h2>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <p>{t(all.length === 0 && !filters.status ? 'advisories.list.empty' : 'advisories.list.noMatch')}</p>}
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

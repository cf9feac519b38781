import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from '../app/router';
import { can, useMe } from '../auth/session';
import { ExposurePanel } from './ExposurePanel';
import { filtersFrom } from './filters';
import { ListControls } from './ListControls';
import { useLiveNotifications } from './live';
import { NotificationList } from './NotificationList';
import '../assets/assets.css';
import './advisories.css';

/**
 * /advisories: the notifications about the caller's equipment (owned or operated), with the counts of
 * what is still open. Both follow the live stream, so a new advisory's match appears without a reload.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const filters = filtersFrom(useSearchParams());
  useLiveNotifications();

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.advisories')}</h1>
        {can(me, 'advisories.publish') && (
          <Link to="/advisories/publish" className="button button-primary">{t('advisories.publish.link')}</Link>
        )}
      </div>
      <p className="lead">{t('advisories.list.intro')}</p>
      <ExposurePanel filters={filters} />
      <ListControls filters={filters} />
      <NotificationList filters={filters} />
    </>
  );
}

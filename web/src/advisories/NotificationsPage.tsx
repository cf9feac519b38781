import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from '../app/router';
import { can, useMe } from '../auth/session';
import { exposureScopeFor } from './audience';
import { ExposurePanel } from './ExposurePanel';
import { filtersFrom } from './filters';
import { ListControls } from './ListControls';
import { useLiveNotifications } from './live';
import { NotificationList } from './NotificationList';
import '../assets/assets.css';
import './advisories.css';

/**
 * /advisories: the notifications that reached the caller's organisation — about equipment it owns or
 * operates, or for the national hub and a competent ministry about designated critical equipment —
 * with the counts of what is still open (its own, its sectors', the nation's). Both follow the live
 * stream, so a new advisory's match appears without a reload.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const filters = filtersFrom(useSearchParams());
  useLiveNotifications();
  // The hub and ministries count other organisations' equipment; their list is what reached them.
  const government = exposureScopeFor(me.organization.kind) !== 'organization';

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.advisories')}</h1>
        {can(me, 'advisories.publish') && (
          <Link to="/advisories/publish" className="button button-primary">{t('advisories.publish.link')}</Link>
        )}
      </div>
      <p className="lead">{t(government ? 'advisories.list.introReceived' : 'advisories.list.intro')}</p>
      <ExposurePanel filters={filters} />
      <ListControls filters={filters} />
      <NotificationList filters={filters} received={government} />
    </>
  );
}

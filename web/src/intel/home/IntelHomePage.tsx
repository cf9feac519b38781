import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { can, useMe } from '../../auth/session';
import { useLiveIntel } from '../api';
import { RecentObjects } from '../RecentObjects';
import '../intel.css';

/** /intel: where the threat-intelligence pages start, and the newest objects the viewer may see. */
export function IntelHomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const readers = can(me, 'intel.read');
  useLiveIntel();
  const links = [
    { to: '/intel/search', title: t('nav.intelSearch'), text: t('intel.home.searchText') },
    { to: '/intel/warnings', title: t('nav.intelWarnings'), text: t('intel.home.warningsText') },
    { to: '/intel/collections', title: t('nav.intelCollections'), text: t('intel.home.collectionsText') },
  ];
  return (
    <>
      <h1>{t('nav.intel')}</h1>
      <p className="lead">{t('intel.home.intro')}</p>
      {readers && (
        <>
          <nav aria-label={t('intel.home.linksLabel')}>
            <ul className="intel-links">
              {links.map((l) => (
                <li key={l.to}>
                  <Link to={l.to}>{l.title}</Link>
                  <p>{l.text}</p>
                </li>
              ))}
            </ul>
          </nav>
          <RecentObjects headingId="intel-recent" title={t('intel.home.recentTitle')} />
          <p className="muted">{t('intel.home.scope')}</p>
        </>
      )}
    </>
  );
}

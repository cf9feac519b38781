import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { localizedName, sectorName } from '../i18n/format';
import { Dashboard } from './Dashboard';

// Listed in the same order as the navigation. Descriptive text only: no figures until the data exists.
const offers = ['incidents', 'assets', 'advisories', 'intel', 'supplyChain', 'alerts'] as const;

/** Landing page: the caller's share of the common risk picture, then who it is acting as. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const lang = currentLanguage();
  const org = me.organization;

  return (
    <>
      <h1>{t('home.welcome', { name: me.user.displayName })}</h1>

      <Dashboard />

      <section className="card" aria-labelledby="home-profile">
        <h2 id="home-profile">{t('home.profileTitle')}</h2>
        <dl className="facts">
          <dt>{t('home.organization')}</dt>
          <dd>{localizedName(org, lang)}</dd>
          <dt>{t('home.kind')}</dt>
          <dd>{t(`kinds.${org.kind}`)}</dd>
          <dt>{t('home.sectors')}</dt>
          <dd>
            {org.sectors.length > 0 ? org.sectors.map((code) => sectorName(code, lang)).join(lang === 'ja' ? '、' : ', ') : t('home.noSectors')}
          </dd>
          <dt>{t('home.role')}</dt>
          <dd>{t(`roles.${me.role}`)}</dd>
          <dt>{t('home.clearance')}</dt>
          <dd>{t(`clearance.${me.clearance}`)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="home-offers">
        <h2 id="home-offers">{t('home.offersTitle')}</h2>
        <p>{t('home.offersIntro')}</p>
        <dl className="offers">
          {offers.map((key) => (
            <div key={key} className="offer">
              <dt>{t(`nav.${key}`)}</dt>
              <dd>{t(`home.offers.${key}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="alert alert-info">{t('home.availableNow')}</p>
      </section>
    </>
  );
}

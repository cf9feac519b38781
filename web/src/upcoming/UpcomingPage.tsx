import { useTranslation } from 'react-i18next';

export type UpcomingCapability = 'intel' | 'supplyChain' | 'alerts';

/**
 * The honest page behind a navigation entry whose capability is not built yet. Each capability
 * replaces this with its own folder (web/src/incidents/, …) when its API exists.
 */
export function UpcomingPage({ capability }: { capability: UpcomingCapability }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t(`nav.${capability}`)}</h1>
      <div className="alert alert-info">
        <p><strong>{t('upcoming.notAvailable')}</strong></p>
        <p>{t('upcoming.later')}</p>
      </div>
      <section aria-labelledby="upcoming-purpose">
        <h2 id="upcoming-purpose">{t('upcoming.purposeTitle')}</h2>
        <p>{t(`home.offers.${capability}`)}</p>
      </section>
    </>
  );
}

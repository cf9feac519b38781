import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';

export type AssetsView = 'own' | 'operated' | 'new' | 'import' | 'ministry';

const views: { key: AssetsView; to: string }[] = [
  { key: 'own', to: '/assets?scope=own' },
  { key: 'operated', to: '/assets?scope=operated' },
  { key: 'new', to: '/assets/new' },
  { key: 'import', to: '/assets/import' },
  { key: 'ministry', to: '/assets/ministry' },
];

/** The registry's own tabs: the two lists, registration, bulk import and the ministry notification. */
export function AssetsNav({ current }: { current: AssetsView }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('assets.nav.label')} className="tabs tabs-wrap">
      {views.map((v) => (
        <Link key={v.key} to={v.to} aria-current={v.key === current ? 'page' : undefined}>
          {t(`assets.nav.${v.key}`)}
        </Link>
      ))}
    </nav>
  );
}

import { useTranslation } from 'react-i18next';
import { useSearchParams } from '../app/router';
import { AssetFiltersForm, filtersFrom } from './AssetFiltersForm';
import { AssetsNav } from './AssetsNav';
import { AssetTable } from './AssetTable';
import { useLiveAssets } from './live';
import type { Scope } from './types';
import './assets.css';

/**
 * /assets?scope=own|operated&category&placement&designated&q: the organisation's own equipment, or the
 * equipment it runs for others as an outsourced vendor. Filters live in the URL so a view can be shared.
 */
export function AssetsPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const scope: Scope = params.get('scope') === 'operated' ? 'operated' : 'own';
  const filters = filtersFrom(params);
  const flash = params.get('saved');
  useLiveAssets();

  return (
    <>
      <h1>{t('nav.assets')}</h1>
      <p className="lead">{t('assets.intro')}</p>
      <AssetsNav current={scope} />
      {flash && (
        <p className="alert alert-info" role="status">
          {t(flash === 'deleted' ? 'assets.list.deleted' : 'assets.list.saved')}
        </p>
      )}
      <AssetFiltersForm scope={scope} filters={filters} />
      <AssetTable scope={scope} filters={filters} />
    </>
  );
}

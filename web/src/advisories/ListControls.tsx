import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { SelectField } from '../ui/SelectField';
import { type ListFilters, toUrl } from './filters';
import { pickLabel } from './labels';
import { EXPOSURE_STATUSES, type ListScope, type StatusFilter } from './types';

/** Whose equipment and which statuses to list; changes apply at once (the URL keeps them). */
export function ListControls({ filters }: { filters: ListFilters }) {
  const { t } = useTranslation();
  const scopes: ListScope[] = ['all', 'own', 'operated'];
  return (
    <div className="filter-form" role="group" aria-label={t('advisories.list.filters')}>
      <SelectField
        id="nf-scope"
        label={t('advisories.list.scope')}
        value={filters.scope}
        onChange={(v) => navigate(toUrl({ ...filters, scope: v as ListScope }))}
        options={scopes.map((s) => ({ value: s, label: t(`advisories.scopes.${s}`) }))}
      />
      <SelectField
        id="nf-status"
        label={t('advisories.list.status')}
        value={filters.status}
        onChange={(v) => navigate(toUrl({ ...filters, status: v as StatusFilter }))}
        placeholder={t('advisories.list.anyStatus')}
        options={[{ value: 'open', label: t('advisories.list.openOnly') }, ...EXPOSURE_STATUSES.map((s) => ({ value: s, label: t(`advisories.statuses.${s}`) }))]}
      />
      {filters.pick && (
        <p className="picked" role="status">
          {t('advisories.list.picked', { what: pickLabel(t, filters.pick.dimension, filters.pick.value) })}{' '}
          <button type="button" className="button button-small" onClick={() => navigate(toUrl({ ...filters, pick: null }))}>
            {t('advisories.list.clearPick')}
          </button>
        </p>
      )}
    </div>
  );
}

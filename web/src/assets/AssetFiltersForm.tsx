import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { ASSET_CATEGORIES, type AssetCategory, type AssetFilters, PLACEMENTS, type Placement, type Scope } from './types';

/** Reads the list's filters from the query string, ignoring values the server would refuse. */
export function filtersFrom(params: URLSearchParams): AssetFilters {
  const f: AssetFilters = {};
  const category = params.get('category');
  if (category && (ASSET_CATEGORIES as readonly string[]).includes(category)) f.category = category as AssetCategory;
  const placement = params.get('placement');
  if (placement && (PLACEMENTS as readonly string[]).includes(placement)) f.placement = placement as Placement;
  const designated = params.get('designated');
  if (designated === 'true' || designated === 'false') f.designated = designated === 'true';
  const q = params.get('q')?.trim();
  if (q) f.q = q.slice(0, 100);
  return f;
}

function toQuery(scope: Scope, f: AssetFilters): string {
  const q = new URLSearchParams({ scope });
  if (f.category) q.set('category', f.category);
  if (f.placement) q.set('placement', f.placement);
  if (f.designated !== undefined) q.set('designated', String(f.designated));
  if (f.q) q.set('q', f.q);
  return `/assets?${q}`;
}

export function AssetFiltersForm({ scope, filters }: { scope: Scope; filters: AssetFilters }) {
  const { t } = useTranslation();
  const [category, setCategory] = useState(filters.category ?? '');
  const [placement, setPlacement] = useState(filters.placement ?? '');
  const [designated, setDesignated] = useState(filters.designated === undefined ? '' : String(filters.designated));
  const [q, setQ] = useState(filters.q ?? '');

  // Follow the URL when it changes from elsewhere (tabs, back button).
  useEffect(() => {
    setCategory(filters.category ?? '');
    setPlacement(filters.placement ?? '');
    setDesignated(filters.designated === undefined ? '' : String(filters.designated));
    setQ(filters.q ?? '');
  }, [filters.category, filters.placement, filters.designated, filters.q]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = filtersFrom(new URLSearchParams({ category, placement, designated, q }));
    navigate(toQuery(scope, next));
  }

  return (
    <form className="filter-form" onSubmit={submit} aria-label={t('assets.filters.label')}>
      <div className="field">
        <label htmlFor="af-q">{t('assets.filters.q')}</label>
        <input id="af-q" type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="af-category">{t('assets.fields.category')}</label>
        <select id="af-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('assets.filters.any')}</option>
          {ASSET_CATEGORIES.map((c) => (
            <option key={c} value={c}>{t(`assets.categories.${c}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="af-placement">{t('assets.fields.placement')}</label>
        <select id="af-placement" value={placement} onChange={(e) => setPlacement(e.target.value)}>
          <option value="">{t('assets.filters.any')}</option>
          {PLACEMENTS.map((p) => (
            <option key={p} value={p}>{t(`assets.placements.${p}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="af-designated">{t('assets.fields.designatedShort')}</label>
        <select id="af-designated" value={designated} onChange={(e) => setDesignated(e.target.value)}>
          <option value="">{t('assets.filters.any')}</option>
          <option value="true">{t('assets.filters.designatedOnly')}</option>
          <option value="false">{t('assets.filters.notDesignated')}</option>
        </select>
      </div>
      <div className="filter-actions">
        <button type="submit" className="button">{t('assets.filters.apply')}</button>
        <button type="button" className="button" onClick={() => navigate(`/assets?scope=${scope}`)}>
          {t('assets.filters.clear')}
        </button>
      </div>
    </form>
  );
}

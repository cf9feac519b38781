import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { currentLanguage } from '../i18n';
import { LoadError, Loading } from '../ui/Status';
import { useAssetList } from './api';
import { DeleteAsset } from './DeleteAsset';
import { Identity, operatorName, ownerName } from './text';
import type { AssetFilters, Scope } from './types';

/** The organisation's own assets (editable), or those it operates for other organisations (read-only). */
export function AssetTable({ scope, filters }: { scope: Scope; filters: AssetFilters }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useAssetList(scope, filters);
  const headingId = `assets-${scope}`;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`assets.nav.${scope}`)}</h2>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (items.length === 0 ? (
          <p>{t(filtered ? 'assets.list.noMatch' : `assets.list.empty.${scope}`)}</p>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">{t('assets.fields.nameCategoryService')}</th>
                  <th scope="col">{t('assets.fields.productIdentity')}</th>
                  <th scope="col">{t('assets.fields.placement')}</th>
                  <th scope="col">{t('assets.fields.criticality')}</th>
                  <th scope="col">{t(scope === 'own' ? 'assets.fields.operator' : 'assets.fields.owner')}</th>
                  {scope === 'own' && <th scope="col">{t('assets.list.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="cell-wrap">
                      {a.name}
                      {a.designatedCritical && <span className="badge badge-designated">{t('assets.list.designated')}</span>}
                      <span className="cell-sub">{[t(`assets.categories.${a.category}`), a.service].filter(Boolean).join(' / ')}</span>
                    </th>
                    <td className="cell-wrap cell-product">
                      {[a.maker, a.product, a.version].filter(Boolean).join(' ') || '—'}
                      <Identity asset={a} />
                    </td>
                    <td>{t(`assets.placements.${a.placement}`)}</td>
                    <td>{t(`assets.criticalities.${a.criticality}`)}</td>
                    <td className="cell-wrap">{scope === 'own' ? operatorName(a, lang, t('assets.list.ownStaff')) : ownerName(a, lang)}</td>
                    {scope === 'own' && (
                      <td>
                        {a.abilities.edit && (
                          <div className="row-actions">
                            <Link to={`/assets/${encodeURIComponent(a.id)}/edit`} className="button button-small" aria-label={t('assets.list.editLabel', { name: a.name })}>
                              {t('assets.list.edit')}
                            </Link>
                            <DeleteAsset asset={a} />
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {list.hasNextPage && (
        <p>
          <button type="button" className="button" aria-busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('assets.list.more')}
          </button>
        </p>
      )}
    </section>
  );
}

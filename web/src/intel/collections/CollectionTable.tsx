import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { collectionTitle } from '../labels';
import type { IntelCollection } from '../types';
import { CollectionDetail, type DetailMode } from './CollectionDetail';

/**
 * The viewer's collections in one table (the hub belongs to twenty or more); one of them opens below
 * the table with its objects or, for its managers, its editor. Focus moves to the opened panel.
 */
export function CollectionTable({ collections }: { collections: IntelCollection[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [open, setOpen] = useState<{ id: string; mode: DetailMode } | null>(null);
  const panelRef = useRef<HTMLHeadingElement>(null);
  const chosen = open && collections.find((c) => c.id === open.id);
  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('intel.collections.listTitle', { count: collections.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('intel.collections.form.title')}</th>
              <th scope="col">{t('intel.collections.clearance')}</th>
              <th scope="col">{t('intel.collections.objects')}</th>
              <th scope="col">{t('intel.collections.yourAccess')}</th>
              <th scope="col"><span className="visually-hidden">{t('intel.collections.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {collections.map((c) => {
              const title = collectionTitle(c.title, lang);
              return (
                <tr key={c.id} data-collection-key={c.key}>
                  <th scope="row" className="cell-wrap">
                    {title} <span className="badge">{t(`intel.collections.kinds.${c.kind}`)}</span>
                  </th>
                  <td>{t(`clearance.${c.clearance}`)}</td>
                  <td>{c.objectCount ?? '—'}</td>
                  <td><Access c={c} /></td>
                  <td>
                    <div className="button-row">
                      <button type="button" className="button button-small" aria-pressed={open?.id === c.id && open.mode === 'objects'} onClick={() => setOpen({ id: c.id, mode: 'objects' })}>
                        {t('intel.collections.showObjects')}<span className="visually-hidden"> {title}</span>
                      </button>
                      {c.canManage && (
                        <button type="button" className="button button-small" aria-pressed={open?.id === c.id && open.mode === 'edit'} onClick={() => setOpen({ id: c.id, mode: 'edit' })}>
                          {t('intel.collections.edit')}<span className="visually-hidden"> {title}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {chosen && open && <CollectionDetail key={`${chosen.id}-${open.mode}`} collection={chosen} mode={open.mode} headingRef={panelRef} onClose={() => setOpen(null)} />}
    </>
  );
}

function Access({ c }: { c: IntelCollection }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="badge badge-done">{t('intel.collections.canRead')}</span>
      {c.canWrite ? <span className="badge badge-done">{t('intel.collections.canWrite')}</span> : <span className="badge badge-open">{t('intel.collections.readOnly')}</span>}
      {c.canManage && <span className="badge badge-done">{t('intel.collections.canManage')}</span>}
    </>
  );
}

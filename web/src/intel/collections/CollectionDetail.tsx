import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { localizedName, sectorName } from '../../i18n/format';
import { useOrganizations } from '../api';
import { collectionTitle } from '../labels';
import { RecentObjects } from '../RecentObjects';
import type { IntelCollection } from '../types';
import { EditCollection } from './EditCollection';

export type DetailMode = 'objects' | 'edit';

/** One collection opened from the table: who reads it, its members (for managers), objects or editor. */
export function CollectionDetail({ collection: c, mode, headingRef, onClose }: { collection: IntelCollection; mode: DetailMode; headingRef: RefObject<HTMLHeadingElement | null>; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const orgs = useOrganizations(c.memberOrgIds !== undefined && c.memberOrgIds.length > 0);
  const title = collectionTitle(c.title, lang);
  const memberNames = (c.memberOrgIds ?? []).map((id) => {
    const o = orgs.data?.find((x) => x.id === id);
    return o ? localizedName(o, lang) : id;
  });
  const headingId = `collection-detail-${c.id}`;
  return (
    <section className="card collection-card" aria-labelledby={headingId} data-collection-key={c.key} data-testid="collection-detail">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
        <span className="badge">{t(`intel.collections.kinds.${c.kind}`)}</span>
      </h3>
      {c.description && <p className="muted">{c.description}</p>}
      <dl className="facts">
        {c.sector && (
          <>
            <dt>{t('intel.collections.sector')}</dt>
            <dd>{sectorName(c.sector, lang)}</dd>
          </>
        )}
        <dt>{t('intel.collections.clearance')}</dt>
        <dd>{t(`clearance.${c.clearance}`)}</dd>
        {c.memberOrgIds !== undefined && c.kind === 'isac' && (
          <>
            <dt>{t('intel.collections.members')}</dt>
            <dd className="cell-wrap" data-testid="collection-members">{memberNames.length ? memberNames.join(lang === 'ja' ? '、' : ', ') : t('intel.collections.noMembers')}</dd>
          </>
        )}
      </dl>
      <p className="field-hint">{t(`intel.collections.whoReads.${c.kind}`)}</p>
      {mode === 'objects' && <RecentObjects headingId={`${headingId}-objects`} title={t('intel.collections.objectsOf', { title })} collection={c.id} limit={50} level={4} />}
      {mode === 'edit' && c.canManage && <EditCollection collection={c} onDone={onClose} />}
      {mode === 'objects' && (
        <button type="button" className="button button-small" onClick={onClose}>{t('intel.collections.close')}</button>
      )}
    </section>
  );
}

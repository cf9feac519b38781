import { useTranslation } from 'react-i18next';
import type { OrganizationKind } from '../api/types';
import { currentLanguage } from '../i18n';
import { formatDateTime, sectorName } from '../i18n/format';
import { useSupplierAlerts } from './api';
import { orgLabel } from './level';

/**
 * What the organisation was told when a supplier below it, directly or further down, reported an
 * incident or was hit by an advisory. The supplier is named only if it allowed it; otherwise its kind
 * and sector are all the customer learns.
 */
export function SupplierAlerts() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const q = useSupplierAlerts();
  if (!q.data || q.data.length === 0) return null;
  const sectors = (xs: string[]) => xs.map((s) => sectorName(s, lang)).join(lang === 'ja' ? '、' : ', ');
  return (
    <section className="card card-warning" aria-labelledby="supplier-alerts">
      <h2 id="supplier-alerts">{t('supplyChain.alerts.title')}</h2>
      <ul className="plain-list supplier-alerts">
        {q.data.map((a) => (
          <li key={a.id}>
            <strong>{t(`supplyChain.alerts.kind.${a.kind}`)}</strong>{' '}
            {a.named && a.source
              ? t('supplyChain.alerts.named', { name: orgLabel(a.source, lang, ''), count: a.depth })
              : a.sourceSectors.length > 0
                ? t('supplyChain.alerts.anonymous', { sectors: sectors(a.sourceSectors), kind: t(`kinds.${a.sourceOrgKind as OrganizationKind}`), count: a.depth })
                : t('supplyChain.alerts.anonymousNoSector', { kind: t(`kinds.${a.sourceOrgKind as OrganizationKind}`), count: a.depth })}
            <span className="cell-sub">{formatDateTime(a.createdAt, lang)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

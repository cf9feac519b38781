import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime, localizedName } from '../../i18n/format';
import type { Delivery } from '../types';
import { StageTable } from './StageTable';
import { StatusControl } from './StatusControl';
import { Thread } from './Thread';

/** One recipient of the report: who, under which regime, its status, its clock and its thread. */
export function DeliveryCard({ reportId, delivery, role }: { reportId: string; delivery: Delivery; role: 'reporter' | 'recipient' }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const d = delivery;
  const recipient = localizedName(d.recipient, lang);
  const headingId = `delivery-${d.id}`;
  return (
    <article className="card delivery" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {recipient}
        <span className="delivery-regime">{lang === 'en' ? d.regimeNameEn : d.regimeName}</span>
      </h3>
      <dl className="facts">
        <dt>{t('incidents.delivery.status')}</dt>
        <dd>
          {d.recipient.external ? (
            // Nobody outside Renkei received anything through it: no "received" to show.
            <span className="badge badge-provisional">{t('incidents.delivery.trackedOnly')}</span>
          ) : (
            <>
              <span className={`badge badge-status-${d.status}`}>{t(`incidents.statuses.${d.status}`)}</span>
              {d.statusChangedAt && <span className="muted-inline"> {t('incidents.delivery.changedAt', { time: formatDateTime(d.statusChangedAt, lang) })}</span>}
            </>
          )}
        </dd>
      </dl>
      {d.recipient.external && <p className="field-hint">{t('incidents.delivery.external')}</p>}
      {d.toConfirm && <p className="badge badge-provisional">{t('incidents.deadlines.toConfirm')}</p>}
      <StageTable stages={d.stages} caption={t('incidents.deadlines.caption', { recipient })} external={d.recipient.external} />
      {d.abilities.setStatus && <StatusControl reportId={reportId} delivery={d} />}
      {!d.recipient.external && <Thread reportId={reportId} delivery={d} role={role} recipient={recipient} />}
    </article>
  );
}

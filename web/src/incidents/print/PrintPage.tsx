import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime, localizedName } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useIncident } from '../api';
import { ReportFields } from '../detail/ReportFields';
import { StageTable } from '../detail/StageTable';
import './print.css';

/**
 * /incidents/:id/print — the report on paper: no navigation or controls, one column, the caller's
 * view only (a recipient prints what it received). Threads are left out: they are working notes.
 */
export function PrintPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const incident = useIncident(id);
  const view = incident.data;

  useEffect(() => {
    document.title = view ? `${view.reference} — ${t('app.name')}` : t('app.name');
  }, [view, t]);

  if (incident.isPending) return <Loading />;
  if (incident.isError) return <LoadError error={incident.error} onRetry={() => void incident.refetch()} />;
  const v = incident.data;
  return (
    <article className="print-page">
      <div className="print-toolbar no-print">
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('incidents.print.print')}
        </button>
        <a href={`/incidents/${encodeURIComponent(v.id)}`}>{t('incidents.detail.backToReport')}</a>
      </div>
      <header className="print-header">
        <p className="print-brand">
          {t('app.name')} — {t('incidents.print.heading')}
          {v.tlp && <strong className="print-tlp"> TLP:{v.tlp.toUpperCase()}</strong>}
        </p>
        <h1>{v.report.title ?? v.reference}</h1>
        <dl className="facts">
          <dt>{t('incidents.fields.reference')}</dt>
          <dd>{v.reference}</dd>
          <dt>{t('incidents.fields.stage')}</dt>
          <dd>{t('incidents.stageVersion', { stage: t(`incidents.stages.${v.stage}`), version: v.version })}</dd>
          <dt>{t('incidents.fields.reporter')}</dt>
          <dd>{localizedName(v.reporter, lang)}</dd>
          <dt>{t('incidents.fields.submittedAt')}</dt>
          <dd>{formatDateTime(v.submittedAt, lang)}</dd>
          <dt>{t('incidents.fields.updatedAt')}</dt>
          <dd>{formatDateTime(v.updatedAt, lang)}</dd>
          <dt>{t('incidents.print.printedAt')}</dt>
          <dd>{formatDateTime(new Date().toISOString(), lang)}</dd>
        </dl>
      </header>
      <section className="print-section">
        <h2>{t('incidents.detail.reportTitle')}</h2>
        {v.seenElsewhere.otherReports > 0 && <p>{t('incidents.detail.seenElsewhere', { count: v.seenElsewhere.otherReports })}</p>}
        <ReportFields view={v} />
      </section>
      <section className="print-section">
        <h2>{t(v.role === 'reporter' ? 'incidents.detail.deliveriesAll' : 'incidents.detail.deliveriesMine')}</h2>
        {v.deliveries.map((d) => {
          const recipient = localizedName(d.recipient, lang);
          return (
            <div key={d.id} className="print-delivery">
              <h3>
                {recipient} — {lang === 'en' ? d.regimeNameEn : d.regimeName}
              </h3>
              <p>
                {t('incidents.delivery.status')}: {d.recipient.external ? t('incidents.delivery.trackedOnly') : t(`incidents.statuses.${d.status}`)}
                {d.toConfirm && <> · {t('incidents.deadlines.toConfirm')}</>}
              </p>
              <StageTable stages={d.stages} caption={t('incidents.deadlines.caption', { recipient })} external={d.recipient.external} />
            </div>
          );
        })}
      </section>
      <section className="print-section">
        <h2>{t('incidents.versions.title')}</h2>
        <ol className="plain-list">
          {v.versions.map((ver) => (
            <li key={ver.version}>
              {t('incidents.versions.label', { version: ver.version, stage: t(`incidents.stages.${ver.stage}`) })} — {formatDateTime(ver.submittedAt, lang)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

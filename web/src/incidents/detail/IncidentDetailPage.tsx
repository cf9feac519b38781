import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime, localizedName } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useIncident, useRegimes } from '../api';
import { useLiveIncident } from '../live';
import { joinList } from '../text';
import type { IncidentView } from '../types';
import { DeliveryCard } from './DeliveryCard';
import { ExportButtons } from './ExportButtons';
import { ReportFields } from './ReportFields';
import { Versions } from './Versions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /incidents/:id — one report as the caller may see it, live. */
export function IncidentDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  if (!UUID.test(id)) {
    return (
      <>
        <h1>{t('errors.notFoundTitle')}</h1>
        <p>{t('errors.notFound')}</p>
      </>
    );
  }
  return <Detail id={id} />;
}

function Detail({ id }: { id: string }) {
  const { t } = useTranslation();
  const incident = useIncident(id);
  useLiveIncident(id);
  const back = (
    <p className="breadcrumb">
      <Link to="/incidents">{t('incidents.list.backToList')}</Link>
    </p>
  );
  if (incident.isPending) return <>{back}<Loading /></>;
  if (incident.isError) return <>{back}<LoadError error={incident.error} onRetry={() => void incident.refetch()} /></>;
  const view = incident.data;
  return (
    <>
      {back}
      <Header view={view} />
      <FiledNotice view={view} />
      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title">{t('incidents.detail.reportTitle')}</h2>
        {view.role === 'recipient' && <p className="field-hint">{t('incidents.detail.tailored')}</p>}
        <SeenElsewhere view={view} />
        <ReportFields view={view} />
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t(view.role === 'reporter' ? 'incidents.detail.deliveriesAll' : 'incidents.detail.deliveriesMine')}</h2>
        {view.deliveries.map((d) => (
          <DeliveryCard key={d.id} reportId={view.id} delivery={d} role={view.role} />
        ))}
      </section>
      {/* Keyed by version: a new stage resets the comparison to the latest two. */}
      <Versions key={view.version} view={view} />
    </>
  );
}

function Header({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const regimes = useRegimes();
  const optionalNames = (view.sharing?.optionalRegimes ?? []).map((code) => {
    const r = regimes.data?.find((x) => x.code === code);
    return r ? localizedName(r, lang) : code;
  });
  return (
    <header className="report-header">
      <p className="reference">
        <code>{view.reference}</code>
        {view.tlp && <span className="badge badge-tlp">TLP:{view.tlp.toUpperCase()}</span>}
      </p>
      <h1>{view.report.title ?? view.reference}</h1>
      <dl className="facts">
        <dt>{t('incidents.fields.stage')}</dt>
        <dd>{t('incidents.stageVersion', { stage: t(`incidents.stages.${view.stage}`), version: view.version })}</dd>
        <dt>{t('incidents.fields.reporter')}</dt>
        <dd>{localizedName(view.reporter, lang)}</dd>
        <dt>{t('incidents.fields.submittedAt')}</dt>
        <dd>{formatDateTime(view.submittedAt, lang)}</dd>
        <dt>{t('incidents.fields.updatedAt')}</dt>
        <dd>{formatDateTime(view.updatedAt, lang)}</dd>
        {view.sharing && (
          <>
            <dt>{t('incidents.detail.optionalShared')}</dt>
            <dd>{optionalNames.length ? joinList(optionalNames, lang) : t('incidents.detail.none')}</dd>
            <dt>{t('incidents.detail.intelNaming')}</dt>
            <dd>{t(view.sharing.nameInIntel ? 'incidents.detail.named' : 'incidents.detail.anonymised')}</dd>
          </>
        )}
      </dl>
      <div className="report-actions">
        {view.role === 'reporter' && view.abilities.submitStage && (
          <div className="button-row">
            <Link className="button button-primary" to={`/incidents/${encodeURIComponent(view.id)}/stages/update`}>
              {t('incidents.detail.submitUpdate')}
            </Link>
            <Link className="button" to={`/incidents/${encodeURIComponent(view.id)}/stages/final`}>
              {t('incidents.detail.submitFinal')}
            </Link>
          </div>
        )}
        {/* Only the reporter could have updated it: recipients never can, final or not. */}
        {view.stage === 'final' && view.role === 'reporter' && <p className="muted">{t('incidents.detail.finalDone')}</p>}
        <ExportButtons view={view} />
      </div>
    </header>
  );
}

/** After filing: which recipients the report reached. */
function FiledNotice({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const filed = useSearchParams().get('filed');
  if (!filed || view.role !== 'reporter') return null;
  const names = [...new Set(view.deliveries.map((d) => localizedName(d.recipient, lang)))];
  const key = filed === 'final' ? 'incidents.detail.filedFinal' : filed === 'update' ? 'incidents.detail.filedUpdate' : 'incidents.detail.filed';
  return (
    <div className="alert alert-info" role="status">
      <p>{t(key, { reference: view.reference })}</p>
      <p>{t('incidents.detail.deliveredTo', { list: joinList(names, lang) })}</p>
    </div>
  );
}

function SeenElsewhere({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  // Counts only: which reports, and whose, is not the caller's to know.
  const n = view.seenElsewhere.otherReports;
  if (n === 0) return <p className="muted">{t('incidents.detail.seenNowhere')}</p>;
  return <p className="alert alert-warning seen-elsewhere">{t('incidents.detail.seenElsewhere', { count: n })}</p>;
}

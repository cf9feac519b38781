import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { Link, useSearchParams } from '../app/router';
import { can, useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatDateTime, localizedName } from '../i18n/format';
import { AlertBadges } from './AlertBadges';
import { useAlerts, useEscalations } from './api';
import { useLiveAlerts } from './live';
import type { AlertListItem, Box } from './types';
import './alerts.css';

const BOXES: readonly Box[] = ['received', 'issued', 'all'];

/** /alerts: real alerts (never an exercise's), addressed to my organisation first; live over SSE. */
export function AlertsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const params = useSearchParams();
  const issuer = can(me, 'alerts.issue');
  const requested = params.get('box') as Box | null;
  // Only issuers have an "issued" box worth a tab.
  const boxes = issuer ? BOXES : BOXES.filter((b) => b !== 'issued');
  const box: Box = requested && boxes.includes(requested) ? requested : issuer ? 'issued' : 'received';
  useLiveAlerts();

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.alerts')}</h1>
        <p className="form-actions">
          {issuer && <Link to="/alerts/new" className="button button-primary">{t('alerts.issueLink')}</Link>}{' '}
          <Link to="/exercises" className="button">{t('alerts.exercisesLink')}</Link>{' '}
          {me.role === 'admin' && <Link to="/alerts/webhook" className="button">{t('alerts.webhookLink')}</Link>}
        </p>
      </div>
      <p className="lead">{t('alerts.intro')}</p>
      <nav aria-label={t('alerts.boxes.label')}>
        <ul className="box-tabs">
          {boxes.map((b) => (
            <li key={b}>
              <Link to={`/alerts?box=${b}`} aria-current={b === box ? 'page' : undefined}>{t(`alerts.boxes.${b}`)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <Escalations />
      <AlertTable box={box} />
    </>
  );
}

function AlertTable({ box }: { box: Box }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useAlerts(box);
  if (list.isPending) return <p role="status">{t('alerts.loading')}</p>;
  if (list.isError) return <p className="alert alert-error" role="alert">{errorMessage(list.error)}</p>;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p>{t('alerts.empty')}</p>;
  return (
    <>
      <div className="table-wrap">
      <table aria-live="polite">
        <thead>
          <tr>
            <th scope="col">{t('alerts.columns.headline')}</th>
            <th scope="col">{t('alerts.columns.severity')}</th>
            <th scope="col">{t('alerts.columns.issuer')}</th>
            <th scope="col">{t('alerts.columns.sentAt')}</th>
            <th scope="col">{t('alerts.columns.state')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-alert-id={a.id}>
              <td>
                <Link to={`/alerts/${a.id}`} className={a.addressedToMe && !a.acknowledgedAt ? 'alert-pending' : undefined}>
                  {headline(a, lang)}
                </Link>
              </td>
              <td><AlertBadges alert={a} /></td>
              <td>{localizedName(a.issuer, lang)}</td>
              <td><time dateTime={a.sentAt}>{formatDateTime(a.sentAt, lang)}</time></td>
              <td><AckState a={a} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {list.hasNextPage && (
        <button type="button" className="button" onClick={() => void list.fetchNextPage()} aria-busy={list.isFetchingNextPage}>{t('alerts.more')}</button>
      )}
    </>
  );
}

export function headline(a: { info: AlertListItem['info'] }, lang: 'ja' | 'en'): string {
  return lang === 'en' && a.info.en ? a.info.en.headline : a.info.ja.headline;
}

function AckState({ a }: { a: AlertListItem }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (a.addressedToMe) parts.push(a.acknowledgedAt ? t('alerts.acknowledged') : t('alerts.pending'));
  if (a.figures) parts.push(t('alerts.rate', { acked: a.figures.acknowledged, total: a.figures.recipients, percent: Math.round((a.figures.rate ?? 0) * 100) }));
  return <>{parts.join(' / ') || t('alerts.notAddressed')}</>;
}

/** Alerts still unacknowledged after escalation: for a ministry, its sectors' organisations. Shown only when there are some. */
function Escalations() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const list = useEscalations();
  if (!list.data || list.data.length === 0) return null;
  return (
    <section className="card card-warning" aria-labelledby="alert-escalations">
      <h2 id="alert-escalations">{t('alerts.escalations.title')}</h2>
      <p>{t('alerts.escalations.intro')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('alerts.columns.headline')}</th>
              <th scope="col">{t('alerts.recipients.org')}</th>
              <th scope="col">{t('alerts.recipients.escalation')}</th>
              <th scope="col">{t('alerts.columns.sentAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((e) => (
              <tr key={`${e.alertId}/${e.organization.id}`}>
                <td><Link to={`/alerts/${e.alertId}`}>{lang === 'en' && e.headlineEn ? e.headlineEn : e.headline}</Link></td>
                <td>{localizedName(e.organization, lang)}</td>
                <td>{t(`alerts.recipients.level${Math.min(e.escalationLevel, 2) as 0 | 1 | 2}`)}</td>
                <td><time dateTime={e.sentAt}>{formatDateTime(e.sentAt, lang)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile, errorMessage } from '../api/client';
import { Link } from '../app/router';
import { currentLanguage } from '../i18n';
import { LoadError } from '../ui/Status';
import { formatDateTime, localizedName, sectorName } from '../i18n/format';
import { AlertBadges } from './AlertBadges';
import { headline } from './AlertsPage';
import { useAcknowledge, useAlert } from './api';
import { useLiveAlerts } from './live';
import type { AlertDetail, AlertInfo } from './types';
import './alerts.css';

/** /alerts/:id: the alert, my acknowledgement, and for the issuer who acknowledged it (live). */
export function AlertDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const alert = useAlert(id);
  useLiveAlerts();
  if (alert.isPending) return <p role="status">{t('alerts.loading')}</p>;
  if (alert.isError) return <LoadError error={alert.error} onRetry={() => void alert.refetch()} />;
  const a = alert.data;
  const back = a.exerciseId ? `/exercises/${a.exerciseId}` : '/alerts';
  return (
    <>
      <p><Link to={back}>{a.exerciseId ? t('exercises.detail.back') : t('alerts.detail.back')}</Link></p>
      <div className="page-head">
        <h1>{headline(a, lang)}</h1>
        <p className="form-actions">
          {a.abilities.update && !a.cancelled && !a.exerciseId && (
            <>
              <Link to={`/alerts/new?msgType=Update&references=${a.id}`} className="button">{t('alerts.detail.update')}</Link>{' '}
              <Link to={`/alerts/new?msgType=Cancel&references=${a.id}`} className="button">{t('alerts.detail.cancel')}</Link>{' '}
            </>
          )}
          <DownloadCap id={a.id} />
        </p>
      </div>
      <p><AlertBadges alert={a} cancelled={a.cancelled} /></p>
      {a.acknowledgement && <Acknowledgement a={a} />}
      <section className="card" aria-labelledby="alert-facts">
        <h2 id="alert-facts">{t('alerts.detail.facts')}</h2>
        <Texts info={a.info.ja} />
        <dl className="facts">
          <dt>{t('alerts.detail.statusLabel')}</dt>
          <dd>{t(`alerts.status.${a.status}`)}</dd>
          <dt>{t('alerts.detail.msgTypeLabel')}</dt>
          <dd>{t(`alerts.msgType.${a.msgType}`)}</dd>
          <dt>{t('alerts.detail.urgencyLabel')}</dt>
          <dd>{t(`alerts.urgency.${a.urgency}`)}</dd>
          <dt>{t('alerts.detail.certaintyLabel')}</dt>
          <dd>{t(`alerts.certainty.${a.certainty}`)}</dd>
          <dt>{t('alerts.detail.scopeLabel')}</dt>
          <dd>{t(`alerts.scope.${a.scope}`)}</dd>
          <dt>{t('alerts.detail.issuer')}</dt>
          <dd>{localizedName(a.issuer, lang)}</dd>
          <dt>{t('alerts.detail.sentAt')}</dt>
          <dd><time dateTime={a.sentAt}>{formatDateTime(a.sentAt, lang)}</time></dd>
          <dt>{t('alerts.detail.expiresAt')}</dt>
          <dd>{a.expiresAt ? <time dateTime={a.expiresAt}>{formatDateTime(a.expiresAt, lang)}</time> : t('alerts.detail.noExpiry')}</dd>
          {a.sectors.length > 0 && (
            <>
              <dt>{t('alerts.detail.sectors')}</dt>
              <dd>{a.sectors.map((s) => sectorName(s, lang)).join('、')}</dd>
            </>
          )}
          {a.references.length > 0 && (
            <>
              <dt>{t('alerts.detail.references')}</dt>
              <dd>{a.references.map((r) => <Link key={r} to={`/alerts/${r}`}>{r.slice(0, 8)}</Link>)}</dd>
            </>
          )}
        </dl>
        {a.info.en && (
          <details>
            <summary>{t('alerts.detail.english')}</summary>
            <div lang="en"><Texts info={a.info.en} /></div>
          </details>
        )}
      </section>
      {a.successors.length > 0 && (
        <section className="card" aria-labelledby="alert-successors">
          <h2 id="alert-successors">{t('alerts.detail.successors')}</h2>
          <ul>
            {a.successors.map((s) => (
              <li key={s.id}><Link to={`/alerts/${s.id}`}>{t(`alerts.msgType.${s.msgType}`)} — {formatDateTime(s.sentAt, lang)}</Link></li>
            ))}
          </ul>
        </section>
      )}
      {a.recipients && <Recipients a={a} />}
    </>
  );
}

function Texts({ info }: { info: AlertInfo }) {
  const { t } = useTranslation();
  return (
    <>
      <p><strong>{info.event}</strong></p>
      <h3>{t('alerts.detail.description')}</h3>
      <p className="cap-text">{info.description}</p>
      {info.instruction && (
        <>
          <h3>{t('alerts.detail.instruction')}</h3>
          <p className="cap-text">{info.instruction}</p>
        </>
      )}
    </>
  );
}

function DownloadCap({ id }: { id: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="button" onClick={() => downloadFile(`/api/alerts/${encodeURIComponent(id)}/cap.xml`, `alert-${id}.cap.xml`).then(() => setError(null), (e: unknown) => setError(errorMessage(e)))}>
        {t('alerts.detail.capXml')}
      </button>
      {error && <span className="field-error" role="alert">{error}</span>}
    </>
  );
}

/** My organisation's acknowledgement: the form while pending, then who and when. */
function Acknowledgement({ a }: { a: AlertDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ack = useAcknowledge(a.id);
  const [note, setNote] = useState('');
  const mine = a.acknowledgement!;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ack.isPending) ack.mutate(note);
  }
  return (
    <section className={mine.acknowledgedAt ? 'card' : 'card card-warning'} aria-labelledby="alert-ack">
      <h2 id="alert-ack">{t('alerts.ack.title')}</h2>
      {mine.acknowledgedAt ? (
        <p role="status">
          {mine.by ? t('alerts.ack.done', { at: formatDateTime(mine.acknowledgedAt, lang), by: mine.by }) : t('alerts.ack.doneNoName', { at: formatDateTime(mine.acknowledgedAt, lang) })}
          {mine.note && <><br />{t('alerts.ack.yourNote', { note: mine.note })}</>}
        </p>
      ) : a.abilities.acknowledge ? (
        <form onSubmit={submit} noValidate>
          {ack.isError && <p className="alert alert-error" role="alert">{errorMessage(ack.error)}</p>}
          <div className="field">
            <label htmlFor="ack-note">{t('alerts.ack.note')}</label>
            <p id="ack-note-hint" className="field-hint">{t('alerts.ack.noteHint')}</p>
            <textarea id="ack-note" rows={2} maxLength={2000} value={note} aria-describedby="ack-note-hint" onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" aria-busy={ack.isPending}>{t('alerts.ack.submit')}</button>
          </div>
        </form>
      ) : (
        <p>{t('alerts.pending')}</p>
      )}
    </section>
  );
}

/** Who acknowledged, for the issuer and the hub (a ministry sees its sectors' organisations). */
function Recipients({ a }: { a: AlertDetail }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows = a.recipients!;
  return (
    <section className="card" aria-labelledby="alert-recipients">
      <h2 id="alert-recipients">{t('alerts.recipients.title')}</h2>
      {a.figures && (
        <p role="status" aria-live="polite" data-testid="ack-rate">
          {t('alerts.rate', { acked: a.figures.acknowledged, total: a.figures.recipients, percent: Math.round((a.figures.rate ?? 0) * 100) })}
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('alerts.recipients.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('alerts.recipients.org')}</th>
                <th scope="col">{t('alerts.recipients.sectors')}</th>
                <th scope="col">{t('alerts.recipients.at')}</th>
                <th scope="col">{t('alerts.recipients.by')}</th>
                <th scope="col">{t('alerts.recipients.note')}</th>
                <th scope="col">{t('alerts.recipients.escalation')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.orgId}>
                  <th scope="row">{localizedName(r, lang)}</th>
                  <td>{r.sectors.map((s) => sectorName(s, lang)).join('、')}</td>
                  <td>{r.acknowledgedAt ? <time dateTime={r.acknowledgedAt}>{formatDateTime(r.acknowledgedAt, lang)}</time> : <span className="badge badge-late">{t('alerts.pending')}</span>}</td>
                  <td>{r.by ?? ''}</td>
                  <td>{r.note ?? ''}</td>
                  <td>{t(`alerts.recipients.level${Math.min(r.escalationLevel, 2) as 0 | 1 | 2}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { Link } from '../app/router';
import { currentLanguage } from '../i18n';
import { formatDateTime, localizedName } from '../i18n/format';
import { type Exercise, type Inject, type KindFigures, useExercise, useExerciseAction, useExerciseReport, useLiveExercises } from './api';
import { LoadError } from '../ui/Status';
import { formatDuration, formatOffset } from './duration';
import '../alerts/alerts.css';

/** /exercises/:id: the organiser runs the scenario and reads the report; participants answer the injects. */
export function ExerciseDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const exercise = useExercise(id);
  const action = useExerciseAction(id);
  useLiveExercises();
  const report = useExerciseReport(id, exercise.isSuccess && exercise.data.state !== 'draft');
  const [confirmingStart, setConfirmingStart] = useState(false);
  const startButton = useRef<HTMLButtonElement>(null);
  if (exercise.isPending) return <p role="status">{t('alerts.loading')}</p>;
  if (exercise.isError) return <LoadError error={exercise.error} onRetry={() => void exercise.refetch()} />;
  const e = exercise.data;
  return (
    <>
      <p><Link to="/exercises">{t('exercises.detail.back')}</Link></p>
      <div className="page-head">
        <h1><span className="badge badge-exercise">{t('exercises.mark')}</span> {e.name}</h1>
        <p className="form-actions">
          {e.abilities.start && !confirmingStart && (
            <button ref={startButton} type="button" className="button button-primary" onClick={() => setConfirmingStart(true)}>{t('exercises.detail.start')}</button>
          )}
          {e.abilities.end && <button type="button" className="button" aria-busy={action.isPending} onClick={() => action.mutate({ kind: 'end' })}>{t('exercises.detail.end')}</button>}
        </p>
      </div>
      {e.abilities.start && confirmingStart && (
        <ConfirmStart
          e={e}
          busy={action.isPending}
          onStart={() => action.mutate({ kind: 'start' }, { onSettled: () => setConfirmingStart(false) })}
          onCancel={() => {
            setConfirmingStart(false);
            requestAnimationFrame(() => startButton.current?.focus());
          }}
        />
      )}
      {action.isError && <p className="alert alert-error" role="alert">{errorMessage(action.error)}</p>}
      {e.description && <p className="lead">{e.description}</p>}
      <dl className="facts exercise-facts">
        <dt>{t('exercises.columns.state')}</dt>
        <dd data-testid="exercise-state">{t(`exercises.state.${e.state}`)}</dd>
        <dt>{t('exercises.detail.owner')}</dt>
        <dd>{localizedName(e.owner, lang)}</dd>
        <dt>{t('exercises.detail.participants')}</dt>
        <dd>{listOf(e.participants.map((p) => localizedName(p, lang)), lang)}</dd>
        {e.startedAt && (
          <>
            <dt>{t('exercises.detail.startedAt')}</dt>
            <dd><time dateTime={e.startedAt}>{formatDateTime(e.startedAt, lang)}</time></dd>
          </>
        )}
        {e.endedAt && (
          <>
            <dt>{t('exercises.detail.endedAt')}</dt>
            <dd><time dateTime={e.endedAt}>{formatDateTime(e.endedAt, lang)}</time></dd>
          </>
        )}
      </dl>
      <section className="card" aria-labelledby="ex-timeline">
        <h2 id="ex-timeline">{t('exercises.detail.timeline')}</h2>
        {e.injects.length === 0 ? (
          <p>{t('exercises.detail.noneYet')}</p>
        ) : (
          <ol className="inject-list" aria-live="polite">
            {e.injects.map((i) => (
              <li key={i.id}><InjectCard e={e} i={i} act={action} /></li>
            ))}
          </ol>
        )}
      </section>
      {report.data && (
        <section className="card" aria-labelledby="ex-report">
          <h2 id="ex-report">{t('exercises.report.title')}</h2>
          <p>{t('exercises.report.intro')}</p>
          {report.data.organizations.length === 0 ? (
            <p>{t('exercises.report.noParticipants')}</p>
          ) : (
            <div className="table-wrap">
              <table className="report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('exercises.report.org')}</th>
                    <th scope="col">{t('exercises.report.alerts')}</th>
                    <th scope="col">{t('exercises.report.reports')}</th>
                    <th scope="col">{t('exercises.report.advisories')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.data.organizations.map((o) => (
                    <tr key={o.orgId} data-org={o.slug}>
                      <th scope="row">{localizedName(o, lang)}</th>
                      <td><Figures f={o.alert} /></td>
                      <td><Figures f={o.incident} /></td>
                      <td><Figures f={o.advisory} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}

/** Names as a sentence lists them: 「A、B」, "A and B". */
function listOf(names: string[], lang: string): string {
  return new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
}

/**
 * Starting sends real notifications to other organisations at once, so the organiser first reads who
 * will receive the injects and when the last one goes out.
 */
function ConfirmStart({ e, busy, onStart, onCancel }: { e: Exercise; busy: boolean; onStart: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const last = Math.max(0, ...e.injects.map((i) => i.offsetSeconds));
  return (
    <div className="alert alert-warning" role="alertdialog" aria-labelledby="ex-start-question" aria-describedby="ex-start-schedule">
      <p id="ex-start-question">{t('exercises.detail.confirmStart', { count: e.participants.length, orgs: listOf(e.participants.map((p) => localizedName(p, lang)), lang) })}</p>
      <p id="ex-start-schedule">{t('exercises.detail.confirmSchedule', { count: e.injects.length, last: formatDuration(last, t) })}</p>
      <div className="button-row">
        <button type="button" className="button button-primary" autoFocus aria-busy={busy} onClick={() => !busy && onStart()}>{t('exercises.detail.confirmStartButton')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('exercises.detail.cancel')}</button>
      </div>
    </div>
  );
}

function Figures({ f }: { f: KindFigures }) {
  const { t } = useTranslation();
  if (f.delivered === 0) return <>{t('exercises.report.none')}</>;
  return (
    <>
      {t('exercises.report.figures', { answered: f.answered, delivered: f.delivered })}
      {f.meanSeconds !== null && <><br />{t('exercises.report.mean', { seconds: f.meanSeconds })} / {t('exercises.report.max', { seconds: f.maxSeconds })}</>}
    </>
  );
}

function InjectCard({ e, i, act }: { e: Exercise; i: Inject; act: ReturnType<typeof useExerciseAction> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [summary, setSummary] = useState('');
  const [note, setNote] = useState('');
  const titleId = `inj-${i.id}`;
  function respond(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (act.isPending) return;
    if (i.kind === 'alert' && i.alertId) act.mutate({ kind: 'ack', alertId: i.alertId, note: note.trim() || undefined });
    else act.mutate({ kind: 'respond', injectId: i.id, body: { ...(note.trim() ? { note: note.trim() } : {}), ...(i.kind === 'incident' ? { report: { summary: summary.trim() } } : {}) } });
  }
  return (
    <article className="inject-row" aria-labelledby={titleId} data-inject-kind={i.kind}>
      <h3 id={titleId}>
        <span className="badge badge-exercise">{t('exercises.mark')}</span> <span className="badge">{t(`exercises.kind.${i.kind}`)}</span>{' '}
        <span className={`badge badge-cap-${i.severity}`}>{t(`alerts.severity.${i.severity}`)}</span> {lang === 'en' && i.headlineEn ? i.headlineEn : i.headline}
      </h3>
      <p>
        {formatOffset(i.offsetSeconds, t)} —{' '}
        {i.firedAt ? t('exercises.detail.firedAt', { at: formatDateTime(i.firedAt, lang) }) : i.fireAt ? t('exercises.detail.scheduledAt', { at: formatDateTime(i.fireAt, lang) }) : t('exercises.detail.notScheduled')}
      </p>
      <p className="cap-text">{i.description}</p>
      {i.instruction && <p className="cap-text">{i.instruction}</p>}
      {i.alertId && <p><Link to={`/alerts/${i.alertId}`}>{t('exercises.detail.openAlert')}</Link></p>}
      {i.responses && i.responses.length > 0 && (
        <ul aria-label={t('exercises.detail.answers')}>
          {i.responses.map((r) => (
            <li key={r.orgId}>
              <strong>{localizedName(r, lang)}</strong> — {formatDateTime(r.respondedAt, lang)}
              {r.report && <>: <span className="cap-text">{r.report.summary}</span></>}
              {r.note && <> ({r.note})</>}
            </li>
          ))}
        </ul>
      )}
      {i.mine?.respondedAt && <p role="status"><span className="badge badge-done">{t('exercises.detail.acknowledged', { at: formatDateTime(i.mine.respondedAt, lang) })}</span></p>}
      {i.canRespond && e.state === 'running' && (
        <form onSubmit={respond} noValidate>
          {i.kind === 'incident' && (
            <div className="field">
              <label htmlFor={`${titleId}-summary`}>{t('exercises.detail.reportSummary')}</label>
              <textarea id={`${titleId}-summary`} rows={3} maxLength={10000} value={summary} onChange={(ev) => setSummary(ev.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${titleId}-note`}>{t('exercises.detail.note')}</label>
            <input id={`${titleId}-note`} value={note} maxLength={2000} onChange={(ev) => setNote(ev.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" aria-busy={act.isPending}>{i.kind === 'incident' ? t('exercises.detail.fileReport') : t('exercises.detail.acknowledge')}</button>
          </div>
        </form>
      )}
    </article>
  );
}

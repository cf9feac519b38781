import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { SelectField } from '../ui/SelectField';
import { type StatusChange, useSetNotificationStatus } from './api';
import { type Notification, VEX_JUSTIFICATIONS, type VexJustification } from './types';

type Action = StatusChange['status'];

/** What can follow each status; closed ones (fixed, not affected) take no further action. */
function actionsFor(status: Notification['status']): Action[] {
  if (status === 'notified') return ['acknowledged', 'mitigated', 'fixed', 'not_affected'];
  if (status === 'acknowledged') return ['mitigated', 'fixed', 'not_affected'];
  if (status === 'mitigated') return ['fixed', 'not_affected'];
  return [];
}

/**
 * The owner or the operating vendor moves a notification along. "Not affected" needs a VEX
 * justification; "mitigated" and "fixed" ask first what was done (optional, kept with the status),
 * so the record says more than a click; "acknowledged" is one click.
 */
export function StatusActions({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const set = useSetNotificationStatus();
  const [asking, setAsking] = useState<Action | null>(null);
  const askingWhy = asking === 'not_affected';
  const [justification, setJustification] = useState<VexJustification | ''>('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState('');
  const actions = actionsFor(n.status);
  const groupLabel = t('advisories.actions.label', { advisory: n.advisory.sourceId, asset: n.asset.name });

  function change(status: Action, extra: Omit<StatusChange, 'status'> = {}) {
    if (set.isPending) return;
    setDone('');
    set.mutate(
      { id: n.id, change: { status, ...extra } },
      {
        onSuccess: () => {
          setAsking(null);
          setDone(t('advisories.actions.saved', { status: t(`advisories.statuses.${status}`) }));
        },
      },
    );
  }

  function submitNotAffected(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!justification) {
      setMissing(true);
      return;
    }
    change('not_affected', { justification, ...(note.trim() ? { note: note.trim() } : {}) });
  }

  const vexId = `vex-${n.id}`;
  return (
    <div className="status-actions" role="group" aria-label={groupLabel}>
      {actions.length > 0 && asking === null && (
        <div className="button-row">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              className={a === 'acknowledged' ? 'button button-primary' : 'button'}
              aria-busy={set.isPending && set.variables?.change.status === a}
              onClick={() => (a === 'acknowledged' ? change(a) : setAsking(a))}
            >
              {t(`advisories.actions.${a}`)}
            </button>
          ))}
        </div>
      )}
      {askingWhy && (
        <form className="vex-form" onSubmit={submitNotAffected} noValidate>
          <SelectField
            id={vexId}
            label={t('advisories.actions.justification')}
            hint={t('advisories.actions.justificationHint')}
            value={justification}
            onChange={(v) => {
              setJustification(v as VexJustification | '');
              setMissing(false);
            }}
            placeholder={t('advisories.actions.choose')}
            options={VEX_JUSTIFICATIONS.map((j) => ({ value: j, label: t(`advisories.vex.${j}`) }))}
            error={missing ? t('advisories.actions.justificationRequired') : undefined}
            required
            requiredMark={t('assets.form.requiredShort')}
          />
          <div className="field">
            <label htmlFor={`${vexId}-note`}>{t('advisories.actions.note')}</label>
            <textarea id={`${vexId}-note`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" aria-busy={set.isPending}>{t('advisories.actions.confirmNotAffected')}</button>
            <button type="button" className="button" onClick={() => setAsking(null)}>{t('advisories.actions.cancel')}</button>
          </div>
        </form>
      )}
      {(asking === 'mitigated' || asking === 'fixed') && (
        <form
          className="vex-form"
          onSubmit={(event) => {
            event.preventDefault();
            change(asking, note.trim() ? { note: note.trim() } : {});
          }}
        >
          <div className="field">
            <label htmlFor={`${vexId}-done`}>{t('advisories.actions.whatWasDone')}</label>
            <p className="field-hint" id={`${vexId}-done-hint`}>{t(`advisories.actions.whatWasDoneHint.${asking}`)}</p>
            <textarea id={`${vexId}-done`} aria-describedby={`${vexId}-done-hint`} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" aria-busy={set.isPending}>{t('advisories.actions.confirmStatus', { status: t(`advisories.statuses.${asking}`) })}</button>
            <button type="button" className="button" onClick={() => setAsking(null)}>{t('advisories.actions.cancel')}</button>
          </div>
        </form>
      )}
      <p role="status" className="muted">{done}</p>
      {set.isError && <p className="field-error" role="alert">{errorMessage(set.error)}</p>}
    </div>
  );
}

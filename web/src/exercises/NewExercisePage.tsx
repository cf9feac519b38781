import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { Link, navigate } from '../app/router';
import { MultiSelect } from '../alerts/MultiSelect';
import { useCompanies } from '../alerts/orgs';
import { SEVERITIES, type Severity } from '../alerts/types';
import { currentLanguage } from '../i18n';
import { localizedName } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { type InjectKind, useCreateExercise } from './api';
import '../alerts/alerts.css';

const KINDS: readonly InjectKind[] = ['alert', 'incident', 'advisory'];
type Row = { kind: InjectKind; offset: string; severity: Severity; headline: string; description: string; instruction: string };
const newRow = (offset: string): Row => ({ kind: 'alert', offset, severity: 'Severe', headline: '', description: '', instruction: '' });

/** /exercises/new: a named scenario of timed injects and the organisations that take part. */
export function NewExercisePage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const create = useCreateExercise();
  const companies = useCompanies();
  const key = useRef(crypto.randomUUID());
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [participants, setParticipants] = useState<string[]>([]);
  const [rows, setRows] = useState<Row[]>([newRow('0')]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const server = create.error instanceof ApiError ? create.error : null;
  const err = (path: string) => errors[path] ?? server?.fieldMessage(path);
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const found: Record<string, string> = {};
    const required = t('exercises.form.required');
    if (!name.trim()) found.name = required;
    if (participants.length === 0) found.participants = t('exercises.form.participantsRequired');
    rows.forEach((r, i) => {
      if (!/^\d+$/.test(r.offset.trim())) found[`injects[${i}].offsetSeconds`] = t('exercises.form.offsetInvalid');
      if (!r.headline.trim()) found[`injects[${i}].headline`] = required;
      if (!r.description.trim()) found[`injects[${i}].description`] = required;
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(
      {
        key: key.current,
        body: {
          name: name.trim(),
          description: description.trim(),
          participants,
          injects: rows.map((r) => ({ kind: r.kind, offsetSeconds: Number(r.offset.trim()), severity: r.severity, headline: r.headline.trim(), description: r.description.trim(), ...(r.instruction.trim() ? { instruction: r.instruction.trim() } : {}) })),
        },
      },
      { onSuccess: (r) => navigate(`/exercises/${r.id}`) },
    );
  }

  const count = Object.keys(errors).length + (server?.fields.length ?? 0);
  return (
    <>
      <p><Link to="/exercises">{t('exercises.detail.back')}</Link></p>
      <h1>{t('exercises.form.title')}</h1>
      <p className="lead">{t('exercises.intro')}</p>
      <form onSubmit={submit} noValidate className="asset-form card">
        {count > 0 && <p className="alert alert-error" role="alert">{t('exercises.form.errorCount', { count })}</p>}
        {create.isError && !server?.fields.length && <p className="alert alert-error" role="alert">{errorMessage(create.error)}</p>}
        <TextField id="ex-name" label={t('exercises.form.name')} value={name} onChange={setName} error={err('name')} maxLength={200} />
        <div className="field">
          <label htmlFor="ex-description">{t('exercises.form.description')}</label>
          <textarea id="ex-description" rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <MultiSelect
          id="ex-participants"
          label={t('exercises.form.participants')}
          hint={t('exercises.form.participantsHint')}
          values={participants}
          onChange={setParticipants}
          error={err('participants') ?? server?.fields.find((f) => f.path.startsWith('participants'))?.message}
          options={(companies.data ?? []).map((o) => ({ value: o.id, label: localizedName(o, lang) }))}
        />
        <fieldset>
          <legend>{t('exercises.form.injects')}</legend>
          {rows.map((r, i) => {
            const n = i + 1;
            const p = `injects[${i}]`;
            return (
              <div key={i} className="inject-row" role="group" aria-label={t('exercises.form.inject', { n })}>
                <h3>{t('exercises.form.inject', { n })}</h3>
                <div className="field-row">
                  <SelectField id={`inj-${i}-kind`} label={t('exercises.form.kind')} value={r.kind} onChange={(v) => setRow(i, { kind: v as InjectKind })} options={KINDS.map((k) => ({ value: k, label: t(`exercises.kind.${k}`) }))} error={err(`${p}.kind`)} />
                  <TextField id={`inj-${i}-offset`} label={t('exercises.form.offset')} value={r.offset} onChange={(v) => setRow(i, { offset: v })} error={err(`${p}.offsetSeconds`)} maxLength={7} />
                  <SelectField id={`inj-${i}-severity`} label={t('exercises.form.severity')} value={r.severity} onChange={(v) => setRow(i, { severity: v as Severity })} options={SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))} error={err(`${p}.severity`)} />
                </div>
                <TextField id={`inj-${i}-headline`} label={t('exercises.form.headline')} value={r.headline} onChange={(v) => setRow(i, { headline: v })} error={err(`${p}.headline`)} maxLength={300} />
                <Area id={`inj-${i}-description`} label={t('exercises.form.description2')} value={r.description} onChange={(v) => setRow(i, { description: v })} error={err(`${p}.description`)} />
                <Area id={`inj-${i}-instruction`} label={t('exercises.form.instruction')} value={r.instruction} onChange={(v) => setRow(i, { instruction: v })} error={err(`${p}.instruction`)} />
                {rows.length > 1 && (
                  <button type="button" className="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{t('exercises.form.remove', { n })}</button>
                )}
              </div>
            );
          })}
          <button type="button" className="button" onClick={() => setRows([...rows, newRow(String(Number(rows.at(-1)?.offset || 0) + 300))])}>{t('exercises.form.add')}</button>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-busy={create.isPending}>{t('exercises.form.submit')}</button>
        </div>
      </form>
    </>
  );
}

function Area({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error: string | undefined }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      <textarea id={id} rows={2} maxLength={10000} value={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import sectorsData from '../../../law/sectors.json';
import { ApiError, errorMessage } from '../api/client';
import { Link, navigate, useSearchParams } from '../app/router';
import { currentLanguage } from '../i18n';
import { localizedName, sectorName } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useAlert, useIssueAlert } from './api';
import { MultiSelect } from './MultiSelect';
import { useCompanies } from './orgs';
import { CERTAINTIES, ISSUABLE_STATUSES, type IssueAlertBody, MSG_TYPES, type MsgType, SCOPES, SEVERITIES, URGENCIES } from './types';
import './alerts.css';

type Texts = { event: string; headline: string; description: string; instruction: string };
const blank: Texts = { event: '', headline: '', description: '', instruction: '' };

/** /alerts/new: the hub or a ministry issues an alert, an update or a cancellation (?msgType=&references=). */
export function IssueAlertPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const params = useSearchParams();
  const issue = useIssueAlert();
  const companies = useCompanies();
  const key = useRef(crypto.randomUUID());
  const initialType = (MSG_TYPES as readonly string[]).includes(params.get('msgType') ?? '') ? (params.get('msgType') as MsgType) : 'Alert';
  const [status, setStatus] = useState<IssueAlertBody['status']>('Actual');
  const [msgType, setMsgType] = useState<MsgType>(initialType);
  const [references, setReferences] = useState(params.get('references') ?? '');
  const [severity, setSeverity] = useState('');
  const [urgency, setUrgency] = useState('');
  const [certainty, setCertainty] = useState('');
  const [scope, setScope] = useState<IssueAlertBody['scope']>('Restricted');
  const [sectors, setSectors] = useState<string[]>([]);
  const [orgs, setOrgs] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [ja, setJa] = useState<Texts>(blank);
  const [en, setEn] = useState<Texts>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});

  // An update or cancellation starts from the alert it refers to (its addressees and texts).
  const firstRef = (params.get('references') ?? '').split(',')[0] ?? '';
  const source = useAlert(firstRef, initialType !== 'Alert' && /^[0-9a-f-]{36}$/.test(firstRef));
  const prefilled = useRef(false);
  useEffect(() => {
    const a = source.data;
    if (!a || prefilled.current) return;
    prefilled.current = true;
    setSeverity(a.severity);
    setUrgency(a.urgency);
    setCertainty(a.certainty);
    setScope(a.scope);
    setSectors(a.sectors);
    setOrgs(a.organizations);
    const texts = (i: typeof a.info.ja) => ({ event: i.event, headline: i.headline, description: i.description, instruction: i.instruction ?? '' });
    setJa(texts(a.info.ja));
    if (a.info.en) setEn(texts(a.info.en));
  }, [source.data]);

  const server = issue.error instanceof ApiError ? issue.error : null;
  const err = (path: string) => errors[path] ?? server?.fieldMessage(path);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (issue.isPending) return;
    const found: Record<string, string> = {};
    const required = t('alerts.issue.required');
    if (!severity) found.severity = required;
    if (!urgency) found.urgency = required;
    if (!certainty) found.certainty = required;
    if (!ja.event.trim()) found['info.ja.event'] = required;
    if (!ja.headline.trim()) found['info.ja.headline'] = required;
    if (!ja.description.trim()) found['info.ja.description'] = required;
    const anyEn = en.event.trim() || en.headline.trim() || en.description.trim() || en.instruction.trim();
    const fullEn = en.event.trim() && en.headline.trim() && en.description.trim();
    if (anyEn && !fullEn) found['info.en'] = t('alerts.issue.englishIncomplete');
    if (sectors.length === 0 && orgs.length === 0) found.sectors = t('alerts.issue.addressee');
    const refs = references.split(/[\s,]+/).filter(Boolean);
    if (msgType !== 'Alert' && refs.length === 0) found.references = required;
    setErrors(found);
    if (Object.keys(found).length) return;
    const texts = (x: Texts) => ({ event: x.event.trim(), headline: x.headline.trim(), description: x.description.trim(), ...(x.instruction.trim() ? { instruction: x.instruction.trim() } : {}) });
    const body: IssueAlertBody = {
      status,
      msgType,
      references: msgType === 'Alert' ? [] : refs,
      scope,
      severity: severity as IssueAlertBody['severity'],
      urgency: urgency as IssueAlertBody['urgency'],
      certainty: certainty as IssueAlertBody['certainty'],
      info: { ja: texts(ja), ...(fullEn ? { en: texts(en) } : {}) },
      sectors,
      organizations: orgs,
      ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
    };
    issue.mutate({ body, key: key.current }, { onSuccess: (r) => navigate(`/alerts/${r.id}`) });
  }

  const count = Object.keys(errors).length + (server?.fields.length ?? 0);
  const choose = t('assets.form.choosePlaceholder');
  const textFields = (prefix: 'ja' | 'en', value: Texts, set: (v: Texts) => void) => (
    <>
      <TextField id={`alert-${prefix}-event`} label={t(prefix === 'ja' ? 'alerts.issue.event' : 'alerts.issue.eventEn')} value={value.event} onChange={(v) => set({ ...value, event: v })} error={err(`info.${prefix}.event`)} maxLength={200} />
      <TextField id={`alert-${prefix}-headline`} label={t(prefix === 'ja' ? 'alerts.issue.headline' : 'alerts.issue.headlineEn')} value={value.headline} onChange={(v) => set({ ...value, headline: v })} error={err(`info.${prefix}.headline`)} maxLength={300} />
      <Area id={`alert-${prefix}-description`} label={t(prefix === 'ja' ? 'alerts.issue.description' : 'alerts.issue.descriptionEn')} value={value.description} onChange={(v) => set({ ...value, description: v })} error={err(`info.${prefix}.description`)} />
      <Area id={`alert-${prefix}-instruction`} label={t(prefix === 'ja' ? 'alerts.issue.instruction' : 'alerts.issue.instructionEn')} value={value.instruction} onChange={(v) => set({ ...value, instruction: v })} error={err(`info.${prefix}.instruction`)} />
    </>
  );

  return (
    <>
      <p><Link to="/alerts">{t('alerts.detail.back')}</Link></p>
      <h1>{t('alerts.issue.title')}</h1>
      <p className="lead">{t('alerts.issue.intro')}</p>
      <form onSubmit={submit} noValidate className="asset-form card">
        {count > 0 && <p className="alert alert-error" role="alert">{t('alerts.issue.errorCount', { count })}</p>}
        {issue.isError && !server?.fields.length && <p className="alert alert-error" role="alert">{errorMessage(issue.error)}</p>}
        <div className="field-row">
          <SelectField id="alert-status" label={t('alerts.issue.status')} hint={t('alerts.issue.statusHint')} value={status} onChange={(v) => setStatus(v as IssueAlertBody['status'])} options={ISSUABLE_STATUSES.map((s) => ({ value: s, label: t(`alerts.status.${s}`) }))} error={err('status')} />
          <SelectField id="alert-msgtype" label={t('alerts.issue.msgType')} value={msgType} onChange={(v) => setMsgType(v as MsgType)} options={MSG_TYPES.map((s) => ({ value: s, label: t(`alerts.msgType.${s}`) }))} error={err('msgType')} />
        </div>
        {msgType !== 'Alert' && <TextField id="alert-references" label={t('alerts.issue.references')} value={references} onChange={setReferences} error={err('references')} />}
        <div className="field-row">
          <SelectField id="alert-severity" label={t('alerts.issue.severity')} value={severity} onChange={setSeverity} placeholder={choose} options={SEVERITIES.map((s) => ({ value: s, label: t(`alerts.severity.${s}`) }))} error={err('severity')} />
          <SelectField id="alert-urgency" label={t('alerts.issue.urgency')} value={urgency} onChange={setUrgency} placeholder={choose} options={URGENCIES.map((s) => ({ value: s, label: t(`alerts.urgency.${s}`) }))} error={err('urgency')} />
          <SelectField id="alert-certainty" label={t('alerts.issue.certainty')} value={certainty} onChange={setCertainty} placeholder={choose} options={CERTAINTIES.map((s) => ({ value: s, label: t(`alerts.certainty.${s}`) }))} error={err('certainty')} />
          <SelectField id="alert-scope" label={t('alerts.issue.scope')} value={scope} onChange={(v) => setScope(v as IssueAlertBody['scope'])} options={SCOPES.map((s) => ({ value: s, label: t(`alerts.scope.${s}`) }))} error={err('scope')} />
        </div>
        <div className="field-row">
          <MultiSelect id="alert-sectors" label={t('alerts.issue.sectors')} hint={t('alerts.issue.sectorsHint')} values={sectors} onChange={setSectors} error={err('sectors') ?? fieldPrefix(server, 'sectors[')} options={sectorsData.sectors.map((s) => ({ value: s.code, label: sectorName(s.code, lang) }))} />
          <MultiSelect id="alert-orgs" label={t('alerts.issue.organizations')} hint={t('alerts.issue.organizationsHint')} values={orgs} onChange={setOrgs} error={err('organizations') ?? fieldPrefix(server, 'organizations[')} options={(companies.data ?? []).map((o) => ({ value: o.id, label: localizedName(o, lang) }))} />
        </div>
        <TextField id="alert-expires" type="datetime-local" label={t('alerts.issue.expiresAt')} value={expires} onChange={setExpires} error={err('expiresAt')} />
        {textFields('ja', ja, setJa)}
        <fieldset>
          <legend>{t('alerts.issue.english')}</legend>
          {errors['info.en'] && <p className="field-error" role="alert">{errors['info.en']}</p>}
          <div lang="en">{textFields('en', en, setEn)}</div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-busy={issue.isPending}>{t('alerts.issue.submit')}</button>
        </div>
      </form>
    </>
  );
}

/** The first server message about an element of a list field (sectors[1], organizations[0]…). */
function fieldPrefix(error: ApiError | null, prefix: string): string | undefined {
  return error?.fields.find((f) => f.path.startsWith(prefix) || f.path.startsWith(prefix.replace('[', '.')))?.message;
}

function Area({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error: string | undefined }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      <textarea id={id} rows={3} maxLength={10000} value={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

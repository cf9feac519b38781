import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { localizedName } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { type CollectionForm, useOrganizations } from '../api';
import type { Clearance } from '../types';

const CLEARANCES: Clearance[] = ['none', 'cei', 'sds'];

type Props = {
  idPrefix: string;
  form: CollectionForm;
  onChange: (form: CollectionForm) => void;
  /** The lowest clearance offered: a collection's clearance is raised, never lowered. */
  minClearance: Clearance;
  showMembers: boolean;
  error: ApiError | null;
};

/** Title, description, clearance and member organisations of a collection, with the server's field errors. */
export function CollectionFields({ idPrefix, form, onChange, minClearance, showMembers, error }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof CollectionForm>(key: K, value: CollectionForm[K]) => onChange({ ...form, [key]: value });
  const fieldError = (path: string) => error?.fieldMessage(path);
  const titleError = fieldError('title');
  const clearanceError = fieldError('clearance');
  return (
    <>
      <div className={titleError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${idPrefix}-title`}>{t('intel.collections.form.title')}</label>
        {titleError && <p id={`${idPrefix}-title-error`} className="field-error">{titleError}</p>}
        <input id={`${idPrefix}-title`} value={form.title} maxLength={200} required aria-invalid={titleError ? true : undefined} aria-describedby={titleError ? `${idPrefix}-title-error` : undefined} onChange={(e) => set('title', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-description`}>{t('intel.collections.form.description')}</label>
        <textarea id={`${idPrefix}-description`} value={form.description} maxLength={2000} rows={2} onChange={(e) => set('description', e.target.value)} />
      </div>
      <div className={clearanceError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${idPrefix}-clearance`}>{t('intel.collections.form.clearance')}</label>
        <p id={`${idPrefix}-clearance-hint`} className="field-hint">{t('intel.collections.form.clearanceHint')}</p>
        {clearanceError && <p className="field-error">{clearanceError}</p>}
        <select id={`${idPrefix}-clearance`} value={form.clearance} aria-describedby={`${idPrefix}-clearance-hint`} onChange={(e) => set('clearance', e.target.value as Clearance)}>
          {CLEARANCES.slice(CLEARANCES.indexOf(minClearance)).map((c) => (
            <option key={c} value={c}>{t(`clearance.${c}`)}</option>
          ))}
        </select>
      </div>
      {showMembers && <MemberPicker idPrefix={idPrefix} selected={form.memberOrgIds} onChange={(ids) => set('memberOrgIds', ids)} error={fieldError('memberOrgIds')} />}
    </>
  );
}

/** Member organisations as checkboxes, narrowed by a filter box (the directory has every member). */
function MemberPicker({ idPrefix, selected, onChange, error }: { idPrefix: string; selected: string[]; onChange: (ids: string[]) => void; error: string | undefined }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const orgs = useOrganizations(true);
  const [filter, setFilter] = useState('');
  const chosen = new Set(selected);
  const toggle = (id: string) => onChange(chosen.has(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const needle = filter.trim().toLowerCase();
  const shown = (orgs.data ?? []).filter((o) => !needle || o.name.toLowerCase().includes(needle) || o.nameEn.toLowerCase().includes(needle) || chosen.has(o.id));
  return (
    <fieldset className={error ? 'form-section field-invalid' : 'form-section'}>
      <legend>{t('intel.collections.form.members', { count: selected.length })}</legend>
      <p className="field-hint">{t('intel.collections.form.membersHint')}</p>
      {error && <p className="field-error">{error}</p>}
      <div className="field">
        <label htmlFor={`${idPrefix}-filter`}>{t('intel.collections.form.filter')}</label>
        <input id={`${idPrefix}-filter`} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {orgs.isPending && <Loading />}
      {orgs.isError && <LoadError error={orgs.error} onRetry={() => void orgs.refetch()} />}
      <ul className="member-list">
        {shown.map((o) => (
          <li key={o.id}>
            <label className="check">
              <input type="checkbox" checked={chosen.has(o.id)} onChange={() => toggle(o.id)} />
              <span>{localizedName(o, lang)} <span className="muted-inline">{t(`kinds.${o.kind}`)}</span></span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

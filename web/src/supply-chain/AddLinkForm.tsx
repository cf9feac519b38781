import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { localizedName } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { useCatalogue, useCompanies, useCreateLink } from './api';
import { LevelBadge } from './level';
import { previewRequired } from './required';
import type { CreatedLink, Criticality } from './types';

export const QUESTIONS = ['holdsKeyData', 'networkAccess', 'outageUnacceptable'] as const;
type Question = (typeof QUESTIONS)[number];
export type LinkFacts = Record<Question, boolean | undefined> & { criticality: Criticality };

const CRITICALITIES: readonly Criticality[] = ['low', 'medium', 'high', 'critical'];
const KIND_ORDER = ['vendor', 'sme', 'operator', 'isac'] as const;

const empty = (): LinkFacts => ({ holdsKeyData: undefined, networkAccess: undefined, outageUnacceptable: undefined, criticality: 'medium' });

/**
 * Declares a supplier: who, what it provides, the three questions that decide the required level, and
 * how critical the relationship is. The required level is shown as the answers are given.
 */
export function AddLinkForm() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const companies = useCompanies();
  const catalogue = useCatalogue();
  const create = useCreateLink();
  const [supplier, setSupplier] = useState('');
  const [provides, setProvides] = useState('');
  const [facts, setFacts] = useState<LinkFacts>(empty);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<(CreatedLink & { name: string }) | null>(null);
  // One key per attempt to declare: a retried click cannot declare the link twice.
  const idempotencyKey = useRef(crypto.randomUUID());

  const options = useMemo(() => {
    const others = (companies.data ?? []).filter((o) => o.id !== me.organization.id);
    others.sort((a, b) => KIND_ORDER.indexOf(a.kind as (typeof KIND_ORDER)[number]) - KIND_ORDER.indexOf(b.kind as (typeof KIND_ORDER)[number]) || localizedName(a, lang).localeCompare(localizedName(b, lang), lang));
    return others.map((o) => ({ value: o.id, label: `${localizedName(o, lang)}（${t(`kinds.${o.kind}`)}）` }));
  }, [companies.data, me.organization.id, lang, t]);

  const rule = catalogue.data ? previewRequired(catalogue.data.requiredLevelRules.rules, facts) : undefined;
  const answered = QUESTIONS.every((q) => facts[q] !== undefined);
  const server = create.error instanceof ApiError ? create.error : null;
  const fieldError = (path: string) => local[path] ?? server?.fieldMessage(path);

  function validate(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!supplier) errors.supplierOrgId = t('supplyChain.add.errors.supplier');
    if (!provides.trim()) errors.provides = t('supplyChain.add.errors.provides');
    for (const q of QUESTIONS) if (facts[q] === undefined) errors[q] = t('supplyChain.add.errors.answer');
    return errors;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const errors = validate();
    setLocal(errors);
    setCreated(null);
    const first = Object.keys(errors)[0];
    if (first) {
      document.getElementById(first === 'supplierOrgId' ? 'link-supplier' : first === 'provides' ? 'link-provides' : `link-${first}-yes`)?.focus();
      return;
    }
    const name = options.find((o) => o.value === supplier)?.label ?? '';
    create.mutate(
      {
        body: { supplierOrgId: supplier, provides: provides.trim(), holdsKeyData: facts.holdsKeyData!, networkAccess: facts.networkAccess!, outageUnacceptable: facts.outageUnacceptable!, criticality: facts.criticality },
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: (result) => {
          idempotencyKey.current = crypto.randomUUID();
          setCreated({ ...result, name });
          setSupplier('');
          setProvides('');
          setFacts(empty());
          document.getElementById('link-result')?.focus();
        },
      },
    );
  }

  const setFact = (q: Question, value: boolean) => {
    setFacts((f) => ({ ...f, [q]: value }));
    setLocal(({ [q]: _, ...rest }) => rest);
  };

  return (
    <section className="card" aria-labelledby="link-add-title">
      <h2 id="link-add-title">{t('supplyChain.add.title')}</h2>
      <p>{t('supplyChain.add.intro')}</p>
      <div id="link-result" tabIndex={-1} role="status">
        {created && (
          <p className="alert alert-info">
            {t('supplyChain.add.done', { name: created.name })} <strong>{t('supplyChain.add.requiredIs')}</strong> <LevelBadge level={created.requiredLevel} /> {t('supplyChain.add.awaiting')}
          </p>
        )}
      </div>
      {create.isError && <p className="alert alert-error" role="alert">{errorMessage(create.error)}</p>}
      <form onSubmit={submit} noValidate className="link-form">
        <SelectField
          id="link-supplier"
          label={t('supplyChain.add.supplier')}
          hint={t('supplyChain.add.supplierHint')}
          value={supplier}
          onChange={(v) => {
            setSupplier(v);
            setLocal(({ supplierOrgId: _, ...rest }) => rest);
          }}
          options={options}
          placeholder={t('supplyChain.add.choose')}
          error={fieldError('supplierOrgId')}
          requiredMark={t('supplyChain.required')}
        />
        <div className={fieldError('provides') ? 'field field-invalid' : 'field'}>
          <label htmlFor="link-provides">
            {t('supplyChain.add.provides')}
            <span className="required-mark">{t('supplyChain.required')}</span>
          </label>
          <p id="link-provides-hint" className="field-hint">{t('supplyChain.add.providesHint')}</p>
          {fieldError('provides') && <p id="link-provides-error" className="field-error">{fieldError('provides')}</p>}
          <input
            id="link-provides"
            value={provides}
            maxLength={300}
            aria-invalid={fieldError('provides') ? true : undefined}
            aria-describedby={fieldError('provides') ? 'link-provides-hint link-provides-error' : 'link-provides-hint'}
            onChange={(e) => {
              setProvides(e.target.value);
              setLocal(({ provides: _, ...rest }) => rest);
            }}
          />
        </div>
        {QUESTIONS.map((q) => (
          <fieldset key={q} className={fieldError(q) ? 'radio-group field-invalid' : 'radio-group'} aria-describedby={`link-${q}-hint${fieldError(q) ? ` link-${q}-error` : ''}`}>
            <legend>
              {t(`supplyChain.questions.${q}`)}
              <span className="required-mark">{t('supplyChain.required')}</span>
            </legend>
            <p id={`link-${q}-hint`} className="field-hint">{t(`supplyChain.questions.${q}Hint`)}</p>
            {fieldError(q) && <p id={`link-${q}-error`} className="field-error">{fieldError(q)}</p>}
            <div className="radio-row">
              {([true, false] as const).map((v) => (
                <label key={String(v)} className="radio">
                  <input type="radio" id={`link-${q}-${v ? 'yes' : 'no'}`} name={`link-${q}`} checked={facts[q] === v} onChange={() => setFact(q, v)} />
                  {t(v ? 'supplyChain.yes' : 'supplyChain.no')}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <SelectField
          id="link-criticality"
          label={t('supplyChain.add.criticality')}
          hint={t('supplyChain.add.criticalityHint')}
          value={facts.criticality}
          onChange={(v) => setFacts((f) => ({ ...f, criticality: v as Criticality }))}
          options={CRITICALITIES.map((c) => ({ value: c, label: t(`supplyChain.criticality.${c}`) }))}
          error={fieldError('criticality')}
        />
        <div className="required-preview" aria-live="polite">
          {answered && rule ? (
            <p>
              <strong>{t('supplyChain.add.requiredIs')}</strong> <LevelBadge level={rule.level} />
              <span className="cell-sub">{lang === 'en' ? rule.reasonEn : rule.reason}</span>
            </p>
          ) : (
            <p className="muted">{t('supplyChain.add.answerToSee')}</p>
          )}
        </div>
        <button type="submit" className="button button-primary" aria-busy={create.isPending}>{t('supplyChain.add.submit')}</button>
      </form>
    </section>
  );
}

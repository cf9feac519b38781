import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { currentLanguage } from '../i18n';
import { localizedName } from '../i18n/format';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useVendors } from './api';
import { type AssetFormValues, validate } from './model';
import { ASSET_CATEGORIES, CRITICALITIES, PLACEMENTS } from './types';

type Props = {
  initial: AssetFormValues;
  submitLabel: string;
  pending: boolean;
  serverError: unknown;
  onSubmit: (values: AssetFormValues) => void;
};

/** Registration and editing share this form; the caller decides whether it POSTs or PATCHes. */
export function AssetForm({ initial, submitLabel, pending, serverError, onSubmit }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const vendors = useVendors();
  const [v, setV] = useState(initial);
  // Errors show after the first attempt to send, then follow each edit.
  const [tried, setTried] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const set = <K extends keyof AssetFormValues>(key: K) => (value: AssetFormValues[K]) => setV((prev) => ({ ...prev, [key]: value }));

  const messages = { required: t('assets.form.required'), choose: t('assets.form.choose'), identity: t('assets.form.identityRequired') };
  const errors = tried ? validate(v, messages) : {};
  const api = serverError instanceof ApiError ? serverError : null;
  const err = (key: keyof AssetFormValues) => errors[key] ?? api?.fieldMessage(key);
  const unplaced = api?.fields.filter((f) => !(f.path in initial)) ?? [];
  // An asset run by a vendor keeps showing that vendor while the list loads (or if the list lacks it),
  // instead of the "own staff" placeholder that a select falls back to for a value it has no option for.
  const operatorOptions = (vendors.data ?? []).map((o) => ({ value: o.id, label: localizedName(o, lang) }));
  if (v.operatorOrg && !operatorOptions.some((o) => o.value === v.operatorOrg)) operatorOptions.unshift({ value: v.operatorOrg, label: vendors.isPending ? t('app.loading') : v.operatorOrg });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = validate(v, messages);
    setTried(true);
    if (Object.keys(found).length > 0) {
      summaryRef.current?.focus();
      return;
    }
    onSubmit(v);
  }

  const categoryOptions = ASSET_CATEGORIES.map((value) => ({ value, label: t(`assets.categories.${value}`) }));
  const placementOptions = PLACEMENTS.map((value) => ({ value, label: t(`assets.placements.${value}`) }));
  const criticalityOptions = CRITICALITIES.map((value) => ({ value, label: t(`assets.criticalities.${value}`) }));
  const localErrors = Object.keys(errors).length;

  return (
    <form onSubmit={submit} noValidate className="asset-form">
      <div ref={summaryRef} tabIndex={-1}>
        {localErrors > 0 && (
          <p className="alert alert-error" role="alert">{t('assets.form.errorCount', { count: localErrors })}</p>
        )}
        {api && (
          <div className="alert alert-error" role="alert">
            <p>{errorMessage(serverError)}</p>
            {unplaced.length > 0 && (
              <ul>
                {unplaced.map((f) => <li key={f.path}>{`${f.path}: ${f.message}`}</li>)}
              </ul>
            )}
          </div>
        )}
        {serverError !== null && serverError !== undefined && !api && <p className="alert alert-error" role="alert">{errorMessage(serverError)}</p>}
      </div>
      <p className="muted">{t('assets.form.requiredNote')}</p>

      <fieldset className="form-section">
        <legend>{t('assets.form.sections.what')}</legend>
        <TextField id="asset-name" label={t('assets.fields.name')} hint={t('assets.form.nameHint')} value={v.name} onChange={set('name')} error={err('name')} maxLength={200} />
        <SelectField id="asset-category" label={t('assets.fields.category')} value={v.category} onChange={(x) => set('category')(x as AssetFormValues['category'])} options={categoryOptions} placeholder={t('assets.form.choosePlaceholder')} error={err('category')} />
        <div className="field-row">
          <TextField id="asset-maker" label={t('assets.fields.maker')} value={v.maker} onChange={set('maker')} error={err('maker')} maxLength={200} />
          <TextField id="asset-product" label={t('assets.fields.product')} value={v.product} onChange={set('product')} error={err('product')} maxLength={200} />
          <TextField id="asset-version" label={t('assets.fields.version')} value={v.version} onChange={set('version')} error={err('version')} maxLength={100} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('assets.form.sections.identity')}</legend>
        <p className="field-hint">{t('assets.form.identityHint')}</p>
        <TextField id="asset-cpe" label={t('assets.fields.cpe')} hint={t('assets.form.cpeHint')} value={v.cpe} onChange={set('cpe')} error={err('cpe')} maxLength={1000} />
        <TextField id="asset-purl" label={t('assets.fields.purl')} hint={t('assets.form.purlHint')} value={v.purl} onChange={set('purl')} error={err('purl')} maxLength={1000} />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('assets.form.sections.use')}</legend>
        <SelectField id="asset-placement" label={t('assets.fields.placement')} hint={t('assets.form.placementHint')} value={v.placement} onChange={(x) => set('placement')(x as AssetFormValues['placement'])} options={placementOptions} placeholder={t('assets.form.choosePlaceholder')} error={err('placement')} />
        <TextField id="asset-service" label={t('assets.fields.service')} hint={t('assets.form.serviceHint')} value={v.service} onChange={set('service')} error={err('service')} maxLength={200} />
        <SelectField id="asset-criticality" label={t('assets.fields.criticality')} value={v.criticality} onChange={(x) => set('criticality')(x as AssetFormValues['criticality'])} options={criticalityOptions} error={err('criticality')} />
        <SelectField
          id="asset-operator"
          label={t('assets.fields.operatorVendor')}
          hint={vendors.isError ? errorMessage(vendors.error) : t('assets.form.operatorHint')}
          value={v.operatorOrg}
          onChange={set('operatorOrg')}
          options={operatorOptions}
          placeholder={t('assets.form.ownStaff')}
          error={err('operatorOrg')}
        />
        <div className="check">
          <input id="asset-designated" type="checkbox" checked={v.designatedCritical} onChange={(e) => set('designatedCritical')(e.target.checked)} aria-describedby="asset-designated-hint" />
          <label htmlFor="asset-designated">
            {t('assets.fields.designated')}
            <span id="asset-designated-hint" className="check-hint">{t('assets.form.designatedHint')}</span>
          </label>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-busy={pending}>{submitLabel}</button>
      </div>
    </form>
  );
}

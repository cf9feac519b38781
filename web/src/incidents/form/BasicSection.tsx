import { useTranslation } from 'react-i18next';
import { INCIDENT_TYPES, INTRUSION_ROUTES } from '../types';
import { browserZoneLabel } from './datetime';
import { errorFor } from './errors';
import { SelectInput, TextArea, TextInput } from './Fields';
import type { SectionProps } from './sectionProps';

/** What happened and when: the first block of the unified form. */
export function BasicSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const zone = t('incidents.form.zoneHint', { zone: browserZoneLabel() });
  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.basic')}</legend>
      <SelectInput
        path="report.type"
        label={t('incidents.fields.type')}
        required
        value={form.type}
        placeholder={t('incidents.form.choose')}
        options={INCIDENT_TYPES.map((v) => ({ value: v, label: t(`incidents.types.${v}`) }))}
        onChange={(type) => set({ type })}
        error={errorFor(errors, 'report.type')}
      />
      <TextInput path="report.title" label={t('incidents.fields.title')} hint={t('incidents.form.titleHint')} required maxLength={200} value={form.title} onChange={(title) => set({ title })} error={errorFor(errors, 'report.title')} />
      <TextArea path="report.summary" label={t('incidents.fields.summary')} hint={t('incidents.form.summaryHint')} required rows={5} value={form.summary} onChange={(summary) => set({ summary })} error={errorFor(errors, 'report.summary')} />
      <div className="field-row">
        <TextInput path="report.detectedAt" type="datetime-local" label={t('incidents.fields.detectedAt')} hint={zone} required value={form.detectedAt} onChange={(detectedAt) => set({ detectedAt })} error={errorFor(errors, 'report.detectedAt')} />
        <TextInput path="report.startedAt" type="datetime-local" label={t('incidents.fields.startedAt')} hint={t('incidents.form.startedHint')} value={form.startedAt} onChange={(startedAt) => set({ startedAt })} error={errorFor(errors, 'report.startedAt')} />
      </div>
      <SelectInput
        path="report.intrusionRoute"
        label={t('incidents.fields.intrusionRoute')}
        value={form.intrusionRoute}
        placeholder={t('incidents.form.notKnownYet')}
        options={INTRUSION_ROUTES.map((v) => ({ value: v, label: t(`incidents.intrusionRoutes.${v}`) }))}
        onChange={(intrusionRoute) => set({ intrusionRoute })}
        error={errorFor(errors, 'report.intrusionRoute')}
      />
      <TextArea path="report.intrusionDetail" label={t('incidents.fields.intrusionDetail')} rows={3} value={form.intrusionDetail} onChange={(intrusionDetail) => set({ intrusionDetail })} error={errorFor(errors, 'report.intrusionDetail')} />
    </fieldset>
  );
}

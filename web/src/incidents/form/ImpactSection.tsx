import { useTranslation } from 'react-i18next';
import { BUSINESS_IMPACTS } from '../types';
import { errorFor } from './errors';
import { Checkbox, RadioGroup, TextArea, TextInput } from './Fields';
import type { SectionProps } from './sectionProps';

/** What was affected and how badly, including personal data (which brings the PPC in). */
export function ImpactSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const pd = form.personalData;
  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.impact')}</legend>
      <TextArea path="report.affectedServices" label={t('incidents.fields.affectedServices')} hint={t('incidents.form.onePerLine')} rows={3} value={form.affectedServices} onChange={(affectedServices) => set({ affectedServices })} error={errorFor(errors, 'report.affectedServices')} />
      <TextArea path="report.affectedSystems" label={t('incidents.fields.affectedSystems')} hint={t('incidents.form.onePerLine')} rows={3} value={form.affectedSystems} onChange={(affectedSystems) => set({ affectedSystems })} error={errorFor(errors, 'report.affectedSystems')} />
      <RadioGroup
        path="report.businessImpact"
        label={t('incidents.fields.businessImpact')}
        required
        value={form.businessImpact}
        options={BUSINESS_IMPACTS.map((v) => ({ value: v, label: t(`incidents.impacts.${v}`) }))}
        onChange={(businessImpact) => set({ businessImpact })}
        error={errorFor(errors, 'report.businessImpact')}
      />
      <TextInput path="report.affectedPeople" inputMode="numeric" label={t('incidents.fields.affectedPeople')} value={form.affectedPeople} onChange={(affectedPeople) => set({ affectedPeople })} error={errorFor(errors, 'report.affectedPeople')} />

      <fieldset className="sub-section">
        <legend>{t('incidents.form.sections.personalData')}</legend>
        <Checkbox
          path="report.personalData.involved"
          label={t('incidents.fields.personalDataInvolved')}
          hint={t('incidents.form.personalDataHint')}
          checked={pd.involved}
          onChange={(involved) => set({ personalData: { ...pd, involved } })}
        />
        {pd.involved && (
          <>
            <TextInput path="report.personalData.records" inputMode="numeric" label={t('incidents.fields.records')} value={pd.records} onChange={(records) => set({ personalData: { ...pd, records } })} error={errorFor(errors, 'report.personalData.records')} />
            <TextArea path="report.personalData.categories" label={t('incidents.fields.categories')} hint={t('incidents.form.categoriesHint')} rows={3} value={pd.categories} onChange={(categories) => set({ personalData: { ...pd, categories } })} error={errorFor(errors, 'report.personalData.categories')} />
          </>
        )}
      </fieldset>

      <TextArea path="report.othersNotified" label={t('incidents.fields.othersNotified')} hint={t('incidents.form.othersHint')} rows={3} value={form.othersNotified} onChange={(othersNotified) => set({ othersNotified })} error={errorFor(errors, 'report.othersNotified')} />
    </fieldset>
  );
}

/** Whom the recipients call back. */
export function ContactSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const c = form.contact;
  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.contact')}</legend>
      <div className="field-row">
        <TextInput path="report.contact.name" label={t('incidents.fields.contactName')} required autoComplete="name" value={c.name} onChange={(name) => set({ contact: { ...c, name } })} error={errorFor(errors, 'report.contact.name')} />
        <TextInput path="report.contact.email" type="email" label={t('incidents.fields.contactEmail')} required autoComplete="email" value={c.email} onChange={(email) => set({ contact: { ...c, email } })} error={errorFor(errors, 'report.contact.email')} />
        <TextInput path="report.contact.phone" type="tel" label={t('incidents.fields.contactPhone')} autoComplete="tel" value={c.phone} onChange={(phone) => set({ contact: { ...c, phone } })} error={errorFor(errors, 'report.contact.phone')} />
      </div>
    </fieldset>
  );
}

import { useTranslation } from 'react-i18next';
import { errorFor } from './errors';
import { Checkbox, TextArea, TextInput } from './Fields';
import type { FormState } from './model';
import type { SectionProps } from './sectionProps';

/** The unified form's ransomware block, shown when the type is ransomware. */
export function RansomwareSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const r = form.ransomware;
  const setR = (patch: Partial<FormState['ransomware']>) => set({ ransomware: { ...r, ...patch } });
  const err = (p: string) => errorFor(errors, `report.ransomware.${p}`);
  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.ransomware')}</legend>
      <TextArea path="report.ransomware.noteText" label={t('incidents.fields.noteText')} hint={t('incidents.form.noteTextHint')} rows={4} value={r.noteText} onChange={(noteText) => setR({ noteText })} error={err('noteText')} />
      <div className="field-row">
        <TextInput path="report.ransomware.encryptedExtension" label={t('incidents.fields.encryptedExtension')} hint={t('incidents.form.extensionHint')} maxLength={50} value={r.encryptedExtension} onChange={(encryptedExtension) => setR({ encryptedExtension })} error={err('encryptedExtension')} />
        <TextInput path="report.ransomware.family" label={t('incidents.fields.family')} value={r.family} onChange={(family) => setR({ family })} error={err('family')} />
      </div>
      <TextInput path="report.ransomware.demandAmount" label={t('incidents.fields.demandAmount')} hint={t('incidents.form.demandHint')} value={r.demandAmount} onChange={(demandAmount) => setR({ demandAmount })} error={err('demandAmount')} />
      <Checkbox path="report.ransomware.paid" label={t('incidents.fields.paid')} checked={r.paid} onChange={(paid) => setR({ paid })} />
      {r.paid && (
        <TextInput path="report.ransomware.paidAt" type="datetime-local" label={t('incidents.fields.paidAt')} required value={r.paidAt} onChange={(paidAt) => setR({ paidAt })} error={err('paidAt')} />
      )}
    </fieldset>
  );
}

/** The unified form's DDoS block, shown when the type is DDoS. */
export function DdosSection({ form, set, errors }: SectionProps) {
  const { t } = useTranslation();
  const d = form.ddos;
  const setD = (patch: Partial<FormState['ddos']>) => set({ ddos: { ...d, ...patch } });
  const err = (p: string) => errorFor(errors, `report.ddos.${p}`);
  return (
    <fieldset className="form-section">
      <legend>{t('incidents.form.sections.ddos')}</legend>
      <div className="field-row">
        <TextInput path="report.ddos.peakGbps" inputMode="decimal" label={t('incidents.fields.peakGbps')} value={d.peakGbps} onChange={(peakGbps) => setD({ peakGbps })} error={err('peakGbps')} />
        <TextInput path="report.ddos.peakPps" inputMode="numeric" label={t('incidents.fields.peakPps')} value={d.peakPps} onChange={(peakPps) => setD({ peakPps })} error={err('peakPps')} />
        <TextInput path="report.ddos.durationMinutes" inputMode="numeric" label={t('incidents.fields.durationMinutes')} value={d.durationMinutes} onChange={(durationMinutes) => setD({ durationMinutes })} error={err('durationMinutes')} />
      </div>
      <TextArea path="report.ddos.targets" label={t('incidents.fields.targets')} hint={t('incidents.form.onePerLine')} rows={3} value={d.targets} onChange={(targets) => setD({ targets })} error={err('targets')} />
    </fieldset>
  );
}

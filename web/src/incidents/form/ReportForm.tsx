import { type FormEvent, type ReactNode, type RefObject, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegimeInfo } from '../types';
import { BasicSection } from './BasicSection';
import { ErrorSummary } from './ErrorSummary';
import { displayedRows } from './rows';
import { ContactSection, ImpactSection } from './ImpactSection';
import { IndicatorsEditor } from './IndicatorsEditor';
import { type FieldErrors, type FormState, type SharingState, toReport } from './model';
import { SharingSection } from './SharingSection';
import { DdosSection, RansomwareSection } from './TypeSections';

type Props = {
  form: FormState;
  onFormChange: (form: FormState) => void;
  sharing: SharingState;
  onSharingChange: (sharing: SharingState) => void;
  regimes: RegimeInfo[];
  errors: FieldErrors;
  summaryRef: RefObject<HTMLDivElement | null>;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  lockedSharing?: readonly string[];
  /** Shown beside the submit button (autosave state). */
  status?: ReactNode;
  /** Leaving a field: the moment to save a draft at once. */
  onFieldBlur?: () => void;
};

/** The unified ransomware / DDoS form, used to file a report and to submit its update or final stage. */
export function ReportForm(props: Props) {
  const { t } = useTranslation();
  const { form, onFormChange, errors } = props;
  const set = (patch: Partial<FormState>) => onFormChange({ ...form, ...patch });
  const section = { form, set, errors };
  const preview = useMemo(() => toReport(form), [form]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!props.busy) props.onSubmit();
  }

  return (
    // noValidate: the browser's own bubbles would speak the browser's language, not the UI's.
    <form className="report-form" onSubmit={submit} noValidate onBlur={props.onFieldBlur}>
      <ErrorSummary ref={props.summaryRef} errors={errors} sharedCodes={props.sharing.optionalRegimes} indicatorRows={displayedRows(form.indicators)} />
      <p className="field-hint">{t('incidents.form.requiredNote')}</p>
      <BasicSection {...section} />
      {form.type === 'ransomware' && <RansomwareSection {...section} />}
      {form.type === 'ddos' && <DdosSection {...section} />}
      <ImpactSection {...section} />
      <IndicatorsEditor {...section} />
      <ContactSection {...section} />
      <SharingSection
        regimes={props.regimes}
        sharing={props.sharing}
        onChange={props.onSharingChange}
        report={preview}
        errors={errors}
        locked={props.lockedSharing}
      />
      <div className="form-actions">
        {/* Not disabled while pending: a disabled button drops keyboard focus. */}
        <button type="submit" className="button button-primary" aria-busy={props.busy}>
          {props.submitLabel}
        </button>
        {props.status}
      </div>
    </form>
  );
}

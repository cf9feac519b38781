import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { navigate } from '../app/router';
import { useMe } from '../auth/session';
import { useSubmitReport } from './api';
import { AutosaveStatus } from './form/AutosaveStatus';
import { type DraftContent, isBlankReport, toDraftContent, toReport } from './form/model';
import { ReportForm } from './form/ReportForm';
import { UploadReport } from './form/UploadReport';
import { useDraftAutosave } from './form/useDraftAutosave';
import { useEditedReport } from './form/useEditedReport';
import { useReportErrors } from './form/useReportErrors';
import type { RegimeInfo } from './types';

type Props = {
  initial: DraftContent;
  draftId: string | null;
  regimes: RegimeInfo[];
  /** `initial` is what this tab kept but the server does not have yet: save it at once. */
  unsaved?: boolean;
  onDraftCreated: (id: string) => void;
};

/** Fills in, autosaves and files one new report. */
export function NewReportEditor({ initial, draftId, regimes, unsaved = false, onDraftCreated }: Props) {
  const { t } = useTranslation();
  // One key per draft (it is saved with it): a double click, a retry or a reload files once.
  const [idempotencyKey] = useState(initial.idempotencyKey);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = useSubmitReport();
  const me = useMe();
  const autosave = useDraftAutosave(me.user.id, draftId, onDraftCreated, { isBlank: isBlankReport });
  const { loaded, changed } = autosave;
  const { form, sharing, editForm, editSharing, replace } = useEditedReport(initial, changed);

  useEffect(() => {
    if (unsaved) changed(toDraftContent(initial));
    else if (draftId) loaded(toDraftContent(initial));
    // Once, on opening: only the content the editor was opened with counts as already saved.
  }, []);


  const { errors, check, fromServer } = useReportErrors(form, sharing);
  // After React has drawn the summary.
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());

  function onSubmit() {
    if (!check()) {
      focusSummary();
      return;
    }
    const known = new Set(regimes.filter((r) => r.optional).map((r) => r.code));
    const id = autosave.draftId();
    submit.mutate(
      {
        body: { report: toReport(form), sharing: { ...sharing, optionalRegimes: sharing.optionalRegimes.filter((c) => known.has(c)) }, ...(id ? { draftId: id } : {}) },
        idempotencyKey,
      },
      {
        onSuccess: (result) => {
          autosave.stop();
          navigate(`/incidents/${result.id}?filed=1`);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fields.length > 0) {
            fromServer(error.fields);
            focusSummary();
          }
        },
      },
    );
  }

  const formError = submit.isError && !(submit.error instanceof ApiError && submit.error.fields.length > 0) ? errorMessage(submit.error) : null;

  return (
    <>
      <UploadReport
        idempotencyKey={idempotencyKey}
        onReport={(next, nextSharing) => replace(next, nextSharing ?? sharing)}
      />
      <section className="card" aria-labelledby="report-form-title">
        <h2 id="report-form-title">{t('incidents.new.formTitle')}</h2>
        {formError && <p className="alert alert-error" role="alert">{formError}</p>}
        <ReportForm
          form={form}
          onFormChange={editForm}
          sharing={sharing}
          onSharingChange={editSharing}
          regimes={regimes}
          errors={errors}
          summaryRef={summaryRef}
          onSubmit={onSubmit}
          submitLabel={t('incidents.new.submit')}
          busy={submit.isPending}
          status={<AutosaveStatus state={autosave.state} savedAt={autosave.savedAt} />}
          onFieldBlur={() => void autosave.flush()}
        />
      </section>
    </>
  );
}

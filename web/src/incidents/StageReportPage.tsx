import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { Link, navigate } from '../app/router';
import { useMe } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { newIdempotencyKey, useDeleteDraft, useDrafts, useIncident, useRegimes, useSubmitStage } from './api';
import { AutosaveStatus } from './form/AutosaveStatus';
import { type DraftContent, emptySharing, fromDraftContent, fromReport, stageOfDraft, toDraftContent, toReport } from './form/model';
import { ReportForm } from './form/ReportForm';
import { dropUnsaved, takeUnsaved } from './form/unsaved';
import { useDraftAutosave } from './form/useDraftAutosave';
import { useEditedReport } from './form/useEditedReport';
import { useReportErrors } from './form/useReportErrors';
import type { Draft, IncidentView, RegimeInfo } from './types';

type Stage = 'update' | 'final';

/** /incidents/:id/stages/update|final: the same form, filled with the report as it stands. */
export function StageReportPage({ id, stage }: { id: string; stage: Stage }) {
  const { t } = useTranslation();
  const incident = useIncident(id);
  const regimes = useRegimes();
  const drafts = useDrafts();
  const back = (
    <p className="breadcrumb">
      <Link to={`/incidents/${encodeURIComponent(id)}`}>{t('incidents.detail.backToReport')}</Link>
    </p>
  );
  const title = t(stage === 'final' ? 'incidents.stageForm.finalTitle' : 'incidents.stageForm.updateTitle');
  const failed = incident.error ?? regimes.error ?? drafts.error;
  if (failed) {
    return (
      <>
        {back}
        <h1>{title}</h1>
        <LoadError error={failed} onRetry={() => void Promise.all([incident.refetch(), regimes.refetch(), drafts.refetch()])} />
      </>
    );
  }
  if (!incident.data || !regimes.data || !drafts.data) {
    return (
      <>
        {back}
        <h1>{title}</h1>
        <Loading />
      </>
    );
  }
  const view = incident.data;
  return (
    <>
      {back}
      <h1>
        {title} <span className="reference">{view.reference}</span>
      </h1>
      {view.role === 'reporter' && view.abilities.submitStage ? (
        // Keyed by version: if another update lands meanwhile, start again from it.
        <StageEditor key={view.version} view={view} stage={stage} regimes={regimes.data} drafts={drafts.data} />
      ) : (
        <p className="alert alert-info">{t('incidents.stageForm.notAllowed')}</p>
      )}
    </>
  );
}

/**
 * The stage form autosaves like the new-report form: a server draft tagged with the report, the stage
 * and the version it starts from (an engineer's long final report survives a reload, a closed tab or an
 * expired session), plus the tab's copy of what the server has not got yet. A draft started from an
 * older version is not offered: the report has moved on since.
 */
function StageEditor({ view, stage, regimes, drafts }: { view: IncidentView; stage: Stage; regimes: RegimeInfo[]; drafts: Draft[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const stageOf = { reportId: view.id, stage, version: view.version };
  const slot = `stage.${view.id}.${stage}`;
  const mine = drafts.filter((d) => stageOfDraft(d.content)?.reportId === view.id);
  const saved = mine.find((d) => {
    const s = stageOfDraft(d.content)!;
    return s.stage === stage && s.version === view.version;
  });
  const [opened] = useState(() => {
    const fresh: DraftContent = { form: fromReport(view.report), sharing: view.sharing ?? emptySharing(), idempotencyKey: newIdempotencyKey(), stageOf };
    const fromDraft = (content: Record<string, unknown>): DraftContent => {
      const r = fromDraftContent(content);
      return { form: r.form, sharing: r.sharing ?? fresh.sharing, idempotencyKey: r.idempotencyKey ?? fresh.idempotencyKey, stageOf };
    };
    const initial = saved ? fromDraft(saved.content) : fresh;
    // What this tab kept when its last save did not reach the server wins, and is saved again.
    const kept = takeUnsaved(me.user.id, saved?.id ?? slot);
    const unsaved = kept !== null && JSON.stringify(kept) !== JSON.stringify(toDraftContent(initial));
    if (kept && !unsaved) dropUnsaved(me.user.id, saved?.id ?? slot);
    return { initial: unsaved ? fromDraft(kept) : initial, unsaved };
  });
  const shared = view.sharing ?? emptySharing();
  const idempotencyKey = opened.initial.idempotencyKey;
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = useSubmitStage(view.id);
  const removeDraft = useDeleteDraft();
  const autosave = useDraftAutosave(me.user.id, saved?.id ?? null, () => undefined, { blankSlot: slot });
  const { form, sharing, editForm, editSharing } = useEditedReport(opened.initial, autosave.changed);

  useEffect(() => {
    if (opened.unsaved) autosave.changed(toDraftContent(opened.initial));
    else if (saved) autosave.loaded(toDraftContent(opened.initial));
    // Drafts of this report started from versions it has moved past are of no use any more.
    for (const d of mine) if (stageOfDraft(d.content)!.version < view.version) removeDraft.mutate(d.id);
    // Once, on opening.
  }, []);

  const { errors, check, fromServer } = useReportErrors(form, sharing);
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());

  function onSubmit() {
    if (!check()) {
      focusSummary();
      return;
    }
    // The recipients already shared with are shown ticked (and cannot be unticked): send them so,
    // whatever the draft this form was restored from held; the server refuses a request without them.
    const optionalRegimes = [...new Set([...shared.optionalRegimes, ...sharing.optionalRegimes])];
    submit.mutate(
      { body: { stage, report: toReport(form), sharing: { ...sharing, optionalRegimes } }, idempotencyKey },
      {
        onSuccess: () => {
          autosave.stop();
          const id = autosave.draftId();
          if (id) removeDraft.mutate(id);
          navigate(`/incidents/${encodeURIComponent(view.id)}?filed=${stage}`);
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
    <section className="card" aria-label={t(stage === 'final' ? 'incidents.stageForm.finalTitle' : 'incidents.stageForm.updateTitle')}>
      <p className="lead">{t(stage === 'final' ? 'incidents.stageForm.finalIntro' : 'incidents.stageForm.updateIntro', { version: view.version })}</p>
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
        submitLabel={t(stage === 'final' ? 'incidents.stageForm.submitFinal' : 'incidents.stageForm.submitUpdate')}
        busy={submit.isPending}
        lockedSharing={shared.optionalRegimes}
        status={<AutosaveStatus state={autosave.state} savedAt={autosave.savedAt} />}
        onFieldBlur={() => void autosave.flush()}
      />
    </section>
  );
}

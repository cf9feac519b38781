import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { Link, navigate } from '../app/router';
import { LoadError, Loading } from '../ui/Status';
import { newIdempotencyKey, useIncident, useRegimes, useSubmitStage } from './api';
import { emptySharing, type FormState, fromReport, type SharingState, toReport } from './form/model';
import { ReportForm } from './form/ReportForm';
import { useReportErrors } from './form/useReportErrors';
import type { IncidentView, RegimeInfo } from './types';

type Stage = 'update' | 'final';

/** /incidents/:id/stages/update|final: the same form, filled with the report as it stands. */
export function StageReportPage({ id, stage }: { id: string; stage: Stage }) {
  const { t } = useTranslation();
  const incident = useIncident(id);
  const regimes = useRegimes();
  const back = (
    <p className="breadcrumb">
      <Link to={`/incidents/${encodeURIComponent(id)}`}>{t('incidents.detail.backToReport')}</Link>
    </p>
  );
  const title = t(stage === 'final' ? 'incidents.stageForm.finalTitle' : 'incidents.stageForm.updateTitle');
  const failed = incident.error ?? regimes.error;
  if (failed) {
    return (
      <>
        {back}
        <h1>{title}</h1>
        <LoadError error={failed} onRetry={() => void Promise.all([incident.refetch(), regimes.refetch()])} />
      </>
    );
  }
  if (!incident.data || !regimes.data) {
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
        <StageEditor key={view.version} view={view} stage={stage} regimes={regimes.data} />
      ) : (
        <p className="alert alert-info">{t('incidents.stageForm.notAllowed')}</p>
      )}
    </>
  );
}

function StageEditor({ view, stage, regimes }: { view: IncidentView; stage: Stage; regimes: RegimeInfo[] }) {
  const { t } = useTranslation();
  const shared = view.sharing ?? emptySharing();
  const [form, setForm] = useState<FormState>(() => fromReport(view.report));
  const [sharing, setSharing] = useState<SharingState>(shared);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = useSubmitStage(view.id);

  const { errors, check, fromServer } = useReportErrors(form, sharing);
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());

  function onSubmit() {
    if (!check()) {
      focusSummary();
      return;
    }
    submit.mutate(
      { body: { stage, report: toReport(form), sharing }, idempotencyKey },
      {
        onSuccess: () => navigate(`/incidents/${encodeURIComponent(view.id)}?filed=${stage}`),
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
        onFormChange={setForm}
        sharing={sharing}
        onSharingChange={setSharing}
        regimes={regimes}
        errors={errors}
        summaryRef={summaryRef}
        onSubmit={onSubmit}
        submitLabel={t(stage === 'final' ? 'incidents.stageForm.submitFinal' : 'incidents.stageForm.submitUpdate')}
        busy={submit.isPending}
        lockedSharing={shared.optionalRegimes}
      />
    </section>
  );
}

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useSearchParams } from '../app/router';
import { useMe } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { newIdempotencyKey, useDraft, useRegimes } from './api';
import { DraftList } from './form/DraftList';
import { emptyForm, emptySharing, fromDraftContent, toDraftContent, type DraftContent } from './form/model';
import { dropUnsaved, takeUnsaved } from './form/unsaved';
import { NewReportEditor } from './NewReportEditor';

/**
 * /incidents/new, optionally ?draft=<id>: the form, restored from the draft when there is one. The
 * editor puts the id of the draft it creates into the URL, so a reload or a reopened link resumes it.
 */
export function NewReportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const draftParam = useSearchParams().get('draft');
  const [editing, setEditing] = useState<{ source: string | null; generation: number }>({ source: draftParam, generation: 0 });
  // The draft the editor created itself; its id arriving in the URL is not a new draft to load.
  const created = useRef<string | null>(null);
  const current = editing.source ?? created.current;
  if (draftParam !== current) {
    // Another draft was picked, or a blank form asked for.
    created.current = null;
    setEditing({ source: draftParam, generation: editing.generation + 1 });
  }

  const draft = useDraft(editing.source);
  const regimes = useRegimes();
  // What this tab kept of the form when its last save did not reach the server (a session that ended
  // mid-typing), read once per opened form: it wins over the stored draft, and is saved again.
  const kept = useRef<{ generation: number; content: Record<string, unknown> | null } | null>(null);

  const heading = (
    <>
      <p className="breadcrumb">
        <Link to="/incidents?box=sent">{t('incidents.list.backToList')}</Link>
      </p>
      <h1>{t('incidents.new.title')}</h1>
      <p className="lead">{t('incidents.new.intro')}</p>
    </>
  );

  if (regimes.isError) return <>{heading}<LoadError error={regimes.error} onRetry={() => void regimes.refetch()} /></>;
  if (editing.source && draft.isError) {
    return (
      <>
        {heading}
        <LoadError error={draft.error} onRetry={() => void draft.refetch()} />
        <p>
          <Link to="/incidents/new">{t('incidents.new.startBlank')}</Link>
        </p>
      </>
    );
  }
  if (!regimes.data || (editing.source && !draft.data)) return <>{heading}<Loading /></>;

  let initial: DraftContent;
  if (editing.source && draft.data) {
    const restored = fromDraftContent(draft.data.content);
    initial = { form: restored.form, sharing: restored.sharing ?? emptySharing(), idempotencyKey: restored.idempotencyKey ?? newIdempotencyKey() };
  } else {
    // The signed-in user is the natural first contact; they can change it.
    const form = emptyForm();
    form.contact = { name: me.user.displayName, email: me.user.email, phone: '' };
    initial = { form, sharing: emptySharing(), idempotencyKey: newIdempotencyKey() };
  }
  if (kept.current?.generation !== editing.generation) {
    const content = takeUnsaved(me.user.id, editing.source);
    const same = content !== null && JSON.stringify(content) === JSON.stringify(toDraftContent(initial));
    if (same) dropUnsaved(me.user.id, editing.source);
    kept.current = { generation: editing.generation, content: same ? null : content };
  }
  const unsaved = kept.current.content;
  if (unsaved) {
    const restored = fromDraftContent(unsaved);
    initial = { form: restored.form, sharing: restored.sharing ?? initial.sharing, idempotencyKey: restored.idempotencyKey ?? initial.idempotencyKey };
  }

  return (
    <>
      {heading}
      {unsaved ? (
        <p className="alert alert-warning" role="status">{t('incidents.draft.recoveredInTab')}</p>
      ) : (
        editing.source && <p className="alert alert-info">{t('incidents.draft.restored')}</p>
      )}
      <DraftList exclude={current} />
      <NewReportEditor
        key={`${editing.source ?? 'new'}-${editing.generation}`}
        initial={initial}
        draftId={editing.source}
        regimes={regimes.data}
        unsaved={unsaved !== null}
        onDraftCreated={(id) => {
          created.current = id;
          navigate(`/incidents/new?draft=${encodeURIComponent(id)}`, { replace: true });
        }}
      />
    </>
  );
}

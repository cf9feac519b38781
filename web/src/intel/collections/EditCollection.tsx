import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { type CollectionForm, useUpdateCollection } from '../api';
import type { IntelCollection } from '../types';
import { CollectionFields } from './CollectionFields';

/** The manager's editor: only changed fields are sent; members matter for ISAC collections only. */
export function EditCollection({ collection: c, onDone }: { collection: IntelCollection; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateCollection(c.id);
  const initial: CollectionForm = { title: c.title, description: c.description, clearance: c.clearance, memberOrgIds: c.memberOrgIds ?? [] };
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState(false);
  const showMembers = c.kind === 'isac';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    const patch: Partial<CollectionForm> = {};
    if (form.title !== initial.title) patch.title = form.title;
    if (form.description !== initial.description) patch.description = form.description;
    if (form.clearance !== initial.clearance) patch.clearance = form.clearance;
    if (showMembers && JSON.stringify([...form.memberOrgIds].sort()) !== JSON.stringify([...initial.memberOrgIds].sort())) patch.memberOrgIds = form.memberOrgIds;
    setSaved(false);
    update.mutate(patch, { onSuccess: () => setSaved(true) });
  }

  const error = update.error instanceof ApiError ? update.error : null;
  return (
    <form className="sub-section" aria-label={t('intel.collections.editLabel')} onSubmit={submit}>
      <CollectionFields idPrefix={`edit-${c.id}`} form={form} onChange={(f) => { setForm(f); setSaved(false); }} minClearance={c.clearance} showMembers={showMembers} error={error} />
      {update.isError && <p className="alert alert-error" role="alert">{errorMessage(update.error)}</p>}
      {saved && <p className="alert alert-info" role="status">{t('intel.collections.saved')}</p>}
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-busy={update.isPending}>{t('intel.collections.save')}</button>
        <button type="button" className="button" onClick={onDone}>{t('intel.collections.closeEdit')}</button>
      </div>
    </form>
  );
}

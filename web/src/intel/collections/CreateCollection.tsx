import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { newIdempotencyKey } from '../../incidents/api';
import { currentLanguage } from '../../i18n';
import { type CollectionForm, useCreateCollection } from '../api';
import { collectionTitle } from '../labels';
import { CollectionFields } from './CollectionFields';

const EMPTY: CollectionForm = { title: '', description: '', memberOrgIds: [], clearance: 'none' };

/** A new community collection (owned by the ISAC when an ISAC admin creates it). */
export function CreateCollection() {
  const { t } = useTranslation();
  const create = useCreateCollection();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  // One key per intended collection: a retried click does not create a second one.
  const key = useRef(newIdempotencyKey());

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return; // a double click sends one request
    create.mutate(
      { form, idempotencyKey: key.current },
      {
        onSuccess: (c) => {
          setCreated(collectionTitle(c.title, currentLanguage()));
          setForm(EMPTY);
          key.current = newIdempotencyKey();
          setOpen(false);
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="create-collection">
      <h2 id="create-collection">{t('intel.collections.createTitle')}</h2>
      <p>{t('intel.collections.createIntro')}</p>
      {created && <p className="alert alert-info" role="status">{t('intel.collections.created', { title: created })}</p>}
      {!open ? (
        <button type="button" className="button" aria-expanded={false} onClick={() => { setOpen(true); setCreated(null); }}>{t('intel.collections.createOpen')}</button>
      ) : (
        <form onSubmit={submit}>
          <CollectionFields idPrefix="new-collection" form={form} onChange={setForm} minClearance="none" showMembers error={create.error instanceof ApiError ? create.error : null} />
          {create.isError && <p className="alert alert-error" role="alert">{errorMessage(create.error)}</p>}
          <div className="form-actions">
            <button type="submit" className="button button-primary" aria-busy={create.isPending}>{t('intel.collections.createSubmit')}</button>
            <button type="button" className="button" onClick={() => setOpen(false)}>{t('intel.collections.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

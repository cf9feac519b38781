import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import type { CreatedApiToken } from '../api/types';
import { TextField } from '../ui/TextField';
import { useCreateToken } from './api';

/** Names and creates a token; the caller shows the one-time secret. */
export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const trimmed = name.trim();
    setMissing(trimmed === '');
    if (trimmed === '') return;
    create.mutate(trimmed, {
      onSuccess: (token) => {
        setName('');
        onCreated(token);
      },
    });
  }

  const serverError = create.error instanceof ApiError ? create.error : null;
  const nameError = missing ? t('auth.required') : serverError?.fieldMessage('name');
  // A field error already explains itself next to the field; repeat only other failures at the top.
  const formError = create.isError && !serverError?.fields.length ? errorMessage(create.error) : null;

  return (
    <section className="card" aria-labelledby="tokens-create">
      <h2 id="tokens-create">{t('tokens.createTitle')}</h2>
      {formError && <p className="alert alert-error" role="alert">{formError}</p>}
      <form onSubmit={submit} noValidate className="inline-form">
        <TextField
          id="token-name"
          label={t('tokens.nameLabel')}
          hint={t('tokens.nameHint')}
          value={name}
          onChange={setName}
          error={nameError}
          maxLength={100}
        />
        <button type="submit" className="button button-primary" aria-busy={create.isPending}>
          {t('tokens.create')}
        </button>
      </form>
    </section>
  );
}

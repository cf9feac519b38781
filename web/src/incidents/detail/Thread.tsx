import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { currentLanguage } from '../../i18n';
import { formatDateTime, localizedName } from '../../i18n/format';
import { usePostMessage } from '../api';
import type { Delivery } from '../types';

/** The conversation between the reporter and one recipient; nobody else sees it. */
export function Thread({ reportId, delivery, role, recipient }: { reportId: string; delivery: Delivery; role: 'reporter' | 'recipient'; recipient: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const post = usePostMessage(reportId);
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const id = `reply-${delivery.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (post.isPending) return;
    const text = body.trim();
    setMissing(text === '');
    if (text === '') return;
    post.mutate({ deliveryId: delivery.id, body: text }, { onSuccess: () => setBody('') });
  }

  const fieldError = missing ? t('incidents.validation.required') : post.error instanceof ApiError ? post.error.fieldMessage('body') : undefined;
  const otherError = post.isError && !fieldError ? errorMessage(post.error) : null;

  return (
    <section className="thread" aria-label={t('incidents.thread.title', { recipient })}>
      <h4>{t('incidents.thread.title', { recipient })}</h4>
      {delivery.messages.length === 0 ? (
        <p className="muted">{t('incidents.thread.empty')}</p>
      ) : (
        <ol className="messages">
          {delivery.messages.map((m) => (
            <li key={m.id} className="message">
              <p className="message-meta">
                <strong>{localizedName({ name: m.authorOrgName, nameEn: m.authorOrgNameEn }, lang)}</strong>
                {m.authorName && <> · {m.authorName}</>} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
              </p>
              <p className="pre-wrap">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {delivery.abilities.message && (
        <form onSubmit={submit} noValidate>
          <div className={fieldError ? 'field field-invalid' : 'field'}>
            <label htmlFor={id}>{role === 'reporter' ? t('incidents.thread.toRecipient', { recipient }) : t('incidents.thread.toReporter')}</label>
            {fieldError && <p id={`${id}-error`} className="field-error">{fieldError}</p>}
            <textarea id={id} rows={3} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} aria-invalid={fieldError ? true : undefined} aria-describedby={fieldError ? `${id}-error` : undefined} />
          </div>
          {otherError && <p className="field-error" role="alert">{otherError}</p>}
          <button type="submit" className="button" aria-busy={post.isPending}>
            {t('incidents.thread.send')}
          </button>
        </form>
      )}
    </section>
  );
}

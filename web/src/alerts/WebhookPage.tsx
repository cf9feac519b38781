import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { Link } from '../app/router';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { TextField } from '../ui/TextField';
import { useRemoveWebhook, useSaveWebhook, useWebhook } from './api';

/** /alerts/webhook: the organisation's admins register where alerts addressed to it are POSTed. */
export function WebhookPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const me = useMe();
  const admin = me.role === 'admin';
  const hook = useWebhook(admin);
  const save = useSaveWebhook();
  const remove = useRemoveWebhook();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const server = save.error instanceof ApiError ? save.error : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    save.mutate({ url: url.trim(), secret }, { onSuccess: () => { setSecret(''); setDone(t('alerts.webhook.saved')); } });
  }

  return (
    <>
      <p><Link to="/alerts">{t('alerts.detail.back')}</Link></p>
      <h1>{t('alerts.webhook.title')}</h1>
      <p className="lead">{t('alerts.webhook.intro')}</p>
      {!admin ? (
        <p className="alert alert-info">{t('alerts.webhook.adminsOnly')}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="hook-current">
            <h2 id="hook-current">{t('alerts.webhook.current')}</h2>
            {hook.isError && <p className="alert alert-error" role="alert">{errorMessage(hook.error)}</p>}
            {hook.data ? (
              <>
                <p><code>{hook.data.url}</code></p>
                <p>{t('alerts.webhook.updatedAt', { at: formatDateTime(hook.data.updatedAt, lang) })}</p>
                <button type="button" className="button" onClick={() => remove.mutate(undefined, { onSuccess: () => setDone(t('alerts.webhook.removed')) })} aria-busy={remove.isPending}>{t('alerts.webhook.remove')}</button>
              </>
            ) : (
              hook.isSuccess && <p>{t('alerts.webhook.none')}</p>
            )}
          </section>
          <form onSubmit={submit} noValidate className="card">
            {done && <p className="alert alert-info" role="status">{done}</p>}
            {save.isError && !server?.fields.length && <p className="alert alert-error" role="alert">{errorMessage(save.error)}</p>}
            <TextField id="hook-url" type="url" label={t('alerts.webhook.url')} value={url} onChange={setUrl} error={server?.fieldMessage('url')} maxLength={2000} />
            <TextField id="hook-secret" type="password" autoComplete="new-password" label={t('alerts.webhook.secret')} hint={t('alerts.webhook.secretHint')} value={secret} onChange={setSecret} error={server?.fieldMessage('secret')} maxLength={200} />
            <div className="form-actions">
              <button type="submit" className="button button-primary" aria-busy={save.isPending}>{t('alerts.webhook.save')}</button>
            </div>
          </form>
        </>
      )}
    </>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { TextField } from '../ui/TextField';
import { useLogin } from './session';

type Missing = { email?: boolean; password?: boolean };

/** Shown instead of the dashboard whenever there is no session, keeping the URL the user asked for. */
export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({});

  useEffect(() => {
    document.title = `${t('auth.title')} — ${t('app.name')}`;
  }, [t]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    const nowMissing = { email: email.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.email || nowMissing.password) return;
    login.mutate({ email: email.trim(), password }, { onError: () => setPassword('') });
  }

  const serverError = login.error instanceof ApiError ? login.error : null;
  const fieldError = (path: 'email' | 'password') =>
    missing[path] ? t('auth.required') : serverError?.fieldMessage(path);

  return (
    <>
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="login-main">
        <section className="card login-card" aria-labelledby="login-title">
          <h1 id="login-title">{t('auth.title')}</h1>
          <p>{t('auth.intro')}</p>
          {login.isError && (
            <p className="alert alert-error" role="alert">{errorMessage(login.error)}</p>
          )}
          {/* noValidate: the browser's own bubbles would speak the browser's language, not the UI's. */}
          <form onSubmit={submit} noValidate>
            <TextField
              id="login-email"
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={setEmail}
              error={fieldError('email')}
            />
            <TextField
              id="login-password"
              label={t('auth.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              error={fieldError('password')}
            />
            {/* Not disabled while pending: a disabled button drops keyboard focus. */}
            <button type="submit" className="button button-primary" aria-busy={login.isPending}>
              {t('auth.submit')}
            </button>
          </form>
        </section>
      </main>
    </>
  );
}

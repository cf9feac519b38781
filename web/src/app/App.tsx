import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginPage } from '../auth/LoginPage';
import { can, useSession } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { Layout } from './Layout';
import { navigate, usePath } from './router';
import { findRoute } from './routes';

/** Decides between loading, login and the signed-in dashboard, then renders the page for the URL. */
export function App() {
  const session = useSession();
  // Data first: a failed background re-check must not throw a signed-in user out of their work.
  if (session.data) return <SignedIn />;
  if (session.isPending) {
    return (
      <main id="main" className="login-main">
        <Loading />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main id="main" className="login-main">
        <LoadError error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  return <LoginPage />;
}

function SignedIn() {
  const { t } = useTranslation();
  const path = usePath();
  const session = useSession();
  // Every URL shows the login form when signed out, so there is no /login page; a bookmarked or typed
  // /login leads home once signed in, instead of to "page not found".
  const loginUrl = path === '/login';
  useEffect(() => {
    if (loginUrl) navigate('/', { replace: true });
  }, [loginUrl]);
  const found = findRoute(loginUrl ? '/' : path);

  if (!found) {
    return (
      <Layout path={path} title={t('errors.notFoundTitle')}>
        <h1>{t('errors.notFoundTitle')}</h1>
        <p>{t('errors.notFound')}</p>
      </Layout>
    );
  }
  const { route, params } = found;
  const title = t(`nav.${route.page}`);
  // The nav already hides what is not allowed; this covers typed or bookmarked URLs.
  const allowed = !route.anyOf || (session.data ? can(session.data, ...route.anyOf) : false);
  const content = allowed ? (
    route.render(params)
  ) : (
    <>
      <h1>{title}</h1>
      <p className="alert alert-info">{t('errors.forbidden')}</p>
    </>
  );
  if (route.bare) {
    return (
      <main id="main" className="bare-main">
        {content}
      </main>
    );
  }
  return (
    <Layout path={path} title={title}>
      {content}
    </Layout>
  );
}

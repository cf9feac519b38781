import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { can, useLogout, useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { localizedName } from '../i18n/format';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { LiveStatus } from './LiveStatus';
import { Link } from './router';
import { type RouteDef, routes } from './routes';

type Props = { path: string; title: string; children: ReactNode };

/**
 * The entry for this page, or the section a sub-page (a report under /incidents) belongs to: the
 * longest entry above it, so that /intel/warnings marks 早期警戒 and not 脅威情報 (/intel) as well.
 */
function navCurrent(entry: string, path: string, entries: readonly string[]): 'page' | 'true' | undefined {
  if (entry === path) return 'page';
  const above = (e: string) => e !== '/' && path.startsWith(`${e}/`);
  if (!above(entry) || entries.includes(path)) return undefined;
  return entries.some((e) => e.length > entry.length && above(e)) ? undefined : 'true';
}

/** The signed-in frame: header, navigation and the main landmark around the current page. */
export function Layout({ path, title, children }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);

  // After in-app navigation, move focus to the new content as a full page load would; not on first load.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [path]);

  const visible = routes.filter((route) => !route.anyOf || can(me, ...route.anyOf));
  const entries = visible.filter((route) => route.section).map((route) => route.path);
  const navList = (section: RouteDef['section']) => (
    <ul className="nav-list">
      {visible
        .filter((route) => route.section === section)
        .map((route) => (
          <li key={route.path}>
            <Link to={route.path} aria-current={navCurrent(route.path, path, entries)}>
              {t(`nav.${route.page}`)}
            </Link>
          </li>
        ))}
    </ul>
  );
  const hasSettings = visible.some((route) => route.section === 'settings');

  return (
    <>
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          <LiveStatus />
          <span className="who">
            {t('auth.signedInAs', {
              name: me.user.displayName,
              org: localizedName(me.organization, currentLanguage()),
            })}
          </span>
          <LanguageSwitch />
          <button type="button" className="button-header" onClick={() => logout.mutate()} aria-busy={logout.isPending}>
            {t('auth.logout')}
          </button>
          {logout.isError && <span role="alert" className="header-error">{errorMessage(logout.error)}</span>}
        </div>
      </header>
      <div className="frame">
        <nav className="site-nav" aria-label={t('app.mainNav')}>
          {navList('main')}
          {hasSettings && (
            <>
              <h2 className="nav-heading">{t('app.settingsNav')}</h2>
              {navList('settings')}
            </>
          )}
        </nav>
        <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
          {children}
        </main>
      </div>
    </>
  );
}

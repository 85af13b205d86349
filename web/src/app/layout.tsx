import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { LanguageSwitch } from '../components/language-switch';
import { useLogout } from '../features/auth/api/logout';
import { useSession } from '../lib/session';
import { Inbox } from '../features/notifications/inbox';
import { useSettings } from '../features/settings/api/get-settings';
import { carrySearch } from '../lib/use-filters';
import { navFor } from './nav';

export function AppLayout() {
  const { t } = useTranslation();
  const user = useSession();
  const logout = useLogout();
  // Date presets are cut in the org's time zone: wait for it rather than ask twice.
  const settings = useSettings();
  const location = useLocation();
  const search = carrySearch(location.search);

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>{' '}
          Callscope
        </div>
        <nav aria-label={t('nav.label')} className="main-nav">
          {navFor(user.role).map((item) => (
            <NavLink key={item.to} to={`${item.to}${search}`} end={item.to === '/'} className={({ isActive }) => (isActive ? 'active' : undefined)}>
              {t(`nav.${item.key}`)}
            </NavLink>
          ))}
        </nav>
        <div className="user-box">
          <LanguageSwitch />
          <Inbox />
          <span className="user-name" title={user.email}>
            {user.name} <span className="muted small">· {t(`roles.${user.role}`)}</span>
          </span>
          <button type="button" className="btn small" onClick={() => logout.mutate()}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {settings.isPending ? (
          <p className="page-state">{t('common.loading')}</p>
        ) : (
          <Suspense fallback={<p className="page-state">{t('common.loading')}</p>}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </div>
  );
}

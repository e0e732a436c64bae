/** Routes and the page shell (header, navigation by role, language switch). */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Loading } from './components/Common';
import { useI18n, type MessageKey } from './i18n';
import { isAdmin, isApprover, isClerk, isDiscipline, seesDispatch } from './lib/roles';
import { AuditPage } from './pages/AuditPage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { FilingPage } from './pages/FilingPage';
import { FlagsPage } from './pages/FlagsPage';
import { HomePage } from './pages/HomePage';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { NoticePage } from './pages/NoticePage';
import { StandingListPage } from './pages/StandingListPage';
import { ForcedPasswordPage, PasswordPage } from './pages/PasswordPage';
import { JurisdictionsPage } from './pages/admin/JurisdictionsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { Link, matchRoute, navigate, useLocation } from './router';
import { useSession } from './session';
import type { User } from './api/types';

// ECharts is large: the dashboard loads it only when opened.
const DispatchPage = lazy(() => import('./pages/DispatchPage'));

type Route = {
  pattern: string;
  render(params: Record<string, string>): ReactNode;
  bare?: boolean;
  /** Who may open it (others get "not found", as they have no link to it). */
  allowed?(user: User): boolean;
};

const routes: Route[] = [
  { pattern: '/', render: () => <HomePage /> },
  { pattern: '/inbox', render: () => <InboxPage /> },
  { pattern: '/cases', render: () => <CasesPage /> },
  { pattern: '/file/:processKey', render: (p) => <FilingPage processKey={p.processKey} /> },
  { pattern: '/cases/:id', render: (p) => <CasePage id={p.id} /> },
  { pattern: '/cases/:id/notices/:state', render: (p) => <NoticePage caseId={p.id} state={p.state} />, bare: true },
  { pattern: '/standing-lists/:processKey/:villageCode', render: (p) => <StandingListPage processKey={p.processKey} villageCode={p.villageCode} />, bare: true },
  { pattern: '/audit', render: () => <AuditPage /> },
  { pattern: '/flags', render: () => <FlagsPage /> },
  { pattern: '/dispatch', render: () => <DispatchPage /> },
  { pattern: '/password', render: () => <PasswordPage /> },
  { pattern: '/admin', render: () => <UsersPage />, allowed: isAdmin },
  { pattern: '/admin/users', render: () => <UsersPage />, allowed: isAdmin },
  { pattern: '/admin/jurisdictions', render: () => <JurisdictionsPage />, allowed: isAdmin },
];

export function App() {
  const { user, restoring } = useSession();
  const { pathname, search } = useLocation();
  const { t } = useI18n();

  useEffect(() => {
    if (user && pathname === '/login') navigate(safeNext(search.get('next')), { replace: true });
  }, [user, pathname, search]);

  if (restoring) return <div className="boot"><Loading /></div>;
  if (!user) return <LoginPage />;
  // First login or a reset password: the api allows nothing else until a new one is set.
  if (user.mustChangePassword) return <ForcedPasswordPage />;

  for (const route of routes) {
    const params = matchRoute(route.pattern, pathname);
    if (!params || (route.allowed && !route.allowed(user))) continue;
    const page = <Suspense fallback={<Loading />}>{route.render(params)}</Suspense>;
    return route.bare ? page : <Shell user={user}>{page}</Shell>;
  }
  if (pathname === '/login') return <div className="boot"><Loading /></div>;
  return <Shell user={user}><h1>{t('common.notFound')}</h1></Shell>;
}

/** Only same-site paths are followed after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

function Shell({ user, children }: { user: User; children: ReactNode }) {
  const { t, label, lang, setLang } = useI18n();
  const { logout } = useSession();
  const { pathname, search } = useLocation();
  const links: Array<[string, MessageKey, boolean]> = [
    ['/', 'nav.home', true],
    ['/inbox', 'nav.inbox', isApprover(user)],
    ['/cases?mine=1', 'nav.myCases', isClerk(user)],
    ['/cases', 'nav.cases', !isAdmin(user)],
    ['/audit', 'nav.audit', isDiscipline(user)],
    ['/flags', 'nav.flags', isDiscipline(user)],
    ['/dispatch', 'nav.dispatch', seesDispatch(user)],
    ['/admin/users', 'nav.admin', isAdmin(user)],
  ];
  const here = pathname === '/admin' || pathname.startsWith('/admin/') ? '/admin/users' : pathname + (search.get('mine') ? '?mine=1' : '');
  return (
    <div className="shell">
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="topbar">
        <Link to="/" className="brand">{t('app.title')}</Link>
        <nav className="nav" aria-label="main">
          {links.filter(([, , show]) => show).map(([to, key]) => (
            <Link key={to} to={to} className={here === to ? 'active' : ''} data-testid={`nav-${key.slice(4)}`}
              aria-current={here === to ? 'page' : undefined}>
              {t(key)}
            </Link>
          ))}
        </nav>
        <div className="who">
          <span className="who-name" data-testid="current-user" data-username={user.username}>
            {user.displayName}
            <small> {user.jurisdiction.name} · {user.roles.map((r) => label('role', r)).join('、')}</small>
          </span>
          <Link to="/password" className={`btn btn-small btn-ghost ${pathname === '/password' ? 'active' : ''}`} data-testid="change-password"
            aria-current={pathname === '/password' ? 'page' : undefined}>
            {t('app.changePassword')}
          </Link>
          <button type="button" className="btn btn-small btn-ghost" data-testid="lang-toggle" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('app.lang')}
          </button>
          <button type="button" className="btn btn-small btn-ghost" data-testid="logout" onClick={() => void logout()}>{t('app.logout')}</button>
        </div>
      </header>
      <main id="main" className="main">{children}</main>
    </div>
  );
}

/**
 * Home per role: village clerks file and follow their applications; approvers get the inbox;
 * discipline reviewers get the chain badge, flag counts and links; admins the administration pages.
 * A user with several roles sees each section.
 */
import { api } from '../api/endpoints';
import { CaseList } from '../components/CaseList';
import { Card } from '../components/Common';
import { Inbox } from '../components/Inbox';
import { ProblemMessage, isUnavailable } from '../components/Problem';
import { useI18n } from '../i18n';
import { isAdmin, isApprover, isClerk, isDiscipline, seesDispatch } from '../lib/roles';
import { useFlagTitle } from '../lib/processWords';
import { useAsync } from '../lib/useAsync';
import { Link } from '../router';
import { useSession, useUser } from '../session';
import { VerifyBadge } from './audit/VerifyBadge';

export function HomePage() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="stack">
      <h1 className="greeting">{t('home.greeting', { name: user.displayName })}</h1>
      {isClerk(user) && <ClerkHome />}
      {isApprover(user) && <Inbox />}
      {isDiscipline(user) && <DisciplineHome />}
      {isAdmin(user) && <AdminHome />}
      {!isClerk(user) && !isApprover(user) && !isDiscipline(user) && !isAdmin(user) && <CaseList query={{}} />}
    </div>
  );
}

function ClerkHome() {
  const { t, tx } = useI18n();
  const user = useUser();
  // The processes this user may file (definition.filedBy).
  const processes = useSession().processes.filter((p) => !p.filedBy || [p.filedBy, ...(p.filedBy.also ?? [])].some((f) => f.roles.some((r) => user.roles.includes(r))));
  return (
    <>
      <Card title={t('home.newFiling')}>
        <p className="muted">{t('home.newFilingHint')}</p>
        <div className="tiles">
          {processes.map((p) => (
            <Link key={p.key} to={`/file/${p.key}`} className="tile" data-testid={`new-filing-${p.key}`}>
              <strong>{tx(p.title)}</strong>
              <span className="muted small">{t('home.newFiling')}</span>
            </Link>
          ))}
        </div>
      </Card>
      <Card title={t('cases.mine')} actions={<Link to="/cases?mine=1" className="btn btn-small">{t('common.open')}</Link>}>
        <CaseList query={{ mine: 'true', limit: 10 }} testId="my-cases" />
      </Card>
    </>
  );
}

function DisciplineHome() {
  const { t } = useI18n();
  const user = useUser();
  const flags = useAsync(() => api.flags({ limit: 1 }), []);
  const flagTitle = useFlagTitle(flags.data?.titles);
  return (
    <Card title={t('home.discipline')}>
      <VerifyBadge />
      <div className="tiles">
        <Link to="/audit" className="tile" data-testid="tile-audit"><strong>{t('nav.audit')}</strong></Link>
        <Link to="/flags" className="tile" data-testid="tile-flags">
          <strong>{t('nav.flags')}</strong>
          {flags.data && (
            <span className="small">
              {Object.entries(flags.data.counts).map(([code, n]) => `${flagTitle(code)} ${n}`).join(' · ') || t('common.none')}
            </span>
          )}
          {isUnavailable(flags.error) && <span className="small muted" data-testid="flags-unavailable">{t('common.unavailable', { what: '' }).trim()}</span>}
        </Link>
        {seesDispatch(user) && <Link to="/dispatch" className="tile" data-testid="tile-dispatch"><strong>{t('nav.dispatch')}</strong></Link>}
      </div>
      {!isUnavailable(flags.error) && <ProblemMessage error={flags.error} />}
    </Card>
  );
}

/** Admins: the two administration pages and the dispatch (the tree is browsed on 辖区管理). */
function AdminHome() {
  const { t } = useI18n();
  return (
    <Card title={t('nav.admin')}>
      <p className="muted">{t('home.adminHint')}</p>
      <div className="tiles">
        <Link to="/admin/users" className="tile" data-testid="tile-admin-users">
          <strong>{t('admin.users')}</strong>
          <span className="muted small">{t('home.adminUsersHint')}</span>
        </Link>
        <Link to="/admin/jurisdictions" className="tile" data-testid="tile-admin-jurisdictions">
          <strong>{t('admin.jurisdictions')}</strong>
          <span className="muted small">{t('home.adminJurisdictionsHint')}</span>
        </Link>
        <Link to="/dispatch" className="tile" data-testid="tile-dispatch"><strong>{t('nav.dispatch')}</strong></Link>
      </div>
    </Card>
  );
}

/** 系统管理's two pages as tabs, and the role titles they show (never the codes). */
import { useI18n } from '../../i18n';
import type { AdminRole } from '../../api/types';
import { Link, useLocation } from '../../router';

export function AdminNav() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const tabs = [['/admin/users', 'admin.users'], ['/admin/jurisdictions', 'admin.jurisdictions']] as const;
  return (
    <nav className="tabs" aria-label={t('nav.admin')}>
      {tabs.map(([to, key]) => (
        <Link key={to} to={to} className={pathname === to ? 'active' : ''} aria-current={pathname === to ? 'page' : undefined}
          data-testid={`admin-tab-${to.slice(7)}`}>
          {t(key)}
        </Link>
      ))}
    </nav>
  );
}

/** A role's title: the console's own (it follows the language), else the api's, else the code. */
export function useRoleTitle(roles: AdminRole[] | undefined): (role: string) => string {
  const { maybe, tx } = useI18n();
  return (role) => {
    const own = maybe(`role.${role}`);
    if (own) return own;
    const known = roles?.find((r) => r.role === role);
    return known ? tx(known.title) || role : role;
  };
}

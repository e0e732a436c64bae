/**
 * The signed-in user and the process definitions, loaded once per session.
 * The bearer token lives in sessionStorage (closing the tab signs out).
 * A user who must change the password (first login, reset by an admin) holds a token that only
 * reaches /me, the password change and sign-out: nothing else is loaded until the change is made.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { session, setForbiddenHandler, setUnauthorizedHandler } from './api/client';
import { api } from './api/endpoints';
import type { Jurisdiction, Level, ProcessInfo, User } from './api/types';
import { expandTo, normalizeJurisdictions } from './lib/jurisdictions';
import { navigate } from './router';

interface Session {
  user: User | null;
  /** Still restoring a session from a stored token. */
  restoring: boolean;
  processes: ProcessInfo[];
  process(key: string): ProcessInfo | undefined;
  login(username: string, password: string): Promise<void>;
  /** Ends the session on the api (a failure there is ignored), then here. */
  logout(): Promise<void>;
  /**
   * Sets a new password. The api ends every session of the user and answers a fresh token, which
   * replaces the stored one; after a forced change the app continues with it.
   */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [processes, setProcesses] = useState<ProcessInfo[]>([]);
  const [restoring, setRestoring] = useState(() => session.token() !== null);

  /** Forgets the session here; after a 401 the login page offers to return to this page. */
  const endSession = useCallback((next: boolean) => {
    session.clear();
    jurisdictionCache.clear();
    setUser(null);
    setProcesses([]);
    const here = window.location.pathname + window.location.search;
    navigate(!next || here.startsWith('/login') || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, { replace: true });
  }, []);

  const logout = useCallback(async () => {
    const token = session.token();
    if (token) await api.logout(token).catch(() => undefined);
    endSession(false);
  }, [endSession]);

  useEffect(() => setUnauthorizedHandler(() => endSession(true)), [endSession]);
  // A 403 may mean the password must be changed first (reset while signed in): /me says so.
  useEffect(() => setForbiddenHandler(() => {
    if (!session.token()) return;
    api.me().then((me) => {
      if (me.mustChangePassword) setUser(me);
    }, () => undefined);
  }), []);

  // Restore the session from a stored token (page reload).
  useEffect(() => {
    if (!session.token()) return;
    api.me()
      .then(async (me) => {
        if (!me.mustChangePassword) setProcesses(await api.processes());
        setUser(me);
      })
      .catch(() => session.clear())
      .finally(() => setRestoring(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.login(username, password);
    session.set(result.accessToken);
    const mustChangePassword = !!(result.mustChangePassword ?? result.user.mustChangePassword);
    if (!mustChangePassword) setProcesses(await api.processes());
    setUser({ ...result.user, mustChangePassword });
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { accessToken } = await api.changePassword(currentPassword, newPassword);
    session.set(accessToken);
    if (user?.mustChangePassword) {
      const [me, defs] = await Promise.all([api.me(), api.processes()]);
      setProcesses(defs);
      setUser({ ...me, mustChangePassword: false });
    }
  }, [user]);

  const value = useMemo<Session>(
    () => ({
      user,
      restoring,
      processes,
      process: (key) => processes.find((p) => p.key === key),
      login,
      logout,
      changePassword,
    }),
    [user, restoring, processes, login, logout, changePassword],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; pages are only rendered when there is one. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('no user');
  return user;
}

const jurisdictionCache = new Map<Level, Promise<Jurisdiction[]>>();

/**
 * The caller's jurisdiction subtree down to `downTo` (villages for filing, counties for the
 * supervisors' filters), fetched once per session.
 */
export function loadJurisdictions(downTo: Level = 'village'): Promise<Jurisdiction[]> {
  let cached = jurisdictionCache.get(downTo);
  if (!cached) {
    cached = api.jurisdictions()
      .then((body) => {
        const { nodes, whole } = normalizeJurisdictions(body);
        return whole ?? expandTo(nodes, downTo, async (code) => normalizeJurisdictions(await api.jurisdictions(code), code).nodes);
      })
      .catch((e) => {
        jurisdictionCache.delete(downTo);
        throw e;
      });
    jurisdictionCache.set(downTo, cached);
  }
  return cached;
}

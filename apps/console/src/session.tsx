/**
 * The signed-in user and the process definitions, loaded once per session.
 * The bearer token lives in sessionStorage (closing the tab signs out).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { session, setUnauthorizedHandler } from './api/client';
import { api } from './api/endpoints';
import type { Jurisdiction, ProcessInfo, User } from './api/types';
import { navigate } from './router';

interface Session {
  user: User | null;
  /** Still restoring a session from a stored token. */
  restoring: boolean;
  processes: ProcessInfo[];
  process(key: string): ProcessInfo | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [processes, setProcesses] = useState<ProcessInfo[]>([]);
  const [restoring, setRestoring] = useState(() => session.token() !== null);

  const logout = useCallback(() => {
    session.clear();
    jurisdictionCache = undefined;
    setUser(null);
    setProcesses([]);
    const here = window.location.pathname + window.location.search;
    navigate(here.startsWith('/login') || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`, { replace: true });
  }, []);

  useEffect(() => setUnauthorizedHandler(logout), [logout]);

  // Restore the session from a stored token (page reload).
  useEffect(() => {
    if (!session.token()) return;
    Promise.all([api.me(), api.processes()])
      .then(([me, defs]) => {
        setUser(me);
        setProcesses(defs);
      })
      .catch(() => session.clear())
      .finally(() => setRestoring(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.login(username, password);
    session.set(result.accessToken);
    const defs = await api.processes();
    setProcesses(defs);
    setUser(result.user);
  }, []);

  const value = useMemo<Session>(
    () => ({
      user,
      restoring,
      processes,
      process: (key) => processes.find((p) => p.key === key),
      login,
      logout,
    }),
    [user, restoring, processes, login, logout],
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

let jurisdictionCache: Promise<Jurisdiction[]> | undefined;

/** The caller's jurisdiction subtree, fetched once per session. */
export function loadJurisdictions(): Promise<Jurisdiction[]> {
  jurisdictionCache ??= api.jurisdictions().catch((e) => {
    jurisdictionCache = undefined;
    throw e;
  });
  return jurisdictionCache;
}

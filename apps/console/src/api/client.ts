/**
 * Same-origin fetch wrapper for /api: bearer token from sessionStorage, JSON bodies,
 * application/problem+json errors turned into ApiError.
 */
import type { Problem } from './types';

const TOKEN_KEY = 'casework.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

/** Called on any 401 (expired or missing token): the app returns to the login page. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/**
 * Called on any 403 except from /me: if the api now requires a new password (an admin reset it
 * while this session was open), the session finds out from /me and shows the change screen.
 */
let onForbidden: () => void = () => undefined;
export function setForbiddenHandler(fn: () => void): void {
  onForbidden = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A non-JSON body (e.g. CSV) sent as is with its content type. */
  text?: { body: string; contentType: string };
  /** A multipart/form-data body (a file upload); the browser writes its Content-Type with the boundary. */
  form?: FormData;
  idempotencyKey?: string;
  /** Send this token instead of the stored one (sign-out clears the stored one meanwhile). */
  token?: string;
  /** A conditional GET: a 304 answer comes back as is instead of as an error. */
  ifNoneMatch?: string;
}

/** Calls whose 401 must not end the session again (signing in, signing out). */
const NO_UNAUTHORIZED_HANDLER = new Set(['/auth/login', '/auth/logout']);

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = opts.token ?? session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.text) headers['Content-Type'] = opts.text.contentType;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  if (opts.ifNoneMatch) headers['If-None-Match'] = opts.ifNoneMatch;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, opts.query), {
      method,
      headers,
      body: opts.form ?? (opts.text ? opts.text.body : opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    // No response at all (network down, api restarting): status 0 lets callers retry with the same key.
    throw new ApiError({ title: 'network', status: 0 });
  }
  if (res.status === 304 && opts.ifNoneMatch) return res;
  if (!res.ok) {
    const problem = await readProblem(res);
    if (res.status === 401 && !NO_UNAUTHORIZED_HANDLER.has(path)) onUnauthorized();
    if (res.status === 403 && path !== '/me') onForbidden();
    throw new ApiError(problem);
  }
  return res;
}

async function readProblem(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem> & { message?: string | string[] };
    return {
      ...body,
      title: body.title ?? (Array.isArray(body.message) ? body.message.join('; ') : body.message) ?? res.statusText,
      status: body.status ?? res.status,
    };
  } catch {
    return { title: res.statusText || `HTTP ${res.status}`, status: res.status };
  }
}

export async function request<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * A GET the caller polls: null when the answer is unchanged since `etag` (304), else the body and
 * its new tag. The api's tag depends on the content only, so any replica answers alike.
 */
export async function requestIfChanged<T>(path: string, query: Query, etag: string | null): Promise<{ body: T; etag: string | null } | null> {
  const res = await send('GET', path, { query, ifNoneMatch: etag ?? undefined });
  if (res.status === 304) return null;
  return { body: (await res.json()) as T, etag: res.headers.get('ETag') };
}

/** Downloads a file that needs the bearer token (so a plain link cannot be used). */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await send('GET', path, { query });
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition') ?? '');
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of a Content-Disposition: the UTF-8 `filename*` when there is one (the plain `filename` is an ASCII fallback). */
export function fileNameOf(disposition: string): string | undefined {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

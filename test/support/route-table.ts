import type { SystemUnderTest } from './system-under-test';

export const READ_METHODS = new Set(['get', 'head', 'options']);

/** Every route Express will dispatch to, with its methods ("_all" = any method): the running api's own table. */
export function routeTable(sut: SystemUnderTest): Array<{ method: string; path: string }> {
  const app = sut.api.getHttpAdapter().getInstance();
  const router = app.router ?? app._router;
  const out: Array<{ method: string; path: string }> = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) out.push({ method, path: layer.route.path });
  }
  return out;
}

/** The api's write routes (`POST /api/cases/:id/events` …). */
export const writeRoutes = (sut: SystemUnderTest) =>
  routeTable(sut).filter((r) => !READ_METHODS.has(r.method) && r.path.startsWith('/api/'));

import type { INestApplication } from '@nestjs/common';
import type { SystemUnderTest } from './system-under-test';

export const READ_METHODS = new Set(['get', 'head', 'options']);

const TABLES = new WeakMap<object, Array<{ method: string; path: string }>>();

/**
 * Records every route the api registers (Fastify's onRoute hook; HEAD, which Fastify adds beside each
 * GET, left out): call between createApiApp and listen. routeTable then gives the running api's own table.
 */
export function recordRoutes(app: INestApplication): void {
  const table: Array<{ method: string; path: string }> = [];
  TABLES.set(app, table);
  app.getHttpAdapter().getInstance().addHook('onRoute', (route: { method: string | string[]; url: string }) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method: method.toLowerCase(), path: route.url });
  });
}

/** Every route the api dispatches to, with its methods: the running api's own table (recordRoutes). */
export function routeTable(sut: SystemUnderTest): Array<{ method: string; path: string }> {
  const table = TABLES.get(sut.api);
  if (!table) throw new Error('the api was started without recordRoutes');
  return table;
}

/** The api's write routes (`POST /api/cases/:id/events` …). */
export const writeRoutes = (sut: SystemUnderTest) =>
  routeTable(sut).filter((r) => !READ_METHODS.has(r.method) && r.path.startsWith('/api/'));

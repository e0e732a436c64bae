/**
 * Issue 18, part 3: the OpenAPI document the running api serves (/docs-json) is valid, lists every
 * route of the running app's route table with its success code, gives every JSON-body route its
 * request schema from components.schemas (the validators' own schemas; event payloads per process
 * and type from the definitions), and documents problem+json errors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemUnderTest } from './support/system-under-test';
import { routeTable } from './support/route-table';
import { CaseEngine } from '../libs/engine/src';

/** Write routes that take no body (everything else that writes must document one). */
const NO_BODY = new Set(['post /api/auth/logout', 'post /api/tasks/{id}/claim', 'post /api/tasks/{id}/release', 'post /api/admin/users/{username}/reset-password']);

describe('OpenAPI at /docs-json', () => {
  const sut = new SystemUnderTest({ worker: false });
  let doc: any;
  beforeAll(async () => {
    await sut.start();
    const res = await sut.http().get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => sut.stop());

  const apiRoutes = () =>
    routeTable(sut)
      .filter((r) => r.path.startsWith('/api/'))
      .map((r) => ({ method: r.method, path: r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }));

  it('is a valid OpenAPI document (swagger-parser)', async () => {
    // @apidevtools/swagger-parser's parser is an ES module jest's CommonJS runtime cannot load: a child node validates.
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const script = `import P from '@apidevtools/swagger-parser'; const api = await P.validate(process.argv[1]); console.log('valid', api.openapi, Object.keys(api.paths).length);`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script, file], { cwd: join(__dirname, '..') }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))),
    );
    expect(out).toMatch(/^valid 3\.1\.0 \d+/);
  });

  it('every route of the running app is there with one success response and problem+json errors', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const { method, path } of routes) {
      const op = doc.paths[path]?.[method];
      if (!op) {
        missing.push(`${method} ${path}: not in the document`);
        continue;
      }
      const success = Object.keys(op.responses ?? {}).filter((c) => /^2\d\d$/.test(c));
      if (success.length !== 1) missing.push(`${method} ${path}: success responses ${success.join(',') || 'none'}`);
      const errors = Object.entries(op.responses ?? {}).filter(([c]) => /^4\d\d$/.test(c));
      if (errors.length === 0 || !errors.every(([, r]: [string, any]) => r.content?.['application/problem+json']?.schema?.$ref === '#/components/schemas/Problem')) {
        missing.push(`${method} ${path}: no problem+json error responses`);
      }
    }
    expect(missing).toEqual([]);
    // The document has nothing the app does not answer.
    const documented = Object.entries(doc.paths).flatMap(([p, item]: [string, any]) => Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual([...new Set(routes.map((r) => `${r.method} ${r.path}`))].sort());
  });

  it('success codes are the ones the controllers answer', async () => {
    const code = (m: string, p: string) => Object.keys(doc.paths[p][m].responses).find((c) => c.startsWith('2'));
    expect(code('post', '/api/cases')).toBe('201');
    expect(code('post', '/api/admin/users')).toBe('201');
    expect(code('post', '/api/cases/{id}/events')).toBe('200');
    expect(code('post', '/api/auth/login')).toBe('200');
    expect(code('post', '/api/auth/logout')).toBe('204');
    expect(code('post', '/api/tasks/{id}/claim')).toBe('200');
    expect(code('post', '/api/reports/dispatch/build')).toBe('202');
    expect(code('get', '/api/cases/{id}')).toBe('200');
    // …and the running api agrees where it is cheap to ask.
    const admin = await sut.as('admin');
    const created = await admin.post('/api/admin/users', { username: 'openapi.check', displayName: '文档检查', roles: ['village_clerk'], jurisdictionCode: '370832001001' });
    expect(created.status).toBe(201);
    const logout = await (await sut.as('cun.leikou')).post('/api/auth/logout');
    expect(logout.status).toBe(204);
  });

  it('every route taking a JSON body has its request schema, and components.schemas holds every one', () => {
    const schemas = doc.components.schemas;
    const problems: string[] = [];
    for (const { method, path } of apiRoutes()) {
      if (['get', 'head', 'options', 'delete'].includes(method)) continue;
      const key = `${method} ${path}`;
      const op = doc.paths[path]?.[method];
      if (NO_BODY.has(key)) {
        if (op?.requestBody) problems.push(`${key}: documents a body it does not take`);
        continue;
      }
      const content = op?.requestBody?.content ?? {};
      const media = Object.keys(content);
      if (media.length === 0) {
        problems.push(`${key}: no requestBody`);
        continue;
      }
      for (const m of media) {
        const ref: string | undefined = content[m].schema?.$ref;
        if (!ref?.startsWith('#/components/schemas/') || !schemas[ref.slice('#/components/schemas/'.length)]) problems.push(`${key} (${m}): schema not in components.schemas`);
      }
    }
    expect(problems).toEqual([]);

    // Every process's filing and every event a person may send has its schema, payload as validated.
    const processes = sut.api.get(CaseEngine).processes.all();
    for (const def of processes) {
      expect(schemas[`Filing.${def.key}`].properties.data).toEqual(JSON.parse(JSON.stringify(def.filing)));
      for (const [type, spec] of Object.entries(def.events)) {
        const s = schemas[`Event.${def.key}.${type}`];
        if (spec.actors === 'system') expect(s).toBeUndefined();
        else expect(s.properties.payload).toEqual(JSON.parse(JSON.stringify(spec.payload)));
      }
    }
    const eventRefs = schemas.CaseEvent.anyOf.map((r: any) => r.$ref);
    expect(eventRefs).toContain('#/components/schemas/Event.housing-renovation.TOWNSHIP_APPROVE');
    expect(schemas.CaseFiling.oneOf.map((r: any) => r.$ref)).toContain('#/components/schemas/Filing.legal-aid');
  });

  it('query parameters of the listings are documented', () => {
    const names = (m: string, p: string) => doc.paths[p][m].parameters.filter((x: any) => x.in === 'query').map((x: any) => x.name);
    expect(names('get', '/api/cases')).toEqual(expect.arrayContaining(['processKey', 'state', 'lane', 'countyCode', 'overdue', 'cursor', 'limit']));
    expect(names('get', '/api/tasks')).toEqual(expect.arrayContaining(['processKey', 'claimed', 'cursor', 'limit']));
    expect(names('get', '/api/admin/users')).toEqual(expect.arrayContaining(['q', 'role', 'jurisdictionCode', 'disabled']));
  });
});

/**
 * Issue 18, part 3: the OpenAPI document the running api serves (/docs-json) is valid, lists every
 * route of the running app's route table with its success code, gives every JSON-body route its
 * request schema from components.schemas (the validators' own schemas; event payloads per process
 * and type from the definitions), every answer with a body its response schema, every path and
 * query parameter its schema, and documents problem+json errors. Then honesty: real answers of the
 * running system, with the demo cases of every process filed, are validated against the schemas
 * the document gives for them (ajv, JSON Schema 2020-12 as OpenAPI 3.1 has it).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, fileCase, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle, legalAid } from './queues-helpers';
import { fileDemoCases } from '../seeds/demo-cases';
import { DEFAULT_DEMO_PASSWORD } from '../seeds/demo-password';
import { routeTable } from './support/route-table';
import { ATTACHMENT_CONTENT_TYPES, CaseEngine } from '../libs/engine/src';
import { DOCUMENTED_OPERATIONS } from '../apps/api/src/system/openapi';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Why a schema is too loose to document an answer, or undefined when it is detailed: an object must
 * list its properties (or be a map whose values have a schema, or a choice of detailed schemas), and
 * so must the items of every list. Loose objects are allowed only inside a detailed answer, where
 * anyObject() marks data whose shape a process definition or an entry's kind decides (it must say so).
 */
function looseness(schemas: Record<string, any>, schema: any, at: string, top = true, seen = new Set<any>()): string | undefined {
  if (!schema || typeof schema !== 'object') return `${at}: no schema`;
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  if (typeof schema.$ref === 'string') return looseness(schemas, schemas[schema.$ref.replace('#/components/schemas/', '')], `${at}→${schema.$ref.split('/').pop()}`, top, seen);
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(schema[k])) {
      for (const [i, branch] of schema[k].entries()) {
        const why = looseness(schemas, branch, `${at}.${k}[${i}]`, top, seen);
        if (why) return why;
      }
      return undefined;
    }
  }
  if ('const' in schema || Array.isArray(schema.enum)) return undefined;
  const type = schema.type;
  if (type === undefined) return `${at}: no type`;
  if (type === 'array') return schema.items ? looseness(schemas, schema.items, `${at}[]`, true, seen) : `${at}: a list without items`;
  if (type !== 'object') return undefined;
  const props = Object.entries<any>(schema.properties ?? {});
  if (props.length) {
    for (const [name, sub] of props) {
      const why = looseness(schemas, sub, `${at}.${name}`, false, seen);
      if (why) return why;
    }
    return undefined;
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return looseness(schemas, schema.additionalProperties, `${at}{}`, false, seen);
  if (!top && typeof schema.description === 'string' && schema.description.length > 0) return undefined;
  return `${at}: an object without properties`;
}

/** Write routes that take no body (everything else that writes must document one). */
const NO_BODY = new Set(['post /api/auth/logout', 'post /api/tasks/{id}/claim', 'post /api/tasks/{id}/release', 'post /api/admin/users/{username}/reset-password']);

describe('OpenAPI at /docs-json', () => {
  // The worker runs the demo cases' identity checks and notice periods (honesty test below).
  // A checkpoint every second, so the latest one can be fetched and the verify answers carry one.
  const sut = new SystemUnderTest({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '1000' } });
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
      if (!DOCUMENTED_OPERATIONS.includes(`${method} ${path}`)) {
        missing.push(`${method} ${path}: not in OPS (apps/api/src/system/openapi.ts): give it its success code, body, query, answer schema (a *.schema.ts beside its builder) and errors`);
      }
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

  it('no documented answer or request body is a loose object: each names its fields', () => {
    const schemas = doc.components.schemas;
    const problems: string[] = [];
    for (const key of DOCUMENTED_OPERATIONS) {
      const [method, path] = key.split(' ');
      const op = doc.paths[path]?.[method];
      if (!op) continue; // reported by the route test
      for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        for (const [media, c] of Object.entries<any>(response.content ?? {})) {
          if (!/json/.test(media)) {
            // Files and text: a string, binary where the bytes are not text.
            const s = schemas[String(c.schema?.$ref).replace('#/components/schemas/', '')];
            if (s?.type !== 'string') problems.push(`${key} ${status} (${media}): not a string schema`);
            if ((media === XLSX || ATTACHMENT_CONTENT_TYPES.includes(media)) && s?.format !== 'binary') problems.push(`${key} ${status} (${media}): not format binary`);
            continue;
          }
          const why = looseness(schemas, c.schema, `${key} ${status}`);
          if (why) problems.push(why);
        }
      }
      for (const [media, c] of Object.entries<any>(op.requestBody?.content ?? {})) {
        const ref: string | undefined = c.schema?.$ref;
        if (!ref?.startsWith('#/components/schemas/') || !schemas[ref.slice('#/components/schemas/'.length)]) problems.push(`${key} body (${media}): not a components.schemas reference`);
        else if (/json|multipart/.test(media)) {
          const why = looseness(schemas, c.schema, `${key} body`);
          if (why) problems.push(why);
        }
      }
    }
    expect(problems).toEqual([]);
    // The check itself bites: a loose answer, a loose list item, a nested object with no word on its shape.
    expect(looseness({}, { type: 'object', description: 'The answer the operation describes' }, 'x')).toBeDefined();
    expect(looseness({}, { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } }, 'x')).toBeDefined();
    expect(looseness({}, { type: 'object', properties: { data: { type: 'object' } } }, 'x')).toBeDefined();
    expect(looseness({}, { type: 'object', properties: { data: { type: 'object', description: 'Per process' } } }, 'x')).toBeUndefined();
    // The Excel variants and the attachment's bytes have their media types.
    for (const p of ['/api/cases', '/api/tasks', '/api/flags', '/api/audit', '/api/audit/export', '/api/reports/dispatch']) {
      expect([p, doc.paths[p].get.responses['200'].content[XLSX]?.schema]).toEqual([p, { $ref: '#/components/schemas/Xlsx' }]);
    }
    expect(schemas.Xlsx).toMatchObject({ type: 'string', format: 'binary' });
    // The request bodies are the validators' own schemas, not restatements.
    expect(schemas.BatchClaimRequest.properties.ids.maxItems).toBe(50);
    expect(schemas.SettingChange.required).toEqual(['value', 'reason']);
    expect(schemas.DispatchBuildRequest.required).toEqual(['month']);
  });

  it('query parameters of the listings are documented', () => {
    const names = (m: string, p: string) => doc.paths[p][m].parameters.filter((x: any) => x.in === 'query').map((x: any) => x.name);
    expect(names('get', '/api/cases')).toEqual(expect.arrayContaining(['processKey', 'state', 'lane', 'countyCode', 'overdue', 'cursor', 'limit']));
    expect(names('get', '/api/tasks')).toEqual(expect.arrayContaining(['processKey', 'claimed', 'cursor', 'limit']));
    expect(names('get', '/api/admin/users')).toEqual(expect.arrayContaining(['q', 'role', 'jurisdictionCode', 'disabled']));
  });

  it('every answer with a body has its schema in components.schemas; every path and query parameter its schema', () => {
    const schemas = doc.components.schemas;
    const problems: string[] = [];
    for (const { method, path } of apiRoutes()) {
      const key = `${method} ${path}`;
      const op = doc.paths[path]?.[method];
      if (!op) continue; // reported by the route test above
      for (const [status, response] of Object.entries(op.responses ?? {}) as Array<[string, any]>) {
        if (status === '204') continue;
        const content = Object.entries(response.content ?? {}) as Array<[string, any]>;
        if (content.length === 0) problems.push(`${key} ${status}: no response body schema`);
        for (const [media, c] of content) {
          const ref: string | undefined = c.schema?.$ref;
          if (!ref?.startsWith('#/components/schemas/') || !schemas[ref.slice('#/components/schemas/'.length)]) problems.push(`${key} ${status} (${media}): schema not in components.schemas`);
        }
      }
      const params: any[] = op.parameters ?? [];
      for (const name of [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1])) {
        const p = params.find((x) => x.in === 'path' && x.name === name);
        if (!p?.required || !p.schema?.type) problems.push(`${key}: path parameter ${name} undocumented`);
      }
      for (const p of params.filter((x) => x.in === 'query')) if (!p.schema?.type) problems.push(`${key}: query parameter ${p.name} without a schema`);
    }
    expect(problems).toEqual([]);
    // Enums where the code has them.
    const query = (m: string, p: string, name: string) => doc.paths[p][m].parameters.find((x: any) => x.in === 'query' && x.name === name)?.schema;
    expect(query('get', '/api/cases', 'processKey').enum).toEqual(expect.arrayContaining(['housing-renovation', 'legal-aid', 'audit-rectification']));
    expect(query('get', '/api/tasks', 'lane').enum).toEqual(['emergency', 'fast', 'normal']);
    expect(query('get', '/api/audit', 'limit')).toMatchObject({ type: 'integer', maximum: 500 });
    expect(query('get', '/api/audit/export', 'format').enum).toEqual(['jsonl', 'csv', 'xlsx']);
    expect(query('get', '/api/audit/export', 'outcome').enum).toEqual(['ok', 'refused']);
    // Error codes as the routes answer them.
    const errors = (m: string, p: string) => Object.keys(doc.paths[p][m].responses).filter((c) => /^4/.test(c)).sort();
    expect(errors('post', '/api/cases/{id}/events')).toEqual(['400', '401', '403', '404', '409', '422']);
    expect(errors('post', '/api/auth/login')).toEqual(['400', '401', '429']);
    expect(errors('get', '/api/audit/public-key')).toEqual(['400']);
    expect(errors('post', '/api/tasks/{id}/claim')).toEqual(['400', '401', '403', '404', '409']);
    expect(Object.keys(doc.paths['/api/reports/dispatch'].get.responses['200'].content).sort()).toEqual(['application/json', XLSX, 'text/csv']);
    // Required query parameters say so; the rest are optional.
    expect(query('get', '/api/cases/{id}/assignable', 'event')).toMatchObject({ type: 'string' });
    const required = (m: string, p: string) => doc.paths[p][m].parameters.filter((x: any) => x.in === 'query' && x.required).map((x: any) => x.name);
    expect(required('get', '/api/cases/{id}/assignable')).toEqual(['event', 'field']);
    expect(required('get', '/api/notice-tables/{processKey}/{state}')).toEqual(['villageCode']);
    expect(required('get', '/api/cases')).toEqual([]);
    // Error codes of the newer routes, as they answer them.
    expect(errors('get', '/api/cases/{id}/documents/{key}')).toEqual(['400', '401', '403', '404', '422']);
    expect(errors('post', '/api/cases/{id}/supervision/reassignments')).toEqual(['400', '401', '403', '404', '409', '422']);
    expect(errors('get', '/api/cases/{id}/assignable')).toEqual(['400', '401', '403', '404']);
    const success = (m: string, p: string) => Object.keys(doc.paths[p][m].responses).find((c) => c.startsWith('2'));
    expect(success('post', '/api/cases/{id}/supervision/urges')).toBe('201');
    expect(success('post', '/api/cases/{id}/supervision/opinions')).toBe('201');
    expect(success('post', '/api/cases/{id}/supervision/reassignments')).toBe('200');
    expect(success('post', '/api/tasks/claim')).toBe('200');
    expect(success('put', '/api/processes/{processKey}/settings/{name}/{jurisdictionCode}')).toBe('200');
  });

  it('real answers of the running system match the documented schemas', async () => {
    expect(await fileDemoCases(sut.baseUrl)).toBeGreaterThan(10);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'https://openapi.test/doc', components: doc.components });
    const problems: string[] = [];
    const checked = new Set<string>();
    const validator = (ref: string) => ajv.compile({ $ref: `https://openapi.test/doc${ref}` });
    /**
     * The answer's status, media type and body as the document says for this operation: a success
     * against its response schema, an error (4xx) documented for the operation and a Problem.
     */
    const check = (method: string, template: string, res: { status: number; headers: Record<string, string>; body: unknown; text?: string }, url = template) => {
      const key = `${method} ${template}`;
      checked.add(`${key} ${res.status}`);
      const op = doc.paths[template]?.[method];
      const documented = op?.responses?.[String(res.status)];
      if (!documented || !/^[24]/.test(String(res.status))) {
        problems.push(`${method} ${url}: answered ${res.status} (${JSON.stringify(res.body).slice(0, 200)}), documented ${Object.keys(op?.responses ?? {}).join(',')}`);
        return;
      }
      if (res.status === 204) return;
      const media = String(res.headers['content-type'] ?? '').split(';')[0].trim();
      const content = documented.content?.[media];
      if (!content) {
        problems.push(`${method} ${url} ${res.status}: answered ${media}, documented ${Object.keys(documented.content ?? {}).join(', ')}`);
        return;
      }
      const validate = validator(content.schema.$ref);
      const body = /json$/.test(media) ? res.body : res.text;
      if (!validate(body)) problems.push(`${method} ${url} ${res.status} (${content.schema.$ref}): ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
    };
    const get = async (user: string, template: string, url = template) => {
      const res = await (await sut.as(user)).get(url);
      check('get', template, res, url);
      return res.body;
    };
    /** A file answer's bytes, whatever its media type. */
    const binary = async (user: string, url: string) =>
      sut.http().get(url).set('Authorization', `Bearer ${await sut.token(user)}`).buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
    /** A file answer: 200, its media type documented for the operation with a binary schema, and bytes in it. */
    const checkFile = (method: string, template: string, res: { status: number; headers: Record<string, string>; body: unknown }, url = template) => {
      checked.add(`${method} ${template} ${res.status} file`);
      const media = String(res.headers['content-type'] ?? '').split(';')[0].trim();
      const schema = doc.paths[template]?.[method]?.responses?.['200']?.content?.[media]?.schema;
      const s = schema && doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')];
      if (res.status !== 200 || s?.format !== 'binary' || !Buffer.isBuffer(res.body) || res.body.length === 0) {
        problems.push(`${method} ${url}: answered ${res.status} ${media} (${Buffer.isBuffer(res.body) ? res.body.length : typeof res.body} bytes), documented ${JSON.stringify(s ?? null)}`);
      }
    };

    check('post', '/api/auth/login', await sut.http().post('/api/auth/login').send({ username: 'cun.yannali', password: process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD }));
    await get('cun.yannali', '/api/me');

    // Every process: its cases listed, viewed, their history and attachments.
    const cases = await get('jijian.shi', '/api/cases', '/api/cases?limit=200');
    const first = new Map<string, string>();
    for (const c of cases.items) if (!first.has(c.processKey)) first.set(c.processKey, c.id);
    expect([...first.keys()].sort()).toEqual(sut.api.get(CaseEngine).processes.all().map((d) => d.key).filter((k, i, a) => a.indexOf(k) === i).sort());
    for (const c of cases.items) await get('jijian.shi', '/api/cases/{id}', `/api/cases/${c.id}`);
    for (const id of first.values()) {
      await get('jijian.shi', '/api/cases/{id}/history', `/api/cases/${id}/history`);
      await get('jijian.shi', '/api/cases/{id}/attachments', `/api/cases/${id}/attachments`);
      await get('jijian.shi', '/api/audit/verify', `/api/audit/verify?caseId=${id}`);
    }
    const housing = first.get('housing-renovation')!;
    await get('cun.yannali', '/api/cases/{id}/notices/{state}', `/api/cases/${housing}/notices/village_notice`);
    await get('cun.yannali', '/api/cases/{id}/applicant/id-number', `/api/cases/${housing}/applicant/id-number`);

    // A filing, an event and an attachment: the writes answer what the document says.
    const clerk = await sut.as('cun.yannali');
    const filed = await clerk.post('/api/cases', {
      processKey: 'temporary-assistance', villageCode: VILLAGE.yannali, applicant: { name: '文档核对', idNumber: stranger(7), householdSize: 2 },
      data: { hardshipType: 'fire', urgency: 'emergency', description: '夜间失火，口粮被毁', requestedAmount: 1000 },
    });
    check('post', '/api/cases', filed);
    const relief = await (await sut.as('zhen.xiaolukou')).post(`/api/cases/${filed.body.id}/events`, {
      type: 'GRANT_FIRST_RELIEF', payload: { amount: 1000, form: 'cash', grantedAt: new Date().toISOString() },
    });
    check('post', '/api/cases/{id}/events', relief, `/api/cases/${filed.body.id}/events`);
    const pdf = Buffer.from('%PDF-1.4\n% openapi honesty\n%%EOF\n');
    const upload = await sut.http().post(`/api/cases/${filed.body.id}/attachments`).set('Authorization', `Bearer ${await sut.token('cun.yannali')}`)
      .field('kind', 'application').attach('file', pdf, { filename: '申请书.pdf', contentType: 'application/pdf' });
    check('post', '/api/cases/{id}/attachments', upload, `/api/cases/${filed.body.id}/attachments`);
    const bytes = await sut.http().get(`/api/attachments/${upload.body.id}`).set('Authorization', `Bearer ${await sut.token('cun.yannali')}`);
    expect(bytes.status).toBe(200);
    expect(Object.keys(doc.paths['/api/attachments/{id}'].get.responses['200'].content).sort()).toEqual([...ATTACHMENT_CONTENT_TYPES].sort());
    expect(bytes.headers['content-type']).toBe('application/pdf');
    checkFile('get', '/api/attachments/{id}', await binary('cun.yannali', `/api/attachments/${upload.body.id}`), `/api/attachments/${upload.body.id}`);

    // Inboxes, a claim and its release.
    for (const user of ['cun.yannali', 'zhen.xiaolukou', 'xian.liangshan.minzheng', 'xian.liangshan.fayuan', 'jijian.shi']) await get(user, '/api/tasks', '/api/tasks?limit=200');
    const inbox = await get('zhen.xiaolukou', '/api/tasks', '/api/tasks?claimed=false');
    const task = inbox.items[0];
    expect(task).toBeDefined();
    const township = await sut.as('zhen.xiaolukou');
    check('post', '/api/tasks/{id}/claim', await township.post(`/api/tasks/${task.id}/claim`), `/api/tasks/${task.id}/claim`);
    check('post', '/api/tasks/{id}/release', await township.post(`/api/tasks/${task.id}/release`), `/api/tasks/${task.id}/release`);

    // Delegations: given, listed, ended.
    const today = new Date().toISOString().slice(0, 10);
    const delegated = await township.post('/api/delegations', { toUsername: 'zhen.xiaolukou2', role: 'township_officer', from: today, to: today });
    check('post', '/api/delegations', delegated);
    await get('zhen.xiaolukou', '/api/delegations');
    check('post', '/api/delegations/{id}/end', await township.post(`/api/delegations/${delegated.body.id}/end`, { reason: '文档核对结束委托' }), `/api/delegations/${delegated.body.id}/end`);

    // Relatives: declared, listed, withdrawn.
    const declared = await township.post('/api/staff/relatives', { name: '闫秀英', relation: 'sibling', idNumber: PEOPLE.yanXiuying });
    check('post', '/api/staff/relatives', declared);
    await get('zhen.xiaolukou', '/api/staff/relatives');
    check('post', '/api/staff/relatives/{id}/withdraw', await township.post(`/api/staff/relatives/${declared.body.id}/withdraw`, { reason: '登记有误，撤回备案' }), `/api/staff/relatives/${declared.body.id}/withdraw`);

    // Audit, flags, figures and reports.
    await get('jijian.shi', '/api/audit', '/api/audit?limit=200');
    await get('jijian.shi', '/api/audit/verify');
    await get('jijian.shi', '/api/audit/public-key');
    await get('jijian.shi', '/api/flags', '/api/flags?limit=500');
    for (const user of ['jijian.shi', 'xian.liangshan.fupin', 'zhen.xiaolukou']) await get(user, '/api/queues/stats');
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    await get('xian.liangshan.fupin', '/api/reports/dispatch', `/api/reports/dispatch?period=${quarter}`);
    await get('jijian.shi', '/api/reports/dispatch', `/api/reports/dispatch?period=${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`);
    const csv = await sut.download('xian.liangshan.fupin', `/api/reports/dispatch?period=${quarter}&format=csv`);
    expect(csv.status).toBe(200);
    const fupin = await sut.as('xian.liangshan.fupin');
    check('post', '/api/reports/dispatch/build', await fupin.post('/api/reports/dispatch/build', { month: today.slice(0, 7) }));

    // Administration and the system.
    await get('admin', '/api/admin/roles');
    await get('admin', '/api/admin/users', '/api/admin/users?limit=200');
    const admin = await sut.as('admin');
    check('post', '/api/admin/users', await admin.post('/api/admin/users', { username: 'openapi.honest', displayName: '文档核对', roles: ['village_clerk'], jurisdictionCode: VILLAGE.yannali }));
    const patched = await sut.http().patch('/api/admin/users/openapi.honest').set('Authorization', `Bearer ${await sut.token('admin')}`).send({ displayName: '文档核对二' });
    check('patch', '/api/admin/users/{username}', patched, '/api/admin/users/openapi.honest');
    check('post', '/api/admin/users/{username}/reset-password', await admin.post('/api/admin/users/openapi.honest/reset-password'), '/api/admin/users/openapi.honest/reset-password');
    await get('jijian.shi', '/api/jurisdictions');
    await get('jijian.shi', '/api/jurisdictions', '/api/jurisdictions?parent=370800');
    await get('cun.yannali', '/api/processes');
    check('get', '/api/health', await sut.http().get('/api/health'));
    check('get', '/api/metrics', await sut.http().get('/api/metrics'));
    const exported = await sut.download('jijian.shi', `/api/audit/export?caseId=${housing}`);
    expect(exported.status).toBe(200);
    expect(exported.text.trim().split('\n').map((line) => JSON.parse(line).caseId)).toEqual(expect.arrayContaining([housing]));
    checked.add('get /api/audit/export 200');
    // The latest signed checkpoint (the worker writes one a second here), and a verify that checks it.
    const checkpoint = await eventually(async () => {
      const res = await (await sut.as('jijian.shi')).get('/api/audit/checkpoints/latest');
      return res.status === 200 ? res : undefined;
    }, 20000);
    check('get', '/api/audit/checkpoints/latest', checkpoint);
    const verified = await get('jijian.shi', '/api/audit/verify', `/api/audit/verify?caseId=${housing}`);
    expect(verified.checkpoint).not.toBeNull();

    // The routes added last: printed forms, the 公示 table, the standing list, the audit action picker.
    // Every form the village clerk and the township officer may print on one case of each process.
    let printed = 0;
    for (const user of ['cun.yannali', 'zhen.xiaolukou']) {
      for (const id of [...first.values(), filed.body.id]) {
        const forms = await get(user, '/api/cases/{id}/documents', `/api/cases/${id}/documents`);
        for (const f of forms.items ?? []) {
          await get(user, '/api/cases/{id}/documents/{key}', `/api/cases/${id}/documents/${f.key}`);
          printed++;
        }
      }
    }
    expect(printed).toBeGreaterThan(0);
    const table = await get('zhen.xiaolukou', '/api/notice-tables/{processKey}/{state}', `/api/notice-tables/housing-renovation/village_notice?villageCode=${VILLAGE.yannali}`);
    expect(table.rows).toBeDefined();
    await get('zhen.xiaolukou', '/api/cases/standing-lists/{processKey}/{villageCode}', `/api/cases/standing-lists/minimum-living-allowance/${VILLAGE.yannali}`);
    await get('jijian.shi', '/api/audit/actions');
    check('get', '/api/notice-tables/{processKey}/{state}', await township.get('/api/notice-tables/housing-renovation/village_notice'), '/api/notice-tables/(no village)');
    check('get', '/api/cases/{id}/documents/{key}', await clerk.get(`/api/cases/${filed.body.id}/documents/no_such_form`), '/api/cases/{id}/documents/no_such_form');

    // 批量认领: one task claimed, one unknown id refused inside the 200.
    const open = (await get('zhen.xiaolukou', '/api/tasks', '/api/tasks?claimed=false')).items[0];
    const batch = await township.post('/api/tasks/claim', { ids: [open.id, 'not-a-task-id'] });
    check('post', '/api/tasks/claim', batch);
    expect(batch.body.results.map((r: any) => r.status)).toEqual([200, 404]);
    check('post', '/api/tasks/claim', await township.post('/api/tasks/claim', { ids: [] }));
    await township.post(`/api/tasks/${open.id}/release`);

    // 督办: an emergency relief overdue escalates to the county civil-affairs bureau, who urges, reassigns and writes an opinion.
    const emergency = await fileCase(sut, 'cun.yannali', assistance(stranger(8), { urgency: 'emergency', hardshipType: 'fire', requestedAmount: 1500 }));
    const civil = await sut.as('xian.liangshan.minzheng');
    const overview = await eventually(async () => {
      const o = (await civil.get(`/api/cases/${emergency.id}/supervision`)).body;
      return o.supervisor && o.supervised.length ? o : undefined;
    });
    await get('xian.liangshan.minzheng', '/api/cases/{id}/supervision', `/api/cases/${emergency.id}/supervision`);
    await get('zhen.xiaolukou', '/api/cases/{id}/supervision', `/api/cases/${emergency.id}/supervision`);
    const supervisedTask = overview.supervised[0].id;
    expect((await township.post(`/api/tasks/${supervisedTask}/claim`)).status).toBe(200);
    const supervision = (what: string) => `/api/cases/{id}/supervision/${what}`;
    const at = (what: string) => `/api/cases/${emergency.id}/supervision/${what}`;
    check('post', supervision('urges'), await civil.post(at('urges'), { taskId: supervisedTask, message: '先行救助已超时，请今日内办理' }), at('urges'));
    check('post', supervision('reassignments'), await civil.post(at('reassignments'), { taskId: supervisedTask, toUsername: 'zhen.xiaolukou2', reason: '原经办人外出培训，改由同事办理' }), at('reassignments'));
    check('post', supervision('opinions'), await civil.post(at('opinions'), { opinion: '请小路口镇于今日内完成先行救助' }), at('opinions'));
    check('post', supervision('urges'), await clerk.post(at('urges'), { taskId: supervisedTask, message: '先行救助已超时，请今日内办理' }), at('urges'));
    check('post', supervision('reassignments'), await civil.post(at('reassignments'), { taskId: supervisedTask, toUsername: 'zhen.xiaolukou2', reason: '原经办人外出培训，改由同事办理' }), at('reassignments'));

    // The lawyer picker on a granted legal-aid case: a demo one waiting for its lawyer, or one granted here.
    const fayuan = await sut.as('xian.liangshan.fayuan');
    let aid: { id: string } | undefined;
    for (const c of cases.items.filter((x: any) => x.processKey === 'legal-aid')) {
      if ((await fayuan.get(`/api/cases/${c.id}`)).body.availableEvents?.includes('ASSIGN_LAWYER')) aid = c;
    }
    if (!aid) {
      aid = await fileAndSettle(sut, legalAid(PEOPLE.yanXiuying, '闫秀英'));
      await step(sut, 'xian.liangshan.fayuan', aid!.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕901号' });
    }
    aid = aid!;
    const lawyers = await get('xian.liangshan.fayuan', '/api/cases/{id}/assignable', `/api/cases/${aid.id}/assignable?event=ASSIGN_LAWYER&field=lawyer`);
    expect(lawyers.items.length).toBeGreaterThan(0);
    check('get', '/api/cases/{id}/assignable', await (await sut.as('xian.liangshan.fayuan')).get(`/api/cases/${aid.id}/assignable`), '/api/cases/{id}/assignable (no query)');

    // A county's 低保 line: read, and changed (which notifies the county's cases, so last among the reads).
    const settings = '/api/processes/{processKey}/settings/{name}';
    await get('xian.liangshan.minzheng', settings, '/api/processes/minimum-living-allowance/settings/line');
    const line = await sut.http().put('/api/processes/minimum-living-allowance/settings/line/370832').set('Authorization', `Bearer ${await sut.token('xian.liangshan.minzheng')}`)
      .send({ value: 650, reason: '民政发〔2026〕12号 文档核对' });
    check('put', `${settings}/{jurisdictionCode}`, line, '/api/processes/minimum-living-allowance/settings/line/370832');
    const badLine = await sut.http().put('/api/processes/minimum-living-allowance/settings/line/370832').set('Authorization', `Bearer ${await sut.token('xian.liangshan.minzheng')}`)
      .send({ value: 'x', reason: '短' });
    check('put', `${settings}/{jurisdictionCode}`, badLine, '/api/processes/minimum-living-allowance/settings/line/370832 (bad)');
    expect(badLine.body.errors.map((e: any) => e.field).sort()).toEqual(['reason', 'value']);

    // The Excel variants: the media type the document gives, with a workbook in it (a ZIP: PK).
    for (const [user, template, url] of [
      ['zhen.xiaolukou', '/api/cases', '/api/cases?format=xlsx'], ['zhen.xiaolukou', '/api/tasks', '/api/tasks?format=xlsx'],
      ['jijian.shi', '/api/flags', '/api/flags?format=xlsx'], ['jijian.shi', '/api/audit', `/api/audit?format=xlsx&caseId=${housing}`],
      ['jijian.shi', '/api/audit/export', `/api/audit/export?format=xlsx&caseId=${housing}`],
      ['xian.liangshan.fupin', '/api/reports/dispatch', `/api/reports/dispatch?period=${quarter}&format=xlsx`],
    ]) {
      const res = await binary(user, url);
      checkFile('get', template, res, url);
      expect([url, res.body.subarray(0, 2).toString()]).toEqual([url, 'PK']);
    }

    // Refusals are documented for their routes and are problems: field errors, 401, 403, 404, 409, 422.
    check('get', '/api/cases', await clerk.get('/api/cases?limit=0'), '/api/cases?limit=0');
    check('get', '/api/me', await sut.http().get('/api/me'));
    check('get', '/api/audit', await fupin.get('/api/audit'));
    check('get', '/api/cases/{id}', await clerk.get('/api/cases/00000000-0000-4000-8000-000000000000'), '/api/cases/(unknown)');
    check('post', '/api/admin/users', await admin.post('/api/admin/users', { username: 'openapi.honest', displayName: '重复', roles: ['village_clerk'], jurisdictionCode: VILLAGE.yannali }));
    check('post', '/api/cases/{id}/events', await clerk.post(`/api/cases/${housing}/events`, { type: 'WITHDRAW', payload: {} }), `/api/cases/${housing}/events`);
    check('post', '/api/auth/login', await sut.http().post('/api/auth/login').send({ username: 'cun.yannali' }));
    expect([...checked]).toEqual(expect.arrayContaining([
      'get /api/cases 400', 'get /api/me 401', 'get /api/audit 403', 'get /api/cases/{id} 404', 'post /api/admin/users 409', 'post /api/auth/login 400',
    ]));

    expect(problems).toEqual([]);

    // The schemas are strict enough to notice drift: a field more, a field less or retyped fails.
    const caseView = validator('#/components/schemas/CaseView');
    const view = (await (await sut.as('jijian.shi')).get(`/api/cases/${housing}`)).body;
    expect(caseView(view)).toBe(true);
    expect(caseView({ ...view, surprise: 1 })).toBe(false);
    expect(caseView({ ...view, revision: String(view.revision) })).toBe(false);
    const { availableEvents: _dropped, ...without } = view;
    expect(caseView(without)).toBe(false);
    expect(caseView({ ...view, jurisdiction: { ...view.jurisdiction, cityCode: '370800' } })).toBe(false);
    // At least these were asked (the brief's representative set), each with an answer validated.
    expect([...checked]).toEqual(expect.arrayContaining([
      'get /api/cases/{id}', 'get /api/cases', 'get /api/tasks', 'get /api/audit', 'get /api/flags', 'get /api/reports/dispatch',
      'get /api/cases/{id}/notices/{state}', 'get /api/admin/users', 'post /api/auth/login',
      'get /api/cases/{id}/documents', 'get /api/cases/{id}/documents/{key}', 'get /api/notice-tables/{processKey}/{state}',
      'get /api/cases/standing-lists/{processKey}/{villageCode}', 'get /api/audit/actions', 'post /api/tasks/claim',
      'get /api/cases/{id}/supervision', 'post /api/cases/{id}/supervision/reassignments', 'get /api/cases/{id}/assignable',
      'get /api/processes/{processKey}/settings/{name}', 'put /api/processes/{processKey}/settings/{name}/{jurisdictionCode}',
    ].map((k) => `${k} 200`).concat([
      'post /api/cases/{id}/supervision/urges 201', 'post /api/cases/{id}/supervision/opinions 201',
      'post /api/cases/{id}/supervision/urges 403', 'post /api/cases/{id}/supervision/reassignments 409',
      'get /api/cases/{id}/assignable 400', 'get /api/notice-tables/{processKey}/{state} 400', 'get /api/cases/{id}/documents/{key} 404',
      'post /api/tasks/claim 400', 'put /api/processes/{processKey}/settings/{name}/{jurisdictionCode} 400',
      'get /api/attachments/{id} 200 file', 'get /api/cases 200 file', 'get /api/tasks 200 file', 'get /api/flags 200 file',
      'get /api/audit 200 file', 'get /api/audit/export 200 file', 'get /api/reports/dispatch 200 file',
    ])));
  }, 240000);
});

/**
 * The OpenAPI table without a running app (issue 18): every documented operation gets a detailed
 * answer and the request body its route validates with. test/openapi.e2e-spec.ts checks the served
 * document against the route table and real answers; this fails fast on the table itself.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadProcessRegistry } from '@app/processes';
import { BATCH_CLAIM_SCHEMA, DISPATCH_BUILD_REQUEST_SCHEMA, OPINION_SCHEMA, SETTING_CHANGE_SCHEMA, SUPERVISION_REASSIGN_SCHEMA, URGE_SCHEMA } from '@app/engine';
import { DOCUMENTED_OPERATIONS, completeDocument } from './openapi';

function documentOfEveryOperation(): any {
  const paths: Record<string, Record<string, object>> = {};
  for (const key of DOCUMENTED_OPERATIONS) {
    const [method, path] = key.split(' ');
    (paths[path] ??= {})[method] = { responses: {} };
  }
  return completeDocument({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths } as unknown as OpenAPIObject, loadProcessRegistry({}).all());
}

describe('OpenAPI table', () => {
  const doc = documentOfEveryOperation();
  const schemas = doc.components.schemas;
  const named = (ref: string | undefined) => schemas[String(ref).replace('#/components/schemas/', '')];

  it('no operation answers a generic object: every 2xx JSON answer names its fields', () => {
    const loose: string[] = [];
    for (const key of DOCUMENTED_OPERATIONS) {
      const [method, path] = key.split(' ');
      for (const [status, response] of Object.entries<any>(doc.paths[path][method].responses)) {
        if (!/^2/.test(status)) continue;
        for (const [media, c] of Object.entries<any>(response.content ?? {})) {
          const s = named(c.schema?.$ref);
          if (!s) loose.push(`${key} ${media}: ${c.schema?.$ref} is not in components.schemas`);
          else if (/json/.test(media) && s.type === 'object' && !s.properties && !s.additionalProperties) loose.push(`${key} ${media}: ${c.schema.$ref} has no properties`);
        }
      }
    }
    expect(loose).toEqual([]);
    expect(schemas.Described).toBeUndefined();
  });

  it('request bodies are the schemas the routes validate with', () => {
    const body = (key: string) => {
      const [method, path] = key.split(' ');
      return named(doc.paths[path][method].requestBody?.content['application/json']?.schema?.$ref);
    };
    const same = (s: object) => JSON.parse(JSON.stringify(s));
    expect(body('post /api/tasks/claim')).toEqual(same(BATCH_CLAIM_SCHEMA));
    expect(body('put /api/processes/{processKey}/settings/{name}/{jurisdictionCode}')).toEqual(same(SETTING_CHANGE_SCHEMA));
    expect(body('post /api/reports/dispatch/build')).toEqual(same(DISPATCH_BUILD_REQUEST_SCHEMA));
    expect(body('post /api/cases/{id}/supervision/urges')).toEqual(same(URGE_SCHEMA));
    expect(body('post /api/cases/{id}/supervision/reassignments')).toEqual(same(SUPERVISION_REASSIGN_SCHEMA));
    expect(body('post /api/cases/{id}/supervision/opinions')).toEqual(same(OPINION_SCHEMA));
  });

  it('files are binary with their media types; creations answer 201', () => {
    const content = (key: string) => {
      const [method, path] = key.split(' ');
      return doc.paths[path][method].responses['200'].content;
    };
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    for (const key of ['get /api/cases', 'get /api/tasks', 'get /api/flags', 'get /api/audit', 'get /api/audit/export', 'get /api/reports/dispatch']) {
      expect([key, named(content(key)[xlsx]?.schema?.$ref)?.format]).toEqual([key, 'binary']);
    }
    expect(Object.keys(content('get /api/attachments/{id}')).sort()).toEqual(['application/ofd', 'application/pdf', 'image/jpeg', 'image/png']);
    const success = (key: string) => {
      const [method, path] = key.split(' ');
      return Object.keys(doc.paths[path][method].responses).find((c) => c.startsWith('2'));
    };
    expect(success('post /api/cases/{id}/supervision/urges')).toBe('201');
    expect(success('post /api/cases/{id}/supervision/opinions')).toBe('201');
    expect(success('post /api/cases/{id}/attachments')).toBe('201');
    expect(success('post /api/cases/{id}/supervision/reassignments')).toBe('200');
  });
});

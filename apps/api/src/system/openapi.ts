/**
 * The OpenAPI document at /docs, made honest: every operation's request body, query parameters,
 * success code (as the controller really answers) and problem+json errors. Request bodies are the
 * JSON Schemas the api and engine validate with (exported read-only from where they live); an
 * event's payload is documented per process and event type from the process definitions. Nest's
 * scanner gives the paths; this fills in what it cannot see (bodies typed `unknown`, @Res handlers).
 * OpenAPI 3.1, whose schemas are JSON Schema, so the validators' schemas go in unchanged.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ProcessDefinition } from '@app/processes';
import { ATTACHMENT_KINDS, CREATE_SCHEMA as DELEGATION_SCHEMA, END_SCHEMA as DELEGATION_END_SCHEMA, EVENT_SCHEMA, FILING_SCHEMA, REASSIGN_SCHEMA } from '@app/engine';
import { CREATE_SCHEMA as USER_CREATE_SCHEMA, PATCH_SCHEMA as USER_PATCH_SCHEMA } from '../admin/user-administration';
import { LOGIN_SCHEMA, PASSWORD_SCHEMA } from '../auth/auth.controller';
import { DECLARATION_SCHEMA, WITHDRAWAL_SCHEMA } from '../staff/staff-relatives';

type Schema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (description: string, properties: Schema = {}): Schema => ({ type: 'object', description, properties });
const page = (item: string, description: string): Schema => ({
  type: 'object', description, required: ['items'],
  properties: { items: { type: 'array', items: ref(item) }, nextCursor: { type: ['string', 'null'] } },
});
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Shared schemas: the request bodies the validators use, and the answers' shapes. */
function sharedSchemas(): Record<string, Schema> {
  return {
    Problem: {
      type: 'object', description: 'RFC 9457 problem details; field errors in `errors`',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
    LoginRequest: clone(LOGIN_SCHEMA),
    PasswordChangeRequest: clone(PASSWORD_SCHEMA),
    UserCreateRequest: clone(USER_CREATE_SCHEMA),
    UserPatchRequest: clone(USER_PATCH_SCHEMA),
    RelativeDeclarationRequest: clone(DECLARATION_SCHEMA),
    ReasonRequest: clone(WITHDRAWAL_SCHEMA),
    DelegationRequest: clone(DELEGATION_SCHEMA),
    DelegationEndRequest: clone(DELEGATION_END_SCHEMA),
    ReassignRequest: clone(REASSIGN_SCHEMA),
    BatchClaimRequest: {
      type: 'object', additionalProperties: false, required: ['ids'], description: '批量认领: the tasks to claim, each on its own',
      properties: { ids: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', format: 'uuid' } } },
    },
    BatchClaimResult: obj('Per id: status 200 with the task, or 403/404/409 with the reason (detail); claimed = how many are the caller\'s now', {
      results: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, status: { type: 'integer' }, task: ref('Task'), detail: { type: 'string' } } } },
      claimed: { type: 'integer' },
    }),
    SettingChange: {
      type: 'object', additionalProperties: false, required: ['value', 'reason'], description: 'The new value and its basis (a document number)',
      properties: { value: { type: 'number' }, reason: { type: 'string', minLength: 5, maxLength: 500 } },
    },
    DispatchBuildRequest: {
      type: 'object', additionalProperties: false, description: 'No body: this month, every county in reach',
      properties: { month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' }, countyCode: { type: 'string' } },
    },
    LoginResponse: obj('A token and the caller', { accessToken: { type: 'string' }, mustChangePassword: { type: 'boolean' }, user: ref('Me') }),
    Me: obj('The caller: username, display name, roles, jurisdiction, delegations'),
    CaseView: obj('Case view: id, processKey, processVersion, state, lane, jurisdiction, applicant (masked), data, flags, revision, deadlines, clocks, payments by period, availableEvents for the caller with eventHints (limits, allowed options and computed values their rules enforce), openTasks (claimedByName), people (display names of usernames the context names)', {
      id: { type: 'string', format: 'uuid' }, processKey: { type: 'string' }, state: { type: 'string' }, revision: { type: 'integer' },
    }),
    CaseList: page('CaseView', 'Cases visible to the caller'),
    HistoryEntry: obj('An audit entry of the case: seq, action, actor, role, fromState, toState, payload, hash'),
    History: page('HistoryEntry', 'The case\'s audit entries in order'),
    Task: obj('A task of the inbox'),
    TaskList: page('Task', 'The caller\'s inbox'),
    AuditEntry: obj('An audit entry'),
    AuditList: page('AuditEntry', 'Audit entries matching the filter'),
    VerifyResult: obj('Hash chain check; attachments re-hashed against their chain entries', {
      valid: { type: 'boolean' }, checked: { type: 'integer' }, headHash: { type: ['string', 'null'] }, firstBadSeq: { type: ['integer', 'null'] },
      attachmentsChecked: { type: 'integer' },
    }),
    Flag: obj('An anomaly flag with the audit entries behind it'),
    FlagList: page('Flag', 'Anomaly flags'),
    ImportResult: obj('Import result; row errors in `errors` [{line, field, message}]'),
    UserCreated: obj('The new user and its one-time password (shown once)', { username: { type: 'string' }, initialPassword: { type: 'string' } }),
    PasswordReset: obj('A new one-time password (shown once)', { initialPassword: { type: 'string' } }),
    User: obj('A user account'),
    UserList: page('User', 'Users in the administrator\'s subtree'),
    Jurisdiction: obj('A jurisdiction node', { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, parentCode: { type: ['string', 'null'] } }),
    JurisdictionList: { type: 'array', items: ref('Jurisdiction') },
    Relative: obj('A close-relative declaration (ID number masked)'),
    Delegation: obj('A delegation (委托办理)'),
    ProcessDescription: obj('A process definition: key, version, titles, states, events with allowed roles'),
    Health: obj('Readiness', { status: { type: 'string', enum: ['ok', 'degraded'] }, postgres: { type: 'string', enum: ['up', 'down'] }, redis: { type: 'string', enum: ['up', 'down', 'not used'] } }),
    AttachmentUpload: {
      type: 'object', required: ['file'], additionalProperties: false,
      description: 'multipart/form-data: one PDF, JPEG, PNG or OFD file (checked by its bytes), at most ATTACHMENT_MAX_BYTES',
      properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, kind: { type: 'string', enum: Object.keys(ATTACHMENT_KINDS), default: 'other' } },
    },
    Attachment: obj('An attachment as stored (its SHA-256 is in the case\'s audit chain)', {
      id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, size: { type: 'integer' }, contentType: { type: 'string' },
      sha256: { type: 'string' }, kind: { type: 'string' },
    }),
    AttachmentList: obj('The case\'s attachments (no bytes), the declared kinds, whether the caller may upload', {
      caseId: { type: 'string', format: 'uuid' }, canUpload: { type: 'boolean' }, maxBytes: { type: 'integer' },
      kinds: { type: 'array', items: { type: 'object' } }, items: { type: 'array', items: ref('Attachment') },
    }),
    Any: obj('See the operation\'s description'),
  };
}

/** Filing and event bodies per process, from the definitions' own payload schemas. */
function processSchemas(processes: ProcessDefinition[]): { schemas: Record<string, Schema>; filings: string[]; events: string[] } {
  const schemas: Record<string, Schema> = {};
  const filings: string[] = [];
  const events: string[] = [];
  const seen = new Set<string>();
  for (const def of processes) {
    if (seen.has(def.key)) continue;
    seen.add(def.key);
    const filing = `Filing.${def.key}`;
    const base = clone(FILING_SCHEMA) as any;
    base.properties.processKey = { const: def.key };
    base.properties.data = clone(def.filing);
    schemas[filing] = { ...base, title: `${def.key}: filing` };
    filings.push(filing);
    for (const [type, spec] of Object.entries(def.events)) {
      if (spec.actors === 'system') continue; // timers and jobs only: not an api body
      const name = `Event.${def.key}.${type}`;
      const body = clone(EVENT_SCHEMA) as any;
      body.required = ['type', 'payload'];
      body.properties.type = { const: type };
      body.properties.payload = clone(spec.payload);
      schemas[name] = { ...body, title: `${def.key}: ${type}` };
      events.push(name);
    }
  }
  return { schemas, filings, events };
}

interface Op {
  status: number;
  response?: string | Schema;
  /** Other than application/json. */
  responseType?: string;
  body?: string;
  bodyType?: string;
  bodyRequired?: boolean;
  query?: string[];
  description?: string;
  extra?: Record<number, string>;
}

const LIST = ['cursor', 'limit'];
const OPS: Record<string, Op> = {
  'post /api/auth/login': { status: 200, body: 'LoginRequest', response: 'LoginResponse', extra: { 429: 'Too many failed logins (Retry-After)' } },
  'get /api/me': { status: 200, response: 'Me' },
  'post /api/auth/password': { status: 200, body: 'PasswordChangeRequest', response: 'Any' },
  'post /api/auth/logout': { status: 204 },
  'post /api/cases': { status: 201, body: 'CaseFiling', response: 'CaseView', description: 'Files a case; honours Idempotency-Key (the same key and body answers the first answer; another body 409)' },
  'get /api/cases': {
    status: 200, response: 'CaseList', query: ['processKey', 'state', 'lane', 'countyCode', 'overdue', 'mine', 'format', ...LIST],
    description: 'With an ETag (If-None-Match → 304); format=xlsx answers the filtered rows as an Excel file',
  },
  'get /api/cases/{id}': { status: 200, response: 'CaseView' },
  'post /api/cases/{id}/events': { status: 200, body: 'CaseEvent', response: 'CaseView', description: 'Applies an event (payload schema per process and type: components Event.<process>.<TYPE>); honours Idempotency-Key' },
  'get /api/cases/{id}/history': { status: 200, response: 'History' },
  'get /api/cases/{id}/applicant/id-number': { status: 200, response: obj('The full ID number (audited)', { idNumber: { type: 'string' } }) },
  'get /api/cases/{id}/notices/{state}': { status: 200, response: 'Any', description: 'The public notice (公示) of a notice state' },
  'get /api/cases/standing-lists/{processKey}/{villageCode}': { status: 200, response: 'Any', description: 'A village\'s standing public list (长期公布) of a process that keeps one: masked names, the process\'s lines' },
  'get /api/processes/{processKey}/settings/{name}': { status: 200, response: 'Any', description: 'A jurisdiction setting (a county\'s 低保 line) at the caller\'s nodes of its level: the value in force, set or default' },
  'put /api/processes/{processKey}/settings/{name}/{jurisdictionCode}': {
    status: 200, body: 'SettingChange', response: 'Any',
    description: 'Changes a jurisdiction setting at one node (its declared roles there, or an admin above); audited; sends the declared event to the node\'s cases in the declared states',
  },
  'post /api/cases/{id}/attachments': {
    status: 201, body: 'AttachmentUpload', bodyType: 'multipart/form-data', response: 'Attachment',
    description: 'Adds a document to the case (who may act on it now, or its filer, while it is open); audited on the case\'s chain with its SHA-256',
    extra: { 413: 'Larger than ATTACHMENT_MAX_BYTES', 415: 'Not a PDF, JPEG, PNG or OFD file' },
  },
  'get /api/cases/{id}/attachments': { status: 200, response: 'AttachmentList' },
  'get /api/attachments/{id}': {
    status: 200, response: { type: 'string', contentMediaType: 'application/octet-stream' }, responseType: 'application/octet-stream',
    description: 'The document\'s bytes with its stored content type and Content-Disposition (UTF-8 file name); the read is audited',
  },
  'get /api/tasks': {
    status: 200, response: 'TaskList', query: ['processKey', 'state', 'lane', 'countyCode', 'townshipCode', 'villageCode', 'claimed', 'format', ...LIST],
    description: 'The caller\'s inbox with an ETag (If-None-Match → 304); format=xlsx answers the filtered rows as an Excel file',
  },
  'post /api/tasks/claim': { status: 200, body: 'BatchClaimRequest', response: 'BatchClaimResult', description: '批量认领: each id claimed as by POST /api/tasks/{id}/claim' },
  'post /api/tasks/{id}/claim': { status: 200, response: 'Task' },
  'post /api/tasks/{id}/release': { status: 200, response: 'Task' },
  'post /api/tasks/{id}/reassign': { status: 200, body: 'ReassignRequest', response: 'Task' },
  'post /api/delegations': { status: 201, body: 'DelegationRequest', response: 'Delegation' },
  'get /api/delegations': { status: 200, response: { type: 'array', items: ref('Delegation') } },
  'post /api/delegations/{id}/end': { status: 200, body: 'DelegationEndRequest', response: 'Delegation' },
  'get /api/queues/stats': { status: 200, response: 'Any', query: ['processKey', 'countyCode', 'townshipCode', 'villageCode'] },
  'get /api/reports/dispatch': { status: 200, response: 'Any', query: ['month', 'period', 'countyCode', 'format'], description: '月调度 (month=YYYY-MM), 季汇总 (period=YYYY-Qn), 半年通报 (period=YYYY-Hn); format=csv answers text/csv, format=xlsx an Excel file with township rows and totals' },
  'post /api/reports/dispatch/build': { status: 202, body: 'DispatchBuildRequest', bodyRequired: false, response: 'Any' },
  'get /api/audit': {
    status: 200, response: 'AuditList', query: ['caseId', 'actor', 'role', 'action', 'outcome', 'jurisdictionCode', 'from', 'to', 'applicantName', 'applicantIdNumber', 'format', ...LIST],
    description: 'caseId: full or the 8-digit short number; actor: login or display name; applicantName/applicantIdNumber: reviewers, the search audited; format=xlsx: the same filter as an Excel file',
  },
  'get /api/audit/actions': { status: 200, response: 'Any', description: 'Every action code with its Chinese title (the search\'s picker)' },
  'get /api/audit/verify': { status: 200, response: 'VerifyResult', query: ['caseId'] },
  'get /api/audit/export': { status: 200, response: { type: 'string' }, responseType: 'application/x-ndjson', query: ['format'], description: 'Streamed; format=csv answers text/csv (Chinese headers, local time), format=xlsx an Excel file' },
  'get /api/audit/public-key': { status: 200, response: 'Any' },
  'get /api/audit/checkpoints/latest': { status: 200, response: 'Any' },
  'get /api/flags': { status: 200, response: 'FlagList', query: ['code', 'countyCode', 'from', 'to', 'format', ...LIST], description: 'format=xlsx: the same filter as an Excel file' },
  'post /api/registry/import': { status: 200, body: 'CsvUpload', bodyType: 'text/csv', response: 'ImportResult', extra: { 413: 'Larger than REGISTRY_IMPORT_LIMIT' } },
  'post /api/staff/relatives': { status: 201, body: 'RelativeDeclarationRequest', response: 'Relative' },
  'get /api/staff/relatives': { status: 200, response: { type: 'array', items: ref('Relative') } },
  'post /api/staff/relatives/{id}/withdraw': { status: 200, body: 'ReasonRequest', response: 'Relative' },
  'get /api/admin/roles': { status: 200, response: 'Any' },
  'get /api/admin/users': { status: 200, response: 'UserList', query: ['q', 'role', 'jurisdictionCode', 'disabled', ...LIST] },
  'post /api/admin/users': { status: 201, body: 'UserCreateRequest', response: 'UserCreated' },
  'patch /api/admin/users/{username}': { status: 200, body: 'UserPatchRequest', response: 'User' },
  'post /api/admin/users/{username}/reset-password': { status: 200, response: 'PasswordReset' },
  'post /api/admin/jurisdictions/import': { status: 200, body: 'CsvUpload', bodyType: 'text/csv', response: 'ImportResult', description: 'CSV code,name,parentCode,level' },
  'get /api/jurisdictions': { status: 200, response: 'JurisdictionList', query: ['parent'] },
  'get /api/processes': { status: 200, response: { type: 'array', items: ref('ProcessDescription') } },
  'get /api/health': { status: 200, response: 'Health', extra: { 503: 'PostgreSQL or the queue backend (Redis) down (body: Health)' } },
  'get /api/metrics': { status: 200, response: { type: 'string' }, responseType: 'text/plain; version=0.0.4', description: 'Prometheus metrics: METRICS_TOKEN bearer token, or a loopback peer when it is unset' },
};

const ERRORS: Record<number, string> = {
  400: 'Invalid input (field errors)', 401: 'No or invalid token', 403: 'Role, jurisdiction or conflict (with the reason)',
  404: 'Not found or outside the caller\'s subtree', 409: 'Revision conflict or Idempotency-Key reused with another body',
  422: 'Not allowed in the current state, or a business rule failed',
};

const PUBLIC = new Set(['post /api/auth/login', 'get /api/health', 'get /api/metrics']);

/** Fills in `doc` (as SwaggerModule.createDocument made it) in place and returns it. */
export function completeDocument(doc: OpenAPIObject, processes: ProcessDefinition[]): OpenAPIObject {
  (doc as any).openapi = '3.1.0';
  const { schemas: perProcess, filings, events } = processSchemas(processes);
  const schemas: Record<string, Schema> = {
    ...sharedSchemas(),
    CaseFiling: { description: 'A filing: the engine\'s envelope (processKey, villageCode, applicant, data) with data per process', oneOf: filings.map(ref) },
    CaseEvent: { description: 'An event: {type, payload, expectedRevision?}, payload per process and type', anyOf: events.map(ref) },
    CsvUpload: { type: 'string', description: 'UTF-8 CSV with a header line' },
    ...perProcess,
  };
  doc.components = { ...(doc.components ?? {}), schemas: { ...((doc.components?.schemas as any) ?? {}), ...schemas } as any };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, any>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const key = `${method} ${path}`;
      const spec = OPS[key];
      if (!spec) continue; // the openapi test fails on an operation missing from this table
      if (spec.description) op.description = spec.description;
      if (spec.body) {
        op.requestBody = { required: spec.bodyRequired ?? true, content: { [spec.bodyType ?? 'application/json']: { schema: ref(spec.body) } } };
      } else delete op.requestBody;
      op.parameters = (op.parameters ?? []).filter((p: any) => p.in !== 'query');
      for (const name of spec.query ?? []) op.parameters.push({ name, in: 'query', required: false, schema: { type: 'string' } });
      const success = spec.status === 204
        ? { description: 'No content' }
        : { description: 'Success', content: { [spec.responseType ?? 'application/json']: { schema: typeof spec.response === 'string' ? ref(spec.response) : spec.response ?? ref('Any') } } };
      const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
      const codes = [400, ...(PUBLIC.has(key) ? [] : [401, 403]), ...(path.includes('{') ? [404] : []), ...(method === 'post' && path.startsWith('/api/cases') ? [409, 422] : [])];
      if (key === 'get /api/metrics') codes.push(401, 403);
      op.responses = { [String(spec.status)]: success };
      for (const c of [...new Set(codes)].sort()) op.responses[String(c)] = problem(ERRORS[c]);
      for (const [c, d] of Object.entries(spec.extra ?? {})) op.responses[c] = c === '503' ? { description: d, content: { 'application/json': { schema: ref('Health') } } } : problem(d);
      if (!PUBLIC.has(key)) op.security = [{ bearer: [] }];
      else op.security = [];
    }
  }
  return doc;
}

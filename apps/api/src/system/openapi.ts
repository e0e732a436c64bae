/**
 * The OpenAPI document at /docs, made honest: every operation's request body, path and query
 * parameters, success code (as the controller really answers), its answer's schema per media type
 * (written beside the code that builds the answer, `*.schema.ts`) and the problem+json errors it
 * answers. Request bodies are the
 * JSON Schemas the api and engine validate with (exported read-only from where they live); an
 * event's payload is documented per process and event type from the process definitions. Nest's
 * scanner gives the paths; this fills in what it cannot see (bodies typed `unknown`, @Res handlers).
 * OpenAPI 3.1, whose schemas are JSON Schema, so the validators' schemas go in unchanged.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ProcessDefinition } from '@app/processes';
import { LANES, ROLES } from '@app/processes';
import {
  ATTACHMENT_KINDS, ATTACHMENT_LIST_SCHEMA, ATTACHMENT_SCHEMA, CASE_HISTORY_SCHEMA, CASE_VIEW_SCHEMA, CREATE_SCHEMA as DELEGATION_SCHEMA,
  DELEGATION_LIST_SCHEMA, DELEGATION_VIEW_SCHEMA, DISPATCH_BUILD_SCHEMA, DISPATCH_REPORT_SCHEMA, END_SCHEMA as DELEGATION_END_SCHEMA,
  EVENT_SCHEMA, FILING_SCHEMA, INBOX_PAGE_SCHEMA, INBOX_TASK_SCHEMA, JURISDICTION_SETTINGS_SCHEMA, QUEUE_STATS_SCHEMA, REASSIGN_SCHEMA, SETTING_CHANGED_SCHEMA,
  OPINION_SCHEMA, SUPERVISION_REASSIGN_SCHEMA, URGE_SCHEMA, BATCH_CLAIM_SCHEMA, SETTING_CHANGE_SCHEMA, DISPATCH_BUILD_REQUEST_SCHEMA,
  ASSIGNABLE_PEOPLE_SCHEMA, SUPERVISION_OVERVIEW_SCHEMA, URGED_SCHEMA, SUPERVISION_REASSIGNED_SCHEMA, OPINION_RECORDED_SCHEMA, ATTACHMENT_CONTENT_TYPES,
} from '@app/engine';
import {
  JURISDICTION_CHILDREN_SCHEMA, JURISDICTION_IMPORT_SCHEMA, JURISDICTION_SUBTREE_SCHEMA, PASSWORD_RESET_SCHEMA, ROLE_LIST_SCHEMA,
  USER_CREATED_SCHEMA, USER_PAGE_SCHEMA, USER_SCHEMA,
} from '../admin/administration.schema';
import { CREATE_SCHEMA as USER_CREATE_SCHEMA, PATCH_SCHEMA as USER_PATCH_SCHEMA } from '../admin/user-administration';
import { AUDIT_ACTIONS_SCHEMA, AUDIT_PAGE_SCHEMA, CHECKPOINT_FILE_SCHEMA, PUBLIC_KEY_SCHEMA, VERIFY_RESULT_SCHEMA } from '../audit/audit.schema';
import { LOGIN_SCHEMA, PASSWORD_SCHEMA } from '../auth/auth.controller';
import { LOGIN_RESPONSE_SCHEMA, ME_SCHEMA, PASSWORD_CHANGED_SCHEMA } from '../auth/auth.schema';
import { CASE_LIST_SCHEMA, ID_NUMBER_SCHEMA, NOTICE_SCHEMA, STANDING_LIST_SCHEMA } from '../cases/cases.schema';
import { DOCUMENT_LIST_SCHEMA, DOCUMENT_SCHEMA, NOTICE_TABLE_SCHEMA } from '../documents/documents.schema';
import { FLAG_PAGE_SCHEMA } from '../flags/flags.schema';
import { REGISTRY_IMPORT_SCHEMA } from '../registry/registry.schema';
import { DECLARATION_SCHEMA, WITHDRAWAL_SCHEMA } from '../staff/staff-relatives';
import { RELATIVE_LIST_SCHEMA, RELATIVE_SCHEMA } from '../staff/staff.schema';
import { BATCH_CLAIM_RESULT_SCHEMA } from '../tasks/tasks.schema';
import { HEALTH_SCHEMA, PROCESS_LIST_SCHEMA } from './system.schema';

type Schema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** The media type of the Excel answers (`format=xlsx`). */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A JSON answer, or the same filter as an Excel file with `format=xlsx`. */
const orXlsx = (json: string) => ({ 'application/json': json, [XLSX]: 'Xlsx' });
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * Shared schemas: the request bodies the validators use, and the answers' shapes, each written
 * beside the code that builds the answer (`*.schema.ts`; test/openapi.e2e-spec.ts validates real
 * answers of the running system against them).
 */
function sharedSchemas(): Record<string, Schema> {
  const fieldError = { type: 'object', required: ['field', 'message'], additionalProperties: false, properties: { field: { type: 'string' }, message: { type: 'string' } } };
  return {
    Problem: {
      type: 'object', description: 'RFC 9457 problem details; field errors (400) in `errors`, each naming the field',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
        errors: { type: 'array', items: fieldError },
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
    UrgeRequest: clone(URGE_SCHEMA),
    SupervisionReassignRequest: clone(SUPERVISION_REASSIGN_SCHEMA),
    OpinionRequest: clone(OPINION_SCHEMA),
    BatchClaimRequest: clone(BATCH_CLAIM_SCHEMA),
    SettingChange: clone(SETTING_CHANGE_SCHEMA),
    DispatchBuildRequest: clone(DISPATCH_BUILD_REQUEST_SCHEMA),
    AttachmentUpload: {
      type: 'object', required: ['file'], additionalProperties: false,
      description: 'multipart/form-data: one PDF, JPEG, PNG or OFD file (checked by its bytes), at most ATTACHMENT_MAX_BYTES',
      properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, kind: { type: 'string', enum: Object.keys(ATTACHMENT_KINDS), default: 'other' } },
    },
    // Answers.
    LoginResponse: LOGIN_RESPONSE_SCHEMA,
    Me: ME_SCHEMA,
    PasswordChanged: PASSWORD_CHANGED_SCHEMA,
    CaseView: CASE_VIEW_SCHEMA,
    CaseList: CASE_LIST_SCHEMA,
    History: CASE_HISTORY_SCHEMA,
    IdNumber: ID_NUMBER_SCHEMA,
    Notice: NOTICE_SCHEMA,
    StandingList: STANDING_LIST_SCHEMA,
    JurisdictionSettings: JURISDICTION_SETTINGS_SCHEMA,
    SettingChanged: SETTING_CHANGED_SCHEMA,
    Attachment: ATTACHMENT_SCHEMA,
    AttachmentList: ATTACHMENT_LIST_SCHEMA,
    AttachmentBytes: { type: 'string', format: 'binary', description: 'The stored bytes (PDF, JPEG, PNG or OFD), with the content type they were told to be by their bytes' },
    Xlsx: { type: 'string', format: 'binary', contentMediaType: XLSX, description: 'An Excel workbook (Office Open XML): Chinese headers, local times' },
    BatchClaimResult: BATCH_CLAIM_RESULT_SCHEMA,
    DocumentList: DOCUMENT_LIST_SCHEMA,
    Document: DOCUMENT_SCHEMA,
    NoticeTable: NOTICE_TABLE_SCHEMA,
    SupervisionOverview: SUPERVISION_OVERVIEW_SCHEMA,
    Urged: URGED_SCHEMA,
    SupervisionReassigned: SUPERVISION_REASSIGNED_SCHEMA,
    OpinionRecorded: OPINION_RECORDED_SCHEMA,
    AssignablePeople: ASSIGNABLE_PEOPLE_SCHEMA,
    Task: INBOX_TASK_SCHEMA,
    TaskList: INBOX_PAGE_SCHEMA,
    Delegation: DELEGATION_VIEW_SCHEMA,
    DelegationList: DELEGATION_LIST_SCHEMA,
    QueueStats: QUEUE_STATS_SCHEMA,
    DispatchReport: DISPATCH_REPORT_SCHEMA,
    DispatchReportCsv: { type: 'string', description: 'UTF-8 CSV with a byte order mark, CRLF lines, one row per process and county' },
    DispatchBuildQueued: DISPATCH_BUILD_SCHEMA,
    AuditList: AUDIT_PAGE_SCHEMA,
    AuditActions: AUDIT_ACTIONS_SCHEMA,
    VerifyResult: VERIFY_RESULT_SCHEMA,
    AuditExport: { type: 'string', description: 'One entry per line: JSON (format=jsonl) or CSV with a header (format=csv)' },
    AuditPublicKey: PUBLIC_KEY_SCHEMA,
    AuditCheckpoint: CHECKPOINT_FILE_SCHEMA,
    FlagList: FLAG_PAGE_SCHEMA,
    RegistryImportResult: REGISTRY_IMPORT_SCHEMA,
    Relative: RELATIVE_SCHEMA,
    RelativeList: RELATIVE_LIST_SCHEMA,
    RoleList: ROLE_LIST_SCHEMA,
    User: USER_SCHEMA,
    UserList: USER_PAGE_SCHEMA,
    UserCreated: USER_CREATED_SCHEMA,
    PasswordReset: PASSWORD_RESET_SCHEMA,
    JurisdictionImportResult: JURISDICTION_IMPORT_SCHEMA,
    Jurisdictions: { description: 'Without `parent` the caller\'s whole subtree (a list); with it that node\'s children', anyOf: [JURISDICTION_SUBTREE_SCHEMA, JURISDICTION_CHILDREN_SCHEMA] },
    ProcessList: PROCESS_LIST_SCHEMA,
    Health: HEALTH_SCHEMA,
    Metrics: { type: 'string', description: 'Prometheus text exposition format' },
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

/**
 * A query parameter: its name, or name and schema. Names alone take their schema from QUERY (one
 * meaning per name across the api).
 */
type Query = string | { name: string; schema?: Schema; description?: string; required?: boolean };

interface Op {
  status: number;
  /** The answer: a components.schemas name (application/json), or schema names by media type. */
  response?: string | Record<string, string>;
  body?: string;
  bodyType?: string;
  bodyRequired?: boolean;
  query?: Query[];
  description?: string;
  /** Error codes beyond the defaults (400, 401/403 behind the login, 404 with a path parameter), with what they mean. */
  errors?: Record<number, string>;
}

const flag = { type: 'string', enum: ['true', 'false'] };
const code = (digits: string, what: string) => ({ type: 'string', pattern: `^[0-9]{${digits}}$`, description: what });
const limit = (max: number, dflt: number) => ({ name: 'limit', schema: { type: 'integer', minimum: 1, maximum: max, default: dflt } });

/** Query parameters by name: the same name means the same thing on every route. */
const QUERY: Record<string, Schema> = {
  cursor: { type: 'string', description: 'nextCursor of the previous page, as given' },
  lane: { type: 'string', enum: [...LANES] },
  state: { type: 'string', description: 'A state of the process (GET /api/processes)' },
  countyCode: code('6', 'A county (6 digits) inside the caller\'s subtree'),
  townshipCode: code('9', 'A township (9 digits) inside the caller\'s subtree'),
  villageCode: code('12', 'A village (12 digits) inside the caller\'s subtree'),
  jurisdictionCode: { type: 'string', pattern: '^[0-9]{6,12}$' },
  overdue: flag, mine: flag, claimed: flag, disabled: flag,
  from: { type: 'string', format: 'date-time', description: 'ISO 8601, inclusive' },
  to: { type: 'string', format: 'date-time', description: 'ISO 8601, exclusive' },
  caseId: { type: 'string', description: 'A case id (UUID); the audit search also takes the 8-digit short number' },
  applicantName: { type: 'string', description: 'Discipline reviewers: entries of cases of this applicant or household member (the search is audited)' },
  applicantIdNumber: { type: 'string', description: 'Discipline reviewers: matched through the keyed index only (the search is audited, the number masked)' },
  format: { type: 'string', enum: ['json', 'xlsx'], default: 'json', description: 'xlsx: the same filter as an Excel file (Chinese headers, local time)' },
  actor: { type: 'string', description: 'A username' },
  role: { type: 'string', enum: [...ROLES] },
  action: { type: 'string', description: 'An audit action (FILE, an event type, LOGIN …)' },
  outcome: { type: 'string', enum: ['ok', 'refused'] },
  month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$', description: '月调度: YYYY-MM, not after this month' },
  period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$', description: 'Instead of month: YYYY-MM, YYYY-Qn (季汇总) or YYYY-Hn (半年通报)' },
  q: { type: 'string', description: 'Part of a username or display name' },
  parent: { type: 'string', description: 'A jurisdiction code: answer its children instead of the whole subtree' },
  code: { type: 'string', description: 'One flag code (the engine\'s or one a process declares for reviewers; GET /api/processes)' },
};

/** Path parameters by name. */
const PATH: Record<string, Schema> = {
  id: { type: 'string', format: 'uuid' },
  username: { type: 'string', minLength: 1, maxLength: 64 },
  state: { type: 'string', description: 'A notice state of the case\'s process' },
  processKey: { type: 'string', description: 'A process key (GET /api/processes)' },
  villageCode: { type: 'string', pattern: '^[0-9]{12}$' },
  name: { type: 'string', description: 'A jurisdiction setting the process declares' },
  jurisdictionCode: { type: 'string', pattern: '^[0-9]{6,12}$' },
  key: { type: 'string', description: 'A form the case\'s process prints (GET /api/cases/{id}/documents)' },
};

const PAGE_OF = (max: number, dflt: number): Query[] => ['cursor', limit(max, dflt)];
const AUDIT_FILTER = ['caseId', 'actor', 'role', 'action', 'outcome', 'jurisdictionCode', 'from', 'to'];
const SUPERVISION_WRITE = { 403: 'Holds no supervision task on the case (the refusal is audited)', 409: 'Idempotency-Key reused with another body' };
const CASE_WRITE = { 409: 'Revision conflict (expectedRevision) or Idempotency-Key reused with another body', 422: 'Not allowed in the current state, or a business rule failed' };

const OPS: Record<string, Op> = {
  'post /api/auth/login': { status: 200, body: 'LoginRequest', response: 'LoginResponse', errors: { 401: 'Wrong username or password, or the account is disabled', 429: 'Too many failed logins (Retry-After)' } },
  'get /api/me': { status: 200, response: 'Me' },
  'post /api/auth/password': { status: 200, body: 'PasswordChangeRequest', response: 'PasswordChanged' },
  'post /api/auth/logout': { status: 204 },
  'post /api/cases': { status: 201, body: 'CaseFiling', response: 'CaseView', description: 'Files a case; honours Idempotency-Key (the same key and body answers the first answer; another body 409)', errors: CASE_WRITE },
  'get /api/cases': { status: 200, response: orXlsx('CaseList'), query: [{ name: 'processKey', schema: { type: 'string' } }, 'state', 'lane', 'countyCode', 'overdue', 'mine', 'format', ...PAGE_OF(200, 50)], description: 'With an ETag (If-None-Match → 304)' },
  'get /api/cases/{id}': { status: 200, response: 'CaseView' },
  'post /api/cases/{id}/events': { status: 200, body: 'CaseEvent', response: 'CaseView', description: 'Applies an event (payload schema per process and type: components Event.<process>.<TYPE>); honours Idempotency-Key', errors: CASE_WRITE },
  'get /api/cases/{id}/history': { status: 200, response: 'History' },
  'get /api/cases/{id}/applicant/id-number': { status: 200, response: 'IdNumber', description: 'The applicant\'s full ID number, for who is tied to acting on the case; the reveal (or its refusal) is audited' },
  'get /api/cases/{id}/notices/{state}': { status: 200, response: 'Notice', description: 'The public notice (公示) of a notice state the case has entered' },
  'get /api/cases/standing-lists/{processKey}/{villageCode}': { status: 200, response: 'StandingList', errors: { 404: 'The process keeps no standing list, or the village is not in the caller\'s subtree' }, description: 'A village\'s standing public list (长期公布) of a process that keeps one: masked names, the process\'s lines' },
  'get /api/processes/{processKey}/settings/{name}': { status: 200, response: 'JurisdictionSettings', errors: { 403: 'Not a role that sets jurisdiction settings', 404: 'The process declares no such setting' }, description: 'A jurisdiction setting (a county\'s 低保 line) at the caller\'s nodes of its level: the value in force, set or default' },
  'get /api/cases/{id}/documents': { status: 200, response: 'DocumentList', description: 'The forms (definition.documents) the caller may print for the case now: [{key, title}]' },
  'get /api/cases/{id}/documents/{key}': {
    status: 200, response: 'Document', description: 'One printed form\'s content: title, issuer, sections of labelled values, signatures, seal; the print is audited',
    errors: { 403: 'Not a role that prints this form', 404: 'The case is not the caller\'s to see, or its process prints no such form', 422: 'The case has not reached the step where the form is printed' },
  },
  'get /api/notice-tables/{processKey}/{state}': {
    status: 200, response: 'NoticeTable', query: [{ name: 'villageCode', required: true }], description: 'A village\'s 公示 table: every household of the village in that notice stage, names and ID numbers masked; audited',
    errors: { 404: 'The process has no such notice stage, or the village is not in the caller\'s subtree' },
  },
  'get /api/cases/{id}/supervision': { status: 200, response: 'SupervisionOverview', description: 'The caller\'s supervision (督办) tasks on the case and the work they supervise, with whom it could be reassigned to' },
  'post /api/cases/{id}/supervision/urges': {
    status: 201, body: 'UrgeRequest', response: 'Urged', description: '催办: marks the supervised task (its holder sees it in the inbox); on the case\'s audit chain; honours Idempotency-Key',
    errors: SUPERVISION_WRITE,
  },
  'post /api/cases/{id}/supervision/reassignments': {
    status: 200, body: 'SupervisionReassignRequest', response: 'SupervisionReassigned', description: '改派 by the supervisor; on the case\'s audit chain; honours Idempotency-Key',
    errors: { ...SUPERVISION_WRITE, 409: 'Already claimed by that colleague, or Idempotency-Key reused with another body', 422: 'A named task (an assigned lawyer\'s), or the colleague declared the applicant a relative' },
  },
  'post /api/cases/{id}/supervision/opinions': { status: 201, body: 'OpinionRequest', response: 'OpinionRecorded', description: '督办意见 on the case\'s audit chain; honours Idempotency-Key', errors: SUPERVISION_WRITE },
  'get /api/cases/{id}/assignable': {
    status: 200, response: 'AssignablePeople', description: 'The people a payload field declared with x-picks may name, with their open caseloads, least loaded first',
    query: [
      { name: 'event', required: true, schema: { type: 'string', description: 'An event type of the case\'s process the caller may send now' } },
      { name: 'field', required: true, schema: { type: 'string', description: 'A payload field of that event declared with x-picks' } },
    ],
    errors: { 403: 'The caller may not send the event now', 404: 'The case is not the caller\'s to see, or its process has no such event' },
  },
  'put /api/processes/{processKey}/settings/{name}/{jurisdictionCode}': {
    status: 200, body: 'SettingChange', response: 'SettingChanged', errors: { 403: 'Not a declared role at the node, nor an admin above it', 404: 'The process declares no such setting' },
    description: 'Changes a jurisdiction setting at one node (its declared roles there, or an admin above); audited; sends the declared event to the node\'s cases in the declared states',
  },
  'post /api/cases/{id}/attachments': {
    status: 201, body: 'AttachmentUpload', bodyType: 'multipart/form-data', response: 'Attachment',
    description: 'Adds a document to the case (who may act on it now, or its filer, while it is open); audited on the case\'s chain with its SHA-256',
    errors: { 413: 'Larger than ATTACHMENT_MAX_BYTES', 415: 'Not a PDF, JPEG, PNG or OFD file', 422: 'The case is closed' },
  },
  'get /api/cases/{id}/attachments': { status: 200, response: 'AttachmentList' },
  'get /api/attachments/{id}': {
    status: 200, response: Object.fromEntries(ATTACHMENT_CONTENT_TYPES.map((t) => [t, 'AttachmentBytes'])),
    description: 'The document\'s bytes with its stored content type (application/pdf, image/jpeg, image/png, application/ofd), Content-Disposition (UTF-8 file name) and ETag "sha256-…"; the read is audited',
  },
  'get /api/tasks': { status: 200, response: orXlsx('TaskList'), query: [{ name: 'processKey', schema: { type: 'string' } }, 'state', 'lane', 'countyCode', 'townshipCode', 'villageCode', 'claimed', 'format', ...PAGE_OF(200, 50)], description: 'With an ETag (If-None-Match → 304)' },
  'post /api/tasks/claim': { status: 200, body: 'BatchClaimRequest', response: 'BatchClaimResult', description: '批量认领: each id claimed as by POST /api/tasks/{id}/claim; a refused id is its own status in the answer, not the request\'s' },
  'post /api/tasks/{id}/claim': { status: 200, response: 'Task', errors: { 409: 'Claimed by someone else meanwhile, or done' } },
  'post /api/tasks/{id}/release': { status: 200, response: 'Task', errors: { 409: 'Not claimed, or changed meanwhile' } },
  'post /api/tasks/{id}/reassign': { status: 200, body: 'ReassignRequest', response: 'Task', errors: { 409: 'Done, or already claimed by the colleague', 422: 'A named task, or the colleague declared the applicant a relative' } },
  'post /api/delegations': { status: 201, body: 'DelegationRequest', response: 'Delegation', errors: { 409: 'Overlaps a delegation of the role already given' } },
  'get /api/delegations': { status: 200, response: 'DelegationList' },
  'post /api/delegations/{id}/end': { status: 200, body: 'DelegationEndRequest', response: 'Delegation', errors: { 409: 'Already ended or past' } },
  'get /api/queues/stats': { status: 200, response: 'QueueStats', query: [{ name: 'processKey', schema: { type: 'string' } }, 'countyCode', 'townshipCode', 'villageCode'] },
  'get /api/reports/dispatch': {
    status: 200, response: { 'application/json': 'DispatchReport', 'text/csv': 'DispatchReportCsv', [XLSX]: 'Xlsx' },
    query: ['month', 'period', 'countyCode', { name: 'format', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' } }],
    description: '月调度 (month=YYYY-MM), 季汇总 (period=YYYY-Qn), 半年通报 (period=YYYY-Hn); format=csv answers text/csv, format=xlsx an Excel file',
  },
  'post /api/reports/dispatch/build': { status: 202, body: 'DispatchBuildRequest', response: 'DispatchBuildQueued', description: 'Queues a build of the month\'s report for the worker (which also builds each month by itself)' },
  'get /api/audit': { status: 200, response: orXlsx('AuditList'), query: [...AUDIT_FILTER, 'applicantName', 'applicantIdNumber', 'format', ...PAGE_OF(500, 50)] },
  'get /api/audit/actions': {
    status: 200,
    response: 'AuditActions', description: 'Every action code with its Chinese title (the search\'s picker)' },
  'get /api/audit/verify': { status: 200, response: 'VerifyResult', query: ['caseId'], description: 'One case\'s chain (whoever sees the case), or without caseId the whole trail (discipline reviewers and admins)' },
  'get /api/audit/export': {
    status: 200, response: { 'application/x-ndjson': 'AuditExport', 'text/csv': 'AuditExport', [XLSX]: 'Xlsx' },
    query: [{ name: 'format', schema: { type: 'string', enum: ['jsonl', 'csv', 'xlsx'], default: 'jsonl' } }, ...AUDIT_FILTER, 'applicantName', 'applicantIdNumber'], description: 'Streamed; format=csv answers text/csv, format=xlsx an Excel file',
  },
  'get /api/audit/public-key': { status: 200, response: 'AuditPublicKey' },
  'get /api/audit/checkpoints/latest': { status: 200, response: 'AuditCheckpoint', errors: { 404: 'No checkpoint written yet' } },
  'get /api/flags': { status: 200, response: orXlsx('FlagList'), query: ['code', 'countyCode', 'from', 'to', 'format', ...PAGE_OF(500, 100)] },
  'post /api/registry/import': { status: 200, body: 'CsvUpload', bodyType: 'text/csv', response: 'RegistryImportResult', errors: { 413: 'Larger than REGISTRY_IMPORT_LIMIT' } },
  'post /api/staff/relatives': { status: 201, body: 'RelativeDeclarationRequest', response: 'Relative', errors: { 409: 'Already declared' } },
  'get /api/staff/relatives': { status: 200, response: 'RelativeList' },
  'post /api/staff/relatives/{id}/withdraw': { status: 200, body: 'ReasonRequest', response: 'Relative', errors: { 409: 'Already withdrawn' } },
  'get /api/admin/roles': { status: 200, response: 'RoleList' },
  'get /api/admin/users': { status: 200, response: 'UserList', query: ['q', 'role', 'jurisdictionCode', 'disabled', ...PAGE_OF(200, 50)] },
  'post /api/admin/users': { status: 201, body: 'UserCreateRequest', response: 'UserCreated', errors: { 409: 'The username exists' } },
  'patch /api/admin/users/{username}': { status: 200, body: 'UserPatchRequest', response: 'User' },
  'post /api/admin/users/{username}/reset-password': { status: 200, response: 'PasswordReset' },
  'post /api/admin/jurisdictions/import': { status: 200, body: 'CsvUpload', bodyType: 'text/csv', response: 'JurisdictionImportResult', description: 'CSV code,name,parentCode,level', errors: { 413: 'Larger than 32 MB' } },
  'get /api/jurisdictions': { status: 200, response: 'Jurisdictions', query: ['parent'] },
  'get /api/processes': { status: 200, response: 'ProcessList' },
  'get /api/health': { status: 200, response: 'Health', description: '503 with the same body when PostgreSQL, the queue backend or the object store (ATTACHMENT_STORAGE=s3) is down' },
  'get /api/metrics': {
    status: 200, response: { 'text/plain': 'Metrics' }, description: 'Prometheus metrics: METRICS_TOKEN bearer token, or a loopback peer when it is unset',
    errors: { 401: 'METRICS_TOKEN set and no or another token', 403: 'METRICS_TOKEN unset and not a loopback peer' },
  },
};

/** The operations this table documents (the OpenAPI test fails on a route of the app missing here). */
export const DOCUMENTED_OPERATIONS: readonly string[] = Object.keys(OPS);

const ERRORS: Record<number, string> = {
  400: 'Invalid input: `errors` names each field', 401: 'No or invalid token', 403: 'Role, jurisdiction, a password change due, or a conflict of interest (with the reason)',
  404: 'Not found or outside the caller\'s subtree',
};

const PUBLIC = new Set(['post /api/auth/login', 'get /api/health', 'get /api/metrics', 'get /api/audit/public-key']);

/** Fills in `doc` (as SwaggerModule.createDocument made it) in place and returns it. */
export function completeDocument(doc: OpenAPIObject, processes: ProcessDefinition[]): OpenAPIObject {
  (doc as any).openapi = '3.1.0';
  const { schemas: perProcess, filings, events } = processSchemas(processes);
  const processKey = { type: 'string', enum: [...new Set(processes.map((d) => d.key))] };
  const schemas: Record<string, Schema> = {
    ...sharedSchemas(),
    CaseFiling: { description: 'A filing: the engine\'s envelope (processKey, villageCode, applicant, data) with data per process', oneOf: filings.map(ref) },
    CaseEvent: { description: 'An event: {type, payload, expectedRevision?}, payload per process and type', anyOf: events.map(ref) },
    CsvUpload: { type: 'string', description: 'UTF-8 CSV with a header line' },
    ...perProcess,
  };
  doc.components = { ...(doc.components ?? {}), schemas: { ...((doc.components?.schemas as any) ?? {}), ...clone(schemas) } as any };
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
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
      const pathNames = [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
      const headers = (op.parameters ?? []).filter((p: any) => p.in === 'header');
      op.parameters = [
        ...pathNames.map((name) => ({ name, in: 'path', required: true, schema: PATH[name] ?? { type: 'string' } })),
        ...(spec.query ?? []).map((q) => {
          const { name, schema, description, required } = typeof q === 'string' ? { name: q, schema: QUERY[q], description: undefined, required: false } : q;
          const s = name === 'processKey' ? processKey : schema ?? QUERY[name] ?? { type: 'string' };
          return { name, in: 'query', required: !!required, schema: s, ...(description ? { description } : {}) };
        }),
        ...headers,
      ];
      const media = spec.response === undefined ? {} : typeof spec.response === 'string' ? { 'application/json': spec.response } : spec.response;
      const success = spec.status === 204
        ? { description: 'No content' }
        : { description: 'Success', content: Object.fromEntries(Object.entries(media).map(([m, name]) => [m, { schema: ref(name) }])) };
      const codes: Record<number, string> = {};
      // Every route: the input guard refuses a query string with unsafe characters before routing.
      codes[400] = spec.body || spec.query?.length ? ERRORS[400] : 'A query string holding unsafe characters (`errors` names the parameter)';
      if (!PUBLIC.has(key)) Object.assign(codes, { 401: ERRORS[401], 403: ERRORS[403] });
      if (pathNames.length) codes[404] = ERRORS[404];
      Object.assign(codes, spec.errors ?? {});
      op.responses = { [String(spec.status)]: success };
      for (const c of Object.keys(codes).map(Number).sort()) op.responses[String(c)] = problem(codes[c]);
      // The problem filter answers 503 on any route while PostgreSQL is unreachable; health says so in its own body.
      op.responses['503'] = key === 'get /api/health'
        ? { description: 'PostgreSQL or the queue backend down', content: { 'application/json': { schema: ref('Health') } } }
        : problem('PostgreSQL unreachable: try again');
      op.security = PUBLIC.has(key) ? [] : [{ bearer: [] }];
    }
  }
  return doc;
}

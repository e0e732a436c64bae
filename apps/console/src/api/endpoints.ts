/** One function per API endpoint the console uses (contract: ARCHITECTURE.md §4). */
import { download, request, requestIfChanged, type Query } from './client';
import type {
  AttachmentList, AdminRole, AdminUser, AuditSearchPage, CaseSummary, CaseView, DispatchReport, FlagsResult, HistoryEntry, ImportCounts, AssignablePerson, DocumentSheet, LoginResult, NewUser, Notice, NoticeTable, Page, ProcessInfo, StandingList, SupervisionOverview, Task, TaskPage, Text, User, UserPatch, VerifyResult, AuditActionChoice, BatchClaimResult,
} from './types';

export interface FilingBody {
  processKey: string;
  /** Absent for a process about another case (ProcessInfo.subject). */
  villageCode?: string;
  applicant?: { name: string; idNumber: string; phone?: string; householdSize?: number };
  data: Record<string, unknown>;
}

export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('POST', '/auth/login', { body: { username, password } }),
  me: () => request<User>('GET', '/me'),
  /** Ends the session on the api; sent with the token being signed out. */
  logout: (token: string) => request<void>('POST', '/auth/logout', { token }),
  /** Every session of the user ends, this one too: the answer's token replaces the stored one. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ accessToken: string }>('POST', '/auth/password', { body: { currentPassword, newPassword } }),
  processes: () => request<ProcessInfo[]>('GET', '/processes'),
  /** `{items}` (children of `parent`, or the caller's own node); older apis answer the whole subtree as an array. */
  jurisdictions: (parent?: string) => request<unknown>('GET', '/jurisdictions', { query: { parent } }),

  adminRoles: () => request<{ items: AdminRole[] }>('GET', '/admin/roles'),
  importJurisdictions: (csv: string) =>
    request<ImportCounts>('POST', '/admin/jurisdictions/import', { text: { body: csv, contentType: 'text/csv' } }),
  users: (query: Query) => request<Page<AdminUser>>('GET', '/admin/users', { query }),
  createUser: (body: NewUser) => request<{ username: string; initialPassword: string }>('POST', '/admin/users', { body }),
  updateUser: (username: string, patch: UserPatch) =>
    request<AdminUser>('PATCH', `/admin/users/${encodeURIComponent(username)}`, { body: patch }),
  resetPassword: (username: string) =>
    request<{ initialPassword: string }>('POST', `/admin/users/${encodeURIComponent(username)}/reset-password`),

  fileCase: (body: FilingBody, idempotencyKey: string) =>
    request<CaseView>('POST', '/cases', { body, idempotencyKey }),
  cases: (query: Query) => request<Page<CaseSummary>>('GET', '/cases', { query }),
  case: (id: string) => request<CaseView>('GET', `/cases/${encodeURIComponent(id)}`),
  revealIdNumber: (id: string) =>
    request<{ idNumber: string }>('GET', `/cases/${encodeURIComponent(id)}/applicant/id-number`),
  sendEvent: (id: string, body: { type: string; payload: unknown; expectedRevision: number }, idempotencyKey: string) =>
    request<CaseView>('POST', `/cases/${encodeURIComponent(id)}/events`, { body, idempotencyKey }),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/cases/${encodeURIComponent(id)}/history`),
  attachments: (id: string) => request<AttachmentList>('GET', `/cases/${encodeURIComponent(id)}/attachments`),
  uploadAttachment: (id: string, file: File, kind: string) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file, file.name);
    return request<{ id: string; name: string }>('POST', `/cases/${encodeURIComponent(id)}/attachments`, { form });
  },
  downloadAttachment: (attachmentId: string, name: string) => download(`/attachments/${encodeURIComponent(attachmentId)}`, {}, name),
  standingList: (processKey: string, villageCode: string) =>
    request<StandingList>('GET', `/cases/standing-lists/${encodeURIComponent(processKey)}/${encodeURIComponent(villageCode)}`),
  notice: (id: string, state: string) =>
    request<Notice>('GET', `/cases/${encodeURIComponent(id)}/notices/${encodeURIComponent(state)}`),
  /** The forms the caller may print for the case now. */
  documents: (id: string) => request<{ items: Array<{ key: string; title: Text }> }>('GET', `/cases/${encodeURIComponent(id)}/documents`),
  /** One form's content; the api audits the print. */
  document: (id: string, key: string) =>
    request<DocumentSheet>('GET', `/cases/${encodeURIComponent(id)}/documents/${encodeURIComponent(key)}`),
  supervision: (id: string) => request<SupervisionOverview>('GET', `/cases/${encodeURIComponent(id)}/supervision`),
  urge: (id: string, body: { taskId: string; message: string }, idempotencyKey: string) =>
    request<unknown>('POST', `/cases/${encodeURIComponent(id)}/supervision/urges`, { body, idempotencyKey }),
  supervisorReassign: (id: string, body: { taskId: string; toUsername: string; reason: string }, idempotencyKey: string) =>
    request<unknown>('POST', `/cases/${encodeURIComponent(id)}/supervision/reassignments`, { body, idempotencyKey }),
  supervisionOpinion: (id: string, body: { opinion: string }, idempotencyKey: string) =>
    request<unknown>('POST', `/cases/${encodeURIComponent(id)}/supervision/opinions`, { body, idempotencyKey }),
  /** The people a payload field picks (its schema's x-picks), with their open caseloads. */
  assignable: (id: string, event: string, field: string) =>
    request<{ role: string; items: AssignablePerson[] }>('GET', `/cases/${encodeURIComponent(id)}/assignable`, { query: { event, field } }),
  noticeTable: (processKey: string, state: string, villageCode: string) =>
    request<NoticeTable>('GET', `/notice-tables/${encodeURIComponent(processKey)}/${encodeURIComponent(state)}`, { query: { villageCode } }),

  tasks: (query: Query) => request<TaskPage>('GET', '/tasks', { query }),
  /** The inbox's first page again, or null when unchanged (the live inbox polls with its ETag). */
  tasksIfChanged: (query: Query, etag: string | null) => requestIfChanged<TaskPage>('/tasks', query, etag),
  casesIfChanged: (query: Query, etag: string | null) => requestIfChanged<Page<CaseSummary>>('/cases', query, etag),
  /** 批量认领: per id 200 with the task, or the refusal. */
  claimMany: (ids: string[]) => request<BatchClaimResult>('POST', '/tasks/claim', { body: { ids } }),
  /** A list under its current filter as an Excel file (`format=xlsx` on the list's own route). */
  exportXlsx: (list: 'tasks' | 'cases' | 'flags' | 'audit', query: Query) => download(`/${list}`, { ...query, cursor: undefined, limit: undefined, format: 'xlsx' }, `${list}.xlsx`),
  auditActions: () => request<{ items: AuditActionChoice[] }>('GET', '/audit/actions'),
  claim: (taskId: string) => request<Task>('POST', `/tasks/${encodeURIComponent(taskId)}/claim`),
  release: (taskId: string) => request<Task>('POST', `/tasks/${encodeURIComponent(taskId)}/release`),

  audit: (query: Query) => request<AuditSearchPage>('GET', '/audit', { query }),
  verify: (caseId?: string) => request<VerifyResult>('GET', '/audit/verify', { query: { caseId } }),
  /** The export under the search's current filter. */
  exportAudit: (format: 'jsonl' | 'csv', query: Query = {}) => download('/audit/export', { ...query, format }, `audit.${format}`),
  flags: (query: Query) => request<FlagsResult>('GET', '/flags', { query }),
  /** `period`: a month, quarter or half-year ("2026-05", "2026-Q3", "2026-H1"). */
  dispatch: (period: string, countyCode?: string) =>
    request<DispatchReport>('GET', '/reports/dispatch', { query: { period, countyCode } }),
  exportDispatch: (period: string, countyCode?: string) =>
    download('/reports/dispatch', { period, countyCode, format: 'csv' }, `dispatch-${period}.csv`),
  exportDispatchXlsx: (period: string, countyCode?: string) =>
    download('/reports/dispatch', { period, countyCode, format: 'xlsx' }, `dispatch-${period}.xlsx`),
};

/** One function per API endpoint the console uses (contract: ARCHITECTURE.md §4). */
import { download, request, type Query } from './client';
import type {
  AuditEntry, CaseSummary, CaseView, DispatchReport, FlagsResult, HistoryEntry, Jurisdiction,
  LoginResult, Notice, Page, ProcessInfo, Task, TaskPage, User, VerifyResult,
} from './types';

export interface FilingBody {
  processKey: string;
  villageCode: string;
  applicant: { name: string; idNumber: string; phone?: string; householdSize?: number };
  data: Record<string, unknown>;
}

export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('POST', '/auth/login', { body: { username, password } }),
  me: () => request<User>('GET', '/me'),
  processes: () => request<ProcessInfo[]>('GET', '/processes'),
  jurisdictions: () => request<Jurisdiction[]>('GET', '/jurisdictions'),

  fileCase: (body: FilingBody, idempotencyKey: string) =>
    request<CaseView>('POST', '/cases', { body, idempotencyKey }),
  cases: (query: Query) => request<Page<CaseSummary>>('GET', '/cases', { query }),
  case: (id: string) => request<CaseView>('GET', `/cases/${encodeURIComponent(id)}`),
  revealIdNumber: (id: string) =>
    request<{ idNumber: string }>('GET', `/cases/${encodeURIComponent(id)}/applicant/id-number`),
  sendEvent: (id: string, body: { type: string; payload: unknown; expectedRevision: number }, idempotencyKey: string) =>
    request<CaseView>('POST', `/cases/${encodeURIComponent(id)}/events`, { body, idempotencyKey }),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `/cases/${encodeURIComponent(id)}/history`),
  notice: (id: string, state: string) =>
    request<Notice>('GET', `/cases/${encodeURIComponent(id)}/notices/${encodeURIComponent(state)}`),

  tasks: (query: Query) => request<TaskPage>('GET', '/tasks', { query }),
  claim: (taskId: string) => request<Task>('POST', `/tasks/${encodeURIComponent(taskId)}/claim`),
  release: (taskId: string) => request<Task>('POST', `/tasks/${encodeURIComponent(taskId)}/release`),

  audit: (query: Query) => request<Page<AuditEntry>>('GET', '/audit', { query }),
  verify: (caseId?: string) => request<VerifyResult>('GET', '/audit/verify', { query: { caseId } }),
  exportAudit: (format: 'jsonl' | 'csv') => download('/audit/export', { format }, `audit.${format}`),
  flags: (query: Query) => request<FlagsResult>('GET', '/flags', { query }),
  dispatch: (month: string, countyCode?: string) =>
    request<DispatchReport>('GET', '/reports/dispatch', { query: { month, countyCode } }),
};

/**
 * 督办 on a case: what the holder of a supervision task may do about the work it supervises —
 * urge it (催办: the mark stays on the supervised task, its holder sees it in the inbox), reassign
 * it (改派: to a colleague of the task's role at the task's node) and write a supervision opinion
 * (督办意见). A supervision task is an escalation a clock opened, or a kind the process declares
 * (ProcessDeclarations.supervisionTasks). Each action locks the case, is one entry on the case's
 * audit chain, honours an Idempotency-Key, and is refused to anyone who holds no such task.
 */
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { findUserByUsername } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { Sql, inTransaction } from '@app/db';
import type { ProcessRegistry, Role } from '@app/processes';
import { MIN_REASON_LENGTH, nonBlank } from '@app/processes/schema-blocks';
import { relativeConflict } from './authorization';
import type { CaseView } from './queries/case-queries';
import { DomainError, conflict, forbidden, invalid, notFound, unprocessable } from './errors';
import { withIdempotency } from './idempotency';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { ROLE_TITLES, ROLE_TITLES_EN } from './role-titles';
import { validateAgainst } from './schema-validator';
import { isUuid } from './uuid';
import { lockCaseForTask } from './repositories/cases';
import { TaskRow, reassignTask, urgeTask } from './repositories/tasks';
import { peopleWithCaseloads } from './assignable-people';
import { WorkflowClock } from './workflow-clock';

export const URGE_SCHEMA = {
  type: 'object', required: ['taskId', 'message'], additionalProperties: false,
  properties: { taskId: { type: 'string', format: 'uuid' }, message: nonBlank(MIN_REASON_LENGTH, 500) },
};
export const SUPERVISION_REASSIGN_SCHEMA = {
  type: 'object', required: ['taskId', 'toUsername', 'reason'], additionalProperties: false,
  properties: { taskId: { type: 'string', format: 'uuid' }, toUsername: { type: 'string', minLength: 1, maxLength: 64 }, reason: nonBlank(MIN_REASON_LENGTH, 500) },
};
export const OPINION_SCHEMA = {
  type: 'object', required: ['opinion'], additionalProperties: false,
  properties: { opinion: nonBlank(MIN_REASON_LENGTH, 2000) },
};

type OpenTask = TaskRow & { claimed_by_username: string | null; claimed_by_name: string | null; urge_count: number; last_urge: unknown };

const isEscalation = (t: Pick<TaskRow, 'kind' | 'escalation_of'>) => !!t.escalation_of || t.kind.startsWith('escalation:');

export class SupervisionActions {
  constructor(
    private readonly ds: DataSource,
    private readonly processes: ProcessRegistry,
    /** The case as the caller may see it (404 otherwise): CaseEngine.view. */
    private readonly queries: { view(p: Principal, caseId: string): Promise<CaseView> },
    private readonly dir: JurisdictionDirectory,
    private readonly clock: WorkflowClock,
  ) {}

  /** GET /api/cases/:id/supervision: the caller's supervision tasks on the case and the work they supervise. */
  async overview(p: Principal, caseId: string) {
    const view = await this.queries.view(p, caseId);
    const tasks = await this.openTasks(this.ds, caseId);
    const def = this.processes.get(view.processKey, view.processVersion);
    const mine = tasks.filter((t) => this.isSupervision(t) && holds(p, t));
    const supervised = mine.length ? this.supervisedBy(mine, tasks) : [];
    // Whom each supervised task could go to (改派): its role at its node, least loaded first.
    const candidates = await Promise.all(
      supervised.map(async (t) => (await peopleWithCaseloads(this.ds, t.role, t.jurisdiction_code)).filter((u) => u.username !== t.claimed_by_username)),
    );
    return {
      caseId,
      supervisor: mine.length > 0,
      supervisionTasks: mine.map((t) => ({ id: t.id, kind: t.kind, role: t.role, dueAt: t.due_at ? new Date(t.due_at).toISOString() : null })),
      supervised: supervised.map((t, i) => ({
        id: t.id,
        kind: t.kind,
        title: def.states[t.state]?.title ?? { zh: t.state, en: t.state },
        role: t.role,
        roleTitle: ROLE_TITLES[t.role],
        place: this.dir.name(t.jurisdiction_code),
        status: t.status,
        dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
        claimedBy: t.claimed_by_username ? { username: t.claimed_by_username, displayName: t.claimed_by_name } : null,
        assignee: t.assignee_username,
        urges: Number(t.urge_count ?? 0),
        lastUrge: t.last_urge ?? null,
        candidates: candidates[i],
      })),
    };
  }

  /** POST /api/cases/:id/supervision/urges {taskId, message} → 201 */
  urge(p: Principal, caseId: string, body: unknown, key?: string) {
    return this.act(p, caseId, URGE_SCHEMA, body, key, 'urge', async (tx, c, input: { taskId: string; message: string }, mine, supervised) => {
      const t = pickSupervised(supervised, input.taskId);
      const now = this.clock.now();
      const message = input.message.trim();
      const urge = { at: now.toISOString(), by: p.displayName ?? p.username, message };
      await urgeTask(tx, t.id, urge);
      await this.audit(tx, p, c, mine[0], 'SUPERVISION_URGED', { taskId: t.id, taskKind: t.kind, holder: t.claimed_by_username ?? t.assignee_username ?? null, message });
      return { status: 201, body: { taskId: t.id, urges: Number(t.urge_count ?? 0) + 1, lastUrge: urge } };
    });
  }

  /** POST /api/cases/:id/supervision/reassignments {taskId, toUsername, reason} → 200 */
  reassign(p: Principal, caseId: string, body: unknown, key?: string) {
    return this.act(p, caseId, SUPERVISION_REASSIGN_SCHEMA, body, key, 'reassign', async (tx, c, input: { taskId: string; toUsername: string; reason: string }, mine, supervised) => {
      const t = pickSupervised(supervised, input.taskId);
      if (t.assignee_username) throw unprocessable({ zh: '该任务指定由承办人办理（如指派的律师），不能改派', en: 'This task belongs to its assignee (such as the appointed lawyer) and cannot be reassigned' });
      const target = await findUserByUsername(tx, input.toUsername.trim());
      if (!target || !target.active) throw invalid([{ field: 'toUsername', message: '用户不存在或已停用', en: 'no such active user' }]);
      if (!target.roles.includes(t.role) || target.jurisdiction.code !== t.jurisdiction_code) {
        throw invalid([{ field: 'toUsername', message: `应为「${this.dir.name(t.jurisdiction_code)}」的${ROLE_TITLES[t.role]}`, en: `must be a ${ROLE_TITLES_EN[t.role]} of ${this.dir.name(t.jurisdiction_code)}` }]);
      }
      if (relativeConflict(target, c)) throw unprocessable({ zh: `申请人是 ${target.username} 备案的近亲属，按回避规定不能将任务交其办理`, en: `The applicant is a close relative declared by ${target.username}; the recusal rule bars giving them the task` });
      if (t.claimed_by === target.id) throw conflict({ zh: `该任务已由 ${target.displayName ?? target.username} 认领`, en: `The task is already claimed by ${target.displayName ?? target.username}` });
      const now = this.clock.now();
      await reassignTask(tx, t.id, target.id, now);
      await this.audit(tx, p, c, mine[0], 'SUPERVISION_REASSIGNED', {
        taskId: t.id, taskKind: t.kind, fromUsername: t.claimed_by_username ?? null, toUsername: target.username, reason: input.reason.trim(),
      });
      return { status: 200, body: { taskId: t.id, status: 'claimed', claimedBy: { username: target.username, displayName: target.displayName ?? target.username } } };
    });
  }

  /** POST /api/cases/:id/supervision/opinions {opinion} → 201 */
  opinion(p: Principal, caseId: string, body: unknown, key?: string) {
    return this.act(p, caseId, OPINION_SCHEMA, body, key, 'opinion', async (tx, c, input: { opinion: string }, mine) => {
      const opinion = input.opinion.trim();
      const entry = await this.audit(tx, p, c, mine[0], 'SUPERVISION_OPINION', { supervisionTaskId: mine[0].id, opinion });
      return { status: 201, body: { seq: entry.seq, at: entry.at, by: p.displayName ?? p.username, opinion } };
    });
  }

  /** Validation, the case lock, the supervisor check and the idempotency key, around one action. */
  private async act<I, B>(
    p: Principal, caseId: string, schema: object, body: unknown, key: string | undefined, op: string,
    work: (tx: Sql, c: { id: string; state: string; flags: any[] }, input: I, mine: OpenTask[], supervised: OpenTask[]) => Promise<{ status: number; body: B }>,
  ): Promise<{ status: number; body: B }> {
    const errors = validateAgainst(schema as Record<string, unknown>, body, '');
    if (errors.length) throw invalid(errors);
    if (!isUuid(caseId)) throw notFound();
    // Seen like the case (404 otherwise) before anything is locked.
    await this.queries.view(p, caseId);
    try {
      return await inTransaction(this.ds, (tx) => withIdempotency(tx, p, key, { op: `supervision:${op}`, caseId, body }, async () => {
        const c = await lockCaseForTask(tx, caseId);
        if (!c) throw notFound();
        const tasks = await this.openTasks(tx, caseId);
        const mine = tasks.filter((t) => this.isSupervision(t) && holds(p, t));
        if (!mine.length) throw forbidden({ zh: '只有持有本案督办任务的督办人可以催办、改派或提出督办意见', en: 'Only the holder of a supervision task on this case may urge, reassign or write a supervision opinion' });
        return work(tx, c, body as I, mine, this.supervisedBy(mine, tasks));
      }));
    } catch (err) {
      // A refused supervision act is evidence too (PROCESSES.md §5): on the caller's chain, after the rollback.
      if (err instanceof DomainError && (err.status === 403 || err.status === 422)) {
        await inTransaction(this.ds, (tx) => appendAudit(tx, {
          chainId: actorChain(p.id), caseId, at: this.clock.now(), actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
          jurisdictionCode: p.jurisdiction.code, action: `SUPERVISION_${op.toUpperCase()}`, outcome: 'refused', fromState: null, toState: null,
          payload: { status: err.status, reason: err.message, request: body as Record<string, unknown> },
        })).catch(() => undefined);
      }
      throw err;
    }
  }

  private audit(tx: Sql, p: Principal, c: { id: string; state: string }, by: OpenTask, action: string, payload: Record<string, unknown>) {
    return appendAudit(tx, {
      chainId: caseChain(c.id), caseId: c.id, at: this.clock.now(), actorId: p.id, actorUsername: p.username, actorRole: by.role,
      jurisdictionCode: p.jurisdiction.code, action, outcome: 'ok', fromState: c.state, toState: c.state, payload,
    });
  }

  private isSupervision(t: OpenTask): boolean {
    if (isEscalation(t)) return true;
    return (this.processes.latest(t.process_key)?.supervisionTasks ?? []).includes(t.kind);
  }

  /** The work a supervisor's tasks watch: an escalation's overdue task, else the case's open work that supervises nothing. */
  private supervisedBy(mine: OpenTask[], tasks: OpenTask[]): OpenTask[] {
    const named = new Set(mine.map((t) => t.escalation_of).filter((id): id is string => !!id));
    const direct = tasks.filter((t) => named.has(t.id));
    return direct.length ? direct : tasks.filter((t) => !this.isSupervision(t));
  }

  private openTasks(sql: Sql, caseId: string): Promise<OpenTask[]> {
    return sql.query(
      `SELECT t.*, u.username AS claimed_by_username, u.display_name AS claimed_by_name
       FROM tasks t LEFT JOIN users u ON u.id = t.claimed_by
       WHERE t.case_id = $1 AND t.status IN ('open','claimed') ORDER BY t.created_at, t.id`,
      [caseId],
    );
  }
}

/** The holder of a task: its role at its node (the queue it sits in). */
const holds = (p: Principal, t: Pick<TaskRow, 'role' | 'jurisdiction_code'>) => p.roles.includes(t.role as Role) && p.jurisdiction.code === t.jurisdiction_code;

function pickSupervised(supervised: OpenTask[], taskId: string): OpenTask {
  const t = supervised.find((x) => x.id === taskId);
  if (!t) throw invalid([{ field: 'taskId', message: '不是本案受督办的未办结任务', en: 'not an open task of this case under supervision' }]);
  return t;
}

import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { JurisdictionLevel, LEVEL_COLUMN, findUserByUsername, isInSubtree } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { inTransaction } from '@app/db';
import { LEVELS, Level, Role } from '@app/processes';
import { MIN_REASON_LENGTH, nonBlank } from '@app/processes/schema-blocks';
import { relativeConflict } from './authorization';
import { isUuid } from './case-engine';
import { DomainError, Localized, conflict, forbidden, invalid, notFound, unprocessable } from './errors';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { ROLE_TITLES, ROLE_TITLES_EN } from './role-titles';
import { validateAgainst } from './schema-validator';
import { TaskQueue } from './task-queue';
import { lockCaseForTask } from './repositories/cases';
import { idleClaims, lockTask, reassignTask, releaseIdleClaim, taskCaseId, taskWithCaseState } from './repositories/tasks';
import { WorkflowClock } from './workflow-clock';
import { SupervisorRule, WorkQueueSettings } from './work-queue-settings';

export const REASSIGN_SCHEMA = {
  type: 'object',
  required: ['toUsername', 'reason'],
  additionalProperties: false,
  properties: {
    toUsername: { type: 'string', minLength: 1, maxLength: 64 },
    // At least 5 characters once trimmed (stored trimmed): five spaces are no reason.
    reason: nonBlank(MIN_REASON_LENGTH, 500),
  },
};

/** Depth in the tree: province -1, city 0 … village 3. */
const depth = (level: JurisdictionLevel) => (level === 'province' ? -1 : LEVELS.indexOf(level));

/** The level of the node a task is placed at (its jurisdiction_code is one of its own level columns). */
function taskLevel(t: any): Level {
  return ([...LEVELS].reverse() as Level[]).find((l) => t[LEVEL_COLUMN[l]] === t.jurisdiction_code) ?? 'city';
}

export type SupervisorVerdict = { ok: true; role: Role } | { ok: false; reason: Localized };

/**
 * Who supervises a task (ARCHITECTURE.md §3 "reassigned by a supervisor"): the task lies inside the
 * caller's subtree and the caller holds either
 * - the task's own role one level up or higher (a county-level township_officer over the
 *   township tasks of the county; never a peer at the same node), or
 * - a supervising role configured for the process (TASK_SUPERVISORS; by default the county bureau
 *   that approves the process over the township officers who prepare it), at the task's level or above.
 */
export function supervises(p: Principal, t: any, rules: SupervisorRule[]): SupervisorVerdict {
  const level = taskLevel(t);
  const above = depth(p.jurisdiction.level) < depth(level);
  if (above && p.roles.includes(t.role)) return { ok: true, role: t.role };
  const mapped = rules.filter((r) => (r.processKey === '*' || r.processKey === t.process_key) && r.taskRole === t.role);
  const held = mapped.find((r) => p.roles.includes(r.supervisorRole));
  if (held && depth(p.jurisdiction.level) <= depth(level)) return { ok: true, role: held.supervisorRole };
  const who = [`上一级的${ROLE_TITLES[t.role as Role]}`, ...mapped.map((r) => ROLE_TITLES[r.supervisorRole])].join('或');
  const whoEn = [`a ${ROLE_TITLES_EN[t.role as Role]} one level up`, ...mapped.map((r) => ROLE_TITLES_EN[r.supervisorRole])].join(' or ');
  return {
    ok: false,
    reason: { zh: `只有${who}可以改派此任务；同级同事请通过认领/释放交接`, en: `Only ${whoEn} may reassign this task; colleagues at the same level hand over by claiming and releasing` },
  };
}

/**
 * What supervisors and the system do to claims: reassignment with a reason, and the release of
 * claims left idle. Both lock the case first (as events do), then the task, then append to the
 * case's audit chain, so they serialize with events on that case instead of deadlocking with them.
 */
export class TaskSupervision {
  constructor(
    private readonly ds: DataSource,
    private readonly queue: TaskQueue,
    private readonly dir: JurisdictionDirectory,
    private readonly clock: WorkflowClock,
    private readonly settings: WorkQueueSettings,
  ) {}

  /** POST /api/tasks/:id/reassign {toUsername, reason}: audited on the case chain with the reason. */
  async reassign(p: Principal, taskId: string, body: unknown) {
    const errors = validateAgainst(REASSIGN_SCHEMA, body, '');
    const input = body as { toUsername: string; reason: string };
    if (errors.length) throw invalid(errors);
    if (!isUuid(taskId)) throw notFound({ zh: '任务不存在或不在您的辖区内', en: 'The task does not exist or is outside your jurisdiction' });
    try {
      await this.reassignInTx(p, taskId, input);
    } catch (err) {
      if (err instanceof DomainError && (err.status === 403 || err.status === 422)) await this.auditRefusal(p, taskId, input, err).catch(() => undefined);
      throw err;
    }
    return this.queue.one(p, taskId);
  }

  private async reassignInTx(p: Principal, taskId: string, input: { toUsername: string; reason: string }) {
    await inTransaction(this.ds, async (tx) => {
      const caseId = await taskCaseId(tx, taskId);
      if (!caseId) throw notFound({ zh: '任务不存在或不在您的辖区内', en: 'The task does not exist or is outside your jurisdiction' });
      const c = (await lockCaseForTask(tx, caseId))!;
      const t = await lockTask(tx, taskId);
      if (!isInSubtree(p, t)) throw notFound({ zh: '任务不存在或不在您的辖区内', en: 'The task does not exist or is outside your jurisdiction' });
      if (!['open', 'claimed'].includes(t.status)) throw conflict({ zh: '该任务已办结或已取消，不能改派', en: 'The task is done or cancelled and cannot be reassigned' });
      const verdict = supervises(p, t, this.settings.supervisors);
      if (!verdict.ok) throw forbidden(verdict.reason);
      if (t.assignee_username) throw unprocessable({ zh: '该任务指定由承办人办理（如指派的律师），不能改派', en: 'This task belongs to its assignee (such as the appointed lawyer) and cannot be reassigned' });
      const target = await findUserByUsername(tx, input.toUsername);
      const place = this.dir.name(t.jurisdiction_code);
      if (!target || !target.active) throw invalid([{ field: 'toUsername', message: '用户不存在或已停用', en: 'no such user, or the user is disabled' }]);
      if (!target.roles.includes(t.role) || target.jurisdiction.code !== t.jurisdiction_code) {
        throw invalid([{ field: 'toUsername', message: `应为「${place}」的${ROLE_TITLES[t.role as Role]}`, en: `must be a ${ROLE_TITLES_EN[t.role as Role]} of "${place}"` }]);
      }
      if (relativeConflict(target, c)) throw unprocessable({ zh: `申请人是 ${target.username} 备案的近亲属，按回避规定不能将任务交其办理`, en: `The applicant is a close relative declared by ${target.username}; the recusal rule bars giving them the task` });
      if (t.claimed_by === target.id) throw conflict({ zh: `该任务已由 ${target.username} 认领`, en: `The task is already claimed by ${target.username}` });
      const now = this.clock.now();
      await reassignTask(tx, t.id, target.id, now);
      await appendAudit(tx, {
        chainId: caseChain(c.id), caseId: c.id, at: now, actorId: p.id, actorUsername: p.username, actorRole: verdict.role,
        jurisdictionCode: p.jurisdiction.code, action: 'TASK_REASSIGNED', outcome: 'ok', fromState: c.state, toState: c.state,
        payload: { taskId: t.id, taskKind: t.kind, fromUsername: t.claimed_by_username ?? null, toUsername: target.username, reason: input.reason.trim() },
      });
    });
  }

  /** A refused reassignment is evidence too (PROCESSES.md §5): on the caller's chain, after the rollback. */
  private async auditRefusal(p: Principal, taskId: string, input: { toUsername: string; reason: string }, err: DomainError) {
    await inTransaction(this.ds, async (tx) => {
      const t = await taskWithCaseState(tx, taskId);
      if (!t || !isInSubtree(p, t)) return;
      await appendAudit(tx, {
        chainId: actorChain(p.id), caseId: t.case_id, at: this.clock.now(), actorId: p.id, actorUsername: p.username,
        actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action: 'TASK_REASSIGNED', outcome: 'refused',
        fromState: t.case_state, toState: t.case_state,
        payload: { status: err.status, reason: err.message, taskId, toUsername: input.toUsername, reassignReason: input.reason },
      });
    });
  }

  /**
   * Claims idle longer than CLAIM_IDLE_MINUTES (business time, scaled like every system duration)
   * go back to the queue. Idle means neither the claim nor any action of the claimer on the case is
   * that recent. Each release is a system entry on the case's chain naming the former claimer: the
   * system did it, so it is not written as the claimer's act, and the case history shows why the
   * task is open again. Cases busy with an event right now are skipped until the next sweep.
   */
  async releaseIdleClaims(batch = 200): Promise<number> {
    const idleMs = Math.max(1, Math.round((this.settings.claimIdleMinutes * 60000) / this.clock.scale));
    const candidates = await idleClaims(this.ds, idleMs, batch);
    let released = 0;
    for (const cand of candidates) {
      const done = await inTransaction(this.ds, async (tx) => {
        const c = await lockCaseForTask(tx, cand.case_id, { skipLocked: true });
        if (!c) return false;
        const t = await releaseIdleClaim(tx, cand.id, idleMs);
        if (!t) return false;
        await appendAudit(tx, {
          chainId: caseChain(c.id), caseId: c.id, at: this.clock.now(), actorId: null, actorUsername: 'system', actorRole: null,
          jurisdictionCode: null, action: 'TASK_CLAIM_EXPIRED', outcome: 'ok', fromState: c.state, toState: c.state,
          payload: {
            taskId: t.id, taskKind: t.kind, claimedBy: t.claimed_by_username, claimedAt: new Date(t.claimed_at).toISOString(),
            idleLimitMinutes: this.settings.claimIdleMinutes,
          },
        });
        return true;
      });
      if (done) released++;
    }
    return released;
  }
}

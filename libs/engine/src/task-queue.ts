import { DataSource } from 'typeorm';
import { inTransaction } from '@app/db';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import type { ProcessRegistry, Role } from '@app/processes';
import { ROLE_TITLES_EN } from './role-titles';
import { scrubPii } from '@app/registry';
import { DomainError, conflict, forbidden, invalid, notFound } from './errors';
import { validateAgainst } from './schema-validator';
import { taskView } from './case-view';
import { decodeOffsetCursor, encodeOffsetCursor } from './offset-cursor';
import { JurisdictionDirectory } from './jurisdiction-directory';
import { isUuid } from './case-engine';
import { activeDelegationsFor, OnBehalfOf } from './delegations';
import { TASK_ROW_SELECT, caseAmount, daysSince, delegatedFrom, escalatedTaskView, jurisdictionFilters } from './inbox-parts';
import { lockCaseForTask } from './repositories/cases';
import { claimTask, readTask, releaseTask, taskHolder, taskWithCaseState } from './repositories/tasks';

/** Most tasks one batch claim takes (a page of the inbox). */
export const MAX_BATCH_CLAIM = 50;

/**
 * 批量认领's body. Ids are any strings: one that names no task the caller sees is its own 404 in
 * the answer, as POST /api/tasks/:id/claim would answer it.
 */
export const BATCH_CLAIM_SCHEMA = {
  type: 'object', required: ['ids'], additionalProperties: false, description: '批量认领: the tasks to claim, each on its own',
  properties: { ids: { type: 'array', minItems: 1, maxItems: MAX_BATCH_CLAIM, items: { type: 'string' } } },
};

export interface InboxQuery {
  processKey?: string;
  state?: string;
  lane?: string;
  countyCode?: string;
  townshipCode?: string;
  villageCode?: string;
  claimed?: string;
  cursor?: string;
  limit?: string;
}

/**
 * Human work queues read straight from the transactional tables (no search index to lag behind):
 * open tasks of roles the caller holds inside their subtree, emergency lane first, then fast,
 * overdue first within a lane, then by due time.
 */
export class TaskQueue {
  constructor(private readonly ds: DataSource, private readonly processes: ProcessRegistry, private readonly dir: JurisdictionDirectory) {}

  async inbox(p: Principal, q: InboxQuery) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid([{ field: 'limit', message: '应为 1–200 的整数', en: 'must be an integer from 1 to 200' }]);
    const offset = q.cursor ? decodeOffsetCursor(q.cursor) : 0;
    // A delegate also sees the named tasks (assignee) of the colleagues they stand in for today.
    const delegations = await activeDelegationsFor(this.ds, p);
    const where: string[] = [
      `t.status IN ('open','claimed')`,
      // Equality when the caller holds one role: with ANY the planner cannot walk the inbox index in
      // order and sorts every open task of the subtree instead (county inbox at 1M cases: 9.9 → 1.5 ms).
      p.roles.length === 1 ? `t.role = $1` : `t.role = ANY($1)`,
      `t.${LEVEL_COLUMN[p.jurisdiction.level]} = $2`,
      `(t.assignee_username IS NULL OR t.assignee_username = $3
        OR EXISTS (SELECT 1 FROM unnest($4::text[], $5::text[]) AS d(username, role) WHERE d.username = t.assignee_username AND d.role = t.role))`,
    ];
    const params: unknown[] = [p.roles.length === 1 ? p.roles[0] : p.roles, p.jurisdiction.code, p.username, delegations.map((d) => d.username), delegations.map((d) => d.role)];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace('?', `$${params.length}`));
    };
    if (q.processKey) add('t.process_key = ?', q.processKey);
    if (q.state) add('t.state = ?', q.state);
    if (q.lane) {
      if (!['emergency', 'fast', 'normal'].includes(q.lane)) throw invalid([{ field: 'lane', message: '应为 emergency、fast 或 normal', en: 'must be emergency, fast or normal' }]);
      add('t.lane = ?', q.lane);
    }
    for (const f of await jurisdictionFilters(p, q, this.dir)) add(`t.${f.column} = ?`, f.code);
    if (q.claimed === 'true') where.push(`t.status = 'claimed'`);
    if (q.claimed === 'false') where.push(`t.status = 'open'`);
    const whereSql = where.join(' AND ');
    // Lane, then overdue first, then due time: within a lane every overdue task is due before every
    // task that is not (and tasks without a due time are never overdue), so ascending due time with
    // nulls last *is* "overdue first, then due time" — and it is the order of the inbox indexes.
    // Counts read lane_rank (in those indexes) rather than lane.
    params.push(limit + 1, offset);
    // The page is chosen from tasks alone, then joined: joining first would join every open task of
    // a county with its case before the sort could drop all but one page.
    const rows = await this.ds.query(
      `${TASK_ROW_SELECT}
       WHERE t.id IN (SELECT t.id FROM tasks t WHERE ${whereSql}
                      ORDER BY t.lane_rank, t.due_at NULLS LAST, t.created_at, t.id
                      LIMIT $${params.length - 1} OFFSET $${params.length})
       ORDER BY t.lane_rank, t.due_at NULLS LAST, t.created_at, t.id`,
      params,
    );
    const [counts] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE t.lane_rank = 0)::int AS emergency,
              count(*) FILTER (WHERE t.lane_rank = 1)::int AS fast,
              count(*) FILTER (WHERE t.lane_rank = 2)::int AS normal,
              count(*) FILTER (WHERE t.due_at < now())::int AS overdue
       FROM tasks t WHERE ${whereSql}`,
      params.slice(0, params.length - 2),
    );
    const now = new Date();
    const items = rows.slice(0, limit).map((t: any) => this.row(t, now, delegations));
    return { items, nextCursor: rows.length > limit ? encodeOffsetCursor(offset + limit) : null, counts };
  }

  private row(t: any, now: Date, delegations: OnBehalfOf[] = []) {
    const def = this.processes.latest(t.process_key);
    // A name typed as an ID number is masked like everywhere else.
    return scrubPii({
      ...taskView({ ...t, claimed_by: t.claimed_by_username ?? null }, def, now),
      claimedByName: t.claimed_by_display_name ?? null,
      laneReason: def?.laneReason?.(t.case_context) ?? null,
      escalationOf: escalatedTaskView(t, def, now),
      onBehalfOf: delegatedFrom(t, delegations),
      case: {
        state: t.case_state,
        stateTitle: def?.states[t.case_state]?.title ?? { zh: t.case_state, en: t.case_state },
        applicantName: t.applicant_name,
        villageName: this.dir.name(t.case_village),
        filedAt: new Date(t.case_filed_at).toISOString(),
        waitingDays: daysSince(t.case_filed_at, now),
        amount: caseAmount(def, t.case_context),
        previousHandler: t.prev_username ? { username: t.prev_username, displayName: t.prev_display_name ?? t.prev_username, at: new Date(t.prev_at).toISOString() } : null,
      },
    });
  }

  /**
   * Atomic claim: the UPDATE succeeds for exactly one of several concurrent claimers. Claims and
   * releases are entries on the case's chain (issue 17), next to the reassignments and the idle-claim
   * expiries already there: the case history then tells who held its work when, in order with the
   * decisions taken meanwhile, and the chain proves that order. Like those, the case row is locked
   * first (as events do), then the task, then the chain head: claims serialize with events on the
   * case instead of deadlocking with them. A refusal (403) goes on the caller's own chain.
   */
  async claim(p: Principal, taskId: string) {
    const task = await this.refusalsAudited(p, taskId, 'TASK_CLAIMED', () => this.visibleTask(p, taskId));
    await inTransaction(this.ds, async (tx) => {
      const c = (await lockCaseForTask(tx, task.case_id))!;
      const claimed = await claimTask(tx, task.id, p.id);
      if (!claimed) {
        const now = await taskHolder(tx, task.id);
        const holder = now.displayName ? `${now.displayName}（${now.username}）` : now.username;
        throw conflict(
          now.status === 'claimed'
            ? { zh: `该任务已被 ${holder} 认领`, en: `The task is claimed by ${now.displayName ? `${now.displayName} (${now.username})` : now.username}` }
            : { zh: '该任务已办结或已取消', en: 'The task is done or cancelled' },
        );
      }
      // A named task (the assigned lawyer's) claimed by a delegate: the history shows for whom.
      const standsInFor = claimed.assignee_username && claimed.assignee_username !== p.username ? claimed.assignee_username : null;
      await appendAudit(tx, {
        chainId: caseChain(c.id), caseId: c.id, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: claimed.role,
        jurisdictionCode: p.jurisdiction.code, action: 'TASK_CLAIMED', outcome: 'ok', fromState: c.state, toState: c.state,
        payload: { taskId: claimed.id, taskKind: claimed.kind, ...(standsInFor ? { _onBehalfOf: standsInFor } : {}) },
      });
    });
    return this.one(p, task.id);
  }

  /**
   * 批量认领 (POST /api/tasks/claim {ids}): each id claimed on its own, exactly as one claim (its own
   * authorization, transaction and audit entry), so one refusal leaves the others claimed. A task the
   * caller already holds answers 200 again (a retried batch claims nothing twice). Per id: 200 with
   * the task, or the refusal's status and detail.
   */
  async claimMany(p: Principal, body: unknown) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalid([{ field: '(body)', message: '请求体应为 JSON 对象，例如 {"ids":["…"]}', en: 'the body must be a JSON object, such as {"ids":["…"]}' }]);
    }
    const errors = validateAgainst(BATCH_CLAIM_SCHEMA, body, '');
    if (errors.length) {
      // Whatever is wrong with ids (missing, not a list, a number in it), one message says what it must be.
      const others = errors.filter((e) => e.field !== 'ids' && !e.field.startsWith('ids.'));
      throw invalid(others.length < errors.length
        ? [...others, { field: 'ids', message: `应为 1–${MAX_BATCH_CLAIM} 个任务编号的数组`, en: `must be an array of 1 to ${MAX_BATCH_CLAIM} task ids` }]
        : others);
    }
    const ids = (body as { ids: string[] }).ids;
    // detailEn: the refusal's English, for the api to answer in the caller's language (never sent as such).
    const results: Array<{ id: string; status: number; task?: unknown; detail?: string; detailEn?: string }> = [];
    for (const id of [...new Set(ids)]) {
      try {
        results.push({ id, status: 200, task: await this.claim(p, id) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        if (err.status === 409 && isUuid(id)) {
          const holder = await taskHolder(this.ds, id);
          if (holder?.status === 'claimed' && holder.userId === p.id) {
            results.push({ id, status: 200, task: await this.one(p, id) });
            continue;
          }
        }
        results.push({ id, status: err.status, detail: err.message, ...(err.en ? { detailEn: err.en } : {}) });
      }
    }
    return { results, claimed: results.filter((r) => r.status === 200).length };
  }

  async release(p: Principal, taskId: string) {
    const task = await this.refusalsAudited(p, taskId, 'TASK_RELEASED', async () => {
      const t = await this.visibleTask(p, taskId);
      if (t.status !== 'claimed') throw conflict({ zh: '该任务未被认领', en: 'The task is not claimed' });
      const standsIn = (await activeDelegationsFor(this.ds, p)).some((d) => d.id === t.claimed_by && d.role === t.role);
      if (t.claimed_by !== p.id && !standsIn) throw forbidden({ zh: '只能释放自己（或委托您代办的同事）认领的任务', en: 'You can release only tasks claimed by you (or by a colleague who delegated to you)' });
      return t;
    });
    await inTransaction(this.ds, async (tx) => {
      const c = (await lockCaseForTask(tx, task.case_id))!;
      const released = await releaseTask(tx, task.id, task.claimed_by);
      if (!released) throw conflict({ zh: '任务状态已变化，请刷新', en: 'The task has changed; reload' });
      const forColleague = released.claimed_by_username !== p.username ? released.claimed_by_username : null;
      await appendAudit(tx, {
        chainId: caseChain(c.id), caseId: c.id, at: new Date(), actorId: p.id, actorUsername: p.username, actorRole: released.role,
        jurisdictionCode: p.jurisdiction.code, action: 'TASK_RELEASED', outcome: 'ok', fromState: c.state, toState: c.state,
        payload: {
          taskId: released.id, taskKind: released.kind, claimedAt: new Date(released.claimed_at).toISOString(),
          ...(forColleague ? { _onBehalfOf: forColleague } : {}),
        },
      });
    });
    return this.one(p, task.id);
  }

  /** Runs a check; a 403 it throws is recorded on the caller's chain (outside any transaction) before it is rethrown. */
  private async refusalsAudited<T>(p: Principal, taskId: string, action: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (err) {
      if (err instanceof DomainError && err.status === 403) {
        await inTransaction(this.ds, async (tx) => {
          const t = isUuid(taskId) ? await taskWithCaseState(tx, taskId) : undefined;
          await appendAudit(tx, {
            chainId: actorChain(p.id), caseId: t?.case_id ?? null, at: new Date(), actorId: p.id, actorUsername: p.username,
            actorRole: p.roles.join(','), jurisdictionCode: p.jurisdiction.code, action, outcome: 'refused',
            fromState: t?.case_state ?? null, toState: t?.case_state ?? null,
            payload: { status: err.status, reason: err.message, taskId, taskKind: t?.kind ?? null },
          });
        }).catch(() => undefined);
      }
      throw err;
    }
  }

  private async visibleTask(p: Principal, taskId: string) {
    if (!isUuid(taskId)) throw notFound({ zh: '任务不存在或不在您的辖区内', en: 'The task does not exist or is outside your jurisdiction' });
    const t = await readTask(this.ds, taskId);
    if (!t || t[LEVEL_COLUMN[p.jurisdiction.level]] !== p.jurisdiction.code) throw notFound({ zh: '任务不存在或不在您的辖区内', en: 'The task does not exist or is outside your jurisdiction' });
    if (!p.roles.includes(t.role)) throw forbidden({ zh: `该任务需由「${t.role}」角色办理`, en: `This task is for the role "${ROLE_TITLES_EN[t.role as Role] ?? t.role}"` });
    if (t.assignee_username && t.assignee_username !== p.username) {
      const standsIn = (await activeDelegationsFor(this.ds, p)).some((d) => d.username === t.assignee_username && d.role === t.role);
      if (!standsIn) throw forbidden({ zh: '该任务只能由承办人（或其委托的同事）办理', en: 'Only the assignee (or a colleague they delegated to) may work on this task' });
    }
    return t;
  }

  async one(p: Principal, taskId: string) {
    const [t] = await this.ds.query(`${TASK_ROW_SELECT} WHERE t.id = $1`, [taskId]);
    return this.row(t, new Date(), await activeDelegationsFor(this.ds, p));
  }
}

/**
 * The `tasks` table's owner: a state's task opened and its work closed, escalation tasks, the lane
 * carried along, claims, releases, reassignments and expired claims. Where closing work also
 * cancels timers or stops clocks, the statement is one round trip built here with those owners'
 * fragments. The inbox, counts, views and metrics read tasks with their own SELECTs.
 */
import { CteStatement, Sql, returning } from '@app/db';
import type { Role } from '@app/processes';
import { CaseRow, LANE_RANK } from '../case-row';
import { STOP_CLOCKS_SQL, runningDueSql, stopAllClocksSql } from './clocks';
import { cancelArmedTimersSql } from './timers';

/** A row of `tasks`. */
export interface TaskRow {
  id: string;
  case_id: string;
  process_key: string;
  kind: string;
  state: string;
  role: Role;
  jurisdiction_code: string;
  village_code: string;
  township_code: string;
  county_code: string;
  city_code: string;
  lane: CaseRow['lane'];
  lane_rank: number;
  assignee_username: string | null;
  escalation_of: string | null;
  due_at: Date | null;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  claimed_by: string | null;
  claimed_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  /** The context list entry an entry task is for (ProcessDefinition.entryTasks); null otherwise. */
  entry_index: number | null;
}

/** The kind of the task a clock's breach opens for its supervisor. */
export const escalationKind = (clockName: string) => `escalation:${clockName}`;

type PlacedCase = Pick<CaseRow, 'id' | 'process_key' | 'lane' | 'village_code' | 'township_code' | 'county_code' | 'city_code'>;

/** Opens a task for a unit a case names, at the unit's node, unless one of its kind is open for that unit already. */
export async function openUnitTask(
  tx: Sql, c: PlacedCase, state: string, t: { kind: string; role: string; jurisdictionCode: string; ownDue: Date | null }, now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code,
       county_code, city_code, lane, lane_rank, due_at, status, created_at)
     SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'open',$14
     WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE case_id = $1 AND kind = $3 AND role = $5 AND jurisdiction_code = $6 AND status IN ('open','claimed'))`,
    [c.id, c.process_key, t.kind, state, t.role, t.jurisdictionCode, c.village_code, c.township_code, c.county_code, c.city_code, c.lane, LANE_RANK[c.lane], t.ownDue, now],
  );
}

/** Opens the task for entry `index` of a context list (EntryTaskSpec), unless one is open for it already. */
export async function openEntryTask(
  tx: Sql, c: PlacedCase, state: string, t: { kind: string; role: string; jurisdictionCode: string; index: number; ownDue: Date | null }, now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code,
       county_code, city_code, lane, lane_rank, due_at, status, created_at, entry_index)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'open',$14,$15)
     ON CONFLICT (case_id, kind, entry_index) WHERE entry_index IS NOT NULL AND status IN ('open','claimed') DO NOTHING`,
    [c.id, c.process_key, t.kind, state, t.role, t.jurisdictionCode, c.village_code, c.township_code, c.county_code, c.city_code, c.lane, LANE_RANK[c.lane], t.ownDue, now, t.index],
  );
}

/** The event naming entry `index` was applied: its task is done. */
export async function closeEntryTask(tx: Sql, caseId: string, kind: string, index: number, now: Date, actorId: string | null): Promise<void> {
  await tx.query(
    `UPDATE tasks SET status = 'done', closed_at = $4, closed_by = $5 WHERE case_id = $1 AND kind = $2 AND entry_index = $3 AND status IN ('open','claimed')`,
    [caseId, kind, index, now, actorId],
  );
}

/** Stops the named clocks (clocks.ts) and closes the escalation tasks their breaches opened, in one statement. */
export async function stopClocksAndEscalations(tx: Sql, caseId: string, names: string[], now: Date, trigger: string): Promise<void> {
  await tx.query(
    `WITH k AS (${STOP_CLOCKS_SQL})
     UPDATE tasks SET status = 'done', closed_at = $3 WHERE case_id = $1 AND kind = ANY($5) AND status IN ('open','claimed')`,
    [caseId, names, now, trigger, names.map(escalationKind)],
  );
}

/** The case changed lane: its open tasks move with it (the inbox sorts by lane_rank). */
export async function setOpenTasksLane(tx: Sql, caseId: string, lane: CaseRow['lane']): Promise<void> {
  await tx.query(`UPDATE tasks SET lane = $2, lane_rank = $3 WHERE case_id = $1 AND status IN ('open','claimed')`, [caseId, lane, LANE_RANK[lane]]);
}

/**
 * A breached clock's escalation for its supervisor, pointing at the case's current work; once per
 * clock while one is open.
 */
export async function openEscalationTask(
  tx: Sql,
  c: PlacedCase & Pick<CaseRow, 'state'>,
  e: { kind: string; role: string; jurisdictionCode: string; dueAt: Date },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code, county_code,
       city_code, lane, lane_rank, escalation_of, due_at, status, created_at)
     SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,
       (SELECT id FROM tasks WHERE case_id = $1 AND status IN ('open','claimed') AND kind NOT LIKE 'escalation:%' ORDER BY created_at DESC LIMIT 1),
       $13,'open',$14
     WHERE NOT EXISTS (SELECT 1 FROM tasks WHERE case_id = $1 AND kind = $3 AND status IN ('open','claimed'))`,
    [
      c.id, c.process_key, e.kind, c.state, e.role, e.jurisdictionCode, c.village_code, c.township_code, c.county_code, c.city_code,
      c.lane, LANE_RANK[c.lane], e.dueAt, now,
    ],
  );
}

// ---------------------------------------------------------------- parts of an event's one write statement (write-decision.ts)

// Entry tasks (entry_index) outlive the state they were opened in (EntryTaskSpec).
const STATE_WORK = `escalation_of IS NULL AND kind NOT LIKE 'escalation:%' AND entry_index IS NULL`;

/**
 * What leaving a state and finishing a case close, as CTEs of a larger statement: with `leaving`,
 * the state's open work is done and its armed timers cancelled (closeStateWork); with `final`, the
 * clocks stop and the tasks left (escalations) are cancelled (closeCaseWork). Both at once are one
 * UPDATE of the tasks, as the two statements in a row would leave them.
 */
export function closeWorkCtes(
  b: CteStatement,
  ids: { caseId: string; now: string },
  o: { leaving: boolean; final: boolean; actorId: string | null; keptTimerEvents: string[] },
): void {
  if (!o.leaving && !o.final) return;
  // RETURNING: the event's answer (the case view) is read in the same statement (case-queries.ts decidedViewColumns).
  if (o.leaving) b.cte('timers_cancelled', `${cancelArmedTimersSql(ids.caseId, ids.now, `${b.param(o.keptTimerEvents)}`)} RETURNING id`);
  if (o.final) b.cte('clocks_stopped', `${stopAllClocksSql(ids.caseId, ids.now)} RETURNING *`);
  const actor = `${b.param(o.actorId)}::uuid`;
  const open = `case_id = ${ids.caseId} AND status IN ('open','claimed')`;
  if (!o.final) {
    b.cte('work_closed', `UPDATE tasks SET status = 'done', closed_at = ${ids.now}, closed_by = ${actor} WHERE ${open} AND ${STATE_WORK} RETURNING id`);
  } else if (!o.leaving) {
    b.cte('work_closed', `UPDATE tasks SET status = 'cancelled', closed_at = ${ids.now} WHERE ${open} RETURNING id`);
  } else {
    b.cte('work_closed', `UPDATE tasks SET status = CASE WHEN ${STATE_WORK} THEN 'done' ELSE 'cancelled' END, closed_at = ${ids.now},
      closed_by = CASE WHEN ${STATE_WORK} THEN ${actor} ELSE closed_by END WHERE ${open} RETURNING id`);
  }
}

/**
 * The entered state's task as a CTE (openStateTask). In a finished case it is written cancelled at
 * once, as closeCaseWork would leave it. Its due time reads the running clocks as the statement
 * starts: clocks are written by an earlier statement of the transaction.
 */
export function openStateTaskCte(
  b: CteStatement,
  ids: { caseId: string; now: string },
  c: PlacedCase,
  state: string,
  t: { kind: string; role: string; jurisdictionCode: string; assignee: string | null; ownDue: Date | null },
  final: boolean,
): void {
  const v = (x: unknown) => b.param(x);
  b.cte('task_opened', `INSERT INTO tasks (case_id, process_key, kind, state, role, jurisdiction_code, village_code, township_code,
       county_code, city_code, lane, lane_rank, assignee_username, due_at, status, created_at, closed_at)
     SELECT ${ids.caseId}, ${v(c.process_key)}, ${v(t.kind)}, ${v(state)}, ${v(t.role)}, ${v(t.jurisdictionCode)}, ${v(c.village_code)},
       ${v(c.township_code)}, ${v(c.county_code)}, ${v(c.city_code)}, ${v(c.lane)}, ${v(LANE_RANK[c.lane])}, ${v(t.assignee)},
       (SELECT min(d) FROM (SELECT ${v(t.ownDue)}::timestamptz AS d UNION ALL ${runningDueSql(ids.caseId)}) x),
       ${final ? `'cancelled', ${ids.now}, ${ids.now}` : `'open', ${ids.now}, NULL`}
     RETURNING *`);
}

// ---------------------------------------------------------------- claims (the case is locked first, by repositories/cases.ts)

export async function readTask(sql: Sql, taskId: string): Promise<TaskRow | undefined> {
  const [t] = (await sql.query(`SELECT * FROM tasks WHERE id = $1`, [taskId])) as TaskRow[];
  return t;
}

/** The task's case and kind with the case's state, for a refusal's audit entry. */
export async function taskWithCaseState(sql: Sql, taskId: string): Promise<(TaskRow & { case_state: string }) | undefined> {
  const [t] = await sql.query(`SELECT t.*, c.state AS case_state FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1`, [taskId]);
  return t;
}

/** Claims an open task; exactly one of several concurrent claimers gets the row back. */
export async function claimTask(tx: Sql, taskId: string, userId: string): Promise<Pick<TaskRow, 'id' | 'kind' | 'role' | 'assignee_username'> | undefined> {
  const [claimed] = await returning(tx,
    `UPDATE tasks SET status = 'claimed', claimed_by = $2, claimed_at = now() WHERE id = $1 AND status = 'open' RETURNING id, kind, role, assignee_username`,
    [taskId, userId],
  );
  return claimed;
}

/** Who holds a task a claim did not get (for the 409's message). */
export async function taskHolder(sql: Sql, taskId: string): Promise<{ status: TaskRow['status']; username: string | null; displayName: string | null; userId: string | null }> {
  const [t] = await sql.query(
    `SELECT t.status, u.username, u.display_name AS "displayName", u.id AS "userId" FROM tasks t LEFT JOIN users u ON u.id = t.claimed_by WHERE t.id = $1`,
    [taskId],
  );
  return t;
}

/** Releases a task still claimed by `claimedBy`; returns it with the former claim. */
export async function releaseTask(tx: Sql, taskId: string, claimedBy: string | null) {
  const [released] = await returning<Pick<TaskRow, 'id' | 'kind' | 'role'> & { claimed_at: Date; claimed_by_username: string }>(tx,
    `WITH old AS (SELECT t.id, t.claimed_at, u.username FROM tasks t JOIN users u ON u.id = t.claimed_by
                  WHERE t.id = $1 AND t.status = 'claimed' AND t.claimed_by = $2 FOR UPDATE OF t)
     UPDATE tasks t SET status = 'open', claimed_by = NULL, claimed_at = NULL FROM old WHERE t.id = old.id
     RETURNING t.id, t.kind, t.role, old.claimed_at, old.username AS claimed_by_username`,
    [taskId, claimedBy],
  );
  return released;
}

/** The case a task belongs to (read before the case is locked). */
export async function taskCaseId(tx: Sql, taskId: string): Promise<string | undefined> {
  const [placed] = await tx.query(`SELECT case_id FROM tasks WHERE id = $1`, [taskId]);
  return placed?.case_id;
}

/** Locks a task (its case is locked already) with its claimer's username. */
export async function lockTask(tx: Sql, taskId: string): Promise<TaskRow & { claimed_by_username: string | null }> {
  const [t] = await tx.query(
    `SELECT t.*, u.username AS claimed_by_username FROM tasks t LEFT JOIN users u ON u.id = t.claimed_by WHERE t.id = $1 FOR UPDATE OF t`,
    [taskId],
  );
  return t;
}

/** Hands a task to another person as their claim. */
export async function reassignTask(tx: Sql, taskId: string, toUserId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE tasks SET status = 'claimed', claimed_by = $2, claimed_at = $3 WHERE id = $1`, [taskId, toUserId, now]);
}

/** 催办: one more urge on a task, and the latest one ({at, by, message}) for its holder's inbox. */
export async function urgeTask(tx: Sql, taskId: string, urge: { at: string; by: string; message: string }): Promise<void> {
  await tx.query(`UPDATE tasks SET urge_count = urge_count + 1, last_urge = $2 WHERE id = $1`, [taskId, JSON.stringify(urge)]);
}

/** Claims older than `idleMs`, oldest first. */
export async function idleClaims(sql: Sql, idleMs: number, batch: number): Promise<Array<Pick<TaskRow, 'id' | 'case_id'>>> {
  return sql.query(
    `SELECT id, case_id FROM tasks WHERE status = 'claimed' AND claimed_at < now() - $1 * interval '1 millisecond' ORDER BY claimed_at LIMIT $2`,
    [idleMs, batch],
  );
}

/**
 * Releases a claim still idle: neither the claim nor any action of the claimer on the case is more
 * recent than `idleMs`. Returns it with the former claimer, or undefined.
 */
export async function releaseIdleClaim(tx: Sql, taskId: string, idleMs: number) {
  const [t] = await returning<Pick<TaskRow, 'id' | 'kind'> & { claimed_at: Date; claimed_by_username: string }>(tx,
    `WITH old AS (
       SELECT t.id, t.kind, t.claimed_by, t.claimed_at FROM tasks t
       WHERE t.id = $1 AND t.status = 'claimed' AND t.claimed_at < now() - $2 * interval '1 millisecond'
         AND NOT EXISTS (SELECT 1 FROM audit_entries e WHERE e.case_id = t.case_id AND e.actor_id = t.claimed_by
                           AND e.at >= now() - $2 * interval '1 millisecond')
       FOR UPDATE)
     UPDATE tasks t SET status = 'open', claimed_by = NULL, claimed_at = NULL FROM old
     WHERE t.id = old.id
     RETURNING t.id, old.kind, old.claimed_at, (SELECT username FROM users WHERE id = old.claimed_by) AS claimed_by_username`,
    [taskId, idleMs],
  );
  return t;
}

import { Env, environment } from '@app/settings';
import { ROLES, Role, loadProcessRegistry, type ProcessDefinition } from '@app/processes';

/**
 * Local rules of the work queues (issue 5), read from the environment with documented defaults
 * (README, configuration table). A bad value stops the api/worker at start with the variable named.
 */
export interface WorkQueueSettings {
  /** A claim untouched this long (business minutes, divided by WORKFLOW_TIME_SCALE) returns to the queue. */
  claimIdleMinutes: number;
  /** How often the worker looks for idle claims (real milliseconds). */
  claimSweepIntervalMs: number;
  /** Which other roles supervise a task role, per process (`*` = any process): TASK_SUPERVISORS, else the definitions'. */
  supervisors: SupervisorRule[];
  /** Calendar days (delegation ranges) and months (月调度) are days and months of this time zone. */
  timeZone: string;
  /** Longest delegation, in calendar days. */
  delegationMaxDays: number;
  /** How often the worker checks that last month's dispatch report is kept (real milliseconds). */
  dispatchCheckIntervalMs: number;
}

export interface SupervisorRule {
  processKey: string | '*';
  taskRole: Role;
  supervisorRole: Role;
}

/**
 * Default supervisors besides "the same role one level up": what each definition declares
 * (definition.supervisors, e.g. the county bureau that approves a process over the township officers
 * who prepare it), written as TASK_SUPERVISORS would be.
 */
export function defaultTaskSupervisors(definitions: ProcessDefinition[]): string {
  return definitions
    .flatMap((d) => Object.entries(d.supervisors ?? {}).map(([taskRole, supervisor]) => `${d.key}/${taskRole}=${supervisor}`))
    .join(',');
}

/** `definitions`: the registered processes (by default those of `env`), whose supervisors apply unless TASK_SUPERVISORS is set. */
export function loadWorkQueueSettings(
  env: Env = environment(),
  definitions: ProcessDefinition[] = loadProcessRegistry(env).all(),
): WorkQueueSettings {
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    const v = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(v) || v < min) throw new Error(`${name} 应为不小于 ${min} 的数字（当前：${raw}）`);
    return v;
  };
  const timeZone = env.LOCAL_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`LOCAL_TIME_ZONE 不是有效的时区名称（当前：${timeZone}），例如 Asia/Shanghai`);
  }
  return {
    claimIdleMinutes: num('CLAIM_IDLE_MINUTES', 120, 1),
    claimSweepIntervalMs: num('CLAIM_SWEEP_INTERVAL_MS', 60000, 50),
    supervisors: parseSupervisors(env.TASK_SUPERVISORS ?? defaultTaskSupervisors(definitions)),
    timeZone,
    delegationMaxDays: num('DELEGATION_MAX_DAYS', 90, 1),
    dispatchCheckIntervalMs: num('DISPATCH_CHECK_INTERVAL_MS', 3600000, 1000),
  };
}

/** `process/taskRole=supervisorRole,…` (process may be `*`). */
export function parseSupervisors(text: string): SupervisorRule[] {
  const rules: SupervisorRule[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z0-9*-]+)\/([a-z_]+)=([a-z_]+)$/.exec(part);
    const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
    if (!m || !isRole(m[2]) || !isRole(m[3])) {
      throw new Error(`TASK_SUPERVISORS 的「${part}」格式应为 流程键/任务角色=督办角色（流程键可为 * 表示所有流程），例如 */township_officer=county_civil`);
    }
    rules.push({ processKey: m[1], taskRole: m[2], supervisorRole: m[3] });
  }
  return rules;
}

/** The time zone of calendar days and months; validated at start by loadWorkQueueSettings. */
export const localTimeZone = (env: Env = environment()) => env.LOCAL_TIME_ZONE || 'Asia/Shanghai';

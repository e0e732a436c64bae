import { Env, environment, numericSetting, textSetting } from '@app/settings';
import { ROLES, Role, loadProcessRegistry, type ProcessDefinition } from '@app/processes';

/**
 * Local rules of the work queues (issue 5), read through the settings schema (its defaults are the
 * README's). A bad value stops the api/worker at start with the variable named.
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
  return {
    claimIdleMinutes: numericSetting('CLAIM_IDLE_MINUTES', env),
    claimSweepIntervalMs: numericSetting('CLAIM_SWEEP_INTERVAL_MS', env),
    // Computed default: TASK_SUPERVISORS has none in the schema, the registered definitions give it.
    supervisors: parseSupervisors(textSetting('TASK_SUPERVISORS', env) ?? defaultTaskSupervisors(definitions)),
    timeZone: checkedTimeZone(env),
    delegationMaxDays: numericSetting('DELEGATION_MAX_DAYS', env),
    dispatchCheckIntervalMs: numericSetting('DISPATCH_CHECK_INTERVAL_MS', env),
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
export const localTimeZone = (env: Env = environment()): string => textSetting('LOCAL_TIME_ZONE', env)!;

/** LOCAL_TIME_ZONE, refused at start unless the runtime knows it (the schema can only say "text"). */
export function checkedTimeZone(env: Env = environment()): string {
  const timeZone = localTimeZone(env);
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`LOCAL_TIME_ZONE 不是有效的时区名称（当前：${timeZone}），例如 Asia/Shanghai`);
  }
  return timeZone;
}

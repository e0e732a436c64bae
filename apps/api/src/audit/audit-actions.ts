import type { ProcessRegistry, Text } from '@app/processes';

/**
 * The words for the actions the engine and the api write on the audit chains (a process's own
 * events take their titles from its definition): the audit search offers these as a picker, and
 * the exports write them instead of the codes (issue 20).
 */
export const ENGINE_ACTION_TITLES: Record<string, string> = {
  FILE: '登记申请',
  LOGIN: '登录',
  LOGIN_FAILED: '登录失败',
  LOGOUT: '退出登录',
  PASSWORD_CHANGED: '修改密码',
  PASSWORD_CHANGE_REFUSED: '修改密码被拒绝',
  ADMIN_BOOTSTRAP: '初始化管理员',
  USER_CREATED: '创建用户',
  USER_UPDATED: '修改用户',
  USER_PASSWORD_RESET: '重置用户密码',
  JURISDICTIONS_IMPORTED: '导入行政区划',
  REGISTRY_IMPORT: '导入帮扶对象名单',
  REVEAL_ID_NUMBER: '查看完整身份证号',
  ROLE_REFUSED: '越权访问被拒绝',
  WRITE_REFUSED: '只读角色写操作被拒绝',
  TASK_CLAIMED: '认领任务',
  TASK_RELEASED: '释放任务',
  TASK_CLAIM_EXPIRED: '认领超时自动释放',
  TASK_REASSIGNED: '改派任务',
  DELEGATE_ROLE: '委托办理',
  DELEGATION_ENDED: '结束委托',
  DECLARE_RELATIVE: '备案近亲属',
  WITHDRAW_RELATIVE: '撤回近亲属备案',
  RELATIVE_FLAGGED: '标记近亲属关联',
  RELATIVE_WITHDRAWN: '撤销近亲属关联',
  SLA_WARNING: '时限预警',
  SLA_BREACHED: '超过时限',
  ATTACHMENT_ADDED: '添加材料',
  ATTACHMENT_READ: '查阅材料',
  EXPORT_AUDIT: '导出审计记录',
  EXPORT_CHECKPOINT: '下载审计检查点',
  EXPORT_DISPATCH_REPORT: '导出月调度报表',
  EXPORT_LIST: '导出列表（Excel）',
  AUDIT_PERSON_SEARCH: '按申请人查询审计记录',
};

export interface ActionChoice {
  action: string;
  title: Text;
  /** The process whose event it is (its title), or null for the engine's own actions. */
  process: Text | null;
}

/** Every action a search may ask for, with its words: the engine's, then each process's events. */
export function actionChoices(processes: ProcessRegistry): ActionChoice[] {
  const out: ActionChoice[] = Object.entries(ENGINE_ACTION_TITLES).map(([action, zh]) => ({ action, title: { zh, en: action }, process: null }));
  const seen = new Set(out.map((c) => c.action));
  for (const def of processes.all()) {
    for (const [type, ev] of Object.entries(def.events)) {
      const title = (ev as { title?: Text }).title ?? { zh: type, en: type };
      if (seen.has(type)) continue;
      seen.add(type);
      out.push({ action: type, title, process: def.title });
    }
  }
  return out;
}

/** The words for one stored action: the engine's, else the event title in the first process that has it. */
export function actionWords(processes: ProcessRegistry, action: string): string {
  if (ENGINE_ACTION_TITLES[action]) return ENGINE_ACTION_TITLES[action];
  for (const def of processes.all()) {
    const ev = def.events[action] as { title?: Text } | undefined;
    if (ev?.title) return ev.title.zh;
  }
  return action;
}

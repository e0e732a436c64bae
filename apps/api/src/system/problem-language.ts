/**
 * The language of an error answer (issue 18): zh-CN by default, English when Accept-Language
 * prefers it, like the console. Only title, detail and the field messages change; `type`,
 * `status` and the field names are the same in both, so clients keep matching on them.
 */
import { ROLE_TITLES, ROLE_TITLES_EN } from '@app/engine';

export type ProblemLanguage = 'zh-CN' | 'en';

/**
 * The caller's language from Accept-Language (RFC 9110 §12.5.4): the highest-q range that is
 * English or Chinese wins; `*`, others and no header give zh-CN; ties keep the header's order.
 */
export function problemLanguage(header: string | undefined): ProblemLanguage {
  const ranges = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const r of ranges) {
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
    if (r.tag === 'zh' || r.tag.startsWith('zh-') || r.tag === '*') return 'zh-CN';
  }
  return 'zh-CN';
}

/** Every problem title the api uses, in English. */
const TITLES: Record<string, string> = {
  输入无效: 'Invalid input',
  导入失败: 'Import failed',
  未登录: 'Not signed in',
  登录失败: 'Sign-in failed',
  需要令牌: 'Token required',
  无权操作: 'Not allowed',
  无权访问: 'Access denied',
  请先修改密码: 'Change your password first',
  未找到: 'Not found',
  冲突: 'Conflict',
  请求过大: 'Request too large',
  文件过大: 'File too large',
  文件类型不支持: 'Unsupported file type',
  不允许的操作: 'Operation not allowed',
  尝试过于频繁: 'Too many attempts',
  服务暂不可用: 'Service unavailable',
  服务器内部错误: 'Internal server error',
  请求错误: 'Bad request',
};

/**
 * Fixed details in English, for the sites that pass one Chinese sentence (a site can also pass
 * `{ zh, en }` itself, as the engine does for messages built from process titles).
 */
const DETAILS: Record<string, string> = {
  请先登录: 'Sign in first',
  '登录已过期或令牌无效，请重新登录': 'The session has expired or the token is not valid; sign in again',
  '登录已失效（已退出、账号已停用、权限或密码已变更），请重新登录': 'The session is no longer valid (signed out, account disabled, roles or password changed); sign in again',
  用户名或密码错误: 'Wrong username or password',
  '您正在使用初始密码（首次登录或密码已被重置），请先修改密码后再办理业务': 'You are using an initial password (first sign-in or a reset); change it before working on cases',
  '纪检监察/审计角色只能查阅，不能提交、办理、认领、导入或备案；如需办理请使用业务账号':
    'Discipline and audit roles are read-only: they cannot file, act, claim, import or declare; use a business account',
  '申请人是您备案的近亲属，按回避规定您不能办理此案': 'The applicant is a close relative you declared; the recusal rule bars you from this case',
  '申请人是您备案的近亲属，按回避规定您不能为本案添加材料': 'The applicant is a close relative you declared; the recusal rule bars you from adding documents to this case',
  '申请人是您或委托人备案的近亲属，按回避规定不能办理此案': 'The applicant is a close relative declared by you or by the colleague you stand in for; the recusal rule bars this case',
  '您或委托人是本案的申请经办人，按分权制衡规定不能参与审核审批': 'You or the colleague you stand in for filed this case; separation of duties bars you from reviewing or approving it',
  '您是本案的申请经办人，按分权制衡规定不能参与审核审批': 'You filed this case; separation of duties bars you from reviewing or approving it',
  '您曾办理本问题所涉案件，按回避规定不能核查、验收或销号本问题': 'You worked on the case this finding concerns; the recusal rule bars you from checking, accepting or closing it',
  任务不存在或不在您的辖区内: 'The task does not exist or is outside your jurisdiction',
  委托不存在或不在您的辖区内: 'The delegation does not exist or is outside your jurisdiction',
  近亲属备案不存在: 'No such declaration of a close relative',
  材料不存在或不在您的辖区内: 'The document does not exist or is outside your jurisdiction',
  所涉案件不存在或不在您的辖区内: 'The related case does not exist or is outside your jurisdiction',
  该环节没有公示: 'This step has no public notice',
  行政区划不存在或不在您的辖区内: 'The jurisdiction does not exist or is outside yours',
  行政区划不存在或不在您的管理范围内: 'The jurisdiction does not exist or is outside what you administer',
  用户不存在或不在您的管理范围内: 'The user does not exist or is outside what you administer',
  '材料的文件内容缺失，请联系系统管理员': "The document's content is missing; contact the administrator",
  本案尚未进入该公示环节: 'The case has not reached this public notice',
  '该任务指定由承办人办理（如指派的律师），不能改派': 'This task belongs to its assignee (such as the appointed lawyer) and cannot be reassigned',
  '本案已办结，不能再添加材料': 'The case is closed: no more documents can be added',
  所涉审计记录必须是所涉案件自己的审计记录: "The audit entry must be one of the related case's own entries",
  '该任务只能由承办人（或其委托的同事）办理': 'Only the assignee (or a colleague they delegated to) may work on this task',
  '检查点覆盖全部审计链，只有市级纪检监察/审计人员或系统管理员可以下载': 'Checkpoints cover every audit chain: only city-level discipline reviewers or administrators may download them',
  '校验全部审计链需要纪检监察/审计或系统管理员角色': 'Verifying every audit chain needs the discipline reviewer or administrator role',
  '月调度报表面向县级及以上人员；乡镇、村级人员请查看本辖区的队列统计': 'The monthly dispatch report is for county level and above; townships and villages see their queue statistics',
  名单导入由县扶贫办或系统管理员办理: 'Registry imports are made by the county poverty office or an administrator',
  '只能释放自己（或委托您代办的同事）认领的任务': 'You can release only tasks claimed by you (or by a colleague who delegated to you)',
  '只有本案的申请经办人、承办人、当前待办人或现在可以办理本案的人员可以添加材料':
    "Only the case's filer, assignee, current task holder or someone who may act on it now can add documents",
  该近亲属备案已撤回: 'This declaration of a close relative was withdrawn',
  '该身份证号的近亲属您已备案，无需重复备案': 'You have already declared a close relative with this ID number',
  该任务未被认领: 'The task is not claimed',
  '该任务已办结或已取消，不能改派': 'The task is done or cancelled and cannot be reassigned',
  '该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键': 'This Idempotency-Key was used for a different request; use a new key',
  '任务状态已变化，请刷新': 'The task has changed; reload',
  该任务已办结或已取消: 'The task is done or cancelled',
  '不能更改自己的角色、辖区或停用自己；请由其他管理员办理': 'You cannot change your own roles or jurisdiction or disable yourself; ask another administrator',
  '尚未生成审计检查点（由 worker 按 AUDIT_CHECKPOINT_INTERVAL_MS 定时生成）': 'No audit checkpoint yet (the worker writes one every AUDIT_CHECKPOINT_INTERVAL_MS)',
  请求体超过允许的大小: 'The request body is larger than allowed',
  '请求体不是合法的 JSON': 'The request body is not valid JSON',
  'JSON 格式错误': 'malformed JSON',
  '数据库暂时不可用，请稍后重试；您的操作未被保存': 'The database is unavailable for now; try again later. Nothing was saved',
  参数格式不正确: 'A parameter has the wrong format',
  '服务器内部错误，已记录日志': 'Internal server error; it has been logged',
  必填: 'required',
};

const roleEn = (zhList: string) => {
  const byZh = new Map(Object.entries(ROLE_TITLES).map(([role, zh]) => [zh, ROLE_TITLES_EN[role as keyof typeof ROLE_TITLES_EN]]));
  return zhList.split('、').map((zh) => byZh.get(zh) ?? zh).join(', ');
};

/** Details with a variable part, built from the same few sentences wherever they are thrown. */
const PATTERNS: Array<[RegExp, (...m: string[]) => string]> = [
  [/^此操作需要以下角色之一：(.+)$/, (roles) => `This operation needs one of these roles: ${roleEn(roles)}`],
  [/^您已在本案「(.+)」环节作出决定，按分权制衡规定不能再作其他环节的决定$/, (group) => `You already decided at the "${group}" step of this case; separation of duties bars a decision at another step`],
  [/^未知事件类型「(.*)」$/, (type) => `unknown event type "${type}"`],
  [/^不允许的字段「(.*)」$/, (field) => `field "${field}" is not allowed`],
];

export function titleIn(lang: ProblemLanguage, zh: string): string {
  return lang === 'en' ? (TITLES[zh] ?? zh) : zh;
}

/** A detail or field message in `lang`: the site's own English, the catalogue's, or (not yet translated) the Chinese. */
export function textIn(lang: ProblemLanguage, zh: string, en?: string): string {
  if (lang !== 'en') return zh;
  if (en) return en;
  if (DETAILS[zh]) return DETAILS[zh];
  for (const [re, build] of PATTERNS) {
    const m = re.exec(zh);
    if (m) return build(...m.slice(1));
  }
  return zh;
}

/** The catalogue's Chinese sentences and titles (a unit test checks the code still says each). */
export function catalogueSentences(): string[] {
  return [...Object.keys(TITLES), ...Object.keys(DETAILS)];
}

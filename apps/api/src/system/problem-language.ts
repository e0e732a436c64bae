/**
 * The language of an error answer (issue 18): zh-CN by default, English when Accept-Language
 * prefers it, like the console. Only title, detail and the field messages change; `type`,
 * `status` and the field names are the same in both, so clients keep matching on them.
 */
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

/**
 * Every problem title the api uses, in English. Titles are a short fixed set shared by many throw
 * sites (the DomainError helpers set them), so they are translated here rather than at each site.
 */
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

export function titleIn(lang: ProblemLanguage, zh: string): string {
  return lang === 'en' ? (TITLES[zh] ?? zh) : zh;
}

/**
 * A detail or field message in `lang`. The English comes from the throw site (`{ zh, en }`, or a
 * field error's `en`), never from a catalogue here: one place says both. Only a message with no
 * English at all (a framework's own, e.g. Nest's 404 text) stays as it is.
 */
export function textIn(lang: ProblemLanguage, zh: string, en?: string): string {
  return lang === 'en' && en ? en : zh;
}

/** The titles' Chinese (a unit test checks the code still says each). */
export function catalogueSentences(): string[] {
  return Object.keys(TITLES);
}

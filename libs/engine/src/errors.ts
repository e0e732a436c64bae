/**
 * Domain errors with their HTTP meaning (ARCHITECTURE.md §4). The api turns them into
 * application/problem+json; the engine never throws HTTP types itself.
 */
export interface FieldError {
  field: string;
  /** zh-CN, the default language of every answer. */
  message: string;
  /**
   * The same in English, for a caller whose Accept-Language asks for it (the api sends one of the
   * two). Required, so a field message without English does not compile (issue 18).
   */
  en: string;
}

/** A message in both languages of the api (Accept-Language: zh-CN by default, en when asked). */
export interface Localized {
  zh: string;
  en: string;
}

/**
 * A remembered session (SessionToConfirm) could not be confirmed by the request's transaction: it
 * rolls back and the api reads the session before answering (auth/session-reader.ts). Never an answer.
 */
export class SessionNotConfirmed extends Error {
  constructor() {
    super('session not confirmed');
  }
}

/** `message` stays zh-CN (logs, audits); the English detail, when the site gives one, travels beside it. */
export class DomainError extends Error {
  readonly en?: string;

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly title: string,
    message: string | Localized,
    readonly errors: FieldError[] = [],
  ) {
    super(typeof message === 'string' ? message : message.zh);
    if (typeof message !== 'string') this.en = message.en;
  }
}

export const invalid = (errors: FieldError[], detail: string | Localized = { zh: '请求内容有误，请按字段提示修改', en: 'The request is not valid; see the message of each field' }) =>
  new DomainError(400, '输入无效', detail, errors);
export const forbidden = (detail: string | Localized) => new DomainError(403, '无权操作', detail);
export const notFound = (detail: string | Localized = { zh: '案件不存在或不在您的辖区内', en: 'The case does not exist or is outside your jurisdiction' }) =>
  new DomainError(404, '未找到', detail);
export const conflict = (detail: string | Localized) => new DomainError(409, '冲突', detail);
export const unprocessable = (detail: string | Localized) => new DomainError(422, '不允许的操作', detail);

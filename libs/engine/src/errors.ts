/**
 * Domain errors with their HTTP meaning (ARCHITECTURE.md §4). The api turns them into
 * application/problem+json; the engine never throws HTTP types itself.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly title: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export const invalid = (errors: FieldError[], detail = '请求内容有误，请按字段提示修改') => new DomainError(400, '输入无效', detail, errors);
export const forbidden = (detail: string) => new DomainError(403, '无权操作', detail);
export const notFound = (detail = '案件不存在或不在您的辖区内') => new DomainError(404, '未找到', detail);
export const conflict = (detail: string) => new DomainError(409, '冲突', detail);
export const unprocessable = (detail: string) => new DomainError(422, '不允许的操作', detail);

import { validateAgainst } from './schema-validator';

const schema = {
  type: 'object',
  required: ['amount', 'metAt', 'note'],
  additionalProperties: false,
  properties: { amount: { type: 'number' }, metAt: { type: 'string', format: 'date' }, note: { type: 'string' }, count: { type: 'integer' } },
};

describe('validateAgainst: field messages a clerk can read', () => {
  it('names types and formats in Chinese, with the English beside them, every field at once', () => {
    const errors = validateAgainst(schema, { amount: '3000', metAt: '30/11/2026', note: 5, count: 1.5, extra: 1 }, 'payload');
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField['payload.amount']).toMatchObject({ message: '应为数字', en: 'must be of type number' });
    expect(byField['payload.note'].message).toBe('应为文字');
    expect(byField['payload.count'].message).toBe('应为整数');
    expect(byField['payload.metAt'].message).toBe('格式应为日期（如 2026-11-30）');
    expect(byField['payload.extra'].message).toBe('不允许的字段「extra」');
    // No bare JSON Schema words left in the Chinese.
    for (const e of errors) expect(e.message).not.toMatch(/\b(number|string|integer|date)\b/);
  });
});

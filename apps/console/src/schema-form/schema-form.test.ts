import { describe, expect, it } from 'vitest';
import { initialDraft, setAt, toValue } from './draft';
import { renderedPaths } from './paths';
import { isChecklist, kindOf } from './schema';
import { validate } from './validate';

const t = (key: string, vars?: Record<string, string | number>) => (vars ? `${key}:${JSON.stringify(vars)}` : key);

const acceptance = {
  type: 'object',
  required: ['checklist', 'inspectors'],
  additionalProperties: false,
  properties: {
    checklist: {
      type: 'object',
      required: ['foundation', 'roof'],
      properties: { foundation: { type: 'boolean' }, roof: { type: 'boolean' } },
    },
    inspectors: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  },
};

describe('field kinds', () => {
  it('picks an input per schema shape', () => {
    expect(kindOf({ type: 'string', minLength: 5 }, 'reason')).toBe('textarea');
    expect(kindOf({ type: 'string' }, 'agreementNo')).toBe('text');
    expect(kindOf({ type: 'string', enum: ['A', 'B'] }, 'grade')).toBe('enum');
    expect(kindOf({ oneOf: [{ const: 'cash', title: '现金' }, { const: 'transfer' }] }, 'form')).toBe('enum');
    expect(kindOf({ type: 'string', format: 'date' }, 'meetingDate')).toBe('date');
    expect(kindOf({ type: 'string', format: 'date-time' }, 'grantedAt')).toBe('datetime');
    expect(kindOf({ type: ['number', 'null'] }, 'amount')).toBe('number');
    expect(kindOf({ type: 'integer' }, 'attendees')).toBe('integer');
    expect(kindOf({ type: 'boolean', const: true }, 'signInstalled')).toBe('boolean');
    expect(kindOf({ type: 'array', items: { type: 'string' } }, 'missing')).toBe('stringArray');
    expect(kindOf({ type: 'array', items: { type: 'string', enum: ['roof'] } }, 'failedItems')).toBe('enumArray');
    expect(kindOf({ type: 'array', items: { type: 'object', properties: {} } }, 'x')).toBe('objectArray');
    expect(isChecklist(acceptance.properties.checklist)).toBe(true);
  });
});

describe('draft to payload', () => {
  it('converts numbers, drops empty optional fields, trims text', () => {
    const schema = {
      type: 'object',
      properties: { amount: { type: 'number' }, note: { type: 'string' }, opinion: { type: 'string' } },
    };
    const draft = { amount: '2500.5', note: '  ok  ', opinion: '' };
    expect(toValue(schema, draft)).toEqual({ amount: 2500.5, note: 'ok' });
  });

  it('builds checklists and string lists', () => {
    let draft = initialDraft(acceptance);
    draft = setAt(draft, ['checklist', 'foundation'], true);
    draft = setAt(draft, ['inspectors', '0'], '张工');
    expect(toValue(acceptance, draft)).toEqual({ checklist: { foundation: true, roof: false }, inspectors: ['张工'] });
  });

  it('converts datetime-local input to an ISO instant', () => {
    const v = toValue({ type: 'string', format: 'date-time' }, '2025-03-01T08:30', 'grantedAt') as string;
    expect(new Date(v).getTime()).toBe(new Date('2025-03-01T08:30').getTime());
  });
});

describe('validation', () => {
  it('reports required, minLength and range errors by path', () => {
    const schema = {
      type: 'object',
      required: ['reason', 'subsidyAmount'],
      properties: {
        reason: { type: 'string', minLength: 5 },
        subsidyAmount: { type: 'number', exclusiveMinimum: 0 },
        percent: { type: 'integer', minimum: 0, maximum: 100 },
      },
    };
    const errors = validate(schema, { reason: '太短', percent: 120 }, 'payload', t as never, true);
    expect(errors).toEqual({
      'payload.reason': 'validation.minLength:{"n":5}',
      'payload.subsidyAmount': 'validation.required',
      'payload.percent': 'validation.maximum:{"n":100}',
    });
    expect(validate(schema, { reason: '不符合条件', subsidyAmount: 0 }, 'payload', t as never, true)).toEqual({
      'payload.subsidyAmount': 'validation.exclusiveMinimum:{"n":0}',
    });
  });

  it('requires a const true checkbox to be checked and array minimums', () => {
    const schema = {
      type: 'object',
      required: ['signInstalled', 'participants'],
      properties: {
        signInstalled: { type: 'boolean', const: true },
        participants: { type: 'array', minItems: 3, items: { type: 'string' } },
      },
    };
    expect(validate(schema, { signInstalled: false, participants: ['a', 'b'] }, 'payload', t as never, true)).toEqual({
      'payload.signInstalled': 'validation.const',
      'payload.participants': 'validation.minItems:{"n":3}',
    });
  });

  it('names a non-number typed into a number field', () => {
    const schema = { type: 'object', properties: { amount: { type: 'number' } } };
    const value = toValue(schema, { amount: '12x' });
    expect(validate(schema, value, 'payload', t as never)).toEqual({ 'payload.amount': 'validation.number' });
  });

  it('knows every path it renders (server errors elsewhere go above the form)', () => {
    const draft = initialDraft(acceptance);
    expect([...renderedPaths(acceptance, draft, 'payload')].sort()).toEqual([
      'payload', 'payload.checklist', 'payload.checklist.foundation', 'payload.checklist.roof',
      'payload.inspectors', 'payload.inspectors.0',
    ]);
  });
});

describe('an optional nested block left empty', () => {
  it('is absent from the value, so validation does not refuse its empty fields (a county visit not made)', () => {
    const visit = { type: 'object', required: ['visitDate', 'investigators'], properties: { visitDate: { type: 'string', format: 'date' }, investigators: { type: 'array', minItems: 2, items: { type: 'string' } } } };
    const schema = { type: 'object', required: ['amountYuan'], properties: { amountYuan: { type: 'number' }, countyVisit: visit } };
    const draft = initialDraft(schema);
    expect(toValue(schema, { ...(draft as object), amountYuan: '900' })).toEqual({ amountYuan: 900 });
    const filled = toValue(schema, { ...(draft as object), amountYuan: '900', countyVisit: { visitDate: '2026-11-28', investigators: ['李', '赵'] } });
    expect(filled).toEqual({ amountYuan: 900, countyVisit: { visitDate: '2026-11-28', investigators: ['李', '赵'] } });
  });
});

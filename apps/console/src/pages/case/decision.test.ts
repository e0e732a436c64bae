import { describe, expect, it } from 'vitest';
import type { DecisionKind, ProcessEvent } from '../../api/types';
import { codesIn } from '../../lib/visibleCodes';
import { validate } from '../../schema-form/validate';
import { applyHints, checkHints, decisionKind, endsOrUndoes, groupDecisions, moneyFields, needsConfirmation } from './decision';

const t = (key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ''}`;
const ev = (type: string, decision: DecisionKind, payload: Record<string, unknown> = {}): ProcessEvent =>
  ({ type, title: { zh: type, en: type }, payload, actors: [], decision });

const approveSchema = {
  type: 'object',
  required: ['method', 'subsidyAmount'],
  additionalProperties: false,
  properties: {
    method: { type: 'string', enum: ['reinforce', 'rebuild', 'new_build', 'rent'] },
    subsidyAmount: { type: 'number', exclusiveMinimum: 0, maximum: 1000000 },
    opinion: { type: 'string', maxLength: 2000 },
  },
};
const gradeD = {
  method: { options: ['rebuild', 'rent'] },
  subsidyAmount: { maximumBy: { field: 'method', values: { rebuild: 35000, rent: 10000 } }, note: { zh: '补助上限', en: 'cap' } },
};

describe('decision kinds', () => {
  it('groups events by what they do, refusals before returns and withdrawal last', () => {
    const groups = groupDecisions([ev('WITHDRAW', 'withdraw'), ev('RETURN_FOR_CORRECTION', 'return'), ev('RECORD_OBJECTION', 'other'),
      ev('TOWNSHIP_REJECT', 'refuse'), ev('TOWNSHIP_APPROVE', 'approve'), ev('COUNTY_APPROVE', 'approve')]);
    expect(groups.map((g) => [g.kind, g.events.map((e) => e.type)])).toEqual([
      ['approve', ['TOWNSHIP_APPROVE', 'COUNTY_APPROVE']], ['refuse', ['TOWNSHIP_REJECT']], ['return', ['RETURN_FOR_CORRECTION']],
      ['other', ['RECORD_OBJECTION']], ['withdraw', ['WITHDRAW']],
    ]);
  });

  it('reads the kind the process declares, never the event\'s name; an event it cannot find is other', () => {
    // A name that reads like an approval, declared a refusal (and the reverse): the declaration wins.
    expect(decisionKind(ev('AGREEMENT_FILED', 'other'))).toBe('other');
    expect(groupDecisions([ev('PASSED_TO_TRIBUNAL', 'refuse'), ev('REJECTION_OVERTURNED', 'approve')]).map((g) => g.kind)).toEqual(['approve', 'refuse']);
    expect(decisionKind(undefined)).toBe('other');
    expect(decisionKind({} as ProcessEvent)).toBe('other');
  });

  it('refusals and withdrawals get a danger button, nothing else', () => {
    const kinds: DecisionKind[] = ['approve', 'refuse', 'return', 'other', 'withdraw'];
    expect(kinds.map((k) => endsOrUndoes(ev('X', k)))).toEqual([false, true, false, false, true]);
  });
});

describe('limits from the case hints', () => {
  it('caps a number, cuts the options to what the grade allows and prefills, so the schema validation enforces them', () => {
    const s = applyHints(
      { type: 'object', required: ['amount'], properties: { amount: { type: 'number', maximum: 1000000 } } },
      { amount: { maximum: 3000, value: 2500, note: { zh: '乡镇直接审批上限 3,000 元', en: 'cap' } } },
    );
    const amount = (s.properties as any).amount;
    expect(amount).toMatchObject({ maximum: 3000, default: 2500, description: { zh: '乡镇直接审批上限 3,000 元' } });
    expect(validate(s, { amount: 3001 }, 'payload', t as any, true)).toEqual({ 'payload.amount': 'validation.maximum{"n":3000}' });
    expect(validate(s, { amount: 3000 }, 'payload', t as any, true)).toEqual({});
    expect((applyHints(approveSchema, gradeD).properties as any).method.enum).toEqual(['rebuild', 'rent']);
  });

  it('checks a cap that depends on the chosen method, and an amount that must equal the computed one', () => {
    expect(checkHints({ method: 'rebuild', subsidyAmount: 36000 }, gradeD, t as any)).toEqual({ 'payload.subsidyAmount': 'validation.maximum{"n":35000}' });
    expect(checkHints({ method: 'rent', subsidyAmount: 12000 }, gradeD, t as any)).toEqual({ 'payload.subsidyAmount': 'validation.maximum{"n":10000}' });
    expect(checkHints({ method: 'rebuild', subsidyAmount: 35000 }, gradeD, t as any)).toEqual({});
    const computed = { amountYuan: { equals: 900, value: 900 } };
    expect(checkHints({ amountYuan: 901 }, computed, t as any)).toEqual({ 'payload.amountYuan': 'decision.mustEqual{"n":900}' });
    expect(checkHints({ amountYuan: 900 }, computed, t as any)).toEqual({});
  });

  it('votes within attendees and a meeting that has taken place, named in words', () => {
    const meeting = { votesAgainst: { sumAtMost: { fields: ['votesFor'], field: 'attendees' } }, meetingDate: { notAfterToday: true } };
    const label = (f: string) => ({ votesFor: '赞成票', votesAgainst: '反对票', attendees: '参会人数' })[f] ?? f;
    expect(checkHints({ attendees: 31, votesFor: 29, votesAgainst: 3, meetingDate: '2026-11-30' }, meeting, t as any, label, 'payload', '2026-11-29')).toEqual({
      'payload.votesAgainst': 'decision.sumAtMost{"fields":"赞成票与反对票","field":"参会人数","n":31,"sum":32}',
      'payload.meetingDate': 'decision.notAfterToday{"today":"2026-11-29"}',
    });
    expect(checkHints({ attendees: 31, votesFor: 29, votesAgainst: 2, meetingDate: '2026-11-29' }, meeting, t as any, label, 'payload', '2026-11-29')).toEqual({});
  });

  it('all field errors at once: a missing method and a missing amount are both reported', () => {
    const s = applyHints(approveSchema, gradeD);
    expect(Object.keys(validate(s, {}, 'payload', t as any, true)).sort()).toEqual(['payload.method', 'payload.subsidyAmount']);
  });

  it('asks before money is approved and before a withdrawal, not before a refusal', () => {
    expect(moneyFields(approveSchema, gradeD)).toEqual(['subsidyAmount']);
    const reason = { properties: { reason: { type: 'string' } } };
    expect(needsConfirmation(ev('COUNTY_APPROVE', 'approve', approveSchema), gradeD)).toBe(true);
    expect(needsConfirmation(ev('WITHDRAW', 'withdraw', reason), undefined)).toBe(true);
    expect(needsConfirmation(ev('COUNTY_REJECT', 'refuse', reason), undefined)).toBe(false);
    expect(needsConfirmation(ev('TOWNSHIP_APPROVE', 'approve', { properties: { opinion: { type: 'string' } } }), undefined)).toBe(false);
    // An amount on a refusal or a return is not money granted.
    expect(needsConfirmation(ev('RETURN_FOR_CORRECTION', 'return', approveSchema), gradeD)).toBe(false);
  });
});

describe('codes in visible text', () => {
  it('finds snake_case codes, event names and UUIDs, and leaves words, numbers and short ids alone', () => {
    expect(codesIn('理由：concealment_or_false_evidence；TASK_CLAIM_EXPIRED；已由 b760fc90-1c2d-4e5f-8a9b-0c1d2e3f4a5b 认领'))
      .toEqual(['concealment_or_false_evidence', 'TASK_CLAIM_EXPIRED', 'b760fc90-1c2d-4e5f-8a9b-0c1d2e3f4a5b']);
    expect(codesIn('刘长顺 · 县级审批 · 35,000 元 · 案件 b760fc90 · 2026-11-29 10:00 · lvshi.wang')).toEqual([]);
  });
});

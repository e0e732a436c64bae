import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../../api/types';
import { codesIn } from '../../lib/visibleCodes';
import { validate } from '../../schema-form/validate';
import { applyHints, checkHints, decisionKind, groupDecisions, moneyFields, needsConfirmation } from './decision';

const t = (key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ''}`;
const ev = (type: string, payload: Record<string, unknown> = {}): ProcessEvent => ({ type, title: { zh: type, en: type }, payload, actors: [] });

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
    expect(['TOWNSHIP_APPROVE', 'CONFIRM_DIBAO', 'GRANT_AID', 'ACCEPTANCE_PASSED'].map(decisionKind)).toEqual(['approve', 'approve', 'approve', 'approve']);
    expect(['COUNTY_REJECT', 'REFUSE_DIBAO', 'IDENTITY_NOT_VERIFIED', 'ACCEPTANCE_FAILED', 'DECLINE_EMERGENCY'].map(decisionKind))
      .toEqual(['refuse', 'refuse', 'refuse', 'refuse', 'refuse']);
    expect(['RETURN_FOR_CORRECTION', 'REQUEST_MATERIALS'].map(decisionKind)).toEqual(['return', 'return']);
    expect(['WITHDRAW', 'REVOKE_RELIEF'].map(decisionKind)).toEqual(['withdraw', 'withdraw']);
    expect(decisionKind('RECORD_COLLECTIVE_REVIEW')).toBe('other');
    const groups = groupDecisions([ev('WITHDRAW'), ev('RETURN_FOR_CORRECTION'), ev('TOWNSHIP_REJECT'), ev('TOWNSHIP_APPROVE')]);
    expect(groups.map((g) => g.kind)).toEqual(['approve', 'refuse', 'return', 'withdraw']);
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
    expect(needsConfirmation('COUNTY_APPROVE', approveSchema, gradeD)).toBe(true);
    expect(needsConfirmation('WITHDRAW', { properties: { reason: { type: 'string' } } }, undefined)).toBe(true);
    expect(needsConfirmation('COUNTY_REJECT', { properties: { reason: { type: 'string' } } }, undefined)).toBe(false);
    expect(needsConfirmation('TOWNSHIP_APPROVE', { properties: { opinion: { type: 'string' } } }, undefined)).toBe(false);
  });
});

describe('codes in visible text', () => {
  it('finds snake_case codes, event names and UUIDs, and leaves words, numbers and short ids alone', () => {
    expect(codesIn('理由：concealment_or_false_evidence；TASK_CLAIM_EXPIRED；已由 b760fc90-1c2d-4e5f-8a9b-0c1d2e3f4a5b 认领'))
      .toEqual(['concealment_or_false_evidence', 'TASK_CLAIM_EXPIRED', 'b760fc90-1c2d-4e5f-8a9b-0c1d2e3f4a5b']);
    expect(codesIn('刘长顺 · 县级审批 · 35,000 元 · 案件 b760fc90 · 2026-11-29 10:00 · lvshi.wang')).toEqual([]);
  });
});

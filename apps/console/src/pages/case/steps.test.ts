import { describe, expect, it } from 'vitest';
import type { DecisionKind, ProcessInfo } from '../../api/types';
import { buildSteps } from './steps';

const event = (type: string, decision: DecisionKind) => ({ type, title: { zh: type, en: type }, payload: {}, actors: [], decision });

/**
 * intake → review; review's exits: a refusal, a return, a withdrawal and the approval (listed last,
 * named like a refusal: only the declared kind counts) → notice → (automatic) done.
 */
const def = {
  key: 'p', version: 1, title: { zh: 'p', en: 'p' }, initial: 'intake', filing: {},
  states: [
    { id: 'intake', title: { zh: '', en: '' } }, { id: 'review', title: { zh: '', en: '' } }, { id: 'notice', title: { zh: '', en: '' } },
    { id: 'returned', title: { zh: '', en: '' } },
    { id: 'done', title: { zh: '', en: '' }, final: { outcome: 'granted' } },
    { id: 'refused', title: { zh: '', en: '' }, final: { outcome: 'refused' } },
  ],
  events: [event('SUBMIT', 'other'), event('SEND_BACK', 'return'), event('NO', 'refuse'), event('GIVE_UP', 'withdraw'), event('REJECTION_OVERRULED', 'approve')],
  transitions: [
    { from: 'intake', event: 'SUBMIT', to: ['review'] },
    { from: 'review', event: 'NO', to: ['refused'] },
    { from: 'review', event: 'SEND_BACK', to: ['returned'] },
    { from: 'review', event: 'GIVE_UP', to: ['refused'] },
    { from: 'review', event: 'REJECTION_OVERRULED', to: ['notice'] },
    { from: 'notice', event: '', to: ['done'] },
  ],
  outcomes: { granted: { title: { zh: '', en: '' }, counts: 'completed' }, refused: { title: { zh: '', en: '' }, counts: 'refused' } },
} as unknown as ProcessInfo;

describe('step bar', () => {
  it('walks the declared approvals and other actions ahead, never a return, refusal or withdrawal', () => {
    const steps = buildSteps(def, 'intake', [], '2026-01-01T00:00:00Z');
    expect(steps.map((s) => [s.state, s.status])).toEqual([['intake', 'current'], ['review', 'next'], ['notice', 'next'], ['done', 'next']]);
  });
});

import { describe, expect, it } from 'vitest';
import { domId, fieldErrorsFrom, normalizeFieldPath, unclaimedErrors } from './fieldPath';

describe('field paths', () => {
  it('normalises dotted, bracketed and pointer forms to dots', () => {
    expect(normalizeFieldPath('applicant.idNumber')).toBe('applicant.idNumber');
    expect(normalizeFieldPath('payload.inspectors[0]')).toBe('payload.inspectors.0');
    expect(normalizeFieldPath('/data/requestedAmount')).toBe('data.requestedAmount');
    expect(normalizeFieldPath("payload['checklist'].roof")).toBe('payload.checklist.roof');
  });

  it('keys server errors by path, first message wins', () => {
    const errors = fieldErrorsFrom([
      { field: 'applicant.idNumber', message: '校验码不正确' },
      { field: 'applicant.idNumber', message: 'second' },
      { field: 'data.requestedAmount', message: '必须大于 0' },
    ]);
    expect(errors).toEqual({ 'applicant.idNumber': '校验码不正确', 'data.requestedAmount': '必须大于 0' });
    expect(unclaimedErrors(errors, new Set(['applicant.idNumber']))).toEqual([['data.requestedAmount', '必须大于 0']]);
  });

  it('makes DOM ids without dots', () => {
    expect(domId('ev-TOWNSHIP_APPROVE', 'payload.opinion')).toBe('ev-TOWNSHIP_APPROVE--payload-opinion');
  });
});

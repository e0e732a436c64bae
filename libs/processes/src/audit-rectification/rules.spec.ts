/** Rules of the ledger and its configuration. */
import { loadAuditRectificationConfig } from './config';
import { englishProblems, eventRules, inZh, unrefused } from '../spec-refusals';
import { config, def, ev, run } from './spec-support';

const env = { now: new Date('2024-09-15T04:00:00Z'), config, flags: [], jurisdiction: { villageCode: '', townshipCode: '', countyCode: '' }, findUser: async () => undefined };
const rule = (type: keyof typeof def.events, events: Parameters<typeof run>[0], payload: Record<string, unknown>) =>
  // The Chinese reason; its English is checked on the way (spec-refusals.ts).
  inZh(def.events[type].rule as (...a: unknown[]) => { zh: string; en: string } | null)(run(events).context, payload, env);

describe('audit-rectification rules', () => {
  it('销号 and withdrawal wait for every referral outcome (referral_pending)', () => {
    const referred = [ev.submit, ev.accept, ev.recheckDue, ev.refer()];
    expect(rule('RECHECK_PASSED', referred, { checkedAt: '2024-09-10', note: 'x' })).toMatch(/^referral_pending/);
    expect(rule('RECHECK_PASSED', [...referred, ev.referralOutcome()], { checkedAt: '2024-09-10', note: 'x' })).toBeNull();
    expect(rule('WITHDRAW_FINDING', [ev.contest, ev.refer()], { reason: '申辩成立了' })).toMatch(/^referral_pending/);
    expect(rule('WITHDRAW_FINDING', [ev.contest], { reason: '申辩成立了' })).toBeNull();
  });

  it('accepting needs a rectification, not a contest', () => {
    expect(rule('ACCEPT_RECTIFICATION', [ev.contest], { note: 'x' })).toMatch(/申辩/);
    expect(rule('ACCEPT_RECTIFICATION', [ev.submit], { note: 'x' })).toBeNull();
  });

  it('a receipt number once per receiving body in the finding; outcomes only for pending receipts', () => {
    expect(rule('REFER_CLUE', [ev.refer('A-1')], { to: 'discipline_inspection', receiptNo: 'A-1', referredAt: '2024-09-01' })).toMatch(/已登记/);
    expect(rule('REFER_CLUE', [ev.refer('A-1')], { to: 'judicial', receiptNo: 'A-1', referredAt: '2024-09-01' })).toBeNull();
    expect(rule('RECORD_REFERRAL_OUTCOME', [], { receiptNo: 'A-1' })).toMatch(/没有待反馈/);
    expect(def.events.REFER_CLUE.uniqueAcrossCases).toMatchObject({ contextField: 'referrals', keys: ['to', 'receiptNo'] });
    expect(englishProblems(def.events.REFER_CLUE.uniqueAcrossCases!.reason)).toEqual([]);
  });

  it('real calendar dates are not in the future', () => {
    expect(rule('SUBMIT_RECTIFICATION', [], { completedAt: '2024-09-16' })).toMatch(/不能晚于今天/);
    expect(rule('SUBMIT_RECTIFICATION', [], { completedAt: '2024-09-15' })).toBeNull();
  });

  it('the filing check: the responsible unit lies on the subject path and its role acts there', () => {
    // The check answers {zh, en} (the api picks by Accept-Language); the Chinese is asserted here.
    const check = (data: Record<string, any>, subject: any) => def.subject!.check!(data, subject)?.zh ?? null;
    const { subject, filing } = jest.requireActual('./spec-support');
    expect(check(filing(), subject)).toBeNull();
    expect(check(filing({ responsibleJurisdictionCode: '370831001' }), subject)).toMatch(/村、乡镇或县/);
    expect(check(filing({ responsibleJurisdictionCode: '370832', responsibleRole: 'county_civil' }), subject)).toMatch(/不在该层级/);
    expect(check(filing({ responsibleJurisdictionCode: '370832', responsibleRole: 'county_housing' }), subject)).toBeNull();
    expect(check(filing({ responsibleRole: 'township_officer' }), subject)).toMatch(/不在该层级/);
  });

  it('config: the documented defaults, overridable, never zero', () => {
    expect(loadAuditRectificationConfig({})).toEqual({ rectificationDays: 30, returnDays: 15, escalationGraceDays: 15, recheckDays: 90 });
    expect(loadAuditRectificationConfig({ AUDIT_RECHECK_DAYS: '60' }).recheckDays).toBe(60);
    expect(() => loadAuditRectificationConfig({ AUDIT_ESCALATION_GRACE_DAYS: '0' })).toThrow(/AUDIT_ESCALATION_GRACE_DAYS/);
    expect(() => loadAuditRectificationConfig({ AUDIT_RECTIFICATION_DAYS: '200' })).toThrow(/180/);
  });

  it('the filing schema has no applicant and no villageCode and bounds the deadline', () => {
    const props = def.filing.properties as Record<string, any>;
    expect(props.applicant).toBeUndefined();
    expect(props.villageCode).toBeUndefined();
    expect(props.rectificationDays).toMatchObject({ minimum: 1, maximum: 180 });
    expect(props.description.minLength).toBe(10);
    expect(props.basis.minLength).toBe(5);
  });
});

// Last, so that it sees every case above (jest runs a file's tests in order).
describe('the refusals in English (issue 18)', () => {
  it('every rule of the process refused in a case above, each time with plain English beside the Chinese', () => {
    expect(unrefused(eventRules(def))).toEqual([]);
  });
});

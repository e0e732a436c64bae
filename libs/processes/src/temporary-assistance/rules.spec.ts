import { eventRules, inZh, unrefused } from '../spec-refusals';
import * as rules from './rules';
import { chinaToday, REPEAT_FLAG } from './rules';
import { def, emergencyFiling, normalFiling, ruleEnv } from './spec-support';
import type { TemporaryAssistanceContext } from './types';

// Each answers its Chinese reason; its English is checked on the way (spec-refusals.ts).
const grantFirstReliefRule = inZh(rules.grantFirstReliefRule);
const approveRule = inZh(rules.approveRule);
const recordDeliberationRule = inZh(rules.recordDeliberationRule);

const base: TemporaryAssistanceContext = { data: normalFiling, lane: 'normal', objections: [], charityReferrals: [] };
const at = (approvalStage: TemporaryAssistanceContext['approvalStage']) => ({ ...base, approvalStage });
const deliberation = (over: Record<string, unknown> = {}) => ({
  meetingDate: '2024-06-10',
  participants: ['张民政', '李财政', '王乡镇'],
  decision: 'approve' as const,
  amount: 45000,
  minutesRef: '梁民议〔2024〕12号',
  ...over,
});

describe('temporary-assistance rules', () => {
  it('are wired to their events', () => {
    expect(def.events.GRANT_FIRST_RELIEF.rule).toBe(rules.grantFirstReliefRule);
    expect(def.events.APPROVE.rule).toBe(rules.approveRule);
    expect(def.events.RECORD_DELIBERATION.rule).toBe(rules.recordDeliberationRule);
  });

  describe('GRANT_FIRST_RELIEF', () => {
    const ctx = { ...base, data: emergencyFiling, lane: 'emergency' as const };
    it('accepts first relief up to the township limit', () => {
      expect(grantFirstReliefRule(ctx, { amount: 3000 }, ruleEnv())).toBeNull();
    });
    it('refuses first relief above the township limit, naming the limit', () => {
      expect(grantFirstReliefRule(ctx, { amount: 3500 }, ruleEnv())).toBe(
        '先行救助金额 3500 元超过乡镇直接审批上限 3000 元；超出部分请在补齐手续后按常规程序申请',
      );
    });
  });

  describe('APPROVE', () => {
    it('a township approval up to the limit passes, above it is refused with a pointer to the county', () => {
      expect(approveRule(at('township'), { amount: 3000 }, ruleEnv())).toBeNull();
      expect(approveRule(at('township'), { amount: 3001 }, ruleEnv())).toBe(
        '乡镇直接审批金额不得超过 3000 元（本次 3001 元）；超过的应报县民政局审批',
      );
    });

    it('a county approval may exceed the township limit but not the standard maximum', () => {
      expect(approveRule(at('county'), { amount: 20000 }, ruleEnv())).toBeNull();
      expect(approveRule(at('county'), { amount: 20001 }, ruleEnv())).toBe(
        '县级审批金额不得超过临时救助标准上限 20000 元（本次 20001 元）；超过的须一事一议',
      );
    });

    it('a repeat applicant needs an override reason of at least 5 characters', () => {
      const flags = [REPEAT_FLAG];
      const reason = approveRule(at('township'), { amount: 1000 }, ruleEnv(flags));
      expect(reason).toContain('365 天内已因同类困难申请过临时救助');
      expect(reason).toContain('overrideReason');
      expect(approveRule(at('township'), { amount: 1000, overrideReason: '  再次 ' }, ruleEnv(flags))).not.toBeNull();
      expect(approveRule(at('township'), { amount: 1000, overrideReason: '二次火灾，损失属实' }, ruleEnv(flags))).toBeNull();
    });

    it('without the repeat flag no override reason is needed, and other flags do not demand one', () => {
      expect(approveRule(at('county'), { amount: 9000 }, ruleEnv(['possible_split', 'sla_warning']))).toBeNull();
    });

    it('the amount limit is checked before the override', () => {
      expect(approveRule(at('township'), { amount: 5000, overrideReason: '二次火灾，损失属实' }, ruleEnv([REPEAT_FLAG]))).toContain(
        '乡镇直接审批金额不得超过',
      );
    });
  });

  describe('RECORD_DELIBERATION', () => {
    const today = new Date('2024-06-15T04:00:00Z');
    const ok = (p: Record<string, unknown>, flags: string[] = []) => recordDeliberationRule(at('deliberation'), p as any, ruleEnv(flags, today));

    it('accepts a complete approving record and a reasoned rejection', () => {
      expect(ok(deliberation())).toBeNull();
      expect(ok(deliberation({ decision: 'reject', amount: undefined, reason: '已由医保大病保险兜底' }))).toBeNull();
    });

    it('counts participants once each and refuses fewer than the configured minimum', () => {
      expect(ok(deliberation({ participants: ['张民政', '张民政 ', '李财政'] }))).toBe(
        '一事一议参会人员不少于 3 人（当前 2 人，重复姓名只计一次），请补全参会人员',
      );
    });

    it('refuses a meeting dated after today (China date), accepts today', () => {
      expect(ok(deliberation({ meetingDate: '2024-06-16' }))).toBe('会议日期 2024-06-16 晚于今天，请填写会议实际召开的日期');
      expect(ok(deliberation({ meetingDate: '2024-06-15' }))).toBeNull();
      // 2024-06-15T20:00Z is already 06-16 in China
      expect(recordDeliberationRule(at('deliberation'), deliberation({ meetingDate: '2024-06-16' }) as any, ruleEnv([], new Date('2024-06-15T20:00:00Z')))).toBeNull();
    });

    it('an approval needs an amount; a rejection needs a reason', () => {
      expect(ok(deliberation({ amount: undefined }))).toBe('一事一议决定给予救助时，须填写救助金额（amount）');
      expect(ok(deliberation({ decision: 'reject', amount: undefined }))).toBe('一事一议决定不予救助时，须写明理由（reason），不少于 5 个字');
    });

    it('an approval for a repeat applicant needs an override reason; a rejection does not', () => {
      expect(ok(deliberation(), [REPEAT_FLAG])).toContain('overrideReason');
      expect(ok(deliberation({ overrideReason: '重大疾病，确需再次救助' }), [REPEAT_FLAG])).toBeNull();
      expect(ok(deliberation({ decision: 'reject', amount: undefined, reason: '已由医保大病保险兜底' }), [REPEAT_FLAG])).toBeNull();
    });
  });

  it('chinaToday is the calendar date at UTC+8', () => {
    expect(chinaToday(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(chinaToday(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });
});

// Last, so that it sees every case above (jest runs a file's tests in order).
describe('the refusals in English (issue 18)', () => {
  it('every rule of the process refused in a case above, each time with plain English beside the Chinese', () => {
    expect(unrefused(eventRules(def))).toEqual([]);
  });
});

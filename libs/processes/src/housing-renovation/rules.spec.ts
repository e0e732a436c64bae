import { housingRenovation } from './index';
import { eventRules, inZh, unrefused } from '../spec-refusals';
import * as rules from './rules';
import { chinaToday } from './rules';
import { allPassed, config, def, filing, ruleEnv } from './spec-support';
import type { CollectiveReview, Grade, HousingRenovationContext } from './types';

// Each answers its Chinese reason; its English is checked on the way (spec-refusals.ts).
const collectiveReviewRule = inZh(rules.collectiveReviewRule);
const countyApproveRule = inZh(rules.countyApproveRule);
const signAgreementRule = inZh(rules.signAgreementRule);
const acceptancePassedRule = inZh(rules.acceptancePassedRule);
const acceptanceFailedRule = inZh(rules.acceptanceFailedRule);
const handoverRule = inZh(rules.handoverRule);

const base: HousingRenovationContext = { data: filing, category: 'registered_poor', noticesCompleted: [], objections: [], acceptanceFailures: 0 };
const graded = (grade?: Grade): HousingRenovationContext => ({ ...base, grade });
const review = (over: Partial<CollectiveReview> = {}): CollectiveReview => ({
  meetingDate: '2026-11-20', attendees: 31, votesFor: 29, votesAgainst: 1, minutesRef: '会议记录〔2026〕11号', passed: true, ...over,
});

describe('housing-renovation rules', () => {
  it('are wired to their events; events without business rules have none', () => {
    expect(def.events.RECORD_COLLECTIVE_REVIEW.rule).toBe(rules.collectiveReviewRule);
    expect(def.events.COUNTY_APPROVE.rule).toBe(rules.countyApproveRule);
    expect(def.events.SIGN_AGREEMENT.rule).toBe(rules.signAgreementRule);
    expect(def.events.ACCEPTANCE_PASSED.rule).toBe(rules.acceptancePassedRule);
    expect(def.events.ACCEPTANCE_FAILED.rule).toBe(rules.acceptanceFailedRule);
    expect(def.events.HANDOVER.rule).toBe(rules.handoverRule);
    const withRules = Object.entries(def.events).filter(([, e]) => e.rule).map(([t]) => t).sort();
    expect(withRules).toEqual(['ACCEPTANCE_FAILED', 'ACCEPTANCE_PASSED', 'COUNTY_APPROVE', 'HANDOVER', 'RECORD_COLLECTIVE_REVIEW', 'SIGN_AGREEMENT']);
  });

  describe('RECORD_COLLECTIVE_REVIEW', () => {
    it('accepts votes up to the number of attendees (failed reviews too)', () => {
      expect(collectiveReviewRule(base, review(), ruleEnv())).toBeNull();
      expect(collectiveReviewRule(base, review({ votesFor: 30, votesAgainst: 1 }), ruleEnv())).toBeNull();
      expect(collectiveReviewRule(base, review({ votesFor: 5, votesAgainst: 26, passed: false }), ruleEnv())).toBeNull();
    });
    it('refuses more votes than attendees', () => {
      expect(collectiveReviewRule(base, review({ votesFor: 30, votesAgainst: 2 }), ruleEnv())).toBe(
        '赞成票（30）与反对票（2）之和不能超过参会人数（31），请核对会议记录',
      );
    });
    it('refuses a meeting date after today in China (UTC+8)', () => {
      // 2026-11-28 20:00 UTC is already 29 November in China.
      const lateEvening = new Date('2026-11-28T20:00:00Z');
      expect(chinaToday(lateEvening)).toBe('2026-11-29');
      expect(collectiveReviewRule(base, review({ meetingDate: '2026-11-29' }), ruleEnv(lateEvening))).toBeNull();
      expect(collectiveReviewRule(base, review({ meetingDate: '2026-11-29' }), ruleEnv())).toBe(
        '会议日期 2026-11-29 晚于今天，请填写集体评议实际召开的日期',
      );
    });
  });

  describe('COUNTY_APPROVE', () => {
    it.each([
      ['C', 'reinforce', 15000], ['D', 'rebuild', 35000], ['D', 'rent', 10000], ['NO_HOUSE', 'new_build', 35000], ['NO_HOUSE', 'rent', 1],
    ] as const)('grade %s, %s, %p yuan: accepted', (grade, method, amount) => {
      expect(countyApproveRule(graded(grade), { method, subsidyAmount: amount }, ruleEnv())).toBeNull();
    });

    it.each([
      ['C', 'rebuild', '房屋危险性评定结果为“C 级（局部危房）”，改造方式只能为维修加固（reinforce），不能选择拆除重建'],
      ['D', 'reinforce', '房屋危险性评定结果为“D 级（整幢危房）”，改造方式只能为拆除重建（rebuild）或租赁安置（rent），不能选择维修加固'],
      ['NO_HOUSE', 'rebuild', '房屋危险性评定结果为“无房户”，改造方式只能为新建（new_build）或租赁安置（rent），不能选择拆除重建'],
    ] as const)('grade %s refuses %s, naming the allowed methods', (grade, method, reason) => {
      expect(countyApproveRule(graded(grade), { method, subsidyAmount: 1000 }, ruleEnv())).toBe(reason);
    });

    it('refuses an amount above the maximum of the method, naming it', () => {
      expect(countyApproveRule(graded('C'), { method: 'reinforce', subsidyAmount: 15001 }, ruleEnv())).toBe('补助金额 15001 元超过维修加固上限 15000 元');
      expect(countyApproveRule(graded('D'), { method: 'rent', subsidyAmount: 12000 }, ruleEnv())).toBe('补助金额 12000 元超过租赁安置上限 10000 元');
    });

    it('refuses a zero amount and a case without a qualifying grade', () => {
      expect(countyApproveRule(graded('D'), { method: 'rebuild', subsidyAmount: 0 }, ruleEnv())).toBe('补助金额必须大于 0 元');
      const noGrade = '本案没有符合改造条件的房屋危险性评定结果（C/D 级或无房户），不能审批';
      expect(countyApproveRule(graded(), { method: 'rebuild', subsidyAmount: 100 }, ruleEnv())).toBe(noGrade);
      expect(countyApproveRule(graded('B'), { method: 'rebuild', subsidyAmount: 100 }, ruleEnv())).toBe(noGrade);
    });

    it('reads the configured maxima', () => {
      const d = housingRenovation({ HOUSING_SUBSIDY_MAX_REINFORCE: '20000' });
      const env = { now: new Date(), config: d.config };
      expect(countyApproveRule(graded('C'), { method: 'reinforce', subsidyAmount: 18000 }, env)).toBeNull();
      expect(countyApproveRule(graded('C'), { method: 'reinforce', subsidyAmount: 18000 }, ruleEnv())).toMatch(/上限 15000 元/);
    });
  });

  describe('SIGN_AGREEMENT', () => {
    it('accepts a planned completion on or after the signing date, refuses one before', () => {
      expect(signAgreementRule(base, { signedAt: '2026-12-01', plannedCompletionDate: '2026-12-01' }, ruleEnv())).toBeNull();
      expect(signAgreementRule(base, { signedAt: '2026-12-01', plannedCompletionDate: '2026-11-30' }, ruleEnv())).toBe(
        '计划竣工日期 2026-11-30 早于协议签订日期 2026-12-01，请核对',
      );
    });
  });

  describe('ACCEPTANCE_PASSED', () => {
    const pass = (checklist: Record<string, boolean>) => acceptancePassedRule(base, { checklist, inspectors: ['李工'] }, ruleEnv());

    it('accepts a checklist with every configured item true', () => {
      expect(pass(allPassed())).toBeNull();
    });

    it('names the missing and the failed items', () => {
      const { roof: _r, signage: _s, ...rest } = allPassed();
      expect(pass({ ...rest, foundation: false })).toBe(
        '验收清单须逐项合格方可通过验收（未填写：屋面（roof）、“农村危房改造工程”标识（signage）；不合格：地基基础（foundation））。如有不合格项目，请登记“竣工验收不合格”并整改',
      );
      expect(pass({ ...allPassed(), seismicMeasures: false })).toBe(
        '验收清单须逐项合格方可通过验收（不合格：抗震构造措施（seismicMeasures））。如有不合格项目，请登记“竣工验收不合格”并整改',
      );
    });

    it('follows a configured checklist, showing unknown-to-us keys as they are', () => {
      const d = housingRenovation({ HOUSING_ACCEPTANCE_CHECKLIST: 'roof,drainage' });
      const env = { now: new Date(), config: d.config };
      expect(acceptancePassedRule(base, { checklist: { roof: true, drainage: true }, inspectors: ['李工'] }, env)).toBeNull();
      expect(acceptancePassedRule(base, { checklist: { roof: true }, inspectors: ['李工'] }, env)).toMatch(/未填写：drainage）/);
    });
  });

  describe('ACCEPTANCE_FAILED', () => {
    const fail = (failedItems: string[]) => acceptanceFailedRule(base, { failedItems, note: '屋面漏水需整改' }, ruleEnv());
    it('accepts checklist items', () => {
      expect(fail(['roof', 'signage'])).toBeNull();
    });
    it('refuses an empty list', () => {
      expect(fail([])).toBe('请列出至少一项不合格项目（failedItems）');
    });
    it('refuses items not on the checklist, naming them and the checklist', () => {
      expect(fail(['roof', 'garden'])).toBe(`不合格项目须为验收清单中的项目：garden 不在清单中（清单项目：${config.acceptanceChecklist.join('、')}）`);
    });
  });

  describe('HANDOVER', () => {
    it('needs the sign installed', () => {
      expect(handoverRule(base, { moveInDate: '2027-05-01', signInstalled: true }, ruleEnv())).toBeNull();
      expect(handoverRule(base, { moveInDate: '2027-05-01', signInstalled: false }, ruleEnv())).toBe(
        '须在改造住房显著位置设置“农村危房改造工程”标识后，方可办理交接入住',
      );
    });
  });
});

// Last, so that it sees every case above (jest runs a file's tests in order).
describe('the refusals in English (issue 18)', () => {
  it('every rule of the process refused in a case above, each time with plain English beside the Chinese', () => {
    expect(unrefused(eventRules(def))).toEqual([]);
  });
});

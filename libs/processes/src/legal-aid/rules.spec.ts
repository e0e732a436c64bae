import { eventRules, inZh, inZhAsync, unrefused } from '../spec-refusals';
import * as rules from './rules';
import { chinaToday, daysBetween } from './rules';
import { def, filing, ruleEnv } from './spec-support';
import type { FilingData, LegalAidContext } from './types';

const base: LegalAidContext = { data: filing, lane: 'normal', materialsRequests: 0, progress: [] };
const withDeadline = (limitationDeadline?: string): LegalAidContext => ({ ...base, data: { ...filing, limitationDeadline } as FilingData });
const NOW = new Date('2024-06-15T04:00:00Z'); // 2024-06-15 12:00 in China
const env = ruleEnv(NOW);
// Each answers its Chinese reason; its English is checked on the way (spec-refusals.ts).
const economicCheckRule = inZh(rules.economicCheckRule);
const requestMaterialsRule = inZh(rules.requestMaterialsRule);
const provideAidFirstRule = inZh(rules.provideAidFirstRule);
const assignLawyerRule = inZhAsync(rules.assignLawyerRule);
const submitClosureRule = inZh(rules.submitClosureRule);
const aidFirst = { reason: '仲裁时效即将届满，须立即申请仲裁' };

describe('legal-aid rules', () => {
  it('are wired to their events', () => {
    expect(def.events.ECONOMIC_CHECK.rule).toBe(rules.economicCheckRule);
    expect(def.events.REQUEST_MATERIALS.rule).toBe(rules.requestMaterialsRule);
    expect(def.events.PROVIDE_AID_FIRST.rule).toBe(rules.provideAidFirstRule);
    expect(def.events.ASSIGN_LAWYER.rule).toBe(rules.assignLawyerRule);
    expect(def.events.SUBMIT_CLOSURE.rule).toBe(rules.submitClosureRule);
  });

  describe('dates', () => {
    it('today is the date in China, not in UTC', () => {
      expect(chinaToday(new Date('2024-06-14T15:59:59Z'))).toBe('2024-06-14');
      expect(chinaToday(new Date('2024-06-14T16:00:00Z'))).toBe('2024-06-15');
    });
    it('days between two dates are whole calendar days', () => {
      expect(daysBetween('2024-06-15', '2024-07-15')).toBe(30);
      expect(daysBetween('2024-06-15', '2024-06-15')).toBe(0);
      expect(daysBetween('2024-06-15', '2024-06-14')).toBe(-1);
      expect(daysBetween('2024-06-15', 'soon')).toBeNaN();
    });
  });

  describe('PROVIDE_AID_FIRST (Art. 44)', () => {
    it('is refused when the limitation deadline is 30 days away, saying how many days remain', () => {
      expect(provideAidFirstRule(withDeadline('2024-07-15'), aidFirst, env)).toBe(
        '距时效届满日 2024-07-15 还有 30 日，不足 7 日时才可先行提供法律援助（法律援助法第四十四条）；请按正常程序审查决定',
      );
    });

    it('is allowed when the limitation deadline is 3 days away', () => {
      expect(provideAidFirstRule(withDeadline('2024-06-18'), aidFirst, env)).toBeNull();
    });

    it('the threshold is "fewer than 7 days": 6 days is allowed, exactly 7 is refused; today itself is allowed', () => {
      expect(provideAidFirstRule(withDeadline('2024-06-21'), aidFirst, env)).toBeNull();
      expect(provideAidFirstRule(withDeadline('2024-06-22'), aidFirst, env)).toMatch(/还有 7 日/);
      expect(provideAidFirstRule(withDeadline('2024-06-15'), aidFirst, env)).toBeNull();
    });

    it('is refused without a limitation deadline, and once the deadline has passed', () => {
      expect(provideAidFirstRule(base, aidFirst, env)).toBe(
        '申请未填写时效届满日，不能先行提供法律援助；仅在距时效或期限届满不足 7 日时适用（法律援助法第四十四条）',
      );
      expect(provideAidFirstRule(withDeadline('2024-06-14'), aidFirst, env)).toMatch(/^时效届满日 2024-06-14 已过/);
    });

    it('compares with the real date in China (unscaled): late on 06-14 UTC is already 06-15 there', () => {
      const lateUtc = new Date('2024-06-14T17:00:00Z');
      expect(provideAidFirstRule(withDeadline('2024-06-22'), aidFirst, ruleEnv(lateUtc))).toMatch(/还有 7 日/);
      expect(provideAidFirstRule(withDeadline('2024-06-22'), aidFirst, ruleEnv(new Date('2024-06-14T15:00:00Z')))).toMatch(/还有 8 日/);
    });

    it('follows the configured threshold', () => {
      const strict = { ...env, config: { ...env.config, aidFirstThresholdDays: 3 } };
      expect(provideAidFirstRule(withDeadline('2024-06-18'), aidFirst, strict)).toMatch(/不足 3 日/);
      expect(provideAidFirstRule(withDeadline('2024-06-17'), aidFirst, strict)).toBeNull();
    });
  });

  describe('REQUEST_MATERIALS (one notice)', () => {
    it('the first notice passes, a second one is refused with what to do instead', () => {
      expect(requestMaterialsRule(base, { missing: ['劳动合同'] }, env)).toBeNull();
      expect(requestMaterialsRule({ ...base, materialsRequests: 1 }, { missing: ['劳动合同'] }, env)).toBe(
        '已一次性告知过需补充的材料，依法不得再次要求补充；请根据现有材料作出给予或不予法律援助的决定',
      );
    });
  });

  describe('ASSIGN_LAWYER (stub directory)', () => {
    it('accepts a lawyer of the case county', async () => {
      await expect(assignLawyerRule(base, { lawyer: 'lvshi.wang' }, env)).resolves.toBeNull();
      await expect(assignLawyerRule(base, { lawyer: ' lvshi.zhao ' }, env)).resolves.toBeNull();
    });

    it('refuses an unknown user', async () => {
      await expect(assignLawyerRule(base, { lawyer: 'lvshi.nobody' }, env)).resolves.toBe(
        '系统中没有在职用户“lvshi.nobody”，请填写法律援助人员的用户名',
      );
    });

    it('refuses a user without the lawyer role', async () => {
      await expect(assignLawyerRule(base, { lawyer: 'pingcha.li' }, env)).resolves.toBe(
        '用户“pingcha.li”不是法律援助人员（律师），不能被指派承办案件',
      );
    });

    it('refuses a lawyer of another county', async () => {
      await expect(assignLawyerRule(base, { lawyer: 'lvshi.sishui' }, env)).resolves.toBe(
        '法律援助人员“lvshi.sishui”不属于本案所在县（370832），请指派本县的法律援助人员',
      );
    });

    it('asks the directory for the trimmed username', async () => {
      const asked: string[] = [];
      const spy = { ...env, findUser: async (u: string) => (asked.push(u), undefined) };
      await assignLawyerRule(base, { lawyer: '  lvshi.wang ' }, spy);
      expect(asked).toEqual(['lvshi.wang']);
    });
  });

  describe('ECONOMIC_CHECK', () => {
    it('a pass needs no reason; a fail needs a written reason of at least 5 characters', () => {
      expect(economicCheckRule(base, { passed: true, method: 'data_check', note: '属实' }, env)).toBeNull();
      expect(economicCheckRule(base, { passed: false, method: 'data_check', note: '收入高于标准' }, env)).toBeNull();
      expect(economicCheckRule(base, { passed: false, method: 'data_check', note: ' 不符 ' }, env)).toBe(
        '经济困难审查不通过即不予法律援助，须在“说明”中写明理由，不少于 5 个字',
      );
    });
  });

  describe('SUBMIT_CLOSURE', () => {
    const closure = (closedAt: string) => ({ outcome: 'mediated' as const, summary: '调解结案', closedAt });
    it('today or earlier passes, a future date is refused', () => {
      expect(submitClosureRule(base, closure('2024-06-15'), env)).toBeNull();
      expect(submitClosureRule(base, closure('2024-06-01'), env)).toBeNull();
      expect(submitClosureRule(base, closure('2024-06-16'), env)).toBe('结案日期 2024-06-16 晚于今天，请填写实际结案的日期');
    });
  });
});

// Last, so that it sees every case above (jest runs a file's tests in order).
describe('the refusals in English (issue 18)', () => {
  it('every rule of the process refused in a case above, each time with plain English beside the Chinese', () => {
    expect(unrefused(eventRules(def))).toEqual([]);
  });
});

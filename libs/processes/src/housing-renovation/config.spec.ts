import { DEFAULT_ACCEPTANCE_CHECKLIST, HOUSING_RENOVATION_SETTINGS, loadHousingRenovationConfig } from './config';

describe('housing-renovation config', () => {
  it('has the documented defaults', () => {
    expect(loadHousingRenovationConfig({})).toEqual({
      villageNoticeDays: 7,
      townshipNoticeDays: 7,
      countyNoticeDays: 5,
      acceptanceChecklist: ['foundation', 'loadBearingStructure', 'roof', 'seismicMeasures', 'enclosure', 'basicFunctions', 'areaWithinLimits', 'signage'],
      subsidyMaximum: { reinforce: 15000, rebuild: 35000, new_build: 35000, rent: 10000 },
      stageDueDays: {
        identity_review: 5, collective_review: 15, township_audit: 7, correction: 10, danger_assessment: 10,
        county_approval: 10, agreement: 10, acceptance: 15, rectification: 30, handover: 10,
      },
    });
  });

  it('lists every setting once, prefixed HOUSING_, with a zh meaning, a unit and the default the loader uses', () => {
    const envs = HOUSING_RENOVATION_SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    expect(envs).toEqual([
      'HOUSING_VILLAGE_NOTICE_DAYS', 'HOUSING_TOWNSHIP_NOTICE_DAYS', 'HOUSING_COUNTY_NOTICE_DAYS', 'HOUSING_ACCEPTANCE_CHECKLIST',
      'HOUSING_SUBSIDY_MAX_REINFORCE', 'HOUSING_SUBSIDY_MAX_REBUILD', 'HOUSING_SUBSIDY_MAX_NEW_BUILD', 'HOUSING_SUBSIDY_MAX_RENT',
      'HOUSING_IDENTITY_REVIEW_DUE_DAYS', 'HOUSING_COLLECTIVE_REVIEW_DUE_DAYS', 'HOUSING_TOWNSHIP_AUDIT_DUE_DAYS', 'HOUSING_CORRECTION_DUE_DAYS',
      'HOUSING_ASSESSMENT_DUE_DAYS', 'HOUSING_COUNTY_APPROVAL_DUE_DAYS', 'HOUSING_AGREEMENT_DUE_DAYS', 'HOUSING_ACCEPTANCE_DUE_DAYS',
      'HOUSING_RECTIFICATION_DUE_DAYS', 'HOUSING_HANDOVER_DUE_DAYS',
    ]);
    for (const s of HOUSING_RENOVATION_SETTINGS) {
      expect(s.meaning).toMatch(/[\u4e00-\u9fa5]/);
      expect(s.unit).not.toBe('');
    }
    const checklist = HOUSING_RENOVATION_SETTINGS.find((s) => s.env === 'HOUSING_ACCEPTANCE_CHECKLIST')!;
    expect(checklist.default).toBe(DEFAULT_ACCEPTANCE_CHECKLIST.join(','));
    for (const s of HOUSING_RENOVATION_SETTINGS.filter((x) => x.env.startsWith('HOUSING_SUBSIDY_MAX_'))) {
      expect(s.meaning).toContain('演示默认值');
    }
    // The seed sets no time limit for 危房改造: the stage limits say they are local practice, not law.
    for (const s of HOUSING_RENOVATION_SETTINGS.filter((x) => x.env.endsWith('_DUE_DAYS'))) {
      expect(s.meaning).toContain('本地惯例默认值，非法定时限');
    }
  });

  it('reads overrides from the environment, the checklist as a comma-separated list', () => {
    const c = loadHousingRenovationConfig({
      HOUSING_VILLAGE_NOTICE_DAYS: '10',
      HOUSING_COUNTY_NOTICE_DAYS: '3',
      HOUSING_SUBSIDY_MAX_RENT: '12000',
      HOUSING_ACCEPTANCE_CHECKLIST: ' foundation , roof,,signage ',
    });
    expect(c.villageNoticeDays).toBe(10);
    expect(c.townshipNoticeDays).toBe(7);
    expect(c.countyNoticeDays).toBe(3);
    expect(c.subsidyMaximum.rent).toBe(12000);
    expect(c.acceptanceChecklist).toEqual(['foundation', 'roof', 'signage']);
    const stages = loadHousingRenovationConfig({ HOUSING_TOWNSHIP_AUDIT_DUE_DAYS: '5', HOUSING_HANDOVER_DUE_DAYS: '0' }).stageDueDays;
    expect([stages.township_audit, stages.handover, stages.acceptance]).toEqual([5, 0, 15]);
  });

  it.each([
    [{ HOUSING_VILLAGE_NOTICE_DAYS: 'seven' }, 'HOUSING_VILLAGE_NOTICE_DAYS'],
    [{ HOUSING_COUNTY_NOTICE_DAYS: '0' }, '县级公示期必须大于 0 天'],
    [{ HOUSING_SUBSIDY_MAX_REBUILD: '0' }, 'HOUSING_SUBSIDY_MAX_REBUILD（拆除重建补助上限）必须大于 0'],
    [{ HOUSING_ACCEPTANCE_CHECKLIST: 'roof,roof' }, '有重复项目：roof'],
    [{ HOUSING_ACCEPTANCE_CHECKLIST: 'roof,屋面' }, '只能由字母、数字和下划线组成：屋面'],
    [{ HOUSING_ACCEPTANCE_CHECKLIST: ' , ' }, '至少要有一项验收项目'],
    [{ HOUSING_TOWNSHIP_AUDIT_DUE_DAYS: '-1' }, 'HOUSING_TOWNSHIP_AUDIT_DUE_DAYS'],
  ])('refuses bad settings %j', (env, message) => {
    expect(() => loadHousingRenovationConfig(env)).toThrow(message);
  });
});

import { LEGAL_AID_SETTINGS, loadLegalAidConfig } from './config';

describe('legal-aid config', () => {
  it('has the documented defaults (statutory 7/3/5/7 days, fast lane 2/1 days, windows 15 days, warn at half time)', () => {
    expect(loadLegalAidConfig({})).toEqual({
      decisionDays: 7,
      assignmentDays: 3,
      objectionDecisionDays: 5,
      fastDecisionDays: 2,
      fastAssignmentDays: 1,
      materialsDeadlineDays: 15,
      objectionWindowDays: 15,
      aidFirstThresholdDays: 7,
      warningFraction: 0.5,
    });
  });

  it('lists every setting once, prefixed LEGAL_AID_, with a zh meaning and a unit', () => {
    const envs = LEGAL_AID_SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    expect(LEGAL_AID_SETTINGS).toHaveLength(Object.keys(loadLegalAidConfig({})).length);
    for (const s of LEGAL_AID_SETTINGS) {
      expect(s.env).toMatch(/^LEGAL_AID_[A-Z_]+$/);
      expect(s.meaning).toMatch(/[\u4e00-\u9fa5]/);
      expect(s.unit).not.toBe('');
    }
  });

  it('reads overrides from the environment', () => {
    const c = loadLegalAidConfig({ LEGAL_AID_MATERIALS_DEADLINE_DAYS: '10', LEGAL_AID_WARNING_FRACTION: '0.75', LEGAL_AID_AID_FIRST_THRESHOLD_DAYS: '5' });
    expect(c.materialsDeadlineDays).toBe(10);
    expect(c.warningFraction).toBe(0.75);
    expect(c.aidFirstThresholdDays).toBe(5);
  });

  it.each([
    [{ LEGAL_AID_DECISION_DAYS: 'seven' }, 'LEGAL_AID_DECISION_DAYS'],
    [{ LEGAL_AID_OBJECTION_WINDOW_DAYS: '0' }, 'LEGAL_AID_OBJECTION_WINDOW_DAYS 必须大于 0'],
    [{ LEGAL_AID_WARNING_FRACTION: '1' }, 'LEGAL_AID_WARNING_FRACTION'],
    [{ LEGAL_AID_WARNING_FRACTION: '0' }, 'LEGAL_AID_WARNING_FRACTION'],
    [{ LEGAL_AID_FAST_DECISION_DAYS: '8' }, '三优审查目标'],
    [{ LEGAL_AID_ASSIGNMENT_DAYS: '1', LEGAL_AID_FAST_ASSIGNMENT_DAYS: '2' }, '三优指派目标'],
  ])('refuses inconsistent settings %j', (env, message) => {
    expect(() => loadLegalAidConfig(env)).toThrow(message);
  });
});

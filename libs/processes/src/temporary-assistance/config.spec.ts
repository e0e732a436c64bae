import { loadTemporaryAssistanceConfig, TEMPORARY_ASSISTANCE_SETTINGS } from './config';

describe('temporary-assistance config', () => {
  it('has the documented defaults', () => {
    expect(loadTemporaryAssistanceConfig({})).toEqual({
      reliefDueHours: 24,
      reliefWarningHours: 12,
      formalitiesDueDays: 5,
      noticeDays: 7,
      townshipLimit: 3000,
      countyMaximum: 20000,
      repeatWindowDays: 365,
      splitWindowDays: 90,
      minDeliberationParticipants: 3,
    });
  });

  it('lists every setting once, prefixed TEMP_ASSIST_, with a zh meaning and a unit', () => {
    const envs = TEMPORARY_ASSISTANCE_SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    expect(TEMPORARY_ASSISTANCE_SETTINGS).toHaveLength(Object.keys(loadTemporaryAssistanceConfig({})).length);
    for (const s of TEMPORARY_ASSISTANCE_SETTINGS) {
      expect(s.env).toMatch(/^TEMP_ASSIST_[A-Z_]+$/);
      expect(s.meaning).toMatch(/[\u4e00-\u9fa5]/);
      expect(s.unit).not.toBe('');
    }
  });

  it('reads overrides from the environment', () => {
    const c = loadTemporaryAssistanceConfig({ TEMP_ASSIST_TOWNSHIP_LIMIT: '5000', TEMP_ASSIST_NOTICE_DAYS: '5' });
    expect(c.townshipLimit).toBe(5000);
    expect(c.noticeDays).toBe(5);
  });

  it.each([
    [{ TEMP_ASSIST_TOWNSHIP_LIMIT: 'abc' }, 'TEMP_ASSIST_TOWNSHIP_LIMIT'],
    [{ TEMP_ASSIST_TOWNSHIP_LIMIT: '30000' }, '乡镇审批上限'],
    [{ TEMP_ASSIST_RELIEF_WARNING_HOURS: '24' }, '预警时点'],
    [{ TEMP_ASSIST_MIN_DELIBERATION_PARTICIPANTS: '2.5' }, '最少参会人数'],
    [{ TEMP_ASSIST_NOTICE_DAYS: '0' }, 'noticeDays'],
  ])('refuses inconsistent settings %j', (env, message) => {
    expect(() => loadTemporaryAssistanceConfig(env)).toThrow(message);
  });
});

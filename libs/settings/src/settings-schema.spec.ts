/** The settings schema itself: defaults, coercion from text, and one message listing every bad variable. */
import { integerSetting, numberSetting, stringSetting } from './declaration';
import { SettingsError, describeProblem, isSettingGiven, settingDefault, settingOf, settingsSchema, validateSettings } from './settings-schema';

const DECLS = [
  integerSetting('PORT', 3000, 'api port', { minimum: 0, maximum: 65535 }),
  numberSetting('SCALE', 1, 'a scale', { exclusiveMinimum: 0 }),
  stringSetting('MODE', 'pg', 'a choice', { enum: ['pg', 's3'] }),
  stringSetting('TOKEN', undefined, 'a secret', { secret: true, minLength: 4 }),
  stringSetting('NAME', undefined, 'optional text'),
];

describe('settings schema', () => {
  it('is a JSON Schema with a default and a description per key', () => {
    const schema = settingsSchema(DECLS);
    expect(schema.properties.PORT).toEqual({ type: 'integer', minimum: 0, maximum: 65535, default: 3000, description: 'api port' });
    expect(schema.properties.NAME).toEqual({ type: 'string', description: 'optional text' });
    expect(Object.keys(schema.properties)).toEqual(['PORT', 'SCALE', 'MODE', 'TOKEN', 'NAME']);
  });

  it('refuses one variable declared twice', () => {
    expect(() => settingsSchema([...DECLS, integerSetting('PORT', 1, 'again')])).toThrow(/PORT is declared twice/);
  });

  it('gives defaults for unset and empty variables and leaves undefined what has none', () => {
    const { values, problems } = validateSettings({ PORT: '', SCALE: '   ' }, DECLS);
    expect(problems).toEqual([]);
    expect(values).toEqual({ PORT: 3000, SCALE: 1, MODE: 'pg' });
  });

  it('coerces text to the declared type', () => {
    const { values, problems } = validateSettings({ PORT: ' 8080 ', SCALE: '0.5', MODE: 's3', NAME: ' x ' }, DECLS);
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ PORT: 8080, SCALE: 0.5, MODE: 's3', NAME: ' x ' });
    expect(typeof values.PORT).toBe('number');
  });

  it('lists every bad variable once, with what it expects, never a secret value', () => {
    const { problems } = validateSettings({ PORT: 'abc', SCALE: '-1', MODE: 'disk', TOKEN: 'no', NAME: 'fine' }, DECLS);
    expect(problems.map((p) => p.name)).toEqual(['PORT', 'SCALE', 'MODE', 'TOKEN']);
    const messages = problems.map(describeProblem);
    expect(messages[0]).toBe('PORT 应为 0 到 65535 之间的整数（当前为 "abc"）');
    expect(messages[1]).toContain('大于 0');
    expect(messages[2]).toContain('pg、s3');
    expect(messages[3]).toBe('TOKEN 应为 非空的文本');
    const err = new SettingsError(messages);
    expect(err.message).toMatch(/^配置错误，未能启动（4 项）：PORT .*；SCALE .*；MODE .*；TOKEN /);
    expect(err.message).not.toContain('"no"');
  });

  it('a 1.5 is not an integer and 70000 is out of range', () => {
    expect(validateSettings({ PORT: '1.5' }, DECLS).problems.map((p) => p.name)).toEqual(['PORT']);
    expect(validateSettings({ PORT: '70000' }, DECLS).problems.map((p) => p.name)).toEqual(['PORT']);
  });

  it('reads one setting when called (not once at import)', () => {
    const env: Record<string, string | undefined> = {};
    expect(settingOf(DECLS, 'PORT', env)).toBe(3000);
    env.PORT = '4000';
    expect(settingOf(DECLS, 'PORT', env)).toBe(4000);
    env.PORT = 'x';
    expect(() => settingOf(DECLS, 'PORT', env)).toThrow(SettingsError);
    expect(() => settingOf(DECLS, 'NOPE', env)).toThrow(/not declared/);
  });

  it('keeps the last value read only while the text is the same: a bad value is refused on every read', () => {
    const env: Record<string, string | undefined> = { PORT: '4000' };
    expect(settingOf(DECLS, 'PORT', env)).toBe(4000);
    expect(settingOf(DECLS, 'PORT', { PORT: '4000' })).toBe(4000);
    expect(settingOf(DECLS, 'PORT', { PORT: '4001' })).toBe(4001);
    for (let i = 0; i < 2; i++) expect(() => settingOf(DECLS, 'PORT', { PORT: '-1' })).toThrow(SettingsError);
    expect(settingOf(DECLS, 'PORT', { PORT: ' ' })).toBe(3000);
    expect(settingOf(DECLS, 'PORT', {})).toBe(3000);
    expect(settingOf(DECLS, 'PORT', { PORT: '4001' })).toBe(4001);
  });

  it('gives the one declared default, and tells a given variable from an unset or blank one', () => {
    expect(settingDefault(DECLS, 'PORT')).toBe(3000);
    expect(settingDefault(DECLS, 'NAME')).toBeUndefined();
    expect(() => settingDefault(DECLS, 'NOPE')).toThrow(/not declared/);
    expect(isSettingGiven('NAME', { NAME: 'x' })).toBe(true);
    expect(isSettingGiven('NAME', { NAME: '  ' })).toBe(false);
    expect(isSettingGiven('NAME', {})).toBe(false);
  });

  it('says what a patterned value looks like in words when the declaration does', () => {
    const hours = stringSetting('HOURS', '22:00-06:00', 'off hours', { pattern: '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$', expects: 'HH:MM-HH:MM' });
    expect(settingsSchema([hours]).properties.HOURS).not.toHaveProperty('expects');
    expect(validateSettings({ HOURS: '22-6' }, [hours]).problems.map(describeProblem)).toEqual(['HOURS 应为 HH:MM-HH:MM（当前为 "22-6"）']);
  });
});

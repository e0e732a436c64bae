/** Issue 17: free text is trimmed before its length is checked (the `nonBlank` blocks). */
import Ajv from 'ajv';
import { nonBlank, nonBlankMinimum, nonBlankPattern, reason, text } from './schema-blocks';

const ajv = new Ajv({ allErrors: true, strict: false });
const ok = (schema: object, v: unknown) => ajv.validate(schema, v);

describe('nonBlank', () => {
  it('a reason needs five characters once leading and trailing blanks (ASCII, tabs, newlines, U+3000) are trimmed', () => {
    for (const v of ['     ', '\u3000\u3000\u3000\u3000\u3000', ' \t\r\n\u00a0 ', '不行   ', '  ab c  ', 'abcd']) expect([v, ok(reason, v)]).toEqual([v, false]);
    for (const v of ['材料不实的', '  材料不实的  ', 'a b c', '\u3000房屋已翻建\u3000']) expect([v, ok(reason, v)]).toEqual([v, true]);
  });

  it('text needs one non-blank character', () => {
    expect(ok(text, ' \u3000 ')).toBe(false);
    expect(ok(text, '')).toBe(false);
    expect(ok(text, ' 同意 ')).toBe(true);
  });

  it('the minimum can be read back from the pattern (the api names the rule), and other patterns are not mistaken for it', () => {
    for (const n of [1, 2, 5, 12]) expect(nonBlankMinimum(nonBlankPattern(n))).toBe(n);
    expect(nonBlankMinimum('^[0-9]{12}$')).toBeUndefined();
    expect(nonBlankMinimum(undefined)).toBeUndefined();
    expect(() => nonBlank(0, 10)).toThrow();
  });

  it('answers in linear time on long blank-heavy input (no catastrophic backtracking)', () => {
    const long = nonBlank(5, 1_000_000);
    const started = Date.now();
    expect(ok(long, `a${' '.repeat(200_000)}b`)).toBe(true);
    expect(ok(long, `ab${' '.repeat(200_000)}`)).toBe(false);
    expect(ok(long, ' '.repeat(200_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

import fc from 'fast-check';
import { checkDigit, chinaDateKey, makeIdNumber, maskIdNumber, maskName, validateIdNumber } from './id-number';

const NOW = new Date('2025-06-01T04:00:00Z');
const CHECK_CHARS = '0123456789X'.split('');

/** 17-digit prefixes whose date part is a real date between 1900 and 2024. */
const validPrefix = fc
  .record({
    region: fc.integer({ min: 110000, max: 659999 }),
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, date, seq }) => `${region}${date.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`);

describe('checkDigit', () => {
  it('matches the worked examples of GB 11643', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('44052418800101001')).toBe('4');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => checkDigit('1101051949123100')).toThrow('17 位数字');
    expect(() => checkDigit('1101051949123100X')).toThrow('17 位数字');
  });
});

/** Chinese characters: an English reason has none. */
const HAN = /\p{Script=Han}/u;

describe('validateIdNumber', () => {
  it('accepts known-valid numbers and every number makeIdNumber builds from a real date', () => {
    expect(validateIdNumber('11010519491231002X', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdNumber('440524188001010014', NOW).ok).toBe(true);
    fc.assert(
      fc.property(validPrefix, (prefix) => {
        const id = makeIdNumber(prefix);
        expect(validateIdNumber(id, NOW)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('rejects each wrong check character and names the right one', () => {
    for (const prefix of ['11010519491231002', '37083219900307123', '37083220000229001']) {
      const right = checkDigit(prefix);
      for (const wrong of CHECK_CHARS.filter((c) => c !== right)) {
        const result = validateIdNumber(prefix + wrong, NOW);
        expect(result).toEqual({
          ok: false,
          reason: expect.stringContaining(`校验位应为 ${right}，请核对最后一位`),
          reasonEn: expect.stringContaining(`the check character should be ${right}`),
        });
      }
    }
  });

  it('rejects every single-character substitution (MOD 11-2 catches all of them)', () => {
    fc.assert(
      fc.property(validPrefix, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...CHECK_CHARS), (prefix, pos, char) => {
        const id = makeIdNumber(prefix);
        fc.pre(char !== id[pos]);
        expect(validateIdNumber(id.slice(0, pos) + char + id.slice(pos + 1), NOW).ok).toBe(false);
      }),
    );
  });

  it('accepts a lowercase x and normalizes it to X', () => {
    expect(validateIdNumber('11010519491231002x', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('trims surrounding spaces and folds full-width digits typed with a Chinese input method', () => {
    expect(validateIdNumber('  11010519491231002X\t', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdNumber('１１０１０５１９４９１２３１００２ｘ', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    [undefined, '请填写身份证号码'],
    [null, '请填写身份证号码'],
    [110105194912310020, '请填写身份证号码'],
    ['   ', '请填写身份证号码'],
    ['11010519491231002', '应为 18 位，当前为 17 位'],
    ['11010519491231002XX', '应为 18 位，当前为 19 位'],
    ['110105 19491231002X', '只能包含数字'],
    ['11010519491231002Y', '只能包含数字'],
    ['1101051949123100X2', 'X 只能出现在最后一位'],
  ])('rejects malformed input %p with an actionable reason', (raw, reason) => {
    const result = validateIdNumber(raw, NOW);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason), reasonEn: expect.not.stringMatching(HAN) });
  });

  it.each([
    ['month 13', '19901301', '出生月份应为 01–12'],
    ['month 00', '19900001', '出生月份应为 01–12'],
    ['day 00', '19900100', '出生日在该月不存在'],
    ['April 31', '19900431', '出生日在该月不存在'],
    ['February 30', '20000230', '出生日在该月不存在'],
    ['February 29 in 1900 (not a leap year)', '19000229', '出生日在该月不存在'],
    ['February 29 in 2023', '20230229', '出生日在该月不存在'],
    ['year 1799', '17991231', '出生年份不合理'],
    ['tomorrow', '20250602', '出生日期晚于今天'],
    ['next year', '20260101', '出生日期晚于今天'],
  ])('rejects a birth date that is not real: %s', (_label, date, reason) => {
    const result = validateIdNumber(makeIdNumber(`370832${date}123`), NOW);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason), reasonEn: expect.stringMatching(/^the birth .+; check it$/) });
  });

  it('accepts leap days and a birth today', () => {
    expect(validateIdNumber(makeIdNumber('37083220000229123'), NOW).ok).toBe(true);
    expect(validateIdNumber(makeIdNumber('37083219960229123'), NOW).ok).toBe(true);
    expect(validateIdNumber(makeIdNumber('37083220250601123'), NOW).ok).toBe(true);
  });

  it('judges "the future" by the date in China (UTC+8), whatever the server zone', () => {
    const bornJune1 = makeIdNumber('37083220240601123');
    // 16:30 UTC on 31 May is 00:30 on 1 June in China.
    expect(validateIdNumber(bornJune1, new Date('2024-05-31T16:30:00Z')).ok).toBe(true);
    expect(validateIdNumber(bornJune1, new Date('2024-05-31T15:59:00Z'))).toEqual({
      ok: false,
      reason: expect.stringContaining('晚于今天'),
      reasonEn: expect.stringContaining('after today'),
    });
    expect(chinaDateKey(new Date('2024-12-31T16:00:00Z'))).toBe(20250101);
  });

  it('never repeats the number in a reason', () => {
    fc.assert(
      fc.property(validPrefix, fc.constantFrom(...CHECK_CHARS), (prefix, last) => {
        const raw = prefix + last;
        const result = validateIdNumber(raw, NOW);
        if (!result.ok) {
          for (const reason of [result.reason, result.reasonEn]) {
            expect(reason).not.toContain(raw);
            expect(reason).not.toContain(prefix);
          }
        }
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 with 8 stars between', () => {
    expect(maskIdNumber('37083219900307120X')).toBe('370832********120X');
    expect(maskIdNumber('370832199003071234')).toBe('370832********1234');
  });

  it('masks the normalized form (lowercase x, spaces)', () => {
    expect(maskIdNumber(' 37083219900307120x ')).toBe('370832********120X');
  });

  it('hides at least 4 characters of malformed input, and all of a short one', () => {
    expect(maskIdNumber('370832900307123')).toBe('370832*****7123'); // a 15-digit first-generation number
    expect(maskIdNumber('3708321990030712')).toBe('370832******0712');
    expect(maskIdNumber('3708321990030')).toBe('*************');
    expect(maskIdNumber('')).toBe('');
  });

  it('never shows the birth date of a valid number', () => {
    fc.assert(
      fc.property(validPrefix, (prefix) => {
        const masked = maskIdNumber(makeIdNumber(prefix));
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});

describe('maskName', () => {
  it('keeps the surname and, from three characters, the last one', () => {
    expect(maskName('闫建国')).toBe('闫*国');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳建国')).toBe('欧**国');
    expect(maskName(' 李 ')).toBe('李');
  });
});

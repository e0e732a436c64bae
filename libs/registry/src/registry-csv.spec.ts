import fc from 'fast-check';
import { makeIdNumber, maskIdNumber } from './id-number';
import {
  MAX_RECORD_LINES,
  parseRegistryCsv,
  parseRegistryCsvLines,
  RegistryCsvError,
  RegistryCsvParser,
  streamRegistryCsv,
} from './registry-csv';

const NOW = new Date('2025-06-01T04:00:00Z');
const HEADER = 'idNumber,name,villageCode,category,status,householdId';
const ID_A = makeIdNumber('37083219800101001');
const ID_B = makeIdNumber('37083219751231002');
const ID_C = makeIdNumber('37083120010704003');
const ID_X = '37083219900307120X'; // ends in X
const ID_B_WRONG = ID_B.slice(0, 17) + (ID_B[17] === '0' ? '1' : '0'); // wrong check digit
const VILLAGE = '370832001001';

const parse = (text: string) => parseRegistryCsv(text, { now: NOW });
const lines = (...ls: string[]) => ls.join('\n');
const byLine = (errors: RegistryCsvError[]) => errors.map((e) => [e.line, e.field]);

/** The errors as the zh-CN answer gives them (the English beside each is checked on its own). */
const zhOf = (errors: RegistryCsvError[]) => errors.map(({ en: _en, ...e }) => e);

/** Every error message of a result, in both languages, checked for any full ID number from the given list. */
function expectNoFullIdIn(errors: RegistryCsvError[], ids: string[]) {
  for (const error of errors) {
    for (const message of [error.message, error.en]) {
      for (const id of ids) {
        expect(message).not.toContain(id);
        expect(message.toUpperCase()).not.toContain(id.toUpperCase());
      }
      expect(message).not.toMatch(/[0-9Xx]{15,}/);
    }
  }
}

describe('parseRegistryCsv: well-formed files', () => {
  it('reads rows with their line numbers and normalized ID numbers', () => {
    const result = parse(
      lines(HEADER, `${ID_A},张三,${VILLAGE},registered_poor,not_lifted,H001`, `${ID_X.toLowerCase()},李四,${VILLAGE},dibao,new,H002`, ''),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, idNumber: ID_A, name: '张三', villageCode: VILLAGE, category: 'registered_poor', status: 'not_lifted', householdId: 'H001' },
      { line: 3, idNumber: ID_X, name: '李四', villageCode: VILLAGE, category: 'dibao', status: 'new', householdId: 'H002' },
    ]);
  });

  it('strips a UTF-8 BOM and accepts CRLF line ends', () => {
    const result = parse(`\uFEFF${HEADER}\r\n${ID_A},张三,${VILLAGE},tekun,lifted_with_policy,H001\r\n`);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([expect.objectContaining({ line: 2, idNumber: ID_A, householdId: 'H001', status: 'lifted_with_policy' })]);
  });

  it('treats CRLF blank lines as blank and CRLF after a closing quote as the end of the record', () => {
    const result = parse(`${HEADER}\r\n\r\n${ID_A},"张三",${VILLAGE},dibao,new,"H1"\r\n${ID_B},李四,${VILLAGE},dibao,new,"H2"\r\n\r\n`);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.householdId])).toEqual([
      [3, 'H1'],
      [4, 'H2'],
    ]);
  });

  it('reads bytes as UTF-8, with or without BOM', () => {
    const text = lines(HEADER, `${ID_A},张三,${VILLAGE},poor_disabled,not_lifted,H001`);
    for (const bytes of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])]) {
      const result = parseRegistryCsv(new Uint8Array(bytes), { now: NOW });
      expect(result.errors).toEqual([]);
      expect(result.rows.map((r) => r.name)).toEqual(['张三']);
    }
  });

  it('matches columns by header name, in any order, ignoring extra columns', () => {
    const result = parse(lines('householdId,备注,status,category,villageCode,name,idNumber', `H9,随便,new,dibao,${VILLAGE},王五,${ID_B}`));
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([expect.objectContaining({ idNumber: ID_B, name: '王五', householdId: 'H9', category: 'dibao' })]);
  });

  it('trims fields and skips blank lines without losing line numbers', () => {
    const result = parse(lines(HEADER, '', ` ${ID_A} , 张三 ,${VILLAGE}, dibao ,new, H1 `, '', '', `${ID_B},李四,${VILLAGE},dibao,new,H2`));
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.idNumber, r.name, r.householdId])).toEqual([
      [3, ID_A, '张三', 'H1'],
      [6, ID_B, '李四', 'H2'],
    ]);
  });
});

describe('parseRegistryCsv: RFC 4180 quoting', () => {
  it('reads quoted fields holding commas and doubled quotes', () => {
    const result = parse(lines(HEADER, `"${ID_A}","张,三",${VILLAGE},"dibao",new,"H""1"""`, `${ID_B},李四,${VILLAGE},dibao,new,""`));
    expect(result.rows).toEqual([expect.objectContaining({ line: 2, name: '张,三', householdId: 'H"1"' })]);
    expect(byLine(result.errors)).toEqual([[3, 'householdId']]);
  });

  it('reads a quoted line break and counts the physical lines it spans', () => {
    const result = parse(
      lines(`${HEADER},note`, `${ID_A},张三,${VILLAGE},dibao,new,H1,"第一行`, `第二行, 含逗号`, `第三行"`, `${ID_B},李四,${VILLAGE},dibao,new,H2,`),
    );
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('reports a line break inside a name', () => {
    const result = parse(lines(HEADER, `${ID_A},"张`, `三",${VILLAGE},dibao,new,H1`));
    expect(zhOf(result.errors)).toEqual([{ line: 2, field: 'name', message: '姓名不能包含换行或控制字符' }]);
  });

  it.each([
    ['text after a closing quote', `"${ID_A}"x,张三,${VILLAGE},dibao,new,H1`],
    ['a quote inside an unquoted field', `${ID_A},张"三,${VILLAGE},dibao,new,H1`],
    ['a space before an opening quote', `${ID_A}, "张三",${VILLAGE},dibao,new,H1`],
  ])('reports %s as a format error on its line and carries on', (_label, bad) => {
    const result = parse(lines(HEADER, bad, `${ID_B},李四,${VILLAGE},dibao,new,H2`));
    expect(zhOf(result.errors)).toEqual([{ line: 2, message: expect.stringContaining('CSV 格式错误') }]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
  });

  it('reports a quote left open at the end of the file at the line where it started', () => {
    const result = parse(lines(HEADER, `${ID_A},张三,${VILLAGE},dibao,new,H1`, `${ID_B},"李四,${VILLAGE},dibao,new,H2`, 'more'));
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(zhOf(result.errors)).toEqual([{ line: 3, message: expect.stringContaining('引号未闭合') }]);
  });

  it('gives up on a runaway quote after MAX_RECORD_LINES lines and reads on', () => {
    const good = (n: number) => `${makeIdNumber(`37083219800101${String(n).padStart(3, '0')}`)},张${n},${VILLAGE},dibao,new,H${n}`;
    const body = Array.from({ length: 100 }, (_, i) => good(i));
    body[0] = `${body[0].slice(0, 19)}"${body[0].slice(19)}`; // stray quote opens line 2's name
    const result = parse(lines(HEADER, ...body));
    expect(zhOf(result.errors)).toEqual([{ line: 2, message: expect.stringContaining('引号未闭合') }]);
    // Lines 2 .. 2+MAX-1 were swallowed; every later line is read normally.
    expect(result.rows[0].line).toBe(2 + MAX_RECORD_LINES);
    expect(result.rows).toHaveLength(100 - MAX_RECORD_LINES);
  });
});

describe('parseRegistryCsv: row-level errors', () => {
  it('reports every bad field of a row with its line and column, and keeps the good rows', () => {
    const result = parse(
      lines(
        HEADER,
        `${ID_A},张三,${VILLAGE},dibao,new,H1`,
        `${ID_B_WRONG},,37083200100,poor,lifted,`,
        `${ID_C},王五,${VILLAGE},tekun,not_lifted,H3`,
      ),
    );
    expect(result.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(byLine(result.errors)).toEqual([
      [3, 'idNumber'],
      [3, 'name'],
      [3, 'villageCode'],
      [3, 'category'],
      [3, 'status'],
      [3, 'householdId'],
    ]);
    const messages = Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
    expect(messages.idNumber).toBe(`身份证号码 ${maskIdNumber(ID_B_WRONG)}：校验位应为 ${ID_B[17]}，请核对最后一位（若最后一位无误，则前 17 位有误）`);
    expect(messages.name).toBe('姓名不能为空');
    expect(messages.villageCode).toContain('村编码应为 12 位数字');
    expect(messages.category).toContain('类别“poor”无效，应为 registered_poor（建档立卡贫困户）、dibao（低保对象）');
    expect(messages.status).toContain('状态“lifted”无效，应为 not_lifted（未脱贫）');
    expect(messages.householdId).toBe('户编号不能为空');
  });

  it('says each row error in English too, with no Chinese in it', () => {
    const result = parse(
      lines(
        HEADER,
        `${ID_B_WRONG},,37083200100,poor,lifted,`,
        `${ID_A},张三,${VILLAGE},dibao,new,H1`,
        `${ID_A},张三,${VILLAGE},dibao,new,H1`,
        `${ID_C},王五,${VILLAGE},tekun,not_lifted`,
        `${ID_C},"王"五,${VILLAGE},tekun,not_lifted,H3`,
      ),
    );
    const en = Object.fromEntries(result.errors.map((e) => [`${e.line}:${e.field ?? ''}`, e.en]));
    expect(en).toEqual({
      '2:idNumber': `ID number ${maskIdNumber(ID_B_WRONG)}: the check character should be ${ID_B[17]}: check the last character (if it is right, one of the first 17 is wrong)`,
      '2:name': 'the name cannot be empty',
      '2:villageCode': 'the village code must be 12 digits (such as 370832001001)',
      '2:category': 'category "poor" is not valid; it must be one of registered_poor, dibao, tekun, poor_disabled',
      '2:status': 'status "lifted" is not valid; it must be one of not_lifted, lifted_with_policy, new',
      '2:householdId': 'the household number cannot be empty',
      '4:idNumber': `ID number ${maskIdNumber(ID_A)} repeats line 3: a person can appear only once`,
      '5:': 'must have 6 columns, has 5 (wrap a field holding a comma in double quotes)',
      '6:': expect.stringMatching(/^malformed CSV: /),
    });
    for (const e of result.errors) expect(e.en).not.toMatch(/\p{Script=Han}/u);
  });

  it.each([
    ['a bad birth date', makeIdNumber('37083219901301001'), '出生月份'],
    ['a future birth date', makeIdNumber('37083220300101001'), '晚于今天'],
    ['17 digits', ID_A.slice(0, 17), '当前为 17 位'],
    ['no ID number', '', '请填写身份证号码'],
  ])('validates the ID number: %s', (_label, id, reason) => {
    const result = parse(lines(HEADER, `${id},张三,${VILLAGE},dibao,new,H1`));
    expect(result.rows).toEqual([]);
    expect(zhOf(result.errors)).toEqual([{ line: 2, field: 'idNumber', message: expect.stringContaining(reason) }]);
  });

  it('says empty category and status are empty', () => {
    const result = parse(lines(HEADER, `${ID_A},张三,${VILLAGE},,,H1`));
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^类别不能为空/), expect.stringMatching(/^状态不能为空/)]);
  });

  it('reports a wrong number of columns (e.g. an unquoted comma in a name)', () => {
    const result = parse(lines(HEADER, `${ID_A},张,三,${VILLAGE},dibao,new,H1`, `${ID_B},李四`));
    expect(zhOf(result.errors)).toEqual([
      { line: 2, message: expect.stringContaining('应有 6 列，实际 7 列') },
      { line: 3, message: expect.stringContaining('应有 6 列，实际 2 列') },
    ]);
  });

  it('reports a file that is not UTF-8 (e.g. Excel GBK) instead of importing garbled names', () => {
    const gbkName = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // 张三 in GBK
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${ID_A},`), gbkName, Buffer.from(`,${VILLAGE},dibao,new,H1\n`)]);
    const result = parseRegistryCsv(new Uint8Array(bytes), { now: NOW });
    expect(result.rows).toEqual([]);
    expect(zhOf(result.errors)).toEqual([{ line: 2, message: expect.stringContaining('UTF-8') }]);
  });
});

describe('parseRegistryCsv: duplicates', () => {
  it('reports a repeated ID number on the later line, pointing at the first, and keeps the first', () => {
    const result = parse(
      lines(
        HEADER,
        `${ID_X},张三,${VILLAGE},dibao,new,H1`,
        `${ID_A},李四,${VILLAGE},dibao,new,H2`,
        `${ID_X.toLowerCase()},张三,${VILLAGE},tekun,new,H1`, // same person, lowercase x
        `${ID_X},张三,${VILLAGE},dibao,new,H1`,
      ),
    );
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(zhOf(result.errors)).toEqual([
      { line: 4, field: 'idNumber', message: `身份证号码 ${maskIdNumber(ID_X)} 与第 2 行重复，同一人只能出现一次` },
      { line: 5, field: 'idNumber', message: `身份证号码 ${maskIdNumber(ID_X)} 与第 2 行重复，同一人只能出现一次` },
    ]);
  });

  it('counts a person as seen even when their first row had another error', () => {
    const result = parse(lines(HEADER, `${ID_A},张三,${VILLAGE},bad,new,H1`, `${ID_A},张三,${VILLAGE},dibao,new,H1`));
    expect(byLine(result.errors)).toEqual([
      [2, 'category'],
      [3, 'idNumber'],
    ]);
  });
});

describe('parseRegistryCsv: the header', () => {
  it('rejects a file whose first line is data, with one error and no rows', () => {
    const result = parse(lines(`${ID_A},张三,${VILLAGE},dibao,new,H1`, `${ID_B},李四,${VILLAGE},dibao,new,H2`));
    expect(result.rows).toEqual([]);
    expect(zhOf(result.errors)).toEqual([{ line: 1, message: `缺少表头行：第一行应为 ${HEADER}` }]);
    expect(result.headerRejected).toBe(true);
  });

  it('names the missing columns', () => {
    const result = parse(lines('idNumber,name,village,category,Status,householdId', `${ID_A},张三,${VILLAGE},dibao,new,H1`));
    expect(result.rows).toEqual([]);
    expect(zhOf(result.errors)).toEqual([{ line: 1, message: expect.stringContaining('表头缺少列 villageCode、status') }]);
  });

  it('rejects a repeated column', () => {
    const result = parse(lines(`${HEADER},name`, `${ID_A},张三,${VILLAGE},dibao,new,H1,张三`));
    expect(zhOf(result.errors)).toEqual([{ line: 1, message: '表头中列 name 重复出现' }]);
  });

  it('rejects a header that cannot be tokenized, and reports nothing after it', () => {
    const result = parse(lines(`"idNumber,name,villageCode,category,status,householdId`, `${ID_A},张三,${VILLAGE},dibao,new,H1`));
    expect(result.rows).toEqual([]);
    expect(zhOf(result.errors)).toEqual([{ line: 1, message: expect.stringMatching(/^表头无法读取：引号未闭合/) }]);
  });

  it.each(['', '\n\n', '\uFEFF'])('reports an empty file (%p)', (text) => {
    const result = parse(text);
    expect({ ...result, errors: zhOf(result.errors) }).toEqual({ rows: [], errors: [{ line: 1, message: `文件为空：第一行应为表头 ${HEADER}` }], headerRejected: true });
  });

  it('accepts a header-only file as an empty registry', () => {
    expect(parse(`${HEADER}\r\n`)).toEqual({ rows: [], errors: [], headerRejected: false });
  });
});

describe('error messages never contain a full ID number', () => {
  it('masks IDs wherever they land: wrong check digit, duplicates, shifted columns', () => {
    const badCheck = ID_B_WRONG;
    const ids = [ID_A, ID_B, ID_C, ID_X, badCheck];
    const result = parse(
      lines(
        HEADER,
        `${badCheck},张三,${VILLAGE},dibao,new,H1`,
        `${ID_A},张三,${VILLAGE},dibao,new,H1`,
        `${ID_A},张三,${VILLAGE},dibao,new,H1`,
        `张三,${ID_C},${VILLAGE},dibao,new,H1`, // columns swapped
        `${ID_X},张三,${VILLAGE},${ID_C},${ID_B},H1`, // IDs in category and status
        `${ID_C}${ID_C},张三,${ID_X},dibao,new,H1`,
        `${ID_C},张三,${VILLAGE},dibao,new`, // too few columns
        `"${ID_C}"${ID_X},张三,${VILLAGE},dibao,new,H1`, // bad quoting
      ),
    );
    expect(result.errors.length).toBeGreaterThanOrEqual(8);
    expectNoFullIdIn(result.errors, ids);
  });

  it('holds for any mix of IDs and junk in any column', () => {
    const idLike = fc.oneof(
      fc.constantFrom(ID_A, ID_B, ID_C, ID_X, ID_X.toLowerCase()),
      fc.stringMatching(/^[0-9]{17}[0-9Xx]$/),
    );
    const field = fc.oneof(idLike, fc.constantFrom('', '张三', VILLAGE, 'dibao', 'new', 'x"y', 'a,b', '１２３'), idLike.map((id) => `备注${id}尾`));
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 8 }), { maxLength: 12 }), (table) => {
        const ids = table.flat().flatMap((f) => f.match(/[0-9]{17}[0-9Xx]/g) ?? []);
        const text = lines(HEADER, ...table.map((r) => r.join(',')));
        expectNoFullIdIn(parse(text).errors, ids);
      }),
    );
  });
});

describe('line-based parsing', () => {
  const text = lines(
    `\uFEFF${HEADER}`,
    `${ID_A},"张,三",${VILLAGE},dibao,new,H1`,
    `${ID_A},张三,${VILLAGE},dibao,new,H1`,
    `${ID_B},李四,${VILLAGE},nope,new,H2`,
    `${ID_C},"王`,
    `五",${VILLAGE},dibao,new,H3`,
    '',
  );

  it('gives the same result from lines (sync or async, with or without CR) as from the whole text', async () => {
    const expected = parse(text);
    expect(expected.rows).toHaveLength(1);
    expect(await parseRegistryCsvLines(text.split('\n'), { now: NOW })).toEqual(expected);
    expect(await parseRegistryCsvLines(text.replace(/\n/g, '\r\n').split('\n'), { now: NOW })).toEqual(expected);
    async function* asyncLines() {
      for (const line of text.split('\n')) yield line;
    }
    expect(await parseRegistryCsvLines(asyncLines(), { now: NOW })).toEqual(expected);
  });

  it('streams items in line order', async () => {
    const items = [];
    for await (const item of streamRegistryCsv(text.split('\n'), { now: NOW })) items.push(item);
    expect(items.map((i) => ('row' in i ? `row ${i.row.line}` : `error ${i.error.line}`))).toEqual([
      'row 2',
      'error 3',
      'error 4',
      'error 5',
    ]);
  });

  it('lets a caller feed lines one by one', () => {
    const parser = new RegistryCsvParser({ now: NOW });
    expect(parser.push(HEADER)).toEqual([]);
    expect(parser.push(`${ID_A},"张`)).toEqual([]);
    expect(parser.push(`三",${VILLAGE},dibao,new,H1`)).toEqual([{ error: expect.objectContaining({ line: 2, field: 'name' }) }]);
    expect(parser.push(`${ID_B},李四,${VILLAGE},dibao,new,H2`)).toEqual([{ row: expect.objectContaining({ line: 4 }) }]);
    expect(parser.end()).toEqual([]);
  });

  it('streams 1,000,000 rows in linear time and still finds a duplicate at the very end', async () => {
    const count = 1_000_000;
    // 1,000 sequence numbers per day over 1,000 distinct days: 1,000,000 distinct people.
    const days = Array.from({ length: 1000 }, (_, d) =>
      new Date(Date.UTC(1950, 0, 1) + d * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''),
    );
    const seqs = Array.from({ length: 1000 }, (_, s) => String(s).padStart(3, '0'));
    function* million() {
      yield HEADER;
      for (let i = 0; i < count; i++) {
        yield `${makeIdNumber(`370832${days[Math.floor(i / 1000)]}${seqs[i % 1000]}`)},张${i},${VILLAGE},dibao,not_lifted,H${i}`;
      }
      yield `${makeIdNumber('37083219500101000')},张0,${VILLAGE},dibao,not_lifted,H0`;
    }
    let rows = 0;
    const errors: RegistryCsvError[] = [];
    for await (const item of streamRegistryCsv(million(), { now: NOW })) {
      if ('row' in item) rows++;
      else errors.push(item.error);
    }
    expect(rows).toBe(count);
    expect(zhOf(errors)).toEqual([{ line: count + 2, field: 'idNumber', message: expect.stringContaining('与第 2 行重复') }]);
  }, 60_000);
});

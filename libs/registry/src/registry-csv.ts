/**
 * The assistance registry CSV (帮扶对象名单) the poverty office imports:
 *   idNumber,name,villageCode,category,status,householdId
 * UTF-8 with or without BOM, CRLF or LF, RFC 4180 quoting (quoted fields may hold commas, doubled
 * quotes and line breaks). Columns are matched by header name, so their order is free and extra
 * columns are ignored. Fields are trimmed.
 *
 * The parser works one physical line at a time and keeps only the current record and a compact
 * table of the ID numbers already seen, so a million-row file streams in linear time. Error line numbers are the
 * physical line (1-based, header included) where the record starts, as a text editor shows it.
 * Messages are zh-CN with the same in English beside them (`en`, for an English caller), never
 * contain a full ID number, and never echo more than a short, redacted piece of any other field.
 */
import { chinaDateKey, maskIdNumber, validateIdNumberOn } from './id-number';
import { SeenIdNumbers } from './seen-id-numbers';

export const REGISTRY_CSV_COLUMNS = ['idNumber', 'name', 'villageCode', 'category', 'status', 'householdId'] as const;
export type RegistryColumn = (typeof REGISTRY_CSV_COLUMNS)[number];

export const REGISTRY_CATEGORIES = ['registered_poor', 'dibao', 'tekun', 'poor_disabled'] as const;
export type RegistryCategory = (typeof REGISTRY_CATEGORIES)[number];

export const REGISTRY_STATUSES = ['not_lifted', 'lifted_with_policy', 'new'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

export const REGISTRY_CATEGORY_TITLES: Record<RegistryCategory, string> = {
  registered_poor: '建档立卡贫困户',
  dibao: '低保对象',
  tekun: '特困人员',
  poor_disabled: '贫困残疾人',
};

export const REGISTRY_STATUS_TITLES: Record<RegistryStatus, string> = {
  not_lifted: '未脱贫',
  lifted_with_policy: '已脱贫享受政策',
  new: '新识别',
};

export interface RegistryRow {
  /** Physical line where the record starts (for reporting later failures, e.g. on insert). */
  line: number;
  /** Normalized: 18 characters, upper-case X. */
  idNumber: string;
  name: string;
  villageCode: string;
  category: RegistryCategory;
  status: RegistryStatus;
  householdId: string;
}

export interface RegistryCsvError {
  line: number;
  field?: RegistryColumn;
  message: string;
  /** The message in English (Accept-Language: en). */
  en: string;
}

/** A message in zh-CN and English. */
type Words = { zh: string; en: string };

/** `rejectsFile`: the header is missing or unreadable, so nothing after it counts. */
export type RegistryCsvItem = { row: RegistryRow } | { error: RegistryCsvError; rejectsFile?: true };

export interface RegistryCsvResult {
  rows: RegistryRow[];
  errors: RegistryCsvError[];
  /** The header was missing or wrong: nothing in the file could be read (its error is in `errors`). */
  headerRejected: boolean;
}

export interface RegistryCsvOptions {
  /** What "today" is for the birth-date check; defaults to the real current date. */
  now?: Date;
}

/**
 * A quoted field left open swallows the following lines; after this many physical lines the record
 * is reported and parsing resumes at the next line, so one stray quote cannot eat the whole file.
 * No real registry field spans more than a couple of lines.
 */
export const MAX_RECORD_LINES = 20;

const QUOTE = 34; // "
const COMMA = 44; // ,
const VILLAGE_CODE = /^[0-9]{12}$/;
const CONTROL_CHARS = /[\x00-\x1f\x7f]/;
const REPLACEMENT_CHAR = '\uFFFD';
const LOOKS_LIKE_ID = /^[0-9]{15,17}[0-9Xx]$/;
const ID_LIKE_RUN = /[0-9Xx]{11,}/g;
const ECHO_MAX = 24;

const HEADER_TEXT = REGISTRY_CSV_COLUMNS.join(',');
const CATEGORY_CHOICES = REGISTRY_CATEGORIES.map((c) => `${c}（${REGISTRY_CATEGORY_TITLES[c]}）`).join('、');
const STATUS_CHOICES = REGISTRY_STATUSES.map((s) => `${s}（${REGISTRY_STATUS_TITLES[s]}）`).join('、');
const CATEGORY_SET: ReadonlySet<string> = new Set(REGISTRY_CATEGORIES);
const STATUS_SET: ReadonlySet<string> = new Set(REGISTRY_STATUSES);

type ScanResult = 'complete' | 'open' | 'bad';

/** Incremental parser: feed physical lines (without terminators), then call end(). */
export class RegistryCsvParser {
  private readonly todayKey: number;
  private lineNo = 0;

  // The record being read.
  private recordStart = 0;
  private fields: string[] = [];
  private inQuotes = false;
  private quoted = '';

  // After the header.
  private columnIndex: Record<RegistryColumn, number> | undefined;
  private columnCount = 0;
  private rejected = false;

  /** The header was missing or unreadable, so no row of the file counts. */
  get headerRejected(): boolean {
    return this.rejected;
  }

  private readonly seen = new SeenIdNumbers();

  constructor(options: RegistryCsvOptions = {}) {
    this.todayKey = chinaDateKey(options.now ?? new Date());
  }

  /** Feeds one physical line; returns what the records it completes produced (often one row). */
  push(rawLine: string): RegistryCsvItem[] {
    this.lineNo++;
    let line = rawLine;
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);

    let result: ScanResult;
    if (this.inQuotes) {
      this.quoted += '\n';
      result = this.scan(line);
    } else {
      if (line === '') return []; // blank lines (typically a trailing one) carry no record
      this.recordStart = this.lineNo;
      if (line.indexOf('"') === -1) {
        this.fields = line.split(',');
        result = 'complete';
      } else {
        result = this.scan(line);
      }
    }

    if (result === 'complete') return this.completeRecord();
    if (result === 'bad') {
      return this.failRecord({
        zh: 'CSV 格式错误：含逗号、引号或换行的字段须整体用英文双引号括起，字段内的双引号写成两个（""）',
        en: 'malformed CSV: a field holding a comma, quote or line break must be wrapped in double quotes, with each quote inside it doubled ("")',
      });
    }
    if (this.lineNo - this.recordStart + 1 >= MAX_RECORD_LINES) {
      return this.failRecord({
        zh: `引号未闭合：从第 ${this.recordStart} 行开始的字段连续 ${MAX_RECORD_LINES} 行没有结束引号，该记录已跳过`,
        en: `unclosed quote: the field starting on line ${this.recordStart} has no closing quote within ${MAX_RECORD_LINES} lines; the record was skipped`,
      });
    }
    return [];
  }

  /** Reports an unfinished record or a missing header at the end of input. */
  end(): RegistryCsvItem[] {
    if (this.inQuotes) return this.failRecord({ zh: '引号未闭合：该记录直到文件结尾都没有结束引号', en: 'unclosed quote: the record has no closing quote before the end of the file' });
    if (!this.columnIndex && !this.headerRejected) {
      this.rejected = true;
      return [headerError(1, { zh: `文件为空：第一行应为表头 ${HEADER_TEXT}`, en: `the file is empty: the first line must be the header ${HEADER_TEXT}` })];
    }
    return [];
  }

  /**
   * RFC 4180 tokenizer over one line, continuing a quoted field when one is open. Each character is
   * looked at once (indexOf jumps), so a record spanning many lines costs linear time.
   */
  private scan(line: string): ScanResult {
    const n = line.length;
    let i = 0;
    for (;;) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q === -1) {
          this.quoted += line.slice(i);
          return 'open';
        }
        if (line.charCodeAt(q + 1) === QUOTE) {
          this.quoted += line.slice(i, q + 1); // "" inside quotes is one "
          i = q + 2;
          continue;
        }
        this.fields.push(this.quoted + line.slice(i, q));
        this.quoted = '';
        this.inQuotes = false;
        i = q + 1;
        if (i === n) return 'complete';
        if (line.charCodeAt(i) !== COMMA) return 'bad'; // text after the closing quote
        i++;
      }
      // At the start of a field.
      if (i < n && line.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        i++;
        continue;
      }
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      const value = line.slice(i, end);
      if (value.indexOf('"') !== -1) return 'bad'; // a quote inside an unquoted field
      this.fields.push(value);
      if (comma === -1) return 'complete';
      i = comma + 1;
    }
  }

  private completeRecord(): RegistryCsvItem[] {
    const fields = this.fields;
    this.fields = [];
    if (this.headerRejected) return [];
    if (!this.columnIndex) return this.readHeader(fields);
    return this.readRecord(fields, this.recordStart);
  }

  private readHeader(fields: string[]): RegistryCsvItem[] {
    const names = fields.map((f) => f.trim());
    const problem = headerProblem(names);
    if (problem) {
      this.rejected = true;
      return [headerError(this.recordStart, problem)];
    }
    this.columnIndex = Object.fromEntries(REGISTRY_CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
      RegistryColumn,
      number
    >;
    this.columnCount = names.length;
    return [];
  }

  private readRecord(fields: string[], line: number): RegistryCsvItem[] {
    if (fields.length !== this.columnCount) {
      return [
        recordError(line, {
          zh: `应有 ${this.columnCount} 列，实际 ${fields.length} 列（含逗号的字段须用英文双引号括起）`,
          en: `must have ${this.columnCount} columns, has ${fields.length} (wrap a field holding a comma in double quotes)`,
        }),
      ];
    }
    const idx = this.columnIndex!;
    const value = (column: RegistryColumn) => fields[idx[column]].trim();
    if (fields.some((f) => f.includes(REPLACEMENT_CHAR))) {
      return [
        recordError(line, {
          zh: '含有无法识别的字符：文件应为 UTF-8 编码（Excel 请另存为“CSV UTF-8（逗号分隔）”）',
          en: 'holds characters that cannot be read: the file must be UTF-8 (in Excel, save as "CSV UTF-8 (Comma delimited)")',
        }),
      ];
    }

    const errors: RegistryCsvItem[] = [];
    const problem = (field: RegistryColumn, message: string, en: string) => errors.push({ error: { line, field, message, en } });

    const rawId = value('idNumber');
    const id = validateIdNumberOn(rawId, this.todayKey);
    let idNumber = '';
    if (!id.ok) {
      if (rawId === '') problem('idNumber', id.reason, id.reasonEn);
      else problem('idNumber', `身份证号码 ${maskIdNumber(rawId)}：${id.reason}`, `ID number ${maskIdNumber(rawId)}: ${id.reasonEn}`);
    } else {
      idNumber = id.value;
      const first = this.seen.firstLineOf(idNumber, line);
      if (first !== undefined) {
        problem(
          'idNumber',
          `身份证号码 ${maskIdNumber(idNumber)} 与第 ${first} 行重复，同一人只能出现一次`,
          `ID number ${maskIdNumber(idNumber)} repeats line ${first}: a person can appear only once`,
        );
      }
    }

    const name = value('name');
    if (name === '') problem('name', '姓名不能为空', 'the name cannot be empty');
    else if (CONTROL_CHARS.test(name)) problem('name', '姓名不能包含换行或控制字符', 'the name cannot contain line breaks or control characters');

    const villageCode = value('villageCode');
    if (!VILLAGE_CODE.test(villageCode)) problem('villageCode', '村编码应为 12 位数字（如 370832001001）', 'the village code must be 12 digits (such as 370832001001)');

    const category = value('category');
    if (!CATEGORY_SET.has(category)) {
      problem(
        'category',
        `${category === '' ? '类别不能为空' : `类别“${echo(category)}”无效`}，应为 ${CATEGORY_CHOICES} 之一`,
        `${category === '' ? 'the category cannot be empty' : `category "${echo(category)}" is not valid`}; it must be one of ${REGISTRY_CATEGORIES.join(', ')}`,
      );
    }

    const status = value('status');
    if (!STATUS_SET.has(status)) {
      problem(
        'status',
        `${status === '' ? '状态不能为空' : `状态“${echo(status)}”无效`}，应为 ${STATUS_CHOICES} 之一`,
        `${status === '' ? 'the status cannot be empty' : `status "${echo(status)}" is not valid`}; it must be one of ${REGISTRY_STATUSES.join(', ')}`,
      );
    }

    const householdId = value('householdId');
    if (householdId === '') problem('householdId', '户编号不能为空', 'the household number cannot be empty');
    else if (CONTROL_CHARS.test(householdId)) problem('householdId', '户编号不能包含换行或控制字符', 'the household number cannot contain line breaks or control characters');

    if (errors.length > 0) return errors;
    return [
      {
        row: {
          line,
          idNumber,
          name,
          villageCode,
          category: category as RegistryCategory,
          status: status as RegistryStatus,
          householdId,
        },
      },
    ];
  }

  private resetRecord(): void {
    this.fields = [];
    this.quoted = '';
    this.inQuotes = false;
  }

  /**
   * Drops the record that could not be tokenized. A header that cannot be read rejects the file;
   * after a rejected header nothing more is reported (that one error says it all).
   */
  private failRecord(message: Words): RegistryCsvItem[] {
    const start = this.recordStart;
    this.resetRecord();
    if (this.headerRejected) return [];
    if (!this.columnIndex) {
      this.rejected = true;
      return [headerError(start, { zh: `表头无法读取：${message.zh}`, en: `the header cannot be read: ${message.en}` })];
    }
    return [recordError(start, message)];
  }
}

/** Parses a whole file held in memory (string, or bytes decoded as UTF-8). */
export function parseRegistryCsv(input: string | Uint8Array, options: RegistryCsvOptions = {}): RegistryCsvResult {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const parser = new RegistryCsvParser(options);
  const result: RegistryCsvResult = { rows: [], errors: [], headerRejected: false };
  const lines = text.split('\n');
  // A final "\n" ends the last line; it does not start an empty one.
  const count = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
  for (let i = 0; i < count; i++) collect(result, parser.push(lines[i]));
  collect(result, parser.end());
  result.headerRejected = parser.headerRejected;
  return result;
}

/**
 * Streams rows and errors in line order from physical lines, e.g.
 * `readline.createInterface({ input: stream, crlfDelay: Infinity })`. Memory stays bounded by the
 * set of ID numbers seen (needed to find duplicates).
 */
export async function* streamRegistryCsv(
  lines: AsyncIterable<string> | Iterable<string>,
  options: RegistryCsvOptions = {},
): AsyncGenerator<RegistryCsvItem> {
  const parser = new RegistryCsvParser(options);
  for await (const line of lines) yield* parser.push(line);
  yield* parser.end();
}

/** Collects streamRegistryCsv into one result. */
export async function parseRegistryCsvLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: RegistryCsvOptions = {},
): Promise<RegistryCsvResult> {
  const parser = new RegistryCsvParser(options);
  const result: RegistryCsvResult = { rows: [], errors: [], headerRejected: false };
  for await (const line of lines) collect(result, parser.push(line));
  collect(result, parser.end());
  result.headerRejected = parser.headerRejected;
  return result;
}

function collect(result: RegistryCsvResult, items: RegistryCsvItem[]): void {
  for (const item of items) {
    if ('row' in item) result.rows.push(item.row);
    else result.errors.push(item.error);
  }
}

function headerProblem(names: string[]): Words | undefined {
  if (names.length > 0 && LOOKS_LIKE_ID.test(names[0])) {
    return { zh: `缺少表头行：第一行应为 ${HEADER_TEXT}`, en: `the header line is missing: the first line must be ${HEADER_TEXT}` };
  }
  const missing = REGISTRY_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return {
      zh: `表头缺少列 ${missing.join('、')}（表头应为 ${HEADER_TEXT}，区分大小写）`,
      en: `the header lacks column ${missing.join(', ')} (the header must be ${HEADER_TEXT}, case-sensitive)`,
    };
  }
  const repeated = REGISTRY_CSV_COLUMNS.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (repeated.length > 0) {
    return { zh: `表头中列 ${repeated.join('、')} 重复出现`, en: `the header repeats column ${repeated.join(', ')}` };
  }
  return undefined;
}

function recordError(line: number, { zh, en }: Words): RegistryCsvItem {
  return { error: { line, message: zh, en } };
}

function headerError(line: number, { zh, en }: Words): RegistryCsvItem {
  return { error: { line, message: zh, en }, rejectsFile: true };
}

/** A short piece of a bad value for the message; anything that could be an ID number is masked. */
function echo(value: string): string {
  const redacted = value.normalize('NFKC').replace(ID_LIKE_RUN, (run) => maskIdNumber(run));
  return redacted.length > ECHO_MAX ? `${redacted.slice(0, ECHO_MAX)}…` : redacted;
}

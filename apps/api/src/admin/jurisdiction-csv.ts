import { JURISDICTION_LEVELS, JurisdictionLevel } from '@app/access';

/** One row of a jurisdiction CSV (`code,name,parentCode,level`), with its physical line. */
export interface JurisdictionCsvRow {
  line: number;
  code: string;
  name: string;
  parentCode: string | null;
  level: JurisdictionLevel;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
  /** The message in English (Accept-Language: en). */
  en: string;
}

const HEADER = ['code', 'name', 'parentCode', 'level'];
// Codes are opaque (national 12-digit 统计用区划代码 or a county's own): any short token, never parsed.
const CODE = /^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Splits CSV text into records of fields (RFC 4180 quotes, CRLF or LF), with each record's first line. */
export function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length) end();
  return out;
}

/** Parses and checks each row on its own; the tree-wide checks are in jurisdiction-import.ts. */
export function parseJurisdictionCsv(text: string): { rows: JurisdictionCsvRow[]; errors: RowError[] } {
  const records = csvRecords(text);
  const errors: RowError[] = [];
  const rows: JurisdictionCsvRow[] = [];
  const header = records.shift();
  if (!header || header.fields.map((f) => f.trim()).join(',').toLowerCase() !== HEADER.join(',').toLowerCase()) {
    return { rows, errors: [{ line: header?.line ?? 1, field: '(header)', message: `表头应为 ${HEADER.join(',')}`, en: `the header must be ${HEADER.join(',')}` }] };
  }
  if (!records.length) return { rows, errors: [{ line: 2, field: '(row)', message: '文件中没有数据行', en: 'the file has no data rows' }] };
  for (const { line, fields } of records) {
    if (fields.length !== 4) {
      errors.push({ line, field: '(row)', message: `应有 4 列（${HEADER.join(',')}），实有 ${fields.length} 列`, en: `must have 4 columns (${HEADER.join(',')}), has ${fields.length}` });
      continue;
    }
    const [code, name, parent, level] = fields.map((f) => f.trim());
    const before = errors.length;
    if (!CODE.test(code)) errors.push({ line, field: 'code', message: '代码应为 1–32 位字母、数字、下划线或连字符', en: 'the code must be 1–32 letters, digits, underscores or hyphens' });
    if (!name || name.length > 64 || CONTROL.test(name)) errors.push({ line, field: 'name', message: '名称应为 1–64 个字符，不含控制字符', en: 'the name must be 1–64 characters without control characters' });
    if (parent && !CODE.test(parent)) errors.push({ line, field: 'parentCode', message: '上级代码格式不正确', en: 'the parent code has the wrong format' });
    if (!(JURISDICTION_LEVELS as readonly string[]).includes(level)) {
      errors.push({ line, field: 'level', message: `层级应为以下之一：${JURISDICTION_LEVELS.join('、')}`, en: `the level must be one of: ${JURISDICTION_LEVELS.join(', ')}` });
    }
    if (errors.length === before) rows.push({ line, code, name, parentCode: parent || null, level: level as JurisdictionLevel });
  }
  return { rows, errors };
}

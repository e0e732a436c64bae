/**
 * How a printed form writes its values: amounts in figures and in capital numerals (大写, as every
 * Chinese financial form does, so a figure cannot be altered), dates as calendar days, words from
 * the process's titles, lists joined with 、. A value the case does not have yet stays blank for
 * the pen.
 */
import type { DocumentFieldValue, Text } from '../api/types';
import type { Lang } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万'];

/** 30000 → 叁万元整, 1005.5 → 壹仟零伍元伍角整, 0.08 → 捌分. */
export function moneyInWords(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const fen = Math.round(Math.abs(amount) * 100);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = '';
  if (yuan > 0) {
    const s = String(yuan);
    let zero = false;
    for (let i = 0; i < s.length; i++) {
      const d = Number(s[i]);
      const pos = s.length - 1 - i;
      if (d === 0) zero = true;
      else {
        if (zero) out += '零';
        zero = false;
        out += DIGITS[d] + SMALL_UNITS[pos % 4];
      }
      // The end of a group of four: 万 or 亿 when the group holds any digit.
      if (pos % 4 === 0 && pos > 0 && /[1-9]/.test(s.slice(Math.max(0, i - 3), i + 1))) out += GROUP_UNITS[pos / 4];
    }
    out += '元';
  }
  if (jiao === 0 && cents === 0) return (amount < 0 ? '负' : '') + (out || '零元') + '整';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  out += cents > 0 ? `${DIGITS[cents]}分` : '整';
  return (amount < 0 ? '负' : '') + out;
}

const pick = (v: string | Text, lang: Lang) => (typeof v === 'string' ? v : v[lang] || v.zh);

/** A field's value as the sheet prints it ('' when the case has none). */
export function printValue(f: Pick<DocumentFieldValue, 'format' | 'value'>, lang: Lang): string {
  const v = f.value;
  if (v === null || v === undefined || v === '') return '';
  switch (f.format) {
    case 'money': {
      const n = Number(v);
      return lang === 'zh' ? `${formatMoney(n, lang)}（大写：${moneyInWords(n)}）` : `${formatMoney(n, lang)} (${moneyInWords(n)})`;
    }
    case 'date':
      return typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : String(v);
    case 'value':
    case 'list':
      return (Array.isArray(v) ? v : [v as string | Text]).map((x) => pick(x, lang)).join(lang === 'zh' ? '、' : ', ');
    default:
      return typeof v === 'object' ? pick(v as Text, lang) : String(v);
  }
}

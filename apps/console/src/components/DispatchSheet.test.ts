import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DispatchReport } from '../api/types';
import { interpolate, lookup } from '../i18n';
import { DispatchSheet, countsText, sheetLines, type SheetWords } from './DispatchSheet';

const words: SheetWords = {
  lang: 'zh',
  t: (key, vars) => interpolate(lookup('zh', key) ?? key, vars),
  tx: (text) => (text == null ? '' : typeof text === 'string' ? text : text.zh),
  process: (k) => ({ 'p-monthly': '按月保障', 'p-ledger': '整改台账' })[k] ?? k,
};

const report: DispatchReport = {
  period: '2026-Q3', kind: 'quarter', countyCode: '370832', source: 'live', builtAt: null,
  titles: {
    outcomes: { 'p-monthly': { exited: { zh: '已退出', en: 'Exited' } }, 'p-ledger': { closed: { zh: '已销号', en: 'Closed' } } },
    flags: { overdue_x: { zh: '整改逾期', en: 'Overdue' }, referred_x: { zh: '线索已移送', en: 'Referred' } },
  },
  rows: [
    {
      processKey: 'p-ledger', countyCode: '370832', countyName: '梁山县', filed: 7, completed: 4, rejected: 0, withdrawnOrTerminated: 1,
      inProgress: 3, slaMet: 3, slaBreached: 1, slaMetPct: 75, stageMedians: {}, byOutcome: { closed: 4, withdrawn: 1 },
      flags: { overdue_x: 2, referred_x: 5 }, moneyGrantedYuan: 0, moneyPaidYuan: 0, casesInPayment: 0,
    },
    {
      processKey: 'p-monthly', countyCode: '370832', countyName: '梁山县', filed: 12, completed: 0, rejected: 1, withdrawnOrTerminated: 2,
      inProgress: 40, slaMet: 0, slaBreached: 0, slaMetPct: null, stageMedians: {}, byOutcome: { exited: 2 }, flags: {},
      moneyGrantedYuan: 25600.5, moneyPaidYuan: 24100, casesInPayment: 41,
    },
  ],
};

describe('the printable dispatch sheet', () => {
  const html = renderToStaticMarkup(createElement(DispatchSheet, { report, place: '梁山县', words }));

  it('is headed by place, period and kind (季汇总), and says which columns add up', () => {
    expect(html).toContain('梁山县 2026年第三季度 季汇总');
    expect(html).toContain('期内各月之和');
    expect(html).toContain('data-period="2026-Q3"');
  });

  it('prints each row with money in yuan and the outcomes and flags by their titles', () => {
    const rows = html.split('data-testid="dispatch-row"').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('整改台账');
    expect(rows[0]).toContain('线索已移送 5；整改逾期 2');
    expect(rows[0]).toContain('已销号 4；withdrawn 1'); // an outcome without a title prints as its key
    expect(rows[0]).toContain('>75%<');
    expect(rows[1]).toContain('25,600.5 元');
    expect(rows[1]).toContain('24,100 元');
    expect(rows[1]).toContain('已退出 2');
    expect(rows[1]).toMatch(/>41</);
  });

  it('leaves counts of nothing out', () => {
    expect(countsText({ a: 0, b: 2 }, () => '')).toBe('b 2');
    expect(countsText(undefined, () => '')).toBe('');
  });
});

describe('the sheet by cases, with townships and totals (issue 20)', () => {
  const withTownships: DispatchReport = {
    ...report,
    titles: { ...report.titles!, states: { 'p-ledger': { rectifying: { zh: '整改中', en: 'Rectifying' }, review: { zh: '复核', en: 'Review' } } } },
    rows: [
      { ...report.rows[0], slaCasesMet: 2, slaCasesBreached: 1, stageMedians: { rectifying: 168, review: 6 } },
      { ...report.rows[1], countyCode: '370831', countyName: '泗水县', slaCasesMet: 0, slaCasesBreached: 0 },
    ],
    townships: [
      { processKey: 'p-ledger', countyCode: '370832', townshipCode: '370832001', townshipName: '小路口镇', filed: 5, completed: 3, rejected: 0, withdrawnOrTerminated: 1, inProgress: 2, slaCasesBreached: 1 },
    ],
  };
  const html = renderToStaticMarkup(createElement(DispatchSheet, { report: withTownships, place: '济宁市', words }));

  it('counts cases, not deadlines, and gives long stages in days, short ones in hours', () => {
    const row = html.split('data-testid="dispatch-row"')[1];
    expect(row).toContain('data-testid="sla-cases">2/1<');
    expect(row).toContain('整改中 7 天；复核 6 小时');
  });

  it('puts each township under its county, a subtotal per county and the total last', () => {
    const lines = sheetLines(withTownships).map((l) => l.kind);
    expect(lines).toEqual(['row', 'township', 'subtotal', 'row', 'subtotal', 'total']);
    const total = sheetLines(withTownships).at(-1)!;
    expect(total.kind === 'total' && total.row).toMatchObject({ filed: 19, completed: 4, casesMet: 2, casesLate: 1, moneyGrantedYuan: 25600.5, slaMetPct: 75 });
    expect(html).toContain('小路口镇');
    expect(html.indexOf('小路口镇')).toBeLessThan(html.indexOf('泗水县'));
    expect(html).toContain('data-testid="dispatch-total"');
  });

  it('a report of one county has no subtotal, only the total', () => {
    expect(sheetLines(report).map((l) => l.kind)).toEqual(['row', 'row', 'total']);
  });
});

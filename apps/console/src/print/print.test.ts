import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DocumentSheet, NoticeTable } from '../api/types';
import { NoticeTableSheet } from '../pages/NoticeTablePage';
import { PrintSheet } from './PrintSheet';
import { moneyInWords, printValue } from './printValues';

describe('moneyInWords (大写)', () => {
  it('writes yuan, jiao and fen in capital numerals with the zeros a cashier writes', () => {
    expect(moneyInWords(30000)).toBe('叁万元整');
    expect(moneyInWords(35000)).toBe('叁万伍仟元整');
    expect(moneyInWords(1005)).toBe('壹仟零伍元整');
    expect(moneyInWords(100500)).toBe('壹拾万零伍佰元整');
    expect(moneyInWords(10000500)).toBe('壹仟万零伍佰元整');
    expect(moneyInWords(100000000)).toBe('壹亿元整');
    expect(moneyInWords(900)).toBe('玖佰元整');
    expect(moneyInWords(1500.5)).toBe('壹仟伍佰元伍角整');
    expect(moneyInWords(12.07)).toBe('壹拾贰元零柒分');
    expect(moneyInWords(0.08)).toBe('捌分');
    expect(moneyInWords(0)).toBe('零元整');
    expect(moneyInWords(0.07 + 0.01)).toBe('捌分');
  });
});

describe('printValue', () => {
  it('prints amounts in figures and words, words for codes, lists with 、, and blanks for what is missing', () => {
    expect(printValue({ format: 'money', value: 30000 }, 'zh')).toBe('30,000 元（大写：叁万元整）');
    expect(printValue({ format: 'value', value: { zh: '拆除重建', en: 'Rebuild' } }, 'zh')).toBe('拆除重建');
    expect(printValue({ format: 'value', value: { zh: '拆除重建', en: 'Rebuild' } }, 'en')).toBe('Rebuild');
    expect(printValue({ format: 'list', value: ['李干事', '赵干事'] }, 'zh')).toBe('李干事、赵干事');
    expect(printValue({ format: 'date', value: '2026-11-25' }, 'zh')).toBe('2026-11-25');
    expect(printValue({ format: 'count', value: 29 }, 'zh')).toBe('29');
    expect(printValue({ format: 'text', value: null }, 'zh')).toBe('');
  });
});

const doc: DocumentSheet = {
  key: 'approval_form', caseId: '0c6b9f1e-0000-4000-8000-000000000001', caseNo: '0c6b9f1e', processKey: 'p', processTitle: { zh: '流程', en: 'Process' },
  title: { zh: '某某申请审批表', en: 'Approval form' },
  issuer: { level: 'county', name: '梁山县', department: { zh: '住房和城乡建设局', en: 'Housing Bureau' } },
  intro: null,
  sections: [{
    title: { zh: '县级审批意见', en: 'County' },
    fields: [
      { key: 'applicant', title: { zh: '申请人', en: 'Applicant' }, format: 'text', wide: false, value: '闫建国' },
      { key: 'subsidy', title: { zh: '补助金额', en: 'Subsidy' }, format: 'money', wide: false, value: 35000 },
      { key: 'countyAt', title: { zh: '审批日期', en: 'On' }, format: 'date', wide: false, value: null },
    ],
  }],
  closing: { zh: '如有异议可以提出。', en: 'Objections welcome.' },
  signatures: [{ zh: '县级审批人', en: 'Approver' }],
  seal: true,
  printedAt: '2026-11-29T04:00:00.000Z',
};

describe('PrintSheet, the one renderer of every form', () => {
  it('renders the title, the case number, labelled values, signatures and the seal area with the issuer', () => {
    const html = renderToStaticMarkup(createElement(PrintSheet, { doc, lang: 'zh' }));
    expect(html).toContain('<h1>某某申请审批表</h1>');
    expect(html).toContain('编号：0c6b9f1e');
    expect(html).toContain('<caption>县级审批意见</caption>');
    expect(html).toMatch(/data-testid="doc-field-subsidy">35,000 元（大写：叁万伍仟元整）</);
    expect(html).toMatch(/data-testid="doc-field-countyAt"><\/td>/);
    expect(html).toContain('县级审批人：');
    expect(html).toContain('data-testid="seal-area"');
    expect(html).toContain('梁山县住房和城乡建设局');
    expect(html).toContain('2026-11-29');
    expect(html).toContain('（盖章）');
  });

  it('renders a village table: masked names, the process lines as columns, the seal', () => {
    const table: NoticeTable = {
      processKey: 'p', processTitle: { zh: '农村危房改造', en: 'Housing' }, stage: { state: 's', title: { zh: '村级公示', en: 'Village notice' } },
      result: { zh: '拟申请补助', en: 'Proposed' }, village: '闫那里村', township: '小路口镇', county: '梁山县',
      issuer: { level: 'village', name: '闫那里村', department: { zh: '村民委员会', en: 'Committee' } }, hotline: '12317', printedAt: '2026-11-29T04:00:00.000Z',
      rows: [
        { caseNo: 'a1', nameMasked: '张*安', idNumberMasked: '370832********1234', householdSize: 3, details: [{ key: 'grade', title: { zh: '评定等级', en: 'Grade' }, value: { zh: 'D 级', en: 'D' } }], period: { from: '2026-11-20T00:00:00Z', to: '2026-11-27T00:00:00Z' } },
        { caseNo: 'a2', nameMasked: '李*兰', idNumberMasked: '370832********5678', householdSize: 2, details: [], period: { from: null, to: null } },
      ],
    };
    const html = renderToStaticMarkup(createElement(NoticeTableSheet, { table, lang: 'zh' }));
    expect(html).toContain('闫那里村农村危房改造村级公示表');
    expect(html.match(/data-testid="notice-table-row"/g)).toHaveLength(2);
    expect(html).toContain('<th>评定等级</th>');
    expect(html).toContain('张*安');
    expect(html).toContain('12317');
    expect(html).toContain('闫那里村村民委员会');
    expect(html).toContain('data-testid="seal-area"');
  });
});

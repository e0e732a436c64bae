import { describe, expect, it } from 'vitest';
import { codesIn } from './visibleCodes';
import { detailRows, type RecordWords } from './recordDetail';

const words: RecordWords = {
  key: (k) => ({ clock: '时限', dueAt: '到期时间', actor: '操作人', action: '操作', roles: '角色', receipts: '移送回执', usernames: '相关人员', applicant: '申请人', name: '姓名', lane: '通道', flags: '预警标记', data: '申请事项' } as Record<string, string>)[k],
  field: (k) => ({ amountYuan: '金额（元）' } as Record<string, string>)[k] ?? k,
  clock: (n) => ({ county_step: '审核确认环节时限' } as Record<string, string>)[n],
  action: (a) => ({ ASSIGN_LAWYER: '指派律师' } as Record<string, string>)[a] ?? a,
  state: (s) => ({ township_audit: '乡镇审核' } as Record<string, string>)[s] ?? s,
  role: (r) => ({ legal_aid_officer: '法律援助审查员' } as Record<string, string>)[r] ?? r,
  relation: (r) => ({ in_law: '姻亲' } as Record<string, string>)[r] ?? r,
  lane: (l) => ({ normal: '普通' } as Record<string, string>)[l] ?? l,
  flag: (f) => ({ sla_breached: '超时' } as Record<string, string>)[f] ?? f,
  value: (v) => ({ discipline_inspection: '纪检监察机关' } as Record<string, string>)[v],
};

const flat = (rows: unknown): string => JSON.stringify(rows);

describe('a record detail in words', () => {
  it('titles the keys, the clock, the action, roles, states and coded receipts', () => {
    const rows = detailRows({
      clock: 'county_step', dueAt: '2026-11-30T03:00:00Z', actor: 'xian.liangshan.fayuan', action: 'ASSIGN_LAWYER',
      roles: ['legal_aid_officer'], receipts: ['discipline_inspection:梁纪移〔2026〕1号'],
    }, words);
    expect(rows).toEqual([
      ['时限', '审核确认环节时限'], ['到期时间', '2026-11-30T03:00:00Z'], ['操作人', 'xian.liangshan.fayuan'],
      ['操作', '指派律师'], ['角色', '法律援助审查员'], ['移送回执', '纪检监察机关 梁纪移〔2026〕1号'],
    ]);
    expect(codesIn(flat(rows))).toEqual([]);
  });

  it('a clock named after its state reads as the state; ids with names beside them and empty values are left out', () => {
    expect(detailRows({ clock: 'township_audit', userIds: ['0b7c3f1e-1111-4222-8333-944455556666'], usernames: ['zhen.xiaolukou'], relations: ['in_law'], reason: null }, words))
      .toEqual([['时限', '乡镇审核'], ['相关人员', 'zhen.xiaolukou'], ['relations', '姻亲']]);
  });

  it('a filing entry: the engine\'s own facts (process version, subject snapshot, timer) left out, nested objects in words', () => {
    const rows = detailRows({
      data: { amountYuan: 700 }, lane: 'normal', flags: ['sla_breached'], applicant: { name: '闫建国' }, processKey: 'minimum-living-allowance',
      processVersion: 1, subject: { rolesAt: { county: ['county_civil'] } }, _timerId: '1c5e3510-d573-489d-bcb0-ff6ed59818c8',
    }, words);
    expect(rows).toEqual([
      ['申请事项', { rows: [['金额（元）', 700]] }], ['通道', '普通'], ['预警标记', '超时'], ['申请人', { rows: [['姓名', '闫建国']] }],
    ]);
    expect(codesIn(flat(rows))).toEqual([]);
  });

  it('nothing to show for no detail', () => {
    expect(detailRows(undefined, words)).toEqual([]);
    expect(detailRows({ _timerId: 'x' }, words)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { codesIn } from './visibleCodes';
import { flagDetailRows, type FlagDetailWords } from './flagDetail';

const words: FlagDetailWords = {
  key: (k) => ({ clock: '时限', dueAt: '到期时间', actor: '操作人', action: '操作', roles: '角色', state: '所处环节', receipts: '移送回执', usernames: '相关人员' } as Record<string, string>)[k],
  field: (k) => k,
  clock: (n) => ({ county_step: '审核确认环节时限' } as Record<string, string>)[n],
  action: (a) => ({ ASSIGN_LAWYER: '指派律师' } as Record<string, string>)[a] ?? a,
  state: (s) => ({ township_audit: '乡镇审核' } as Record<string, string>)[s] ?? s,
  role: (r) => ({ legal_aid_officer: '法律援助审查员' } as Record<string, string>)[r] ?? r,
  relation: (r) => ({ in_law: '姻亲' } as Record<string, string>)[r] ?? r,
  value: (v) => ({ discipline_inspection: '纪检监察机关' } as Record<string, string>)[v],
};

describe('a flag detail in words', () => {
  it('titles the keys, the clock, the action, roles, states and coded receipts', () => {
    const rows = flagDetailRows({
      clock: 'county_step', dueAt: '2026-11-30T03:00:00Z', actor: 'xian.liangshan.fayuan', action: 'ASSIGN_LAWYER',
      roles: ['legal_aid_officer'], receipts: ['discipline_inspection:梁纪移〔2026〕1号'],
    }, words);
    expect(rows).toEqual([
      ['时限', '审核确认环节时限'], ['到期时间', '2026-11-30T03:00:00Z'], ['操作人', 'xian.liangshan.fayuan'],
      ['操作', '指派律师'], ['角色', '法律援助审查员'], ['移送回执', '纪检监察机关 梁纪移〔2026〕1号'],
    ]);
    expect(codesIn(rows.map(([k, v]) => `${k} ${v}`).join('\n'))).toEqual([]);
  });

  it('a clock named after its state reads as the state; ids with names beside them and empty values are left out', () => {
    expect(flagDetailRows({ clock: 'township_audit', userIds: ['0b7c3f1e-1111-4222-8333-944455556666'], usernames: ['zhen.xiaolukou'], relations: ['in_law'], reason: null }, words))
      .toEqual([['时限', '乡镇审核'], ['相关人员', 'zhen.xiaolukou'], ['relations', '姻亲']]);
  });

  it('nothing to show for no detail', () => {
    expect(flagDetailRows(undefined, words)).toEqual([]);
    expect(flagDetailRows({}, words)).toEqual([]);
  });
});

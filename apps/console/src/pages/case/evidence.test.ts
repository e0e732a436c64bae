import { describe, expect, it } from 'vitest';
import type { HistoryEntry, ProcessInfo } from '../../api/types';
import { buildEvidence, valueInWords } from './evidence';
import { buildSteps } from './steps';

const def = {
  key: 'p', initial: 'review',
  events: [
    { type: 'RECORD_COLLECTIVE_REVIEW', title: { zh: '登记集体评议结果', en: '' }, payload: {}, actors: [] },
    { type: 'TOWNSHIP_APPROVE', title: { zh: '乡镇审核通过', en: '' }, payload: {}, actors: [] },
    { type: 'TOWNSHIP_REJECT', title: { zh: '乡镇审核不通过', en: '' }, payload: {}, actors: [] },
    { type: 'COUNTY_APPROVE', title: { zh: '县级审批通过', en: '' }, payload: {}, actors: [] },
    { type: 'NOTICE_PERIOD_ENDED', title: { zh: '公示期满', en: '' }, payload: {}, actors: 'system' },
  ],
  states: [
    { id: 'review', title: { zh: '集体评议', en: '' }, task: { kind: 'review', role: 'village_clerk', level: 'village' } },
    { id: 'notice', title: { zh: '村级公示', en: '' } },
    { id: 'township', title: { zh: '乡镇审核', en: '' }, task: { kind: 'township', role: 'township_officer', level: 'township' } },
    { id: 'county', title: { zh: '县级审批', en: '' } },
    { id: 'done', title: { zh: '已完成', en: '' }, final: { outcome: 'completed' } },
    { id: 'refused', title: { zh: '不予救助', en: '' }, final: { outcome: 'refused' } },
  ],
  transitions: [
    { from: 'review', event: 'RECORD_COLLECTIVE_REVIEW', to: ['notice'] },
    { from: 'notice', event: 'NOTICE_PERIOD_ENDED', to: ['township'] },
    { from: 'township', event: 'TOWNSHIP_REJECT', to: ['refused'] },
    { from: 'township', event: 'TOWNSHIP_APPROVE', to: ['county'] },
    { from: 'county', event: 'COUNTY_APPROVE', to: ['done'] },
  ],
  outcomes: { completed: { title: { zh: '已完成', en: '' }, counts: 'completed' }, refused: { title: { zh: '不予', en: '' }, counts: 'refused' } },
} as unknown as ProcessInfo;

const entry = (seq: number, action: string, from: string | null, to: string | null, payload: unknown, outcome = 'ok'): HistoryEntry =>
  ({ seq, at: `2026-11-2${seq}T02:00:00.000Z`, actor: { username: 'u', displayName: '张三' }, role: null, action, fromState: from, toState: to, payload, hash: 'h', outcome }) as HistoryEntry;

const TITLES: Record<string, string> = { votesFor: '赞成票', votesAgainst: '反对票', passed: '是否通过', opinion: '审核意见', grade: '评定等级', recommendation: '建议' };
const VALUES: Record<string, string> = { approve: '建议纳入', D: 'D 级' };
const words = {
  field: (k: string) => TITLES[k] ?? k,
  value: (v: string) => VALUES[v],
  yes: '是', no: '否',
  formatDate: (iso: string) => iso.slice(0, 10),
  person: (u: string) => (u === 'lvshi.wang' ? '王律师' : undefined),
  eventTitle: (type: string) => def.events.find((e) => e.type === type)?.title.zh ?? type,
  actorName: (h: HistoryEntry) => h.actor?.displayName ?? '',
};

describe('the evidence summary', () => {
  const history = [
    entry(1, 'FILE', null, 'review', { name: '申请人' }),
    entry(2, 'RECORD_COLLECTIVE_REVIEW', 'review', 'notice', { votesFor: 29, votesAgainst: 1, passed: true, _onBehalfOf: null }),
    entry(3, 'NOTICE_PERIOD_ENDED', 'notice', 'township', {}),
    entry(4, 'TOWNSHIP_APPROVE', 'township', 'county', { opinion: '材料齐全，同意上报' }),
    entry(5, 'COUNTY_APPROVE', 'county', 'county', { opinion: '金额超限' }, 'refused'),
  ];

  it('lists what the previous steps recorded, newest first, in words; refusals, filing and empty entries left out', () => {
    const items = buildEvidence(history, def, words);
    expect(items.map((i) => i.title)).toEqual(['乡镇审核通过', '登记集体评议结果']);
    expect(items[0]).toMatchObject({ actor: '张三', lines: [{ label: '审核意见', value: '材料齐全，同意上报' }] });
    expect(items[1].lines.map((l) => `${l.label}：${l.value}`)).toEqual(['赞成票：29', '反对票：1', '是否通过：是']);
  });

  it('shows values by their titles and people by their names', () => {
    expect(valueInWords({ grade: 'D', recommendation: 'approve', lawyer: 'lvshi.wang' }, words)).toBe('评定等级：D 级；建议：建议纳入；lawyer：王律师');
    expect(valueInWords(['D', 35000, false], words)).toBe('D 级、35,000、否');
  });
});

describe('the step bar', () => {
  it('shows the steps passed, the current one and the next ones along the approvals to a completed end', () => {
    const history = [
      entry(1, 'FILE', null, 'review', {}),
      entry(2, 'RECORD_COLLECTIVE_REVIEW', 'review', 'notice', {}),
      entry(3, 'NOTICE_PERIOD_ENDED', 'notice', 'township', {}),
    ];
    const steps = buildSteps(def, 'township', history, '2026-11-20T00:00:00.000Z');
    expect(steps.map((s) => `${s.state}:${s.status}`)).toEqual(['review:done', 'notice:done', 'township:current', 'county:next', 'done:next']);
    expect(steps[0]).toMatchObject({ enteredAt: '2026-11-20T00:00:00.000Z', leftAt: '2026-11-22T02:00:00.000Z' });
    expect(steps[2].enteredAt).toBe('2026-11-23T02:00:00.000Z');
  });
});

import { makeIdNumber } from '../../libs/registry/src';
import { SystemUnderTest, eventually } from './system-under-test';

/** ID numbers of the demo registry (seeds/demo-data.ts) and of people not in it. */
export const PEOPLE = {
  /** 闫建国, 闫那里村, registered_poor. */
  yanJianguo: makeIdNumber('37083219650312102'),
  /** 闫秀英, 闫那里村, dibao. */
  yanXiuying: makeIdNumber('37083219720805204'),
  /** 刘长顺, 雷口村, tekun. */
  liuChangshun: makeIdNumber('37083219580101301'),
  /** 张平, 闫那里村, not in the registry. */
  zhangPing: makeIdNumber('37083219900606503'),
};

/** A fresh valid ID number not in the registry (birth date varies with n). */
export function stranger(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const seq = String(100 + (Math.floor(n / 28) % 900)).padStart(3, '0');
  return makeIdNumber(`37083219850${(n % 9) + 1}${day}${seq}`);
}

export const VILLAGE = { yannali: '370832001001', leikou: '370832001002', jinzhuang: '370831001001' };

export function housingFiling(idNumber = PEOPLE.yanJianguo, overrides: Record<string, unknown> = {}) {
  return {
    processKey: 'housing-renovation',
    villageCode: VILLAGE.yannali,
    applicant: { name: '闫建国', idNumber, phone: '13800000000', householdSize: 3 },
    data: { category: 'registered_poor', houseDescription: '土坯房，墙体开裂，屋顶漏雨', houseStructure: '土木', builtYear: 1978 },
    ...overrides,
  };
}

export const COLLECTIVE_REVIEW_PASSED = {
  meetingDate: '2026-11-20',
  attendees: 31,
  votesFor: 29,
  votesAgainst: 1,
  minutesRef: '闫那里村民代表会议记录〔2026〕11号',
  passed: true,
};

export const ACCEPTANCE_CHECKLIST = {
  foundation: true,
  loadBearingStructure: true,
  roof: true,
  seismicMeasures: true,
  enclosure: true,
  basicFunctions: true,
  areaWithinLimits: true,
  signage: true,
};

/** Sends one event as `user` and returns the response. */
export async function send(sut: SystemUnderTest, user: string, caseId: string, type: string, payload: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return (await sut.as(user)).post(`/api/cases/${caseId}/events`, { type, payload }, headers);
}

/** Sends an event that must succeed, returning the case view. */
export async function step(sut: SystemUnderTest, user: string, caseId: string, type: string, payload: Record<string, unknown> = {}) {
  const res = await send(sut, user, caseId, type, payload);
  if (res.status !== 200) throw new Error(`${user} ${type}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function waitForState(sut: SystemUnderTest, user: string, caseId: string, state: string, timeoutMs = 20000) {
  return eventually(async () => {
    const res = await (await sut.as(user)).get(`/api/cases/${caseId}`);
    return res.body.state === state ? res.body : undefined;
  }, timeoutMs);
}

export async function fileCase(sut: SystemUnderTest, user: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await (await sut.as(user)).post('/api/cases', body, headers);
  if (res.status !== 201) throw new Error(`file: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Files a housing case and walks it to `state` along the approval path. */
export async function housingCaseAt(sut: SystemUnderTest, state: string, idNumber = PEOPLE.yanJianguo): Promise<string> {
  const c = await fileCase(sut, 'cun.yannali', housingFiling(idNumber));
  // Applicants outside the registry go through the poverty office's identity review first.
  const checked = await eventually(async () => {
    const res = await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${c.id}`);
    return ['collective_review', 'identity_review'].includes(res.body.state) ? res.body.state : undefined;
  });
  if (checked === 'identity_review') await step(sut, 'xian.liangshan.fupin', c.id, 'CONFIRM_IDENTITY', { note: '经入户核实，属新识别贫困户' });
  const path: Array<[string, string, string, Record<string, unknown>, string]> = [
    ['', '', '', {}, 'collective_review'],
    ['cun.yannali', 'RECORD_COLLECTIVE_REVIEW', '', COLLECTIVE_REVIEW_PASSED, 'village_notice'],
    ['', '', '', {}, 'township_audit'],
    ['zhen.xiaolukou', 'TOWNSHIP_APPROVE', '', { opinion: '材料齐全，情况属实，同意上报' }, 'danger_assessment'],
    ['xian.liangshan.jianding', 'SUBMIT_ASSESSMENT', '', { grade: 'D', reportRef: '梁住鉴〔2026〕0421', assessedAt: '2026-11-25' }, 'township_notice'],
    ['', '', '', {}, 'county_approval'],
    ['xian.liangshan.zhujian', 'COUNTY_APPROVE', '', { method: 'rebuild', subsidyAmount: 30000 }, 'county_notice'],
    ['', '', '', {}, 'agreement'],
  ];
  for (const [user, type, , payload, next] of path) {
    if (type) await step(sut, user, c.id, type, payload);
    await waitForState(sut, 'zhen.xiaolukou', c.id, next);
    if (next === state) return c.id;
  }
  throw new Error(`housingCaseAt does not walk to ${state}`);
}

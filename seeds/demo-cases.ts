/**
 * Demo cases, filed through the running api exactly as clerks and officers would (so every case has
 * its audit chain, tasks and clocks). Run by `npm run demo` after the api answers; does nothing if
 * cases already exist. Usage: node dist/seeds/demo-cases.js [baseUrl]. The e2e replay test files
 * them against its own api (`fileDemoCases`).
 */
import { makeIdNumber } from '@app/registry';
import { DEMO_APPLICANTS } from './demo-data';
import { DEFAULT_DEMO_PASSWORD } from './demo-password';

type Call = (user: string, method: string, path: string, body?: unknown) => Promise<any>;

function client(baseUrl: string, password: string): Call {
  const base = baseUrl.replace(/\/$/, '');
  const tokens = new Map<string, string>();
  return async (user, method, path, body) => {
    let token = tokens.get(user);
    if (!token) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
      if (!res.ok) throw new Error(`login ${user}: ${res.status}`);
      token = ((await res.json()) as { accessToken: string }).accessToken;
      tokens.set(user, token);
    }
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: any = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${user} ${method} ${path}: ${res.status} ${json.detail ?? ''}`);
    return json;
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function untilState(call: Call, id: string, states: string[]): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const v = await call('zhen.xiaolukou', 'GET', `/cases/${id}`);
    if (states.includes(v.state)) return v.state;
    await wait(200);
  }
  throw new Error(`case ${id} did not reach ${states.join('/')}`);
}

const id = (name: string) => makeIdNumber(DEMO_APPLICANTS.find((a) => a.name === name)!.first17);

/** Files the demo cases through the api at `baseUrl`; returns how many (0 when cases already exist). */
export async function fileDemoCases(baseUrl: string, password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD): Promise<number> {
  const call = client(baseUrl, password);
  const existing = await call('jijian.shi', 'GET', '/cases?limit=1');
  if (existing.items.length > 0) return 0;
  // 农村危房改造: 闫建国 (registered_poor), through collective review into the village notice.
  const housing = await call('cun.yannali', 'POST', '/cases', {
    processKey: 'housing-renovation', villageCode: '370832001001',
    applicant: { name: '闫建国', idNumber: id('闫建国'), phone: '13805370001', householdSize: 3 },
    data: { category: 'registered_poor', houseDescription: '土坯房，后墙开裂，屋顶漏雨', houseStructure: '土木', builtYear: 1978 },
  });
  await untilState(call, housing.id, ['collective_review']);
  await call('cun.yannali', 'POST', `/cases/${housing.id}/events`, {
    type: 'RECORD_COLLECTIVE_REVIEW',
    payload: { meetingDate: new Date().toISOString().slice(0, 10), attendees: 31, votesFor: 29, votesAgainst: 1, minutesRef: '闫那里村民代表会议记录〔2026〕11号', passed: true },
  });
  // 临时救助 急难型: a fire tonight; the 24-hour relief clock is running.
  await call('cun.yannali', 'POST', '/cases', {
    processKey: 'temporary-assistance', villageCode: '370832001001',
    applicant: { name: '闫秀英', idNumber: id('闫秀英'), householdSize: 4 },
    data: { hardshipType: 'fire', urgency: 'emergency', description: '夜间失火，房屋及口粮被毁', requestedAmount: 2000 },
  });
  // 临时救助 支出型 in 雷口村.
  const relief = await call('cun.leikou', 'POST', '/cases', {
    processKey: 'temporary-assistance', villageCode: '370832001002',
    applicant: { name: '刘长顺', idNumber: id('刘长顺'), householdSize: 1 },
    data: { hardshipType: 'sudden_illness', urgency: 'normal', description: '突发脑梗住院，自付医疗费用较高', requestedAmount: 8000 },
  });
  // 法律援助: 张平 is not in the registry, so economic review comes first.
  const legal = await call('cun.yannali', 'POST', '/cases', {
    processKey: 'legal-aid', villageCode: '370832001001',
    applicant: { name: '张平', idNumber: id('张平') },
    data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
  });
  const today = new Date().toISOString().slice(0, 10);
  // 审计整改台账: three findings of the city's discipline reviewer, at different stages.
  const finding = (subjectCaseId: string, data: Record<string, unknown>) =>
    call('jijian.shi', 'POST', '/cases', { processKey: 'audit-rectification', data: { subjectCaseId, severity: 'general', ...data } });
  // Answered by the village: waiting for the reviewer's verification.
  const answered = await finding(housing.id, {
    category: 'procedure', responsibleJurisdictionCode: '370832001001', responsibleRole: 'village_clerk',
    description: '集体评议记录缺少三名参会代表签字', basis: '《农村危房改造基本安全技术导则》评议公示要求',
  });
  await call('cun.yannali', 'POST', `/cases/${answered.id}/events`, {
    type: 'SUBMIT_RECTIFICATION',
    payload: { measures: '补齐参会代表签字并重新张榜公示', evidenceRefs: [{ kind: 'document', ref: '闫那里村〔2026〕补签记录' }], completedAt: today },
  });
  // With the township, rectifying.
  await finding(relief.id, {
    category: 'inaction', responsibleJurisdictionCode: '370832001', responsibleRole: 'township_officer',
    description: '受理后未在规定时间内入户调查核实', basis: '《社会救助暂行办法》第六十六条第(一)项', rectificationDays: 20,
  });
  // With the county legal aid centre, a clue referred to the discipline inspection body.
  const referred = await finding(legal.id, {
    category: 'other', severity: 'serious', responsibleJurisdictionCode: '370832', responsibleRole: 'legal_aid_officer',
    description: '经济困难审查材料与申请人实际情况不符', basis: '《法律援助法》第六十一条', amountInvolvedYuan: 3000,
  });
  await call('jijian.shi', 'POST', `/cases/${referred.id}/events`, {
    type: 'REFER_CLUE',
    payload: { to: 'discipline_inspection', receiptNo: '梁纪移〔2026〕1号', referredAt: today, summary: '审查人员涉嫌违规出具经济困难证明' },
  });
  return 7;
}

if (require.main === module) {
  const base = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  fileDemoCases(base)
    .then((n) => process.stdout.write(n ? `demo cases: ${n} filed (housing, emergency relief, temporary assistance, legal aid, three audit findings)\n` : 'demo cases: already present\n'))
    .catch((err) => {
      process.stderr.write(`demo cases failed: ${err.message}\n`);
      process.exit(1);
    });
}

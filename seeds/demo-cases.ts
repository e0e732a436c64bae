/**
 * Demo cases, filed through the running api exactly as clerks and officers would (so every case has
 * its audit chain, tasks and clocks). Run by `npm run demo` after the api answers; does nothing if
 * cases already exist. Usage: node dist/seeds/demo-cases.js [baseUrl]. The e2e replay test files
 * them against its own api (`fileDemoCases`).
 */
import { createDataSource } from '@app/db';
import { environment, isSettingGiven, numericSetting, textSetting } from '@app/settings';
import { makeIdNumber } from '@app/registry';
import { DEMO_APPLICANTS } from './demo-data';

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
async function untilState(call: Call, id: string, states: string[], tries = 100): Promise<string> {
  for (let i = 0; i < tries; i++) {
    const v = await call('zhen.xiaolukou', 'GET', `/cases/${id}`);
    if (states.includes(v.state)) return v.state;
    await wait(200);
  }
  throw new Error(`case ${id} did not reach ${states.join('/')}`);
}

const id = (name: string) => makeIdNumber(DEMO_APPLICANTS.find((a) => a.name === name)!.first17);

/**
 * Fires a case's armed deadline of `event` now instead of days ahead, through the engine: the timer
 * row is backdated and the worker's reconciler fires it like any late deadline (the engine applies
 * the event, audits it and arms what follows). Only for the real-time demo, where a 7-day notice
 * and the month to the first payment would otherwise leave the 低保 households stuck at 公示.
 */
export type FireDue = (caseId: string, event: string) => Promise<void>;

/** Files the demo cases through the api at `baseUrl`; returns how many (0 when cases already exist). */
export async function fileDemoCases(baseUrl: string, password = textSetting('DEMO_PASSWORD')!, fireDue?: FireDue): Promise<number> {
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
  return 7 + (await fileDibaoHouseholds(call, fireDue));
}

/** A deterministic demo ID number (not in the registry): 梁山县, born 1960–1989. */
const demoId = (n: number) => makeIdNumber(`370832${1960 + (n % 30)}0${(n % 9) + 1}${String((n % 28) + 1).padStart(2, '0')}${String(600 + n).padStart(3, '0')}`);

/**
 * 最低生活保障 households at every stage the demo can reach at once: acceptance, investigation,
 * democratic review, notice; and, when the api's time scale ends the 7-day notice within seconds
 * (`npm run demo -- --fast`, the e2e tests), confirmed households in payment and one in 渐退, whose
 * monthly payments then follow as demo time runs. In real time (`fireDue`) the notice's end and the
 * first monthly payments are fired early through the engine, so the plain demo shows them too.
 * Returns how many were filed.
 */
async function fileDibaoHouseholds(call: Call, fireDue?: FireDue): Promise<number> {
  const households = [
    { name: '孙桂兰', members: ['孙小军'], income: 400, upTo: 'acceptance' },
    { name: '赵德发', members: ['赵王氏', '赵小花'], income: 600, upTo: 'investigation' },
    { name: '钱玉梅', members: ['钱强'], income: 300, upTo: 'democratic_review' },
    { name: '周福生', members: ['周李氏', '周明'], income: 900, upTo: 'notice' },
    { name: '吴春花', members: ['吴小丽'], income: 500, upTo: 'in_payment' },
    { name: '闫建国', members: ['闫王氏', '闫小虎'], income: 750, upTo: 'gradual_exit' },
  ];
  let n = 0;
  const pastNotice: Array<{ id: string; size: number; exit: boolean }> = [];
  for (const [i, h] of households.entries()) {
    const memberIds = h.members.map((_, j) => demoId(i * 5 + j + 1));
    const size = 1 + h.members.length;
    const c = await call('cun.yannali', 'POST', '/cases', {
      processKey: 'minimum-living-allowance', villageCode: '370832001001',
      applicant: { name: h.name, idNumber: h.upTo === 'gradual_exit' ? id('闫建国') : demoId(i * 5), householdSize: size },
      data: {
        members: h.members.map((name, j) => ({ name, idNumber: memberIds[j], relation: j === 0 ? '配偶' : '子女', laborCapacity: 'partial' })),
        basis: 'income', declaredMonthlyIncomeYuan: h.income, declaredAssets: '自住房一处，无大额存款', checkConsentRef: `核对授权〔2026〕${10 + i}号`,
        relativeDeclaration: { declared: false },
      },
    });
    n++;
    if (h.upTo === 'acceptance') continue;
    const ev = (user: string, type: string, payload: unknown) => call(user, 'POST', `/cases/${c.id}/events`, { type, payload });
    await ev('zhen.xiaolukou', 'ACCEPT_APPLICATION', { materials: ['申请书', '户口簿', '家庭经济状况核对授权书'] });
    if (h.upTo === 'investigation') continue;
    await ev('zhen.xiaolukou', 'SUBMIT_INVESTIGATION', {
      checkReportRef: `核对报告〔2026〕${20 + i}号`, visitDate: new Date().toISOString().slice(0, 10), investigators: ['李明', '王芳'], householdSize: size,
      monthlyIncomeYuan: h.income, incomeItems: [{ kind: '务农', monthlyYuan: h.income }], rigidExpenditureYuan: 0,
      assets: { depositsYuan: 1000, vehicles: 0, extraHousing: false, businessRegistered: false }, assetsWithinLimits: true,
      householdClass: 'stable', recommendation: 'approve', opinion: '家庭人均收入低于低保标准，入户核实属实',
    });
    if (h.upTo === 'democratic_review') continue;
    await ev('cun.yannali', 'RECORD_DEMOCRATIC_REVIEW', {
      meetingDate: new Date().toISOString().slice(0, 10), attendees: 25, votesFor: 23, votesAgainst: 1, minutesRef: `闫那里村民主评议〔2026〕${i}号`, passed: true,
    });
    if (h.upTo === 'notice') continue;
    pastNotice.push({ id: c.id, size, exit: h.upTo === 'gradual_exit' });
  }
  // Past the 公示 only when the notice period ends within seconds (a time-scaled demo): waited for together.
  await Promise.all(pastNotice.map(async (c, i) => {
    if (fireDue) await fireDue(c.id, 'NOTICE_PERIOD_ENDED');
    const reached = await untilState(call, c.id, ['county_confirmation'], fireDue ? 200 : 100).catch(() => null);
    if (!reached) return;
    const ev = (user: string, type: string, payload: unknown) => call(user, 'POST', `/cases/${c.id}/events`, { type, payload });
    const v = await call('xian.liangshan.minzheng', 'GET', `/cases/${c.id}`);
    await ev('xian.liangshan.minzheng', 'CONFIRM_DIBAO', { amountYuan: v.context.assessment.amountYuan });
    // The first month (下月起) paid now rather than next month.
    const paidMonths = async (k: number) => {
      if (!fireDue) return;
      await fireDue(c.id, 'MONTHLY_PAYMENT_DUE');
      for (let t = 0; t < 200; t++) {
        const w = await call('zhen.xiaolukou', 'GET', `/cases/${c.id}`);
        if ((w.payments ?? []).filter((p: { status: string }) => p.status === 'paid').length >= k) return;
        await wait(200);
      }
    };
    await paidMonths(1);
    if (!c.exit) return;
    await ev('zhen.xiaolukou', 'SUBMIT_REVIEW', {
      checkReportRef: `复核〔2026〕${i}号`, visitDate: new Date().toISOString().slice(0, 10), investigators: ['李明', '王芳'], householdSize: c.size,
      monthlyIncomeYuan: 2400, rigidExpenditureYuan: 0, assetsWithinLimits: true, householdClass: 'stable', proposal: 'gradual_exit',
      findings: '子女外出务工，家庭人均收入已超过低保标准',
    });
    // 闫建国's household is 建档立卡 (the registry lookup recorded it), so it may exit gradually.
    await ev('xian.liangshan.minzheng', 'APPROVE_GRADUAL_EXIT', { months: 3 });
    // The first month of 渐退, paid at the current amount.
    await paidMonths(2);
  }));
  return n;
}

if (require.main === module) {
  const env = environment();
  const base = process.argv[2] ?? `http://127.0.0.1:${numericSetting('PORT', env)}`;
  // Real time: the notice's end and the first payments are fired early through the engine (FireDue).
  const realTime = numericSetting('WORKFLOW_TIME_SCALE', env) === 1 && isSettingGiven('DATABASE_URL', env);
  const ds = realTime ? createDataSource(textSetting('DATABASE_URL', env), 1) : null;
  const fireDue: FireDue | undefined = ds
    ? async (caseId, event) => {
        if (!ds.isInitialized) await ds.initialize();
        await ds.query(
          `UPDATE case_timers SET due_at = now() - interval '1 minute' WHERE case_id = $1 AND event_type = $2 AND status = 'armed' AND due_at > now()`,
          [caseId, event],
        );
      }
    : undefined;
  fileDemoCases(base, undefined, fireDue)
    .finally(() => ds?.isInitialized && ds.destroy())
    .then((n) => process.stdout.write(n ? `demo cases: ${n} filed (housing, emergency relief, temporary assistance, legal aid, three audit findings, minimum living allowance)\n` : 'demo cases: already present\n'))
    .catch((err) => {
      process.stderr.write(`demo cases failed: ${err.message}\n`);
      process.exit(1);
    });
}

/**
 * Issue 20, lists for work: the inbox's columns, batch claim, every list's Excel export (opened
 * with exceljs: Chinese headers, the filtered rows only, local times), the audit search people can
 * use (short case number, display name, applicant ID number for reviewers only, audited) and the
 * ETag the console polls with. Real time (scale 1): nothing falls due under the test's feet.
 */
import ExcelJS from 'exceljs';
import { SystemUnderTest } from './support/system-under-test';
import { PEOPLE, VILLAGE, stranger } from './support/fixtures';
import { assistance, fileAndSettle, legalAid, taskOf } from './queues-helpers';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('lists for work: inbox columns, batch claim, Excel exports, audit search', () => {
  const sut = new SystemUnderTest({ timeScale: 1 });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  /** GET as `user`, the body as bytes. */
  async function fetchBytes(user: string, url: string) {
    const res = await sut.http().get(url).set('Authorization', `Bearer ${await sut.token(user)}`).buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return res;
  }

  /** The first sheet as rows of cell text (header first), opened with exceljs as a user's Excel would. */
  async function sheetOf(user: string, url: string) {
    const res = await fetchBytes(user, url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const disposition = res.headers['content-disposition'] as string;
    const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    return { name, header: rows[0], rows: rows.slice(1), disposition };
  }

  const cases: Record<string, any> = {};

  beforeAll(async () => {
    cases.yannali = await fileAndSettle(sut, assistance(stranger(2001), { requestedAmount: 1800 }));
    cases.leikou = await fileAndSettle(sut, { ...assistance(stranger(2002), { requestedAmount: 900 }, VILLAGE.leikou), applicant: { name: '雷春花', idNumber: stranger(2002), householdSize: 2 } }, 'cun.leikou');
    cases.third = await fileAndSettle(sut, assistance(PEOPLE.zhangPing, { requestedAmount: 2500 }));
    cases.legal = await fileAndSettle(sut, legalAid(stranger(2003), '李春梅'));
    expect([cases.yannali.state, cases.leikou.state, cases.third.state]).toEqual(['township_review', 'township_review', 'township_review']);
  });

  it('the inbox shows 受理时间, 等待天数, the amount, the due date and the previous handler by name; its xlsx holds the filtered rows', async () => {
    const api = await sut.as('zhen.xiaolukou');
    const inbox = (await api.get('/api/tasks')).body.items;
    const row = inbox.find((t: any) => t.caseId === cases.yannali.id);
    expect(row.case).toMatchObject({
      filedAt: cases.yannali.filedAt, waitingDays: 0, amount: { amount: 1800, title: { zh: '申请金额' } },
      previousHandler: { username: 'cun.yannali', displayName: '闫那里村 经办员' },
    });
    expect(row).toHaveProperty('dueAt');
    expect(inbox.find((t: any) => t.caseId === cases.leikou.id).case.previousHandler.displayName).toBe('雷口村 经办员');

    const sheet = await sheetOf('zhen.xiaolukou', `/api/tasks?format=xlsx&villageCode=${VILLAGE.yannali}`);
    expect(sheet.name).toMatch(/^待办任务-\d{4}-\d{2}-\d{2} \d{4}\.xlsx$/);
    expect(sheet.disposition).toMatch(/^attachment; filename="tasks\.xlsx"; filename\*=UTF-8''/);
    expect(sheet.header).toEqual(['任务', '业务', '通道', '申请人', '村（社区）', '案件状态', '受理时间', '等待天数', '金额（元）', '金额说明',
      '办理期限', '是否超期', '办理角色', '上一经办人', '认领情况']);
    // Only 闫那里村's two cases, not 雷口村's; words, not codes; Beijing time.
    expect(sheet.rows.map((r) => r[4])).toEqual(['闫那里村', '闫那里村']);
    const mine = sheet.rows.find((r) => r[8] === '1800')!;
    expect(mine).toBeDefined();
    expect(mine.slice(1, 4)).toEqual(['临时救助', '普通', '王桂兰']);
    expect(mine[13]).toBe('闫那里村 经办员');
    expect(mine[14]).toBe('待认领');
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(cases.yannali.filedAt));
    expect(sheet.rows.map((r) => r[6])).toContain(local);
    expect(sheet.rows.flat().join(' ')).not.toMatch(/township_review|temporary-assistance|township_officer/);
    // The export is on the caller's chain, with its filter.
    const [entry] = await sut.ds.query(`SELECT payload FROM audit_entries WHERE action = 'EXPORT_LIST' AND actor_username = 'zhen.xiaolukou' ORDER BY id DESC LIMIT 1`);
    expect(entry.payload).toMatchObject({ list: 'tasks', filters: { villageCode: VILLAGE.yannali }, rows: 2 });
    expect((await api.get('/api/tasks?format=pdf')).status).toBe(400);
  });

  it('the inbox answers an ETag; the same tag is 304 until a new task appears', async () => {
    const api = await sut.as('zhen.xiaolukou2');
    const first = await api.get('/api/tasks');
    const tag = first.headers.etag;
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect((await api.get('/api/tasks').set('If-None-Match', tag)).status).toBe(304);
    cases.fourth = await fileAndSettle(sut, assistance(stranger(2004), { requestedAmount: 700 }));
    const after = await api.get('/api/tasks').set('If-None-Match', tag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(tag);
    expect(after.body.items.map((t: any) => t.caseId)).toContain(cases.fourth.id);
    const list = await api.get('/api/cases');
    expect((await api.get('/api/cases').set('If-None-Match', list.headers.etag)).status).toBe(304);
    // Only the polled lists carry one: no other answer is hashed for a tag nobody asks for.
    const view = await api.get(`/api/cases/${cases.fourth.id}`);
    expect(view.status).toBe(200);
    expect(view.headers.etag).toBeUndefined();
  });

  it('batch claim: each id claimed on its own; a retry is 200 again; another officer gets 409, another role 403, an unknown id 404', async () => {
    const ids = {
      yannali: (await taskOf(sut, cases.yannali.id)).id,
      leikou: (await taskOf(sut, cases.leikou.id)).id,
      third: (await taskOf(sut, cases.third.id)).id,
      legal: (await taskOf(sut, cases.legal.id)).id,
    };
    const one = await sut.as('zhen.xiaolukou');
    const two = await sut.as('zhen.xiaolukou2');
    const first = await one.post('/api/tasks/claim', { ids: [ids.yannali, ids.leikou] });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => [r.id, r.status, r.task.claimedBy])).toEqual([[ids.yannali, 200, 'zhen.xiaolukou'], [ids.leikou, 200, 'zhen.xiaolukou']]);
    expect((await one.post('/api/tasks/claim', { ids: [ids.yannali] })).body.results[0]).toMatchObject({ status: 200, task: { claimedBy: 'zhen.xiaolukou' } });

    const unknown = '00000000-0000-4000-8000-000000000000';
    const second = await two.post('/api/tasks/claim', { ids: [ids.yannali, ids.legal, ids.third, unknown] });
    expect(second.status).toBe(200);
    expect(second.body.results.map((r: any) => [r.id, r.status])).toEqual([[ids.yannali, 409], [ids.legal, 403], [ids.third, 200], [unknown, 404]]);
    expect(second.body.results[0].detail).toContain('小路口镇 审核员');
    expect(second.body.claimed).toBe(1);
    // One claim entry per task on its case's chain; the refusal on the officer's own chain.
    const claims = await sut.ds.query(`SELECT case_id FROM audit_entries WHERE action = 'TASK_CLAIMED' AND outcome = 'ok' AND payload->>'taskId' = ANY($1)`, [[ids.yannali, ids.leikou, ids.third]]);
    expect(claims).toHaveLength(3);
    const refused = await sut.ds.query(`SELECT 1 FROM audit_entries WHERE action = 'TASK_CLAIMED' AND outcome = 'refused' AND actor_username = 'zhen.xiaolukou2'`);
    expect(refused).toHaveLength(1);
    for (const bad of [{}, { ids: [] }, { ids: 'x' }, { ids: [1] }]) {
      const res = await two.post('/api/tasks/claim', bad);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('ids');
    }
  });

  it('the case list and the flags export the current filter', async () => {
    const sheet = await sheetOf('zhen.xiaolukou', '/api/cases?format=xlsx&processKey=legal-aid');
    expect(sheet.name).toMatch(/^案件列表-/);
    expect(sheet.header.slice(0, 8)).toEqual(['案件编号', '业务', '申请人', '身份证号（脱敏）', '村（社区）', '状态', '通道', '办理结果']);
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0].slice(0, 3)).toEqual([cases.legal.id.slice(0, 8), '法律援助', '李春梅']);
    expect(sheet.rows[0][3]).toMatch(/^\d{6}\*+/);

    // A clerk trying the township's step: a flag naming a person (操作人), in the sheet by display name.
    expect((await (await sut.as('cun.yannali')).post(`/api/cases/${cases.third.id}/events`, { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 2500 } })).status).toBe(403);
    const json = (await (await sut.as('jijian.shi')).get('/api/flags?countyCode=370832')).body;
    const flags = await sheetOf('jijian.shi', '/api/flags?format=xlsx&countyCode=370832');
    expect(flags.header.slice(0, 6)).toEqual(['发现时间', '线索类型', '业务', '县（市、区）', '案件编号', '详情']);
    expect(flags.rows).toHaveLength(json.items.length);
    expect(flags.rows.map((r) => r[1])).toEqual(json.items.map((f: any) => json.titles[f.code].zh));
    const [{ display_name: clerkName }] = await sut.ds.query(`SELECT display_name FROM users WHERE username = 'cun.yannali'`);
    expect(json.people['cun.yannali']).toBe(clerkName);
    const attempt = json.items.findIndex((f: any) => f.code === 'refused_decision_attempt' && f.caseId === cases.third.id);
    expect(attempt).toBeGreaterThanOrEqual(0);
    expect(flags.rows[attempt][5]).toContain(`操作人：${clerkName}`);
    expect(flags.rows[attempt][5]).toContain('角色：村级经办员');
    expect(flags.rows.map((r) => String(r[5])).join('\n')).not.toMatch(/cun\.yannali|village_clerk/);
    expect((await fetchBytes('zhen.xiaolukou', '/api/flags?format=xlsx')).status).toBe(403);
  });

  it('the audit search takes the short case number and a display name; its xlsx and CSV hold the same rows with Chinese headers', async () => {
    const reviewer = await sut.as('jijian.shi');
    const short = cases.yannali.id.slice(0, 8);
    const byShort = (await reviewer.get(`/api/audit?caseId=${short}&limit=500`)).body.items;
    const byFull = (await reviewer.get(`/api/audit?caseId=${cases.yannali.id}&limit=500`)).body.items;
    expect(byShort.map((e: any) => e.action)).toEqual(expect.arrayContaining(['FILE', 'TASK_CLAIMED']));
    expect(byShort.map((e: any) => e.id)).toEqual(byFull.map((e: any) => e.id));
    expect(new Set(byShort.map((e: any) => e.caseId))).toEqual(new Set([cases.yannali.id]));
    expect((await reviewer.get('/api/audit?caseId=zz12')).body.errors[0].field).toBe('caseId');

    const byName = (await reviewer.get(`/api/audit?actor=${encodeURIComponent('审核员二')}`)).body.items;
    expect(byName.length).toBeGreaterThan(0);
    expect(new Set(byName.map((e: any) => e.actor))).toEqual(new Set(['zhen.xiaolukou2']));
    expect(byName[0].actorDisplayName).toBe('小路口镇 审核员二');

    const sheet = await sheetOf('jijian.shi', `/api/audit?format=xlsx&caseId=${short}`);
    expect(sheet.name).toMatch(/^审计记录-/);
    expect(sheet.header.slice(0, 10)).toEqual(['序号', '时间', '案件编号', '操作人', '操作人账号', '角色', '行政区划代码', '操作', '操作代码', '结果']);
    expect(sheet.rows.map((r) => Number(r[0]))).toEqual(byShort.map((e: any) => e.id).reverse());
    const claim = sheet.rows.find((r) => r[8] === 'TASK_CLAIMED')!;
    expect(claim.slice(3, 6)).toEqual(['小路口镇 审核员', 'zhen.xiaolukou', '乡镇经办审核员']);
    expect(claim[7]).toBe('认领任务');
    expect(claim[9]).toBe('成功');

    const csv = await sut.download('jijian.shi', `/api/audit/export?format=csv&caseId=${short}`);
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFF序号,时间,案件编号,操作人,操作人账号,角色,行政区划代码,操作,操作代码,结果,原状态,新状态,详情,审计链,链内序号,哈希');
    expect(lines).toHaveLength(byShort.length + 1);
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);

    const actions = (await reviewer.get('/api/audit/actions')).body.items;
    expect(actions).toContainEqual({ action: 'TASK_CLAIMED', title: { zh: '认领任务', en: 'TASK_CLAIMED' }, process: null });
    expect(actions.find((a: any) => a.process?.zh === '临时救助')).toBeDefined();
  });

  it('reviewers find a person by ID number through the keyed index (the search audited, the number masked); others are refused', async () => {
    const reviewer = await sut.as('jijian.shi');
    const res = await reviewer.get(`/api/audit?applicantIdNumber=${PEOPLE.zhangPing}&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(new Set(res.body.items.map((e: any) => e.caseId))).toEqual(new Set([cases.third.id]));
    const byName = (await reviewer.get(`/api/audit?applicantName=${encodeURIComponent('雷春花')}`)).body.items;
    expect(new Set(byName.map((e: any) => e.caseId))).toEqual(new Set([cases.leikou.id]));

    const searches = await sut.ds.query(`SELECT payload FROM audit_entries WHERE action = 'AUDIT_PERSON_SEARCH' AND actor_username = 'jijian.shi' ORDER BY id`);
    expect(searches).toHaveLength(2);
    expect(searches[0].payload.filters.applicantIdNumber).toBe(`${PEOPLE.zhangPing.slice(0, 6)}********${PEOPLE.zhangPing.slice(14)}`);
    const stored = await sut.ds.query(`SELECT count(*)::int AS n FROM audit_entries WHERE payload::text LIKE '%' || $1 || '%'`, [PEOPLE.zhangPing]);
    expect(stored[0].n).toBe(0);
    // The export under the same filter: the same rows, the number masked in its record.
    const sheet = await sheetOf('jijian.shi', `/api/audit?format=xlsx&applicantIdNumber=${PEOPLE.zhangPing}`);
    expect(sheet.rows).toHaveLength(res.body.items.length);

    const bad = await reviewer.get('/api/audit?applicantIdNumber=123');
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'applicantIdNumber']);
    for (const user of ['zhen.xiaolukou', 'xian.liangshan.minzheng']) {
      const refused = await (await sut.as(user)).get(`/api/audit?applicantIdNumber=${PEOPLE.zhangPing}`);
      expect(refused.status).toBe(403);
    }
  });

  it('月调度 xlsx: cases by county with township rows, subtotals and a total', async () => {
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const report = (await (await sut.as('xian.liangshan.minzheng')).get(`/api/reports/dispatch?month=${month}`)).body;
    const filed = report.rows.reduce((s: number, r: any) => s + r.filed, 0);
    expect(filed).toBe(5);
    expect(report.rows[0]).toHaveProperty('slaCasesBreached');
    expect(report.townships.filter((t: any) => t.townshipName === '小路口镇').reduce((s: number, t: any) => s + t.filed, 0)).toBe(5);

    const sheet = await sheetOf('xian.liangshan.minzheng', `/api/reports/dispatch?month=${month}&format=xlsx`);
    expect(sheet.name).toMatch(new RegExp(`^梁山县${month}月调度-`));
    expect(sheet.header.slice(0, 4)).toEqual(['县（市、区）', '乡镇（街道）', '业务', '受理（件）']);
    const township = sheet.rows.filter((r) => r[1] === '小路口镇');
    expect(township.map((r) => r[2]).sort()).toEqual(['临时救助', '法律援助']);
    expect(township.reduce((s, r) => s + Number(r[3]), 0)).toBe(5);
    const subtotal = sheet.rows.find((r) => r[1] === '小计')!;
    const total = sheet.rows[sheet.rows.length - 1];
    expect(total[0]).toBe('合计');
    expect([Number(subtotal[3]), Number(total[3])]).toEqual([5, 5]);
    const [entry] = await sut.ds.query(`SELECT payload FROM audit_entries WHERE action = 'EXPORT_DISPATCH_REPORT' ORDER BY id DESC LIMIT 1`);
    expect(entry.payload).toMatchObject({ format: 'xlsx', period: month });
  });
});

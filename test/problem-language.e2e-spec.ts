/**
 * Issue 18: problem+json answers follow Accept-Language: zh-CN by default, English when the caller
 * prefers it (`en`, `en-US,en;q=0.9`). Title, detail and field messages change; type, status and
 * field names do not. Messages about a case's state and event use the process's own {zh, en} titles.
 */
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { loadProcessRegistry } from '../libs/processes/src';
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, housingFiling, stranger } from './support/fixtures';

const ENGLISH = ['en', 'en-US,en;q=0.9', 'fr-FR, en;q=0.5'];
const CHINESE = [undefined, 'zh-CN', 'zh-CN,zh;q=0.9,en;q=0.8', '*'];

describe('API errors in the caller’s language', () => {
  const sut = new SystemUnderTest({ worker: false });
  const housing = loadProcessRegistry({}).latest('housing-renovation')!;
  let caseId = '';
  let state = '';
  let revision = 0;

  beforeAll(async () => {
    await sut.start();
    const filed = await fileCase(sut, 'cun.yannali', housingFiling(stranger(1801)));
    caseId = filed.id;
    const view = await (await sut.as('zhen.xiaolukou')).get(`/api/cases/${caseId}`);
    state = view.body.state;
    revision = view.body.revision;
  });
  afterAll(() => sut.stop());

  /** The same request in each language: [status, body, Content-Language] per Accept-Language. */
  async function ask(build: () => Test, language: string | undefined) {
    const req = build();
    const res = await (language === undefined ? req : req.set('Accept-Language', language));
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res;
  }

  async function both(build: () => Test, status: number) {
    const zh = [];
    for (const l of CHINESE) zh.push(await ask(build, l));
    const en = [];
    for (const l of ENGLISH) en.push(await ask(build, l));
    for (const r of [...zh, ...en]) {
      expect(r.status).toBe(status);
      expect(r.body.type).toBe('about:blank');
      expect(r.body.status).toBe(status);
    }
    for (const r of zh) expect(r.headers['content-language']).toBe('zh-CN');
    for (const r of en) expect(r.headers['content-language']).toBe('en');
    // Every English answer is the same, and so is every Chinese one.
    for (const r of zh.slice(1)) expect(r.body).toEqual(zh[0].body);
    for (const r of en.slice(1)) expect(r.body).toEqual(en[0].body);
    return { zh: zh[0].body, en: en[0].body };
  }

  it('401 without a token', async () => {
    const { zh, en } = await both(() => sut.http().get('/api/me'), 401);
    expect(zh).toMatchObject({ title: '未登录', detail: '请先登录' });
    expect(en).toMatchObject({ title: 'Not signed in', detail: 'Sign in first' });
  });

  it('403 for a role the route does not admit, naming the roles in each language', async () => {
    const token = await sut.token('cun.yannali');
    const { zh, en } = await both(() => sut.http().post('/api/admin/users').set('Authorization', `Bearer ${token}`).send({}), 403);
    expect(zh).toMatchObject({ title: '无权操作', detail: '此操作需要以下角色之一：系统管理员' });
    expect(en).toMatchObject({ title: 'Not allowed', detail: 'This operation needs one of these roles: Administrator' });
  });

  it('403 for an event another role sends, in the process’s own titles', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'WITHDRAW', payload: { reason: '申请人要求撤回本次申请' } };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body), 403);
    const title = housing.events.WITHDRAW.title;
    expect(zh).toMatchObject({ title: '无权操作', detail: `「${title.zh}」只能由村级经办员（本案所属村）操作` });
    expect(en).toMatchObject({ title: 'Not allowed', detail: `Only Village clerk (the case's village) may do "${title.en}"` });
  });

  it('404 for a case that is not there', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const missing = randomUUID();
    const { zh, en } = await both(() => sut.http().get(`/api/cases/${missing}`).set('Authorization', `Bearer ${token}`), 404);
    expect(zh).toMatchObject({ title: '未找到', detail: '案件不存在或不在您的辖区内' });
    expect(en).toMatchObject({ title: 'Not found', detail: 'The case does not exist or is outside your jurisdiction' });
  });

  it('404 for an address the api does not have, in words (not the router\'s "Cannot GET")', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const { zh, en } = await both(() => sut.http().get('/api/no-such-list?x=1').set('Authorization', `Bearer ${token}`), 404);
    expect(zh).toMatchObject({ title: '未找到', detail: '没有这个地址：GET /api/no-such-list?x=1' });
    expect(en).toMatchObject({ title: 'Not found', detail: 'No such address: GET /api/no-such-list?x=1' });
  });

  it('409 for a stale revision', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'TOWNSHIP_APPROVE', payload: { opinion: '材料齐全，情况属实，同意上报' }, expectedRevision: revision + 5 };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body), 409);
    expect(zh).toMatchObject({ title: '冲突', detail: `案件已被他人更新（当前版本 ${revision}，您提交的是 ${revision + 5}），请刷新后重试` });
    expect(en).toMatchObject({ title: 'Conflict', detail: `The case was updated by someone else (revision ${revision}, you sent ${revision + 5}); reload and try again` });
  });

  it('422 for an event the state does not take, with the process’s own titles', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'TOWNSHIP_APPROVE', payload: { opinion: '材料齐全，情况属实，同意上报' } };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body), 422);
    const stateTitle = housing.states[state].title;
    const eventTitle = housing.events.TOWNSHIP_APPROVE.title;
    expect(zh).toMatchObject({ title: '不允许的操作', detail: `案件当前处于「${stateTitle.zh}」，不能执行「${eventTitle.zh}」` });
    expect(en).toMatchObject({ title: 'Operation not allowed', detail: `The case is at "${stateTitle.en}": "${eventTitle.en}" is not possible there` });
    expect(stateTitle.en).not.toBe(stateTitle.zh);
  });

  it('422 for a process rule: its reason in each language, the same figures in both; the audit keeps the Chinese', async () => {
    // The emergency lane takes first relief at once (no worker needed); above the township's 3,000 yuan the rule refuses.
    const filed = await fileCase(sut, 'cun.yannali', {
      processKey: 'temporary-assistance',
      villageCode: VILLAGE.yannali,
      applicant: { name: '张平', idNumber: stranger(1805), householdSize: 4 },
      data: { hardshipType: 'fire', urgency: 'emergency', description: '夜间失火，房屋及口粮被毁', requestedAmount: 3500 },
    });
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'GRANT_FIRST_RELIEF', payload: { amount: 3500, form: 'in_kind', grantedAt: new Date().toISOString() } };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${filed.id}/events`).set('Authorization', `Bearer ${token}`).send(body), 422);
    expect(zh).toMatchObject({ title: '不允许的操作', detail: '先行救助金额 3500 元超过乡镇直接审批上限 3000 元；超出部分请在补齐手续后按常规程序申请' });
    expect(en).toMatchObject({
      title: 'Operation not allowed',
      detail: "The first relief of 3500 yuan exceeds the township's direct approval cap of 3000 yuan; apply for the rest by the normal procedure once the paperwork is complete",
    });
    noChinese(en);
    // Seven refused attempts (one per language asked), each audited with the Chinese reason, as before issue 18.
    const audited = await sut.ds.query(
      `SELECT payload->>'reason' AS reason FROM audit_entries WHERE case_id = $1 AND action = 'GRANT_FIRST_RELIEF' AND outcome = 'refused'`,
      [filed.id],
    );
    expect(audited.map((r: any) => r.reason)).toEqual(Array(CHINESE.length + ENGLISH.length).fill(zh.detail));
  });

  it('400 naming the field, its message in each language', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'TOWNSHIP_APPROVE', payload: { opinion: 42, extra: true } };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body), 400);
    expect(zh.title).toBe('输入无效');
    expect(en.title).toBe('Invalid input');
    expect(en.detail).toBe('The request is not valid; see the message of each field');
    const byField = (b: any) => Object.fromEntries(b.errors.map((e: any) => [e.field, e.message]));
    expect(byField(zh)).toMatchObject({ 'payload.opinion': '应为文字', 'payload.extra': '不允许的字段「extra」' });
    expect(byField(en)).toMatchObject({ 'payload.opinion': 'must be of type string', 'payload.extra': 'field "extra" is not allowed' });
    // Same fields in the same order; only the words differ, and nothing else is added.
    expect(en.errors.map((e: any) => e.field)).toEqual(zh.errors.map((e: any) => e.field));
    for (const e of [...zh.errors, ...en.errors]) expect(Object.keys(e).sort()).toEqual(['field', 'message']);
  });
  // Sentences with a variable part carry their English from the throw site (no catalogue pattern).
  const HAN = /\p{Script=Han}/u;
  const noChinese = (body: any) => {
    expect(body.title).not.toMatch(HAN);
    expect(body.detail).not.toMatch(HAN);
    for (const e of body.errors ?? []) expect(e.message).not.toMatch(HAN);
  };
  /** Field messages by field (and line, for an import), so both answers can be compared field by field. */
  const fieldMessages = (body: any) => Object.fromEntries(body.errors.map((e: any) => [e.line === undefined ? e.field : `${e.line}:${e.field ?? ''}`, e.message]));
  /** The English answer names the same fields (and lines) in the same order as the Chinese one, and nothing more. */
  const sameFields = (zh: any, en: any) => {
    const shape = (b: any) => b.errors.map(({ message: _m, ...rest }: any) => rest);
    expect(shape(en)).toEqual(shape(zh));
  };

  it('415 for an attachment of a refused type, the field message too', async () => {
    const token = await sut.token('cun.yannali');
    const upload = () =>
      sut.http().post(`/api/cases/${caseId}/attachments`).set('Authorization', `Bearer ${token}`)
        .attach('file', Buffer.from('just some text, not a document'), { filename: 'note.pdf', contentType: 'application/pdf' });
    const { zh, en } = await both(upload, 415);
    expect(zh).toMatchObject({ title: '文件类型不支持', detail: '只能上传 PDF、JPEG、PNG 或 OFD 文件' });
    expect(zh.errors[0].message).toMatch(HAN);
    expect(en).toMatchObject({ title: 'Unsupported file type', detail: 'Only PDF, JPEG, PNG or OFD files can be uploaded' });
    expect(en.errors.map((e: any) => e.field)).toEqual(zh.errors.map((e: any) => e.field));
    noChinese(en);
  });

  it('403 for delegating a role the caller does not hold, naming the role in each language', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const body = { toUsername: 'cun.yannali', role: 'lawyer', from: day(1), to: day(3) };
    const { zh, en } = await both(() => sut.http().post('/api/delegations').set('Authorization', `Bearer ${token}`).send(body), 403);
    expect(zh.detail).toMatch(/^您没有「.+」角色，不能委托该角色$/);
    expect(en.detail).toMatch(/^You do not have the role ".+" and cannot delegate it$/);
    noChinese(en);
  });

  it('a batch claim answers each refused id in the caller’s language', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const claim = (language?: string) => {
      const req = sut.http().post('/api/tasks/claim').set('Authorization', `Bearer ${token}`).send({ ids: ['not-a-task-id'] });
      return language ? req.set('Accept-Language', language) : req;
    };
    const zh = await claim();
    const en = await claim('en');
    for (const r of [zh, en]) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ claimed: 0, results: [{ id: 'not-a-task-id', status: 404, detail: expect.any(String) }] });
    }
    expect(zh.body.results[0].detail).toBe('任务不存在或不在您的辖区内');
    expect(en.body.results[0].detail).toBe('The task does not exist or is outside your jurisdiction');
  });

  // Hand-written field messages (issue 18's closing note): each carries its English beside it.

  it('a jurisdiction CSV import answers its line errors in the caller’s language', async () => {
    const token = await sut.token('admin');
    const csv = ['code,name,parentCode,level', 'bad code!,某村,,village', 'X1,,ROOT?,hamlet', 'X2,新村,NOPE,village'].join('\n');
    const importCsv = () => sut.http().post('/api/admin/jurisdictions/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(csv);
    const { zh, en } = await both(importCsv, 400);
    expect(zh).toMatchObject({ title: '导入失败', detail: '5 处错误，未写入任何数据；请按行号修改后重新导入' });
    expect(fieldMessages(zh)).toEqual({
      '2:code': '代码应为 1–32 位字母、数字、下划线或连字符',
      '3:name': '名称应为 1–64 个字符，不含控制字符',
      '3:parentCode': '上级代码格式不正确',
      '3:level': '层级应为以下之一：province、city、county、township、village',
      '4:parentCode': '上级代码 NOPE 不存在（既不在库中，也不在本文件中）',
    });
    expect(en).toMatchObject({ title: 'Import failed', detail: '5 error(s); nothing was written. Correct the numbered lines and import again' });
    expect(fieldMessages(en)).toEqual({
      '2:code': 'the code must be 1–32 letters, digits, underscores or hyphens',
      '3:name': 'the name must be 1–64 characters without control characters',
      '3:parentCode': 'the parent code has the wrong format',
      '3:level': 'the level must be one of: province, city, county, township, village',
      '4:parentCode': 'parent code NOPE does not exist (neither stored nor in this file)',
    });
    sameFields(zh, en);
    noChinese(en);
  });

  it('an audit search with a bad filter names the field in the caller’s language', async () => {
    const token = await sut.token('jijian.shi');
    const search = (query: string) => () => sut.http().get(`/api/audit?${query}`).set('Authorization', `Bearer ${token}`);
    const outcome = await both(search('outcome=maybe'), 400);
    expect(fieldMessages(outcome.zh)).toEqual({ outcome: expect.stringMatching(/^应为以下之一：/) });
    expect(fieldMessages(outcome.en)).toEqual({ outcome: expect.stringMatching(/^must be one of: [a-z_]+(, [a-z_]+)+$/) });
    noChinese(outcome.en);
    const from = await both(search('from=yesterday'), 400);
    expect(fieldMessages(from.zh)).toEqual({ from: '应为 ISO 8601 日期时间，例如 2026-11-20T08:00:00+08:00' });
    expect(fieldMessages(from.en)).toEqual({ from: 'must be an ISO 8601 date and time, such as 2026-11-20T08:00:00+08:00' });
    noChinese(from.en);
  });

  it('a registry import refuses a file without its header in the caller’s language', async () => {
    const token = await sut.token('xian.liangshan.fupin');
    const importCsv = () => sut.http().post('/api/registry/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send('idNumber,name\n1,2\n');
    const { zh, en } = await both(importCsv, 400);
    expect(fieldMessages(zh)).toEqual({ '(body)': expect.stringMatching(/^表头缺少列 villageCode、category、status、householdId/) });
    expect(fieldMessages(en)).toEqual({ '(body)': expect.stringMatching(/^the header lacks column villageCode, category, status, householdId/) });
    noChinese(en);
  });

  it('a registry import reports its row errors in the caller’s language (200, nothing imported)', async () => {
    const token = await sut.token('xian.liangshan.fupin');
    const good = stranger(1802);
    const badDigit = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const csv = [
      'idNumber,name,villageCode,category,status,householdId',
      `${badDigit},错号户,370832001001,dibao,not_lifted,HH-1802`,
      `${stranger(1803)},,370832001001,poor,not_lifted,HH-1803`,
      `${stranger(1804)},外村户,370832999999,dibao,not_lifted,HH-1804`,
    ].join('\n');
    const importAs = (language?: string) => {
      const req = sut.http().post('/api/registry/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv');
      return (language ? req.set('Accept-Language', language) : req).send(csv);
    };
    const zh = await importAs();
    const en = await importAs('en-US,en;q=0.9');
    // `failed` counts row errors: line 3 has two.
    for (const r of [zh, en]) expect(r.body).toMatchObject({ imported: 0, unchanged: 0, failed: 4 });
    expect(fieldMessages(zh.body)).toEqual({
      '2:idNumber': expect.stringMatching(/^身份证号码 .+：校验位应为/),
      '3:name': '姓名不能为空',
      '3:category': expect.stringMatching(/^类别“poor”无效，应为 registered_poor（建档立卡贫困户）/),
      '4:villageCode': '村（社区）代码 370832999999 不存在',
    });
    expect(fieldMessages(en.body)).toEqual({
      '2:idNumber': expect.stringMatching(/^ID number .+: the check character should be /),
      '3:name': 'the name cannot be empty',
      '3:category': 'category "poor" is not valid; it must be one of registered_poor, dibao, tekun, poor_disabled',
      '4:villageCode': 'village code 370832999999 does not exist',
    });
    sameFields(zh.body, en.body);
    for (const e of en.body.errors) expect(e.message).not.toMatch(HAN);
    expect(JSON.stringify([zh.body, en.body])).not.toContain(badDigit);
  });

  it('a body nested too deep is refused in the caller’s language', async () => {
    const token = await sut.token('cun.yannali');
    let deep: unknown = 'bottom';
    for (let i = 0; i < 70; i++) deep = { d: deep };
    const post = () => sut.http().post('/api/cases').set('Authorization', `Bearer ${token}`).send({ processKey: 'housing-renovation', data: deep });
    const { zh, en } = await both(post, 400);
    expect(fieldMessages(zh)).toEqual({ '(body)': 'JSON 嵌套层数超过 64 层' });
    expect(fieldMessages(en)).toEqual({ '(body)': 'JSON is nested more than 64 levels deep' });
    noChinese(en);
  });

  it('a malformed JSON body and a region-code filter answer in the caller’s language', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const malformed = () => sut.http().post('/api/cases').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"processKey":');
    const json = await both(malformed, 400);
    expect(json.zh).toMatchObject({ detail: '请求体不是合法的 JSON', errors: [{ field: '(body)', message: 'JSON 格式错误' }] });
    expect(json.en).toMatchObject({ detail: 'The request body is not valid JSON', errors: [{ field: '(body)', message: 'malformed JSON' }] });
    noChinese(json.en);
    const inbox = await both(() => sut.http().get('/api/tasks?countyCode=12').set('Authorization', `Bearer ${token}`), 400);
    expect(fieldMessages(inbox.zh)).toEqual({ countyCode: '应为存在的县（市、区）代码（6 位数字）' });
    expect(fieldMessages(inbox.en)).toEqual({ countyCode: 'must be the code of an existing county (6 digits)' });
    noChinese(inbox.en);
  });
});

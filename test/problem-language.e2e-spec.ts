/**
 * Issue 18: problem+json answers follow Accept-Language: zh-CN by default, English when the caller
 * prefers it (`en`, `en-US,en;q=0.9`). Title, detail and field messages change; type, status and
 * field names do not. Messages about a case's state and event use the process's own {zh, en} titles.
 */
import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { loadProcessRegistry } from '../libs/processes/src';
import { SystemUnderTest } from './support/system-under-test';
import { fileCase, housingFiling, stranger } from './support/fixtures';

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

  it('400 naming the field, its message in each language', async () => {
    const token = await sut.token('zhen.xiaolukou');
    const body = { type: 'TOWNSHIP_APPROVE', payload: { opinion: 42, extra: true } };
    const { zh, en } = await both(() => sut.http().post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body), 400);
    expect(zh.title).toBe('输入无效');
    expect(en.title).toBe('Invalid input');
    expect(en.detail).toBe('The request is not valid; see the message of each field');
    const byField = (b: any) => Object.fromEntries(b.errors.map((e: any) => [e.field, e.message]));
    expect(byField(zh)).toMatchObject({ 'payload.opinion': '类型应为 string', 'payload.extra': '不允许的字段「extra」' });
    expect(byField(en)).toMatchObject({ 'payload.opinion': 'must be of type string', 'payload.extra': 'field "extra" is not allowed' });
    // Same fields in the same order; only the words differ, and nothing else is added.
    expect(en.errors.map((e: any) => e.field)).toEqual(zh.errors.map((e: any) => e.field));
    for (const e of [...zh.errors, ...en.errors]) expect(Object.keys(e).sort()).toEqual(['field', 'message']);
  });
  // Sentences with a variable part carry their English from the throw site (no catalogue pattern).
  const HAN = /\p{Script=Han}/u;
  const noChinese = (body: any) => {
    expect(body.detail).not.toMatch(HAN);
    for (const e of body.errors ?? []) expect(e.message).not.toMatch(HAN);
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
});

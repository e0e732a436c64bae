/**
 * Issue 20, supervision (督办) over HTTP: a 24-hour emergency relief overdue escalates to the county
 * civil-affairs bureau, whose approver urges (催办) the township's task — the holder sees the urge
 * in the inbox — reassigns it (改派) and writes a supervision opinion (督办意见). Each is on the
 * case's audit chain, idempotent with an Idempotency-Key, refused to everyone but the supervisor
 * and answered 400 naming the field on bad input. And the lawyer picker: the people a payload
 * field picks, with their open caseloads.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, fileCase, step, stranger } from './support/fixtures';
import { assistance, fileAndSettle, legalAid } from './queues-helpers';

describe('supervision actions (催办, 改派, 督办意见)', () => {
  // A day lasts 50 ms: the 24-hour relief clock is overdue at once.
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  const county = 'xian.liangshan.minzheng';
  const as = (user: string) => sut.as(user);
  const chain = (caseId: string, action: string) =>
    sut.ds.query(`SELECT actor_username, actor_role, payload FROM audit_entries WHERE chain_id = $1 AND action = $2 ORDER BY seq`, [`case:${caseId}`, action]);

  /** An emergency case whose relief is overdue: the county holds the escalation, the township officer the relief task. */
  async function escalated(n: number) {
    const c = await fileCase(sut, 'cun.yannali', assistance(stranger(900 + n), { urgency: 'emergency', hardshipType: 'fire', requestedAmount: 1500 }));
    const overview = await eventually(async () => {
      const o = (await (await as(county)).get(`/api/cases/${c.id}/supervision`)).body;
      return o.supervisor && o.supervised.length ? o : undefined;
    });
    return { caseId: c.id as string, overview };
  }

  it('the supervisor sees the supervised task with whom it could go to; others are not supervisors', async () => {
    const { caseId, overview } = await escalated(1);
    expect(overview.supervisionTasks[0].kind).toMatch(/^escalation:/);
    const [task] = overview.supervised;
    expect(task).toMatchObject({ kind: 'emergency_relief', role: 'township_officer', place: '小路口镇', urges: 0, lastUrge: null });
    expect(task.candidates.map((u: any) => u.username).sort()).toEqual(['zhen.xiaolukou', 'zhen.xiaolukou2']);
    expect(task.candidates[0]).toMatchObject({ displayName: expect.any(String), openCases: expect.any(Number) });
    expect((await (await as('zhen.xiaolukou')).get(`/api/cases/${caseId}/supervision`)).body).toMatchObject({ supervisor: false, supervised: [] });
    expect((await (await as('cun.jinzhuang')).get(`/api/cases/${caseId}/supervision`)).status).toBe(404);
  });

  it('催办: the urge marks the task in its holder\'s inbox, once per Idempotency-Key, on the case chain', async () => {
    const { caseId, overview } = await escalated(2);
    const taskId = overview.supervised[0].id;
    const officer = await as('zhen.xiaolukou');
    expect((await officer.post(`/api/tasks/${taskId}/claim`)).status).toBe(200);

    const civil = await as(county);
    const body = { taskId, message: '先行救助已超时，请今日内办理' };
    const first = await civil.post(`/api/cases/${caseId}/supervision/urges`, body, { 'Idempotency-Key': 'urge-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ taskId, urges: 1, lastUrge: { by: '梁山县民政局 审批员', message: body.message } });
    const again = await civil.post(`/api/cases/${caseId}/supervision/urges`, body, { 'Idempotency-Key': 'urge-1' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await civil.post(`/api/cases/${caseId}/supervision/urges`, { ...body, message: '另一条催办内容，请尽快' }, { 'Idempotency-Key': 'urge-1' })).status).toBe(409);

    const inbox = (await officer.get('/api/tasks')).body.items.find((t: any) => t.id === taskId);
    expect(inbox).toMatchObject({ urges: 1, lastUrge: { message: body.message, by: '梁山县民政局 审批员' } });
    expect((await officer.get(`/api/cases/${caseId}`)).body.openTasks.find((t: any) => t.id === taskId).urges).toBe(1);
    expect(await chain(caseId, 'SUPERVISION_URGED')).toEqual([
      { actor_username: county, actor_role: 'county_civil', payload: { taskId, taskKind: 'emergency_relief', holder: 'zhen.xiaolukou', message: body.message } },
    ]);
  });

  it('403 for everyone but the supervisor, 404 outside the subtree, 400 naming the field', async () => {
    const { caseId, overview } = await escalated(3);
    const taskId = overview.supervised[0].id;
    const body = { taskId, message: '先行救助已超时，请今日内办理' };
    for (const user of ['zhen.xiaolukou2', 'xian.liangshan.zhujian', 'cun.yannali']) {
      const res = await (await as(user)).post(`/api/cases/${caseId}/supervision/urges`, body);
      expect([user, res.status]).toEqual([user, 403]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await (await as('jijian.shi')).post(`/api/cases/${caseId}/supervision/opinions`, { opinion: '请县民政局督促办理' })).status).toBe(403);
    expect((await (await as('cun.jinzhuang')).post(`/api/cases/${caseId}/supervision/urges`, body)).status).toBe(404);
    // The refusals are evidence, each on the refused caller's own chain.
    const refused = await sut.ds.query(
      `SELECT actor_username FROM audit_entries WHERE case_id = $1 AND action = 'SUPERVISION_URGE' AND outcome = 'refused' AND chain_id LIKE 'actor:%' ORDER BY actor_username`, [caseId]);
    expect(refused.map((r: any) => r.actor_username)).toEqual(['cun.yannali', 'xian.liangshan.zhujian', 'zhen.xiaolukou2']);

    const civil = await as(county);
    const bad = async (path: string, b: unknown, field: string) => {
      const res = await civil.post(`/api/cases/${caseId}/supervision/${path}`, b);
      expect([path, field, res.status]).toEqual([path, field, 400]);
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    };
    await bad('urges', { ...body, message: '快' }, 'message');
    await bad('urges', { ...body, message: '     ' }, 'message');
    await bad('urges', { ...body, taskId: 'not-a-task' }, 'taskId');
    await bad('urges', { ...body, taskId: overview.supervisionTasks[0].id }, 'taskId');
    await bad('reassignments', { taskId, toUsername: 'zhen.jinzhuang', reason: '原经办人外出培训' }, 'toUsername');
    await bad('reassignments', { taskId, toUsername: 'nobody.here', reason: '原经办人外出培训' }, 'toUsername');
    await bad('reassignments', { taskId, toUsername: 'zhen.xiaolukou2' }, 'reason');
    await bad('opinions', { opinion: '' }, 'opinion');
    await bad('opinions', { opinion: '请尽快办理完毕', extra: 1 }, 'extra');
    const tooLong = await civil.post(`/api/cases/${caseId}/supervision/opinions`, { opinion: '请尽快办理完毕' }, { 'Idempotency-Key': 'k'.repeat(201) });
    expect(tooLong.status).toBe(400);
    // Nothing was written by any of these.
    expect(await sut.ds.query(`SELECT 1 FROM audit_entries WHERE chain_id = $1 AND action LIKE 'SUPERVISION_%'`, [`case:${caseId}`])).toEqual([]);
    expect((await sut.ds.query(`SELECT urge_count FROM tasks WHERE id = $1`, [taskId]))[0].urge_count).toBe(0);
  });

  it('改派 and 督办意见: the task goes to the colleague, the opinion stands in the case history; both idempotent', async () => {
    const { caseId, overview } = await escalated(4);
    const taskId = overview.supervised[0].id;
    expect((await (await as('zhen.xiaolukou')).post(`/api/tasks/${taskId}/claim`)).status).toBe(200);
    const civil = await as(county);
    const move = { taskId, toUsername: 'zhen.xiaolukou2', reason: '原经办人外出培训，改由同事办理' };
    const moved = await civil.post(`/api/cases/${caseId}/supervision/reassignments`, move, { 'Idempotency-Key': 'move-1' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ taskId, status: 'claimed', claimedBy: { username: 'zhen.xiaolukou2', displayName: '小路口镇 审核员二' } });
    expect((await civil.post(`/api/cases/${caseId}/supervision/reassignments`, move, { 'Idempotency-Key': 'move-1' })).body).toEqual(moved.body);
    const view = (await civil.get(`/api/cases/${caseId}`)).body;
    expect(view.openTasks.find((t: any) => t.id === taskId)).toMatchObject({ status: 'claimed' });
    // The same colleague again: 409, nothing to move.
    expect((await civil.post(`/api/cases/${caseId}/supervision/reassignments`, move)).status).toBe(409);

    const opinion = { opinion: '请小路口镇于今日内完成先行救助，并报县民政局备案' };
    const said = await civil.post(`/api/cases/${caseId}/supervision/opinions`, opinion, { 'Idempotency-Key': 'opinion-1' });
    expect(said.status).toBe(201);
    expect((await civil.post(`/api/cases/${caseId}/supervision/opinions`, opinion, { 'Idempotency-Key': 'opinion-1' })).body).toEqual(said.body);

    expect(await chain(caseId, 'SUPERVISION_REASSIGNED')).toHaveLength(1);
    expect((await chain(caseId, 'SUPERVISION_OPINION')).map((e: any) => e.payload.opinion)).toEqual([opinion.opinion]);
    const history = (await (await as('jijian.shi')).get(`/api/cases/${caseId}/history`)).body.items;
    expect(history.some((e: any) => e.action === 'SUPERVISION_OPINION')).toBe(true);
    expect((await (await as('jijian.shi')).get(`/api/audit/verify?caseId=${caseId}`)).body.valid).toBe(true);
    // The new holder may act on it: the relief goes on.
    await step(sut, 'zhen.xiaolukou2', caseId, 'GRANT_FIRST_RELIEF', { amount: 1500, form: 'in_kind', grantedAt: new Date().toISOString() });
  });

  it('the lawyer picker: the county\'s lawyers with their open caseloads, for whoever may assign', async () => {
    const busy = await fileAndSettle(sut, legalAid(PEOPLE.yanJianguo, '闫建国'));
    await step(sut, 'xian.liangshan.fayuan', busy.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕301号' });
    await step(sut, 'xian.liangshan.fayuan', busy.id, 'ASSIGN_LAWYER', { lawyer: 'lvshi.wang' });
    const next = await fileAndSettle(sut, legalAid(PEOPLE.yanXiuying, '闫秀英'));
    await step(sut, 'xian.liangshan.fayuan', next.id, 'GRANT_AID', { decisionNo: '梁法援决〔2026〕302号' });

    const officer = await as('xian.liangshan.fayuan');
    const res = await officer.get(`/api/cases/${next.id}/assignable?event=ASSIGN_LAWYER&field=lawyer`);
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('lawyer');
    const byName = Object.fromEntries(res.body.items.map((u: any) => [u.username, u]));
    expect(byName['lvshi.wang']).toMatchObject({ displayName: '王律师' });
    expect(byName['lvshi.zhao']).toMatchObject({ displayName: '赵律师' });
    expect(byName['lvshi.wang'].openCases).toBeGreaterThan(byName['lvshi.zhao'].openCases);
    // Least loaded first.
    expect(res.body.items[0].openCases).toBeLessThanOrEqual(res.body.items[res.body.items.length - 1].openCases);

    expect((await (await as('cun.yannali')).get(`/api/cases/${next.id}/assignable?event=ASSIGN_LAWYER&field=lawyer`)).status).toBe(403);
    const notPicker = await officer.get(`/api/cases/${next.id}/assignable?event=GRANT_AID&field=decisionNo`);
    expect(notPicker.status).toBe(400);
    expect(notPicker.body.errors[0].field).toBe('field');
    const missing = await officer.get(`/api/cases/${next.id}/assignable`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field)).toEqual(['event', 'field']);
    expect((await officer.get(`/api/cases/${next.id}/assignable?event=NO_SUCH_EVENT&field=lawyer`)).status).toBe(404);
  });
});

/**
 * Issue 17, item 2: every refusal and every act on the work queue is in the audit trail, found by
 * the discipline reviewer (jijian.shi) in GET /api/audit with who, what and why.
 * - a role-guard 403 (a route for another role) → ROLE_REFUSED on the caller's chain;
 * - a filing 403 (a clerk filing for another village) → FILE refused on the caller's chain;
 * - a claim and a release → TASK_CLAIMED / TASK_RELEASED on the case's chain (in the case history,
 *   between the decisions, like reassignments and idle-claim expiries);
 * - a refused release or claim (403) → on the caller's chain.
 */
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, stranger } from './support/fixtures';
import { assistance, fileAndSettle, taskOf } from './queues-helpers';

describe('refusals and work-queue acts are audited', () => {
  const sut = new SystemUnderTest({ env: { CLAIM_IDLE_MINUTES: '525600' } });
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  /** The reviewer's audit search, newest first. */
  async function audit(query: Record<string, string>) {
    const res = await (await sut.as('jijian.shi')).get(`/api/audit?${new URLSearchParams(query)}`);
    expect(res.status).toBe(200);
    return res.body.items as any[];
  }

  it('a role-guard 403 is on the caller\'s chain: who, which route, which roles it needs, the reason they were told', async () => {
    const officer = await sut.as('zhen.xiaolukou');
    const refused = await officer.get('/api/flags');
    expect(refused.status).toBe(403);
    const importing = await officer.post('/api/registry/import', 'idNumber,name\n');
    expect(importing.status).toBe(403);

    const items = await audit({ actor: 'zhen.xiaolukou', action: 'ROLE_REFUSED' });
    expect(items).toHaveLength(2);
    const [imp, flags] = items;
    expect(flags).toMatchObject({
      actor: 'zhen.xiaolukou', role: 'township_officer', jurisdictionCode: '370832001', action: 'ROLE_REFUSED', outcome: 'refused',
      caseId: null, chainId: expect.stringContaining('actor:'),
      payload: { status: 403, method: 'GET', route: expect.stringContaining('flags'), requiredRoles: ['discipline_reviewer'], reason: refused.body.detail },
    });
    expect(flags.payload.reason).toContain('纪检监察');
    expect(imp.payload).toMatchObject({ method: 'POST', route: expect.stringContaining('registry'), reason: importing.body.detail });
  });

  it('a filing 403 (a clerk filing for another village) is on the clerk\'s chain with the process, the village and the masked applicant', async () => {
    const res = await (await sut.as('cun.leikou')).post('/api/cases', assistance(stranger(1801), {}, VILLAGE.yannali));
    expect(res.status).toBe(403);
    const [entry, ...more] = await audit({ actor: 'cun.leikou', action: 'FILE', outcome: 'refused' });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: 'cun.leikou', role: 'village_clerk', jurisdictionCode: VILLAGE.leikou, caseId: null, outcome: 'refused',
      payload: {
        status: 403, reason: res.body.detail, processKey: 'temporary-assistance', villageCode: VILLAGE.yannali,
        applicant: { name: '王桂兰', idNumberMasked: expect.stringContaining('*') },
      },
    });
    expect(entry.payload.reason).toContain('只有本村');
    // Nothing was filed.
    expect(await sut.ds.query(`SELECT id FROM cases WHERE village_code = $1 AND filed_by = (SELECT id FROM users WHERE username = 'cun.leikou')`, [VILLAGE.yannali])).toEqual([]);
  });

  it('a claim and a release are on the case\'s chain (and in its history); a refused release is on the refused caller\'s chain', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(1802)));
    const task = await taskOf(sut, c.id);
    const officer = await sut.as('zhen.xiaolukou');
    expect((await officer.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);

    // Another officer may not release it: 403, and that is evidence too.
    const other = await (await sut.as('zhen.xiaolukou2')).post(`/api/tasks/${task.id}/release`);
    expect(other.status).toBe(403);
    expect((await officer.post(`/api/tasks/${task.id}/release`)).status).toBe(200);

    const claims = await audit({ caseId: c.id, action: 'TASK_CLAIMED' });
    expect(claims).toEqual([expect.objectContaining({
      actor: 'zhen.xiaolukou', role: 'township_officer', caseId: c.id, chainId: `case:${c.id}`, outcome: 'ok',
      fromState: 'township_review', toState: 'township_review', payload: { taskId: task.id, taskKind: 'township_review' },
    })]);
    const releases = await audit({ caseId: c.id, action: 'TASK_RELEASED' });
    expect(releases).toEqual([
      expect.objectContaining({
        actor: 'zhen.xiaolukou', caseId: c.id, chainId: `case:${c.id}`, outcome: 'ok',
        payload: { taskId: task.id, taskKind: 'township_review', claimedAt: expect.any(String) },
      }),
      expect.objectContaining({
        actor: 'zhen.xiaolukou2', caseId: c.id, chainId: expect.stringContaining('actor:'), outcome: 'refused',
        payload: { status: 403, reason: other.body.detail, taskId: task.id, taskKind: 'township_review' },
      }),
    ]);
    expect(other.body.detail).toContain('只能释放自己');

    // The case history shows who held the work, in order with the rest.
    const history = (await (await sut.as('jijian.shi')).get(`/api/cases/${c.id}/history`)).body.items;
    expect(history.map((e: any) => [e.action, e.actor.username])).toEqual([
      ['FILE', 'cun.yannali'],
      ['TASK_CLAIMED', 'zhen.xiaolukou'],
      ['TASK_RELEASED', 'zhen.xiaolukou'],
    ]);

    // A claim by a role the task is not for is refused and recorded on the caller's chain.
    const clerk = await (await sut.as('xian.liangshan.minzheng')).post(`/api/tasks/${task.id}/claim`);
    expect(clerk.status).toBe(403);
    const [refusedClaim] = await audit({ actor: 'xian.liangshan.minzheng', action: 'TASK_CLAIMED', outcome: 'refused' });
    expect(refusedClaim).toMatchObject({ caseId: c.id, payload: { status: 403, reason: clerk.body.detail, taskId: task.id } });

    const verify = await (await sut.as('jijian.shi')).get('/api/audit/verify');
    expect(verify.body.valid).toBe(true);
  });
});

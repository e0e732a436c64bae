/**
 * Issue 9, "must show" 2: 50 clients racing on one case (conflicting decisions from two township
 * officers) and 50 clients claiming one task. Exactly one winner each, every loser a clean
 * 409/422/403 problem+json (never 500), and the audit chains verify afterwards.
 */
import { SystemUnderTest } from './support/system-under-test';
import { housingCaseAt, stranger } from './support/fixtures';
import { fileAndSettle, assistance, taskOf } from './queues-helpers';
import { CONSISTENT, checkConsistency } from './faults-support';

const CLIENTS = 50;
const OFFICERS = ['zhen.xiaolukou', 'zhen.xiaolukou2'];
const DECISIONS: Array<[string, Record<string, unknown>, string]> = [
  ['TOWNSHIP_APPROVE', { opinion: '材料齐全，情况属实，同意上报' }, 'danger_assessment'],
  ['TOWNSHIP_REJECT', { reason: '经核实家庭另有安全住房，不符合改造条件' }, 'rejected'],
  ['RETURN_FOR_CORRECTION', { missing: ['户口簿复印件'] }, 'correction'],
];

describe('50 concurrent clients on one case and one task', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start(), 60000);
  afterAll(() => sut.stop());

  it('conflicting decisions on one case: exactly one is applied, the others 409/422/403, chains valid', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(801));
    const apis = await Promise.all(OFFICERS.map((u) => sut.as(u)));
    const sent = Array.from({ length: CLIENTS }, (_, i) => ({ officer: i % 2, decision: DECISIONS[i % 3] }));
    const results = await Promise.all(
      sent.map(({ officer, decision: [type, payload] }) => apis[officer].post(`/api/cases/${caseId}/events`, { type, payload })),
    );

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // Losers are refused cleanly; a 503 would be the pool's backpressure on a loaded machine (50
    // clients, 30 connections, 3 s to get one): nothing stored, never a 500.
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([403, 409, 422, 503]).toContain(r.status);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const winner = sent[statuses.indexOf(200)];
    const after = (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}`)).body;
    // The state the single winning decision leads to (none of the three has a timer, so the case
    // stays there until a person acts).
    expect(after.state).toBe(winner.decision[2]);
    const decided = await sut.ds.query(
      `SELECT action, actor_username FROM audit_entries WHERE chain_id = $1 AND outcome = 'ok' AND action = ANY($2)`,
      [`case:${caseId}`, DECISIONS.map((d) => d[0])],
    );
    expect(decided).toEqual([{ action: winner.decision[0], actor_username: OFFICERS[winner.officer] }]);

    const verify = await (await sut.as('jijian.shi')).get(`/api/audit/verify?caseId=${caseId}`);
    expect(verify.body.valid).toBe(true);
    expect(await checkConsistency(sut.ds)).toMatchObject(CONSISTENT);
  }, 60000);

  it('one task claimed by 50 clients: one 200, the others 409 naming the winner, one claim stored', async () => {
    const c = await fileAndSettle(sut, assistance(stranger(802)));
    const task = await taskOf(sut, c.id);
    expect(task).toMatchObject({ status: 'open', role: 'township_officer' });
    const apis = await Promise.all(OFFICERS.map((u) => sut.as(u)));
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => apis[i % 2].post(`/api/tasks/${task.id}/claim`)));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The others: 409 naming the winner (or the pool's 503 on a loaded machine, see above).
    expect(statuses.filter((s) => s !== 200 && s !== 409 && s !== 503)).toEqual([]);
    const winner = OFFICERS[statuses.indexOf(200) % 2];
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.detail).toContain(winner);
    const [row] = await sut.ds.query(`SELECT t.status, u.username FROM tasks t JOIN users u ON u.id = t.claimed_by WHERE t.id = $1`, [task.id]);
    expect(row).toEqual({ status: 'claimed', username: winner });

    const verify = await (await sut.as('jijian.shi')).get('/api/audit/verify');
    expect(verify.body.valid).toBe(true);
    expect(await checkConsistency(sut.ds)).toMatchObject(CONSISTENT);
  }, 60000);
});

/**
 * Issue 17, item 1: reasons (and every other free-text field of the payload schemas and api bodies)
 * are trimmed before their length is checked. Five spaces — ASCII or the full-width U+3000 a Chinese
 * input method types — or "不行  " (two characters and blanks) are a 400 naming the field, and
 * nothing is written; a real reason with blanks around it still goes through.
 */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { PEOPLE, VILLAGE, fileCase, housingCaseAt, send, step, stranger } from './support/fixtures';

const BLANKS = ['     ', '\u3000\u3000\u3000\u3000\u3000', ' \t\n \r\n ', '不行   '];

describe('reasons are trimmed before their length is checked', () => {
  const sut = new SystemUnderTest();
  beforeAll(() => sut.start());
  afterAll(() => sut.stop());

  /** The case's state and its audit entries of this event type (SLA clocks may touch the case meanwhile). */
  async function written(caseId: string, type: string) {
    const [row] = await sut.ds.query(
      `SELECT c.state, (SELECT count(*)::int FROM audit_entries e WHERE e.case_id = c.id AND e.action = $2) AS entries FROM cases c WHERE c.id = $1`,
      [caseId, type],
    );
    return row;
  }

  /** Every blank value is a 400 naming `field`, the case untouched; then `good` is accepted. */
  async function refusesBlanks(user: string, caseId: string, type: string, payload: (v: string) => Record<string, unknown>, field: string) {
    const before = await written(caseId, type);
    for (const blank of BLANKS) {
      const res = await send(sut, user, caseId, type, payload(blank));
      expect({ blank, status: res.status }).toEqual({ blank, status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field, message: expect.stringContaining('5') }]);
      expect(res.body.errors[0].message).toContain('空白');
    }
    expect(await written(caseId, type)).toEqual(before);
  }

  it('TOWNSHIP_REJECT (housing): blank reasons are 400 on payload.reason; a padded real reason is accepted', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(1701));
    await refusesBlanks('zhen.xiaolukou', caseId, 'TOWNSHIP_REJECT', (reason) => ({ reason }), 'payload.reason');
    // An opinion (minimum 1) is refused when blank too.
    const blankOpinion = await send(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_APPROVE', { opinion: '\u3000 ' });
    expect(blankOpinion.status).toBe(400);
    expect(blankOpinion.body.errors).toEqual([{ field: 'payload.opinion', message: '不能为空或只含空白' }]);
    const rejected = await step(sut, 'zhen.xiaolukou', caseId, 'TOWNSHIP_REJECT', { reason: '  房屋已于去年翻建，不属危房  ' });
    expect(rejected.state).toBe('rejected');
  });

  it('REVOKE_RELIEF (temporary assistance): blank reasons are 400 on payload.reason', async () => {
    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'temporary-assistance', villageCode: VILLAGE.yannali, applicant: { name: '孙某', idNumber: stranger(1702) },
      data: { hardshipType: 'fire', urgency: 'emergency', description: '夜间失火', requestedAmount: 1000 },
    });
    await step(sut, 'zhen.xiaolukou', c.id, 'GRANT_FIRST_RELIEF', { amount: 1000, form: 'cash', grantedAt: new Date().toISOString() });
    await step(sut, 'zhen.xiaolukou', c.id, 'SUBMIT_FORMALITIES', { investigationReport: '入户核实', documents: ['入户调查表'] });
    await refusesBlanks('zhen.xiaolukou2', c.id, 'REVOKE_RELIEF', (reason) => ({ reason }), 'payload.reason');
    const revoked = await step(sut, 'zhen.xiaolukou2', c.id, 'REVOKE_RELIEF', { reason: '经复核，火灾损失已由保险全额赔付' });
    expect(revoked).toMatchObject({ state: 'closed' });
  });

  it('DENY_AID and TERMINATE_AID (legal aid): blank reasons and notes are 400 naming the field', async () => {
    const c = await fileCase(sut, 'cun.yannali', {
      processKey: 'legal-aid', villageCode: VILLAGE.yannali, applicant: { name: '闫建国', idNumber: PEOPLE.yanJianguo },
      data: { matterType: 'wage_arrears', summary: '被拖欠工资', opposingParty: '某劳务公司' },
    });
    await eventually(async () => (await sut.ds.query(`SELECT 1 FROM cases WHERE id = $1 AND state = 'acceptance_review'`, [c.id])).length === 1);
    await refusesBlanks('xian.liangshan.fayuan', c.id, 'DENY_AID', (reason) => ({ reason }), 'payload.reason');
    // TERMINATE_AID's note is a reason too (the schema check comes before the state check).
    const note = await send(sut, 'xian.liangshan.fayuan', c.id, 'TERMINATE_AID', { ground: 'other', note: '     ' });
    expect(note.status).toBe(400);
    expect(note.body.errors.map((e: any) => e.field)).toContain('payload.note');
  });

  it('task reassignment, ending a delegation and withdrawing a relative declaration: blank reasons are 400 on reason', async () => {
    const caseId = await housingCaseAt(sut, 'township_audit', stranger(1703));
    const [task] = await sut.ds.query(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open'`, [caseId]);
    const county = await sut.as('xian.liangshan.zhujian');
    for (const blank of BLANKS) {
      const res = await county.post(`/api/tasks/${task.id}/reassign`, { toUsername: 'zhen.xiaolukou2', reason: blank });
      expect({ blank, status: res.status }).toEqual({ blank, status: 400 });
      expect(res.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('空白') }]);
    }
    const [still] = await sut.ds.query(`SELECT status, claimed_by FROM tasks WHERE id = $1`, [task.id]);
    expect(still).toEqual({ status: 'open', claimed_by: null });
    const reassigned = await county.post(`/api/tasks/${task.id}/reassign`, { toUsername: 'zhen.xiaolukou2', reason: '  原经办人休假，改由王某办理  ' });
    expect(reassigned.status).toBe(200);
    const [entry] = await sut.ds.query(`SELECT payload FROM audit_entries WHERE case_id = $1 AND action = 'TASK_REASSIGNED' AND outcome = 'ok'`, [caseId]);
    expect(entry.payload.reason).toBe('原经办人休假，改由王某办理');

    // The body is checked before the id is looked up: any well-formed id shows the rule.
    const someId = '00000000-0000-4000-8000-000000000000';
    const end = await (await sut.as('zhen.xiaolukou')).post(`/api/delegations/${someId}/end`, { reason: '\u3000\u3000\u3000\u3000\u3000' });
    expect(end.status).toBe(400);
    expect(end.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('空白') }]);
    const withdraw = await (await sut.as('zhen.xiaolukou')).post(`/api/staff/relatives/${someId}/withdraw`, { reason: '     ' });
    expect(withdraw.status).toBe(400);
    expect(withdraw.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('空白') }]);
  });
});

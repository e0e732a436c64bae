/**
 * Issue 21 (ADR 0013): an event no longer reads the caller's session on its own. A replica that read
 * the session before acts on the principal it remembers, and the case's lock confirms in the same
 * statement that the session is live and the principal unchanged. What must hold, across two api
 * replicas on one database: a logout, a role change or a reset password on one replica ends the
 * token on the other at its next event (401, nothing written, a stored Idempotency-Key answer not
 * given out); a changed display name is read and the event applied once; a principal changed without
 * its sessions ended is judged as it is now; unknown and malformed case ids still answer 404, and 401
 * when the session has ended.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SystemUnderTest } from './support/system-under-test';
import { VILLAGE, fileCase, stranger } from './support/fixtures';

const PASSWORD = process.env.DEMO_PASSWORD || 'Demo#2026';
const INVESTIGATION = { type: 'SUBMIT_INVESTIGATION', payload: { findings: '入户调查属实', recommendedAmount: 2000 } };

describe('an event confirms the remembered session in its own transaction', () => {
  const sut = new SystemUnderTest({ worker: false });
  let second: INestApplication;
  let n = 0;
  beforeAll(async () => {
    await sut.start();
    second = await sut.secondApi();
  });
  afterAll(() => sut.stop());

  const login = async (username: string) => {
    const res = await sut.http().post('/api/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  /** A temporary-assistance case waiting for the township's investigation. */
  const caseAtInvestigation = async () => (await fileCase(sut, 'cun.yannali', filing(stranger(700 + n++)))).id as string;
  const filing = (idNumber: string, name = '会话测试') => ({
    processKey: 'temporary-assistance', villageCode: VILLAGE.yannali,
    applicant: { name, idNumber },
    data: { hardshipType: 'expenditure', urgency: 'normal', description: '会话确认', requestedAmount: 2000 },
  });
  const onSecond = (token: string) => ({
    me: () => request(second.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${token}`),
    file: (body: object, key?: string) => {
      const r = request(second.getHttpServer()).post('/api/cases').set('Authorization', `Bearer ${token}`);
      return (key ? r.set('Idempotency-Key', key) : r).send(body);
    },
    event: (caseId: string, key?: string) => {
      const r = request(second.getHttpServer()).post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`);
      return (key ? r.set('Idempotency-Key', key) : r).send(INVESTIGATION);
    },
  });
  const written = async (caseId: string) => {
    const [row] = await sut.ds.query(
      `SELECT c.revision, c.state, (SELECT count(*)::int FROM audit_entries e WHERE e.case_id = c.id AND e.action = 'SUBMIT_INVESTIGATION' AND e.outcome = 'ok') AS entries
       FROM cases c WHERE c.id = $1`, [caseId]);
    return row as { revision: number; state: string; entries: number };
  };

  it('a logout on one replica ends the token at the other replica’s next event: 401, nothing written', async () => {
    const token = await login('zhen.xiaolukou');
    const other = onSecond(token);
    const first = await caseAtInvestigation();
    // The second replica reads the session once and remembers it; this event is confirmed by its lock.
    expect((await other.event(first)).status).toBe(200);
    expect(await written(first)).toMatchObject({ revision: 2, entries: 1 });

    const next = await caseAtInvestigation();
    const before = await written(next);
    expect((await sut.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    const refused = await other.event(next);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain('登录已失效');
    expect(await written(next)).toEqual(before);
    // Unknown and malformed case ids: 401 as well, not a 404 that would answer a signed-out caller.
    expect((await other.event('00000000-0000-4000-8000-000000000000')).status).toBe(401);
    expect((await other.event('not-a-case')).status).toBe(401);
  });

  it('a stored Idempotency-Key answer is not given to a session that has ended since', async () => {
    const token = await login('zhen.xiaolukou');
    const other = onSecond(token);
    const c = await caseAtInvestigation();
    const key = `confirm-${Date.now()}`;
    const applied = await other.event(c, key);
    expect(applied.status).toBe(200);
    expect((await other.event(c, key)).body).toEqual(applied.body);
    expect((await sut.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    expect((await other.event(c, key)).status).toBe(401);
    expect(await written(c)).toMatchObject({ revision: 2, entries: 1 });
  });

  const patchUser = async (username: string, body: object) =>
    sut.http().patch(`/api/admin/users/${username}`).set('Authorization', `Bearer ${await sut.token('admin')}`).send(body);

  it('a reset password and a move to another township by an administrator end the token at the next event', async () => {
    for (const change of [
      async () => (await sut.as('admin')).post('/api/admin/users/zhen.xiaolukou2/reset-password'),
      () => patchUser('zhen.xiaolukou2', { jurisdictionCode: '370831001' }),
    ]) {
      // A fresh session each round (the reset leaves a one-time password: set it back through the database's own hash).
      await sut.ds.query(`UPDATE users SET must_change_password = false, password_hash = (SELECT password_hash FROM users WHERE username = 'zhen.xiaolukou') WHERE username = 'zhen.xiaolukou2'`);
      const token = await login('zhen.xiaolukou2');
      const other = onSecond(token);
      expect((await other.me()).status).toBe(200);
      const c = await caseAtInvestigation();
      const before = await written(c);
      const res = await change();
      expect([200, 201, 204]).toContain(res.status);
      expect((await other.event(c)).status).toBe(401);
      expect(await written(c)).toEqual(before);
    }
    expect((await patchUser('zhen.xiaolukou2', { jurisdictionCode: '370832001' })).status).toBe(200);
  });

  it('a changed display name (the session stays live) is read and the event applied once; unknown cases 404', async () => {
    const token = await login('zhen.xiaolukou');
    const other = onSecond(token);
    expect((await other.me()).status).toBe(200);
    const renamed = await patchUser('zhen.xiaolukou', { displayName: '小路口镇 审核员（改名）' });
    expect(renamed.status).toBe(200);
    const c = await caseAtInvestigation();
    const res = await other.event(c);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('notice');
    expect(await written(c)).toMatchObject({ revision: 2, entries: 1 });
    expect((await other.me()).body.displayName).toBe('小路口镇 审核员（改名）');
    expect((await other.event('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await other.event('not-a-case')).status).toBe(404);
  });

  it('a principal changed in the database without its sessions ended is read again: the event is judged on the roles as they are now', async () => {
    const token = await login('zhen.xiaolukou2');
    const other = onSecond(token);
    expect((await other.me()).status).toBe(200);
    const c = await caseAtInvestigation();
    const before = await written(c);
    // Not a path the administration offers (it ends the sessions), so the remembered principal is all that differs.
    await sut.ds.query(`UPDATE users SET roles = '{village_clerk}' WHERE username = 'zhen.xiaolukou2'`);
    try {
      // Refused as the village clerk it now is, not applied as the officer remembered.
      expect((await other.event(c)).status).toBe(403);
      expect(await written(c)).toEqual(before);
      // The refusal is evidence once, naming the role the caller holds now.
      const refusals = await sut.ds.query(`SELECT actor_role FROM audit_entries WHERE case_id = $1 AND outcome = 'refused'`, [c]);
      expect(refusals).toEqual([{ actor_role: 'village_clerk' }]);
    } finally {
      await sut.ds.query(`UPDATE users SET roles = '{township_officer}' WHERE username = 'zhen.xiaolukou2'`);
    }
  });

  it('a filing confirms the session with its first reads: after a logout 401, no case, no stored answer replayed; live, filed once', async () => {
    const token = await login('cun.yannali');
    const other = onSecond(token);
    const key = `file-confirm-${Date.now()}`;
    const first = await other.file(filing(stranger(800), '会话甲'), key);
    expect(first.status).toBe(201);
    const again = await other.file(filing(stranger(800), '会话甲'), key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const count = async (name: string) => (await sut.ds.query(`SELECT count(*)::int AS n FROM cases WHERE applicant_name = $1`, [name]))[0].n;
    expect(await count('会话甲')).toBe(1);

    expect((await sut.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204);
    expect((await other.file(filing(stranger(800), '会话甲'), key)).status).toBe(401);
    expect((await other.file(filing(stranger(801), '会话乙'))).status).toBe(401);
    expect(await count('会话乙')).toBe(0);
    // Bad input from an ended session is 401 too: nothing is answered before the session is.
    expect((await other.file({ processKey: 'temporary-assistance' })).status).toBe(401);
  });
});

/**
 * The event's one write statement (issue 21) is put together from its tables' owners' parts: the
 * placeholders must line up across parts that number their own (the audit entry, the outbox rows),
 * and the tasks of a case that leaves its state and finishes at once must be updated by one part
 * only (PostgreSQL would apply just one of two updates of a row in one statement).
 */
import { openChainCtes } from '@app/audit';
import { CteStatement } from '@app/db';
import { QUEUES } from '@app/queues';
import { insertCaseCte } from '../repositories/cases';
import { closeWorkCtes, openStateTaskCte } from '../repositories/tasks';
import { outboxCte } from '../repositories/outbox';
import { statementIds } from '../state-effects';

const placeholders = (text: string) => [...new Set([...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe('the event write statement', () => {
  it('numbers the parts that count their own placeholders after the ones before them', () => {
    const b = new CteStatement();
    const ids = statementIds(b, '00000000-0000-4000-8000-000000000001', new Date('2026-01-01T00:00:00Z'));
    closeWorkCtes(b, ids, { leaving: true, final: false, actorId: null, keptTimerEvents: [] });
    outboxCte(b, [{ queue: QUEUES.timers, name: 'notice', payload: { caseId: 'x' } }]);
    const text = b.text('SELECT 1');
    expect(placeholders(text)).toEqual(b.params.map((_, i) => i + 1));
    expect(b.params.slice(-4)).toEqual([QUEUES.timers, 'notice', JSON.stringify({ caseId: 'x' }), null]);
    expect(text).toMatch(/^WITH timers_cancelled AS \(UPDATE case_timers/);
  });

  it('closes a finishing case\'s work in one UPDATE of its tasks: state work done, escalations cancelled', () => {
    const b = new CteStatement();
    const ids = statementIds(b, '00000000-0000-4000-8000-000000000001', new Date());
    closeWorkCtes(b, ids, { leaving: true, final: true, actorId: 'u', keptTimerEvents: [] });
    const text = b.text('SELECT 1');
    expect(text.match(/UPDATE tasks/g)).toHaveLength(1);
    expect(text).toContain(`THEN 'done' ELSE 'cancelled' END`);
    expect(text).toContain('UPDATE sla_clocks');
  });

  it('writes nothing for a case that stays in its state and stays open', () => {
    const b = new CteStatement();
    closeWorkCtes(b, statementIds(b, 'c', new Date()), { leaving: false, final: false, actorId: null, keptTimerEvents: [] });
    expect(b.empty).toBe(true);
  });
});

describe('the statement of a filing that only queues jobs', () => {
  it('has no placeholder that no part uses', () => {
    const b = new CteStatement();
    statementIds(b, 'c', new Date());
    outboxCte(b, [{ queue: QUEUES.timers, name: 'lookup', payload: {} }]);
    expect(placeholders(b.text('SELECT 1'))).toEqual(b.params.map((_, i) => i + 1));
  });
});

describe('the filing write statement', () => {
  it('numbers the case row, the chain opened with its first entry and the first task in one statement', () => {
    const b = new CteStatement();
    const id = '00000000-0000-4000-8000-000000000002';
    const now = new Date('2026-01-01T00:00:00Z');
    const ids = statementIds(b, id, now);
    const village = { code: '370832001001', townshipCode: '370832001', countyCode: '370832', cityCode: '3708' };
    const planned = insertCaseCte(b, ids, id, {
      processKey: 'p', processVersion: 1, state: 's', context: {}, lane: 'normal', village, applicantName: 'a', idCipher: 'c', idIndex: 'i',
      idMasked: 'm', phone: null, householdSize: null, householdKey: 'id:i', data: {}, flags: [], filedBy: 'u', now,
    });
    const chain = openChainCtes({
      chainId: `case:${id}`, caseId: id, at: now, actorId: 'u', actorUsername: 'u', actorRole: 'clerk', jurisdictionCode: village.code,
      action: 'FILE', outcome: 'ok', fromState: null, toState: 's', payload: {},
    }, b.nextParam);
    b.raw(chain.sql, chain.params);
    openStateTaskCte(b, ids, planned, 's', { kind: 'review', role: 'clerk', jurisdictionCode: village.code, assignee: null, ownDue: null }, false);
    outboxCte(b, [{ queue: QUEUES.timers, name: 'notice', payload: { caseId: id } }]);
    const text = b.text('SELECT * FROM filed');
    expect(placeholders(text)).toEqual(b.params.map((_, i) => i + 1));
    expect(b.params[0]).toBe(id);
    expect(text).toMatch(/^WITH filed AS \(INSERT INTO cases \(id,/);
    expect(chain.entry.seq).toBe(1);
    expect(planned).toMatchObject({ id, revision: 1, state: 's', lane: 'normal', county_code: '370832' });
  });
});

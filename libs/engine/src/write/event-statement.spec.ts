/**
 * The event's one write statement (issue 21) is put together from its tables' owners' parts: the
 * placeholders must line up across parts that number their own (the audit entry, the outbox rows),
 * and the tasks of a case that leaves its state and finishes at once must be updated by one part
 * only (PostgreSQL would apply just one of two updates of a row in one statement).
 */
import { CteStatement } from '@app/db';
import { QUEUES } from '@app/queues';
import { closeWorkCtes } from '../repositories/tasks';
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

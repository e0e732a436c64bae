/**
 * Who may send what on a finding (PROCESSES.md §7), through the engine's authorization with the
 * case from memory: the responsible unit only, the filer may review, a user who acted on the subject
 * case never may, supervisors only once escalated.
 */
import type { Principal } from '@app/access';
import { authorizeEvent } from '@app/engine';
import { def, ev, run } from './spec-support';

const person = (id: string, role: string, code: string, level: Principal['jurisdiction']['level']): Principal => ({
  id, username: id, displayName: id, roles: [role as any],
  jurisdiction: { code, name: code, level, cityCode: '370800', countyCode: '370832', townshipCode: level === 'village' || level === 'township' ? '370832001' : null },
});
const reviewer = person('reviewer', 'discipline_reviewer', '370800', 'city');
const reviewer2 = person('reviewer2', 'discipline_reviewer', '370800', 'city');
const clerk = person('clerk', 'village_clerk', '370832001001', 'village');
const otherClerk = person('leikou', 'village_clerk', '370832001002', 'village');
const township = person('township', 'township_officer', '370832001', 'township');

function finding(events: Parameters<typeof run>[0], extra: Record<string, any> = {}) {
  const s = run(events);
  return {
    state: String(s.value), context: s.context, village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '370800',
    filed_by: 'reviewer', flags: [], decision_groups: {} as Record<string, string[]>, subject_actor_ids: [] as string[], ...extra,
  };
}
const may = (p: Principal, type: string, c: ReturnType<typeof finding>) => authorizeEvent(p, type, def.events[type] as any, c, def).ok;

describe('audit-rectification decision groups', () => {
  it('only the responsible unit answers; another village clerk or the township officer may not', () => {
    const c = finding([]);
    expect(may(clerk, 'SUBMIT_RECTIFICATION', c)).toBe(true);
    expect(may(clerk, 'CONTEST_FINDING', c)).toBe(true);
    expect(may(otherClerk, 'SUBMIT_RECTIFICATION', c)).toBe(false);
    expect(may(township, 'SUBMIT_RECTIFICATION', c)).toBe(false);
    expect(may(reviewer, 'SUBMIT_RECTIFICATION', c)).toBe(false);
  });

  it('the filing reviewer may send review events (the §7 exception to the filer rule)', () => {
    expect(may(reviewer, 'RETURN_RECTIFICATION', finding([ev.submit]))).toBe(true);
    expect(may(reviewer, 'REFER_CLUE', finding([]))).toBe(true);
  });

  it('a reviewer who acted on the subject case may never send review events', () => {
    const c = finding([ev.submit], { subject_actor_ids: ['reviewer2'] });
    const verdict = authorizeEvent(reviewer2, 'ACCEPT_RECTIFICATION', def.events.ACCEPT_RECTIFICATION as any, c, def);
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/所涉案件/), reasonEn: expect.stringMatching(/the case this finding concerns/) });
    expect(may(reviewer, 'ACCEPT_RECTIFICATION', c)).toBe(true);
  });

  it('a declared relative is named by the relative_filed flag and refused', () => {
    const c = finding([ev.submit], { flags: [{ code: 'relative_filed', detail: { userIds: ['reviewer'] } }] });
    expect(may(reviewer, 'ACCEPT_RECTIFICATION', c)).toBe(false);
  });

  it('the supervisor records supervision only once escalated to them; the unit never', () => {
    expect(may(township, 'RECORD_SUPERVISION', finding([]))).toBe(false);
    expect(may(township, 'RECORD_SUPERVISION', finding([ev.overdue]))).toBe(true);
    expect(may(clerk, 'RECORD_SUPERVISION', finding([ev.overdue]))).toBe(false);
  });

  it('one decision group per person: the unit that answered cannot supervise, a supervisor cannot answer', () => {
    const c = finding([ev.overdue], { decision_groups: { supervision: ['township'] } });
    expect(may(township, 'RECORD_SUPERVISION', c)).toBe(true);
    const answered = finding([ev.overdue, ev.overdue, ev.overdue], { decision_groups: { review: ['reviewer'] } });
    expect(may(reviewer, 'RECORD_SUPERVISION', answered)).toBe(false);
  });
});

/** The paths through the ledger's machine (PROCESSES.md §7), without a database. */
import { config, ev, filing, run, send, start, subject } from './spec-support';

describe('audit-rectification machine', () => {
  it('starts rectifying with the filing deadline, or the configured default', () => {
    const s = start(filing({ rectificationDays: 45 }));
    expect(s.value).toBe('rectifying');
    expect(s.context.rectificationDays).toBe(45);
    expect(start(filing()).context.rectificationDays).toBe(config.rectificationDays);
    expect(s.context.responsibleUnits).toEqual([{ role: 'village_clerk', jurisdictionCode: '370832001001' }]);
  });

  it('answer → returned → answer → accepted → 回头看 → closed', () => {
    const s = run([ev.submit, ev.ret(), ev.submit, ev.accept, ev.recheckDue, ev.passed]);
    expect(s.value).toBe('closed');
    expect(s.status).toBe('done');
    expect(s.context.rectifications).toHaveLength(2);
    expect(s.context.returns).toEqual([{ reasons: ['佐证材料不完整，缺少公示照片'], rectificationDays: config.returnDays }]);
  });

  it('a return names a new deadline, by default AUDIT_RETURN_DAYS', () => {
    expect(run([ev.submit, ev.ret(7)]).context.rectificationDays).toBe(7);
    expect(run([ev.submit, ev.ret()]).context.rectificationDays).toBe(config.returnDays);
  });

  it('a bare contest cannot be accepted, only withdrawn or returned', () => {
    const contested = run([ev.contest]);
    expect(contested.value).toBe('verification');
    expect(send(contested, ev.accept).value).toBe('verification');
    expect(send(contested, ev.withdraw).value).toBe('withdrawn');
    expect(send(contested, ev.ret()).value).toBe('rectifying');
  });

  it('a failed re-check reopens the finding with its new deadline (屡审屡犯)', () => {
    const s = run([ev.submit, ev.accept, ev.recheckDue, ev.failed]);
    expect(s.value).toBe('rectifying');
    expect(s.context.rectificationDays).toBe(20);
    expect(s.context.relapses).toHaveLength(1);
  });

  it('each overdue climbs one level: township officer, the county role supervising the subject, the city reviewers; then stays', () => {
    const once = run([ev.overdue]);
    expect(once.value).toBe('rectifying');
    expect(once.context.supervisorUnits).toEqual([{ role: 'township_officer', jurisdictionCode: '370832001' }]);
    const thrice = run([ev.overdue, ev.overdue, ev.overdue, ev.overdue]);
    expect(thrice.context.supervisorUnits).toEqual([
      { role: 'township_officer', jurisdictionCode: '370832001' },
      { role: 'county_housing', jurisdictionCode: '370832' },
      { role: 'discipline_reviewer', jurisdictionCode: '370800' },
    ]);
    expect(thrice.context.escalationLevel).toBe(3);
    expect(thrice.context.overdueCount).toBe(4);
  });

  it('a township unit escalates to the county supervisor of the subject process (temporary assistance: county_civil)', () => {
    const ta = { ...subject, processKey: 'temporary-assistance', supervisors: { township_officer: 'county_civil' as const } };
    const s = send(start(filing({ responsibleJurisdictionCode: '370832001', responsibleRole: 'township_officer' }), ta), ev.overdue);
    expect(s.context.supervisorUnits).toEqual([{ role: 'county_civil', jurisdictionCode: '370832' }]);
    const county = send(start(filing({ responsibleJurisdictionCode: '370832', responsibleRole: 'county_civil' }), ta), ev.overdue);
    expect(county.context.supervisorUnits).toEqual([{ role: 'discipline_reviewer', jurisdictionCode: '370800' }]);
  });

  it('referrals, their outcomes and supervision stay in the state', () => {
    let s = run([ev.refer(), ev.supervise]);
    expect(s.value).toBe('rectifying');
    s = send(s, ev.referralOutcome());
    expect(s.context.referrals).toEqual([expect.objectContaining({ receiptNo: 'JJ-2024-001', outcome: 'sanctioned' })]);
    expect(s.context.supervisions).toHaveLength(1);
  });
});

/**
 * An SLA clock's warning and breach decided without a database, on the three processes' main
 * clocks: the flags raised, the escalation task, the audit entries in order, and every reason a
 * firing no longer applies (stopped, paused, re-armed, already warned or breached, undeclared).
 */
import * as housing from '@app/processes/housing-renovation/spec-support';
import * as temporary from '@app/processes/temporary-assistance/spec-support';
import * as legal from '@app/processes/legal-aid/spec-support';
import type { Flag } from '../case-row';
import type { SlaClockRow } from '../repositories/clocks';
import { ClockCase, ClockFiring, decideClockPhase } from './decide-clock';

const CODES = { village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '3708' };
const STARTED = new Date('2024-06-15T04:00:00Z');
const WARN = new Date('2024-06-15T20:00:00Z');
const DUE = new Date('2024-06-16T04:00:00Z');
const NOW = new Date('2024-06-16T04:00:05Z');

type Clock = Parameters<typeof decideClockPhase>[2];
const clock = (over: Partial<SlaClockRow> = {}): Clock => ({
  name: 'relief', status: 'running', started_at: STARTED, warn_at: WARN, due_at: DUE, stopped_at: null, paused_at: null, ...over,
});
const onCase = (state: string, flags: Flag[] = []): ClockCase => ({ state, flags, ...CODES });

const applied = (d: ReturnType<typeof decideClockPhase>): ClockFiring => {
  if (!d.applies) throw new Error(`expected the firing to apply: ${d.reason}`);
  return d;
};

describe('decideClockPhase: temporary assistance, the 24 h relief clock (no database)', () => {
  const c = onCase('emergency_relief');

  it('a warning flags sla_warning and escalates to the county civil-affairs bureau', () => {
    const f = applied(decideClockPhase(temporary.def, c, clock(), 'warn', WARN.toISOString(), NOW));
    expect(f.warnedNow).toBe(true);
    expect(f.flags).toEqual([{ code: 'sla_warning', at: NOW.toISOString(), detail: { clock: 'relief', dueAt: DUE.toISOString() } }]);
    expect(f.escalation).toEqual({ kind: 'escalation:relief', role: 'county_civil', jurisdictionCode: CODES.county_code, dueAt: DUE });
    expect(f.audit).toEqual([
      { action: 'SLA_WARNING', payload: { clock: 'relief', startedAt: STARTED.toISOString(), dueAt: DUE.toISOString(), flag: 'sla_warning' } },
    ]);
  });

  it('a breach that finds no warning on record records the warning first, then the breach', () => {
    const f = applied(decideClockPhase(temporary.def, c, clock(), 'breach', DUE.toISOString(), NOW));
    expect(f.warnedNow).toBe(true);
    expect(f.flags.map((x) => x.code)).toEqual(['sla_warning', 'sla_breached']);
    expect(f.audit.map((e) => e.action)).toEqual(['SLA_WARNING', 'SLA_BREACHED']);
    expect(f.audit[0].payload).toMatchObject({ recordedWithBreach: true, flag: 'sla_warning' });
    expect(f.audit[1].payload).toMatchObject({ flag: 'sla_breached' });
  });

  it('a breach after the warning adds only the breach; a flag already on the case is not added twice', () => {
    const warned: Flag = { code: 'sla_warning', at: WARN.toISOString(), detail: {} };
    const f = applied(decideClockPhase(temporary.def, onCase('emergency_relief', [warned]), clock({ status: 'warned' }), 'breach', undefined, NOW));
    expect(f.warnedNow).toBe(false);
    expect(f.flags.map((x) => x.code)).toEqual(['sla_warning', 'sla_breached']);
    expect(f.flags[0]).toBe(warned);
    expect(f.audit.map((e) => e.action)).toEqual(['SLA_BREACHED']);
  });

  it.each([
    ['a stopped clock', clock({ stopped_at: NOW }), 'breach', undefined],
    ['a paused clock', clock({ paused_at: NOW, due_at: new Date(8.64e15) }), 'breach', undefined],
    ['a job armed before a pause and resume', clock({ due_at: new Date(DUE.getTime() + 3600000) }), 'breach', DUE.toISOString()],
    ['a warning of a clock already warned', clock({ status: 'warned' }), 'warn', undefined],
    ['a second breach', clock({ status: 'breached' }), 'breach', undefined],
    ['a clock the process does not declare', clock({ name: 'no_such_clock' }), 'breach', undefined],
  ] as const)('%s changes nothing', (_what, k, phase, armedFor) => {
    expect(decideClockPhase(temporary.def, c, k, phase, armedFor, NOW)).toMatchObject({ applies: false });
  });
});

describe('decideClockPhase: legal aid, the statutory decision clock', () => {
  it('a breach flags sla_breached and escalates to the county justice bureau', () => {
    const f = applied(decideClockPhase(legal.def, onCase('eligibility_check'), clock({ name: 'decision', status: 'warned' }), 'breach', DUE.toISOString(), NOW));
    expect(f.flags.map((x) => x.code)).toEqual(['sla_breached']);
    expect(f.escalation).toMatchObject({ kind: 'escalation:decision', role: 'justice_bureau', jurisdictionCode: CODES.county_code });
  });
});

describe('decideClockPhase: housing renovation, a stage clock without a warning', () => {
  it('its breach flags sla_breached alone and escalates per stage; the identity review stage escalates to no one', () => {
    const township = applied(decideClockPhase(housing.def, onCase('township_audit'), clock({ name: 'township_audit', warn_at: null }), 'breach', undefined, NOW));
    expect(township.warnedNow).toBe(false);
    expect(township.flags.map((x) => x.code)).toEqual(['sla_breached']);
    expect(township.audit.map((e) => e.action)).toEqual(['SLA_BREACHED']);
    expect(township.escalation).toMatchObject({ role: 'county_housing', jurisdictionCode: CODES.county_code });
    // Identity review runs by default (5 days, flag only: PROCESSES.md), escalated to no one.
    const identity = applied(decideClockPhase(housing.def, onCase('identity_review'), clock({ name: 'identity_review', warn_at: null }), 'breach', undefined, NOW));
    expect(identity.flags.map((x) => x.code)).toEqual(['sla_breached']);
    expect(identity.escalation).toBeNull();
  });
});

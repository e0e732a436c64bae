import type { ClockSpec, ProcessDefinition } from '@app/processes';
import { LEVEL_COLUMN } from '@app/access';
import { CaseRow, Flag, withFlags } from '../case-row';
import type { SlaClockRow } from '../repositories/clocks';
import { escalationKind } from '../repositories/tasks';

export type ClockPhase = 'warn' | 'breach';

/** The case as a clock's firing reads it (locked by the caller). */
export type ClockCase = Pick<CaseRow, 'state' | 'flags' | 'village_code' | 'township_code' | 'county_code' | 'city_code'>;

/** What the writer records for a warning or breach, decided without the database. */
export interface ClockFiring {
  applies: true;
  phase: ClockPhase;
  spec: ClockSpec;
  /** A breach that finds no warning on record records the warning too. */
  warnedNow: boolean;
  /** The case's flags afterwards (the same list when the clock raises none). */
  flags: Flag[];
  /** The supervisor's escalation task, when the clock escalates. */
  escalation: { kind: string; role: string; jurisdictionCode: string; dueAt: Date } | null;
  /** The case history's entries, in order: a warning recorded with a breach comes first. */
  audit: Array<{ action: 'SLA_WARNING' | 'SLA_BREACHED'; payload: Record<string, unknown> }>;
}

export type ClockDecision = ClockFiring | { applies: false; reason: string };

const skip = (reason: string): ClockDecision => ({ applies: false, reason });

/**
 * An SLA clock reached its warning or due time, decided: a stopped or paused clock does nothing,
 * nor does a job armed for a time the clock no longer has (`armedFor`: it was paused and resumed
 * since), a warning of a clock past running, a second breach, or a clock the process no longer
 * declares. Otherwise: the flags the clock raises, its escalation task and the audit entries.
 */
export function decideClockPhase(
  def: ProcessDefinition,
  c: ClockCase,
  k: Pick<SlaClockRow, 'name' | 'status' | 'started_at' | 'warn_at' | 'due_at' | 'stopped_at' | 'paused_at'>,
  phase: ClockPhase,
  armedFor: string | undefined,
  now: Date,
): ClockDecision {
  if (k.stopped_at) return skip('stopped');
  if (k.paused_at) return skip('paused');
  const current = phase === 'warn' ? k.warn_at : k.due_at;
  if (armedFor !== undefined && (!current || new Date(current).getTime() !== new Date(armedFor).getTime())) return skip('armed for another time');
  if (phase === 'warn' && k.status !== 'running') return skip('already warned');
  if (phase === 'breach' && k.status === 'breached') return skip('already breached');
  const spec = def.clocks?.find((s) => s.name === k.name);
  if (!spec) return skip('clock not declared');
  // A breach that finds no warning on record (the two jobs raced, or the reconciler saw both
  // times pass at once) records the warning too: a breached clock was also past its warning.
  const warnedNow = phase === 'warn' || (k.status === 'running' && k.warn_at !== null);
  const flagCode = phase === 'warn' ? spec.warnFlag : spec.breachFlag;
  const dueAt = new Date(k.due_at).toISOString();
  const detail = { clock: spec.name, dueAt };
  const added = [
    ...(phase === 'breach' && warnedNow && spec.warnFlag ? [{ code: spec.warnFlag, detail }] : []),
    ...(flagCode ? [{ code: flagCode, detail }] : []),
  ];
  const entry = (action: 'SLA_WARNING' | 'SLA_BREACHED', flag: string | undefined, extra: Record<string, unknown> = {}) => ({
    action,
    payload: { clock: spec.name, startedAt: new Date(k.started_at).toISOString(), dueAt, flag: flag ?? null, ...extra },
  });
  return {
    applies: true,
    phase,
    spec,
    warnedNow,
    flags: added.length ? withFlags(c.flags as Flag[], added, now) : (c.flags as Flag[]),
    escalation: spec.escalateTo
      ? { kind: escalationKind(spec.name), role: spec.escalateTo.role, jurisdictionCode: c[LEVEL_COLUMN[spec.escalateTo.level]], dueAt: new Date(k.due_at) }
      : null,
    // The history always reads warning, then breach (issue 17: the breach job ran first once).
    audit: [
      ...(phase === 'breach' && warnedNow ? [entry('SLA_WARNING', spec.warnFlag, { recordedWithBreach: true })] : []),
      entry(phase === 'warn' ? 'SLA_WARNING' : 'SLA_BREACHED', flagCode),
    ],
  };
}

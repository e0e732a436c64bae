/** Small status badges: case state, lane (急难/三优), SLA clock status, anomaly flag. */
import type { Lane, Text } from '../api/types';
import { useI18n } from '../i18n';
import { OUTCOME_TONE, outcomeOf, useFlagTitle } from '../lib/processWords';
import { useSession } from '../session';

export function StateBadge({ processKey, state, title }: { processKey: string; state: string; title: Text }) {
  const { tx } = useI18n();
  const { process } = useSession();
  const def = process(processKey);
  const final = def?.states.find((s) => s.id === state)?.final;
  // A final state's tone follows how its outcome counts in reports (the process's outcomes).
  const counts = final ? outcomeOf(def, final.outcome).counts : undefined;
  const tone = final ? (counts ? OUTCOME_TONE[counts] : 'muted') : 'active';
  return (
    <span className={`badge badge-${tone}`} data-testid="state-badge" data-state={state}>
      {tx(title) || state}
    </span>
  );
}

export function LaneBadge({ lane, reason, showNormal = false }: { lane: Lane; reason?: Text | null; showNormal?: boolean }) {
  const { label, tx } = useI18n();
  if (lane === 'normal' && !showNormal) return null;
  return (
    <span className={`badge lane-${lane}`} data-testid="lane-badge" data-lane={lane} title={reason ? tx(reason) : undefined}>
      {label('lane', lane)}
    </span>
  );
}

export function ClockBadge({ status }: { status: string }) {
  const { label } = useI18n();
  const tone = status === 'met' ? 'ok' : status === 'breached' ? 'bad' : status === 'warned' ? 'warn' : 'active';
  return (
    <span className={`badge badge-${tone}`} data-testid="clock-status" data-status={status}>
      {label('clock', status)}
    </span>
  );
}

export function FlagChip({ code, title }: { code: string; title?: string }) {
  const flagTitle = useFlagTitle();
  return (
    <span className="badge badge-warn" data-testid="flag-chip" data-flag={code} title={title}>
      {flagTitle(code)}
    </span>
  );
}

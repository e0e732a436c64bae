/** Small status badges: case state, lane (急难/三优), SLA clock status, anomaly flag. */
import type { Lane, Text } from '../api/types';
import { useI18n } from '../i18n';
import { useSession } from '../session';

const OUTCOME_TONE: Record<string, string> = {
  completed: 'ok', closed: 'ok', rejected: 'bad', denied: 'bad', terminated: 'bad', withdrawn: 'muted',
};

export function StateBadge({ processKey, state, title }: { processKey: string; state: string; title: Text }) {
  const { tx } = useI18n();
  const { process } = useSession();
  const final = process(processKey)?.states.find((s) => s.id === state)?.final;
  const tone = final ? (OUTCOME_TONE[final.outcome] ?? 'muted') : 'active';
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
  const { label } = useI18n();
  return (
    <span className="badge badge-warn" data-testid="flag-chip" data-flag={code} title={title}>
      {label('flag', code)}
    </span>
  );
}

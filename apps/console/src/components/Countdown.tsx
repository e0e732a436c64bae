/** "剩余 3小时12分钟" / "已超时 2天" for a due time; ticks every 30 s. */
import { useI18n } from '../i18n';
import { formatDateTime, formatDuration } from '../lib/format';
import { useNow } from '../lib/useNow';

export function Countdown({ dueAt, overdue }: { dueAt: string | null; overdue?: boolean }) {
  const { t } = useI18n();
  const now = useNow();
  if (!dueAt) return <span className="muted">{t('inbox.noDue')}</span>;
  const left = new Date(dueAt).getTime() - now;
  const late = overdue || left < 0;
  const span = formatDuration(left, (u, n) => t(u === 'd' ? 'due.d' : u === 'h' ? 'due.h' : 'due.m', { n }));
  const soon = !late && left < 6 * 3600_000;
  return (
    <span
      className={`countdown ${late ? 'countdown-late' : soon ? 'countdown-soon' : ''}`}
      data-testid="due-countdown"
      data-overdue={late ? 'true' : 'false'}
      title={formatDateTime(dueAt)}
    >
      {late ? t('due.overdue', { t: span }) : t('due.left', { t: span })}
    </span>
  );
}

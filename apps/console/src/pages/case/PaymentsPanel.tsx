/** The case's payments by period (a monthly benefit's schedule, or a one-off payment): no process named. */
import type { CaseView } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { FoldCard } from './FoldCard';

export function PaymentsPanel({ view }: { view: CaseView }) {
  const { t } = useI18n();
  const payments = view.payments ?? [];
  if (payments.length === 0) return null;
  const paidTotal = payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0);
  return (
    <FoldCard title={t('case.payments')} summary={t('fold.periods', { n: payments.length })} testId="payments-panel">
      <table className="table">
        <thead>
          <tr>
            <th>{t('case.paymentPeriod')}</th>
            <th>{t('case.paymentStatus')}</th>
            <th>{t('case.paymentAmount')}</th>
            <th>{t('case.paymentRef')}</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.period} data-testid="payment" data-period={p.period} data-status={p.status}>
              <td>{p.period === 'single' ? t('case.paymentSingle') : p.period}</td>
              <td>{t(`payment.${p.status}`)}{p.error ? `（${p.error}）` : ''}</td>
              <td>{p.amount.toFixed(2)}</td>
              <td>{p.paymentRef ?? '—'}{p.paidAt ? <span className="muted small"> {formatDateTime(p.paidAt)}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted" data-testid="payments-total">{t('case.paymentsPaidTotal')}：{paidTotal.toFixed(2)}</p>
    </FoldCard>
  );
}

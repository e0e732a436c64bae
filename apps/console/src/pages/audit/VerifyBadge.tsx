/** The hash-chain verification badge: 有效 (valid) or 已被篡改 (tampered) with where. */
import { api } from '../../api/endpoints';
import { ProblemMessage } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/useAsync';

export function VerifyBadge({ caseId }: { caseId?: string }) {
  const { t } = useI18n();
  const result = useAsync(() => api.verify(caseId || undefined), [caseId]);
  const r = result.data;
  return (
    <div className="verify" aria-live="polite">
      {result.loading && (
        <span className="badge badge-muted" data-testid="verify-badge" data-valid="pending">{t('audit.verifying')}</span>
      )}
      {!result.loading && r && (
        <>
          <span className={`badge ${r.valid ? 'badge-ok' : 'badge-bad'} badge-big`} data-testid="verify-badge" data-valid={r.valid ? 'true' : 'false'}>
            {r.valid ? `✔ ${t('audit.valid')}` : `✖ ${t('audit.broken')}`}
          </span>
          <span className="small muted" data-testid="verify-checked" data-checked={r.checked} data-chains={r.chains}>{t('audit.checked', { checked: r.checked, chains: r.chains })}</span>
          {!r.valid && r.firstBad && (
            <span className="small verify-where" data-testid="verify-where">
              {t('audit.brokenAt', { caseId: r.firstBad.caseId ?? '—', chainId: r.firstBad.chainId, seq: r.firstBad.seq, reason: r.firstBad.reason })}
            </span>
          )}
        </>
      )}
      <button type="button" className="btn btn-small" onClick={result.reload} disabled={result.loading} data-testid="verify-button">
        {t('audit.verify')}
      </button>
      <ProblemMessage error={result.error} />
    </div>
  );
}

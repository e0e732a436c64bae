/** Shows an api problem (title, detail) or a network failure in the user's language. */
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export function problemText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common.networkError');
    const { title, detail } = error.problem;
    return detail && detail !== title ? `${title}：${detail}` : title || t('common.error');
  }
  return error instanceof Error ? error.message : t('common.error');
}

export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div className="alert alert-error" role="alert" data-testid="problem" data-status={status}>
      {problemText(error, t)}
    </div>
  );
}

/** ProblemMessage, then the messages of the problem's field errors (for places without fields to show them on). */
export function ProblemWithErrors({ error }: { error: unknown }) {
  if (!error) return null;
  const errors = error instanceof ApiError ? error.problem.errors ?? [] : [];
  return (
    <>
      <ProblemMessage error={error} />
      {errors.length > 0 && (
        <ul className="field-error" data-testid="problem-errors">
          {errors.map((e, i) => <li key={i}>{e.message}</li>)}
        </ul>
      )}
    </>
  );
}

/**
 * A 404 from an endpoint that takes no id (a list, a report, an export) means the api does not
 * offer that feature (yet): the page says so plainly instead of showing a raw error.
 */
export function isUnavailable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function Unavailable({ what, endpoint }: { what: string; endpoint: string }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-info" role="status" data-testid="unavailable" data-endpoint={endpoint}>
      <strong>{t('common.unavailable', { what })}</strong>
      <div className="small">{t('common.unavailableHint')} <code className="mono">{endpoint}</code></div>
    </div>
  );
}

/** ProblemMessage, except that a missing endpoint reads as "not available yet". */
export function ProblemOrUnavailable({ error, what, endpoint }: { error: unknown; what: string; endpoint: string }) {
  return isUnavailable(error) ? <Unavailable what={what} endpoint={endpoint} /> : <ProblemMessage error={error} />;
}

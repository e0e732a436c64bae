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

/** The applicant, masked; the full ID number on request for roles acting on the case (audited). */
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { CaseView } from '../../api/types';
import { Card, KeyValues } from '../../components/Common';
import { ProblemMessage } from '../../components/Problem';
import { useI18n } from '../../i18n';
import { actsInProcess } from '../../lib/roles';
import { useSession, useUser } from '../../session';

export function ApplicantPanel({ view }: { view: CaseView }) {
  const { t } = useI18n();
  const user = useUser();
  const { process } = useSession();
  const [full, setFull] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canReveal = actsInProcess(user, process(view.processKey));
  const j = view.jurisdiction;
  // Shown only for cases with an applicant (CasePage shows the subject of the others).
  const applicant = view.applicant!;

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setFull((await api.revealIdNumber(view.id)).idNumber);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('case.applicant')} testId="applicant-panel">
      <KeyValues rows={[
        [t('field.applicant.name'), <span data-testid="applicant-name">{applicant.name}</span>],
        [t('case.idNumber'), (
          <span className="id-number">
            <span className="mono" data-testid="applicant-id-number" data-revealed={full ? 'true' : 'false'}>
              {full ?? applicant.idNumberMasked}
            </span>
            {canReveal && !full && (
              <button type="button" className="btn btn-small btn-ghost" onClick={reveal} disabled={busy} data-testid="reveal-id-button">
                {t('case.reveal')}
              </button>
            )}
            {full && <small className="muted">{t('case.revealNote')}</small>}
          </span>
        )],
        applicant.phone ? [t('case.phone'), applicant.phone] : null,
        applicant.householdSize ? [t('case.householdSize'), String(applicant.householdSize)] : null,
        [t('case.jurisdiction'), `${j.countyName} ${j.townshipName} ${j.villageName}`],
      ]} />
      <ProblemMessage error={error} />
    </Card>
  );
}

/**
 * A case about another case (a finding) has no applicant: the case it is about, linked; and on any
 * case, the open cases about it that the caller may see (the api leaves out the others).
 */
import type { CaseView } from '../../api/types';
import { Card, KeyValues } from '../../components/Common';
import { StateBadge } from '../../components/Badges';
import { useI18n } from '../../i18n';
import { formatDateTime, shortId } from '../../lib/format';
import { Link } from '../../router';
import { useSession } from '../../session';

export function SubjectPanel({ view }: { view: CaseView }) {
  const { t } = useI18n();
  const j = view.jurisdiction;
  return (
    <Card title={t('case.subject')} testId="subject-panel">
      <KeyValues rows={[
        [t('case.subject'), view.subjectCaseId
          ? <Link to={`/cases/${view.subjectCaseId}`} className="mono" data-testid="subject-link" title={view.subjectCaseId}>{shortId(view.subjectCaseId)}</Link>
          : '—'],
        [t('case.jurisdiction'), `${j.countyName} ${j.townshipName} ${j.villageName}`],
      ]} />
    </Card>
  );
}

export function CasesAboutPanel({ view }: { view: CaseView }) {
  const { t, tx } = useI18n();
  const { process } = useSession();
  return (
    <Card title={t('case.casesAbout')} testId="cases-about">
      <ul className="plain">
        {(view.openCasesAbout ?? []).map((a) => (
          <li key={a.id} data-testid="case-about" data-case-id={a.id}>
            <Link to={`/cases/${a.id}`}>{tx(process(a.processKey)?.title) || a.processKey} · <span className="mono">{shortId(a.id)}</span></Link>{' '}
            <StateBadge processKey={a.processKey} state={a.state} title={a.stateTitle} />{' '}
            <span className="muted small">{formatDateTime(a.filedAt)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

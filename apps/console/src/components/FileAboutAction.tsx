/** The 立案整改-style action on a flag or an audit entry: opens the filing of each process about another case the user may file. */
import { useI18n } from '../i18n';
import { fileAboutLink, subjectProcessesFor, type SubjectRef } from '../lib/subjectFiling';
import { Link } from '../router';
import { useSession } from '../session';

export function FileAboutAction({ subject }: { subject: SubjectRef }) {
  const { tx } = useI18n();
  const { processes, user } = useSession();
  return (
    <>
      {subjectProcessesFor(processes, user).map((p) => (
        <Link key={p.key} to={fileAboutLink(p, subject)} className="btn btn-small" data-testid="file-about" data-process={p.key}>
          {tx(p.subject!.action)}
        </Link>
      ))}
    </>
  );
}

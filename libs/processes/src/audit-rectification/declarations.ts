/**
 * What the ledger declares for generic code: the reviewers file it (their one write), it is about
 * another case (no applicant), only the people it concerns see it, its flags and outcomes.
 */
import type { ProcessDeclarations } from '../declarations';
import { responsibleLevel } from './escalation';
import { auditRectificationTitles } from './titles';
import type { AuditRectificationContext } from './types';

export const auditRectificationDeclarations: ProcessDeclarations<AuditRectificationContext> = {
  filedBy: { roles: ['discipline_reviewer'], level: 'city' },
  writableBy: ['discipline_reviewer'],
  // The filer rule protects applicants; a finding has none, and its filer is the one who verifies.
  filerMayDecide: ['review'],
  subject: {
    action: { zh: '立案整改', en: 'Open a finding' },
    caseField: 'subjectCaseId',
    flagField: 'flagCode',
    entriesField: 'auditEntryIds',
    uniqueOpenBy: 'flagCode',
    // Whoever acted on the subject case may not judge its rectification.
    barredGroups: ['review'],
    check: (data, subject) => {
      const level = responsibleLevel(data as { responsibleJurisdictionCode: string }, subject);
      if (!level) return { zh: '责任单位必须是所涉案件所在的村、乡镇或县', en: "The responsible unit must be the related case's village, township or county" };
      if (!subject.rolesAt[level].includes(data.responsibleRole)) {
        return {
          zh: `责任岗位「${data.responsibleRole}」在所涉案件的流程中不在该层级办理业务`,
          en: `The responsible role "${data.responsibleRole}" does not act at that level in the related case's process`,
        };
      }
      return null;
    },
  },
  // The supervising units' task (督办): they may urge and reassign the responsible unit's rectification.
  supervisionTasks: ['supervise_rectification'],
  visibility: { roles: ['discipline_reviewer'], unitsFields: ['responsibleUnits', 'supervisorUnits'] },
  flags: {
    rectification_overdue: { title: { zh: '整改逾期', en: 'Rectification overdue' }, reviewers: true },
    rectification_relapse: { title: { zh: '屡审屡犯', en: 'Relapse after re-check' }, reviewers: true },
    clue_referred: { title: { zh: '线索已移送', en: 'Clue referred' }, reviewers: true },
  },
  outcomes: {
    closed: { title: { zh: '整改销号', en: 'Rectified and struck off' }, counts: 'completed' },
    withdrawn: { title: { zh: '问题撤销', en: 'Finding withdrawn' }, counts: 'withdrawn' },
  },
  titles: auditRectificationTitles,
};

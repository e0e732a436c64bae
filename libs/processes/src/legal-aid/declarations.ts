/** What legal aid declares for generic code: who files, its flags, how its outcomes count, its supervisors. */
import type { ProcessDeclarations } from '../declarations';
import { legalAidTitles } from './titles';
import type { LegalAidContext } from './types';
import { legalAidDocuments } from './documents';

export const legalAidDeclarations: ProcessDeclarations<LegalAidContext> = {
  // The village clerk registers the application (便民: the applicant applies where they live).
  documents: legalAidDocuments,
  filedBy: { roles: ['village_clerk'], level: 'village' },
  flags: {
    sla_warning: { title: { zh: '时限预警', en: 'Time limit warning' }, reviewers: false },
    sla_breached: { title: { zh: '超时', en: 'Time limit breached' }, reviewers: true },
    fast_target_missed: { title: { zh: '三优内部时限未达成', en: 'Fast-lane target missed' }, reviewers: true },
    quality_fail: { title: { zh: '同行评估不合格', en: 'Peer review failed' }, reviewers: true },
  },
  outcomes: {
    // `closed` cases record how they ended in context.outcome; `closed` itself is the fallback.
    closed: { title: { zh: '已结案', en: 'Closed' }, counts: 'completed' },
    completed: { title: { zh: '已办结', en: 'Completed' }, counts: 'completed' },
    denied: { title: { zh: '不予法律援助', en: 'Denied' }, counts: 'refused' },
    terminated: { title: { zh: '已终止法律援助', en: 'Aid terminated' }, counts: 'terminated' },
    withdrawn: { title: { zh: '视为撤回', en: 'Withdrawn' }, counts: 'withdrawn' },
  },
  // The county justice bureau supervises the legal-aid centre (法律援助法 Art. 5), the office its clocks escalate to.
  supervisors: { legal_aid_officer: 'justice_bureau' },
  titles: legalAidTitles,
};

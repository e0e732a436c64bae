import { describe, expect, it } from 'vitest';
import type { ProcessInfo, User } from '../api/types';
import { toValue } from '../schema-form/draft';
import { fileAboutLink, prefilledDraft, subjectPrefill, subjectProcessesFor } from './subjectFiling';

const ledger = {
  key: 'audit-rectification',
  filedBy: { roles: ['discipline_reviewer'], level: 'city' },
  subject: { action: { zh: '立案整改', en: 'Open a finding' }, caseField: 'subjectCaseId', flagField: 'flagCode', entriesField: 'auditEntryIds' },
} as unknown as ProcessInfo;
const housing = { key: 'housing-renovation', filedBy: { roles: ['village_clerk'], level: 'village' }, subject: null } as unknown as ProcessInfo;
const user = (roles: string[]) => ({ username: 'u', roles }) as unknown as User;
const CASE = '3f1c9a2e-7b4d-4c1a-9e2f-1a2b3c4d5e6f';

describe('filing about another case (立案整改)', () => {
  it('is offered to the roles that file such a process, never to others', () => {
    expect(subjectProcessesFor([housing, ledger], user(['discipline_reviewer']))).toEqual([ledger]);
    expect(subjectProcessesFor([housing, ledger], user(['village_clerk']))).toEqual([]);
    expect(subjectProcessesFor([housing, ledger], null)).toEqual([]);
  });

  it('a flag row opens the filing prefilled with the case, the flag and its entries', () => {
    const link = fileAboutLink(ledger, { caseId: CASE, flagCode: 'sla_breached', entryIds: [12, 15] });
    expect(link).toBe(`/file/audit-rectification?subject=${CASE}&flag=sla_breached&entries=12%2C15`);
    const search = new URL(link, 'http://console').searchParams;
    expect(subjectPrefill(ledger, search)).toEqual({ subjectCaseId: CASE, flagCode: 'sla_breached', auditEntryIds: [12, 15] });
  });

  it('audit entries without a flag prefill the case and entries only; junk ids are dropped', () => {
    const search = new URLSearchParams({ subject: CASE, entries: '7,abc,-1,9' });
    expect(subjectPrefill(ledger, search)).toEqual({ subjectCaseId: CASE, auditEntryIds: [7, 9] });
  });

  it('the filing form opens with those values, and submits them', () => {
    const filing = {
      type: 'object', required: ['subjectCaseId', 'description'],
      properties: {
        subjectCaseId: { type: 'string' }, flagCode: { type: 'string' }, description: { type: 'string' },
        auditEntryIds: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
      },
    };
    const draft = prefilledDraft(filing, ledger, new URLSearchParams({ subject: CASE, flag: 'sla_breached', entries: '12,15' }));
    expect(draft).toMatchObject({ subjectCaseId: CASE, flagCode: 'sla_breached', auditEntryIds: ['12', '15'], description: '' });
    expect(toValue(filing, draft)).toMatchObject({ subjectCaseId: CASE, flagCode: 'sla_breached', auditEntryIds: [12, 15] });
    expect(prefilledDraft(filing, housing, new URLSearchParams({ subject: CASE }))).toMatchObject({ subjectCaseId: '' });
  });

  it('nothing is prefilled without a subject, or for a process with applicants', () => {
    expect(subjectPrefill(ledger, new URLSearchParams({ flag: 'x' }))).toEqual({});
    expect(subjectPrefill(housing, new URLSearchParams({ subject: CASE }))).toEqual({});
  });
});

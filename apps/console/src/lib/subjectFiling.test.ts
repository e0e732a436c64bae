import { describe, expect, it } from 'vitest';
import type { ProcessInfo, User } from '../api/types';
import { toValue } from '../schema-form/draft';
import { fileAboutLink, picksSubjectPlace, prefilledDraft, subjectCaseOf, subjectPlaces, subjectPrefill, subjectProcessesFor } from './subjectFiling';
import { picksOf } from '../schema-form/PersonPicker';

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

describe('责任单位 chosen among the subject case\'s units by name (issue 20)', () => {
  const unit = { type: 'string', pattern: '^[0-9]{6,12}$', 'x-picks': 'subject-jurisdiction' };

  it('a field declaring subject-jurisdiction is a place picker, not a person picker', () => {
    expect(picksSubjectPlace(unit)).toBe(true);
    expect(picksOf(unit)).toBe(false);
    expect(picksOf({ type: 'string', 'x-picks': { role: 'lawyer', level: 'county' } })).toBe(true);
    expect(picksSubjectPlace({ type: 'string', 'x-picks': { role: 'lawyer', level: 'county' } })).toBe(false);
  });

  it('offers the subject\'s village, township and county, nearest first, the code as the value', () => {
    const j = {
      villageCode: '370832001001', villageName: '燕南里村', townshipCode: '370832001', townshipName: '小路口镇',
      countyCode: '370832', countyName: '梁山县',
    };
    expect(subjectPlaces(j)).toEqual([
      { code: '370832001001', name: '燕南里村', level: 'village' },
      { code: '370832001', name: '小路口镇', level: 'township' },
      { code: '370832', name: '梁山县', level: 'county' },
    ]);
    expect(subjectPlaces(undefined)).toEqual([]);
  });

  it('the subject is the case id the draft holds under the process\'s case field, nothing else', () => {
    expect(subjectCaseOf(ledger, { subjectCaseId: CASE })).toBe(CASE);
    expect(subjectCaseOf(ledger, { subjectCaseId: ` ${CASE} ` })).toBe(CASE);
    expect(subjectCaseOf(ledger, { subjectCaseId: '3f1c9a2e' })).toBeNull();
    expect(subjectCaseOf(housing, { subjectCaseId: CASE })).toBeNull();
    expect(subjectCaseOf(undefined, { subjectCaseId: CASE })).toBeNull();
  });
});

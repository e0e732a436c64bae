/** Helpers shared by the work-queue e2e files (issue 5). */
import { SystemUnderTest, eventually } from './support/system-under-test';
import { VILLAGE, fileCase } from './support/fixtures';

/** A staff member the demo data lacks, with the demo password (copied from an existing user). */
export async function addUser(sut: SystemUnderTest, username: string, roles: string[], jurisdictionCode: string, like = 'xian.liangshan.fayuan') {
  await sut.ds.query(
    `INSERT INTO users (username, display_name, password_hash, jurisdiction_code, roles)
     SELECT $1, $1, password_hash, $2, $3 FROM users WHERE username = $4`,
    [username, jurisdictionCode, roles, like],
  );
}

export function assistance(idNumber: string, data: Record<string, unknown> = {}, villageCode = VILLAGE.yannali) {
  return {
    processKey: 'temporary-assistance',
    villageCode,
    applicant: { name: '王桂兰', idNumber, householdSize: 3 },
    data: { hardshipType: 'sudden_illness', urgency: 'normal', description: '突发重病住院，家庭无力负担医疗费用', requestedAmount: 2000, ...data },
  };
}

export function legalAid(idNumber: string, name: string) {
  return {
    processKey: 'legal-aid',
    villageCode: VILLAGE.yannali,
    applicant: { name, idNumber },
    data: { matterType: 'wage_arrears', summary: '在建筑工地务工，被拖欠工资 18000 元', opposingParty: '某建筑劳务公司' },
  };
}

/** Files a case as the village clerk and waits until it has left `transient` (registry lookups). */
export async function fileAndSettle(sut: SystemUnderTest, body: any, clerk = 'cun.yannali', transient = ['eligibility_check', 'identity_check']) {
  const c = await fileCase(sut, clerk, body);
  if (!transient.includes(c.state)) return c;
  return eventually(async () => {
    const v = (await (await sut.as('jijian.shi')).get(`/api/cases/${c.id}`)).body;
    return transient.includes(v.state) ? undefined : v;
  });
}

/** The open (or claimed) task of a case as the case view shows it (not an escalation). */
export async function taskOf(sut: SystemUnderTest, caseId: string) {
  const v = (await (await sut.as('jijian.shi')).get(`/api/cases/${caseId}`)).body;
  return v.openTasks.find((t: any) => !t.kind.startsWith('escalation:'));
}

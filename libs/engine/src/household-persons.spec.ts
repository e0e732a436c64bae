/** Household members' ID numbers (personFields) and recurring series carried across states, without a database. */
import { loadProcessRegistry } from '@app/processes';
import { PiiCipher, makeIdNumber } from '@app/registry';
import { householdErrors, householdPersons, maskedHouseholdData } from './household-persons';
import { carriesOver, stateChangePlan } from './state-effects';
import { WorkflowClock } from './workflow-clock';

const registry = loadProcessRegistry({});
const dibao = registry.latest('minimum-living-allowance')!;
const housing = registry.latest('housing-renovation')!;
const applicant = makeIdNumber('37083219650312102');
const member = makeIdNumber('37083219700101123');
const data = (ids: string[]) => ({ members: ids.map((idNumber, i) => ({ name: `成员${i}`, idNumber, relation: '配偶', laborCapacity: 'none' })) });

describe('household members (personFields)', () => {
  it('validates each number, refuses duplicates of the applicant or each other, and checks the household size', () => {
    expect(householdErrors(dibao, data([member]), { idNumber: applicant, householdSize: 2 })).toEqual([]);
    const bad = householdErrors(dibao, data(['370832197001011230', applicant]), { idNumber: applicant, householdSize: 2 });
    expect(bad.map((e) => e.field)).toEqual(['data.members[0].idNumber', 'data.members[1].idNumber', 'applicant.householdSize']);
    expect(householdErrors(dibao, data([member]), { idNumber: applicant })).toEqual([{ field: 'applicant.householdSize', message: '请填写家庭人口', en: 'enter the household size' }]);
    // Processes without personFields are untouched.
    expect(householdErrors(housing, data(['nonsense']), { idNumber: applicant })).toEqual([]);
  });

  it('keeps only the masked number in the data; the index is the keyed hash', () => {
    const masked = maskedHouseholdData(dibao, data([member]));
    expect(JSON.stringify(masked)).not.toContain(member);
    expect((masked.members as any[])[0]).toEqual({ name: '成员0', relation: '配偶', laborCapacity: 'none', idNumberMasked: `${member.slice(0, 6)}********${member.slice(-4)}` });
    const cipher = new PiiCipher('a-test-key-of-at-least-thirty-two-characters!');
    const [p] = householdPersons(dibao, data([member.toLowerCase()]), cipher);
    expect(p).toEqual({ name: '成员0', idNumber: member, index: cipher.indexOf(member) });
  });
});

describe('recurring series across states', () => {
  const clock = new WorkflowClock(1);
  const at = (state: string, context: Record<string, unknown> = {}) =>
    ({ state, context, village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '370800' }) as any;
  it('the monthly timer declared alike in the paying states carries over; the review timer does not', () => {
    expect(carriesOver(dibao, 'in_payment', 'review', 'MONTHLY_PAYMENT_DUE')).toBe(true);
    expect(carriesOver(dibao, 'change_decision', 'gradual_exit', 'MONTHLY_PAYMENT_DUE')).toBe(true);
    expect(carriesOver(dibao, 'in_payment', 'exited', 'MONTHLY_PAYMENT_DUE')).toBe(false);
    const plan = stateChangePlan(dibao, clock, at('review'), 'in_payment', new Date('2026-06-15T04:00:00Z'));
    expect(plan.carried).toEqual(['MONTHLY_PAYMENT_DUE']);
    expect(plan.recurring).toEqual([]);
  });
  it('entering in_payment arms the first month on the pay day of the next month, and the review by household class', () => {
    const now = new Date('2026-06-15T04:00:00Z');
    const stable = stateChangePlan(dibao, clock, at('in_payment', { householdClass: 'stable' }), 'county_confirmation', now);
    expect(stable.recurring.map((r) => [r.event, r.period])).toEqual([['MONTHLY_PAYMENT_DUE', '2026-07'], ['REVIEW_DUE', '2027-06']]);
    expect(stable.recurring[0].dueAt.toISOString()).toBe('2026-07-09T16:00:00.000Z'); // 10 July 00:00 in Asia/Shanghai
    const unstable = stateChangePlan(dibao, clock, at('in_payment', { householdClass: 'unstable' }), 'county_confirmation', now);
    expect(unstable.recurring[1].period).toBe('2026-12');
  });
});

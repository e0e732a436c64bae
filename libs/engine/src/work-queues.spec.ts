import type { Principal } from '@app/access';
import { loadProcessRegistry, type Level, type Role } from '@app/processes';
import { actingAs, peopleActing } from './delegations';
import { supervises } from './task-supervision';
import { defaultTaskSupervisors, loadWorkQueueSettings, parseSupervisors } from './work-queue-settings';

const at = (level: Level, code: string, roles: Role[], username = 'u'): Principal => ({
  id: `id-${username}`, username, displayName: username, roles,
  jurisdiction: { code, name: code, level, cityCode: '370800', countyCode: null, townshipCode: null },
});

/** A township task of 小路口镇 in 梁山县. */
const townshipTask = (processKey: string) => ({
  process_key: processKey, role: 'township_officer', jurisdiction_code: '370832001',
  village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '370800',
});

describe('who supervises a task', () => {
  const rules = parseSupervisors(defaultTaskSupervisors(loadProcessRegistry({}).all()));

  it('by default, what the definitions declare; TASK_SUPERVISORS replaces it', () => {
    expect(defaultTaskSupervisors(loadProcessRegistry({}).all())).toBe(
      'housing-renovation/township_officer=county_housing,temporary-assistance/township_officer=county_civil,legal-aid/legal_aid_officer=justice_bureau,minimum-living-allowance/township_officer=county_civil',
    );
    expect(loadWorkQueueSettings({}).supervisors).toEqual(rules);
    expect(loadWorkQueueSettings({ TASK_SUPERVISORS: '*/township_officer=county_civil' }).supervisors)
      .toEqual([{ processKey: '*', taskRole: 'township_officer', supervisorRole: 'county_civil' }]);
  });
  it.each([
    ['the county civil-affairs approver over temporary assistance', at('county', '370832', ['county_civil']), 'temporary-assistance', true],
    ['the county housing approver over housing', at('county', '370832', ['county_housing']), 'housing-renovation', true],
    ['the county housing approver over temporary assistance', at('county', '370832', ['county_housing']), 'temporary-assistance', false],
    ['a county-level township officer (same role, one level up)', at('county', '370832', ['township_officer']), 'legal-aid', true],
    ['a peer at the same township', at('township', '370832001', ['township_officer']), 'temporary-assistance', false],
    ['the legal-aid officer (no rule)', at('county', '370832', ['legal_aid_officer']), 'temporary-assistance', false],
  ])('%s', (_name, p, processKey, ok) => {
    expect(supervises(p, townshipTask(processKey), rules).ok).toBe(ok);
  });

  it('the justice bureau supervises the legal-aid centre at the same county; the centre does not supervise itself', () => {
    const task = { ...townshipTask('legal-aid'), role: 'legal_aid_officer', jurisdiction_code: '370832' };
    expect(supervises(at('county', '370832', ['justice_bureau']), task, rules)).toEqual({ ok: true, role: 'justice_bureau' });
    expect(supervises(at('county', '370832', ['legal_aid_officer']), task, rules).ok).toBe(false);
  });

  it('rejects a malformed TASK_SUPERVISORS entry, naming it', () => {
    expect(() => parseSupervisors('temporary-assistance/township_officer=mayor')).toThrow(/township_officer=mayor/);
    expect(() => loadWorkQueueSettings({ CLAIM_IDLE_MINUTES: 'soon' })).toThrow(/CLAIM_IDLE_MINUTES/);
    expect(() => loadWorkQueueSettings({ LOCAL_TIME_ZONE: 'Mars/Olympus' })).toThrow(/LOCAL_TIME_ZONE/);
    expect(loadWorkQueueSettings({}).claimIdleMinutes).toBe(120);
  });
});

describe('acting for an absent colleague', () => {
  const zhao = at('county', '370832', ['lawyer', 'quality_reviewer'], 'lvshi.zhao');
  const delegated = { ...zhao, onBehalfOf: { id: 'id-lvshi.wang', username: 'lvshi.wang', displayName: '王', role: 'lawyer' as Role, delegationId: 'd1' } };
  it('authorization reads the colleague\'s name and only the delegated role', () => {
    expect(actingAs(delegated)).toMatchObject({ id: 'id-lvshi.wang', username: 'lvshi.wang', roles: ['lawyer'], onBehalfOf: undefined });
    expect(actingAs(zhao)).toBe(zhao);
  });
  it('conflicts of interest and four eyes bind both people', () => {
    expect(peopleActing(delegated)).toEqual(['id-lvshi.zhao', 'id-lvshi.wang']);
    expect(peopleActing(zhao)).toEqual(['id-lvshi.zhao']);
  });
});

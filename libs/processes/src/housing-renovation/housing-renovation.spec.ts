import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { initialTransition, transition } from 'xstate';
import { DAY } from '../definition';
import { housingRenovation } from './index';
import { WITHDRAWABLE_STATES } from './machine';
import { allPassed, config, ctx, def, ev, filing, machine, run, send, start, TO, TO_LATER } from './spec-support';
import type { HousingRenovationContext, HousingRenovationEvent } from './types';

const machineStates = () => Object.keys(machine.root.states);
const handled = (state: string) => [...(machine.root.states[state].transitions as Map<string, unknown>).keys()];
const at = (state: keyof typeof TO | keyof typeof TO_LATER) => run({ ...TO, ...TO_LATER }[state]);

describe('housing-renovation: identity', () => {
  it('starts in identity_check with the filing in context and the registry lookup queued', () => {
    const s = start();
    expect(s.value).toBe('identity_check');
    expect(ctx(s)).toEqual({ data: filing, category: 'registered_poor', noticesCompleted: [], objections: [], acceptanceFailures: 0 });
    expect(def.states.identity_check.jobs).toEqual(['registry_lookup']);
    expect(def.states.identity_check.task).toBeUndefined();
  });

  it('IDENTITY_VERIFIED → collective_review and records the registry category and status', () => {
    const s = run([ev.verified]);
    expect(s.value).toBe('collective_review');
    expect(ctx(s).identity).toEqual({ result: 'verified', registryCategory: 'registered_poor', registryStatus: 'not_lifted' });
  });

  it('IDENTITY_VERIFIED for another category than the one filed is refused by the machine', () => {
    const wrong: HousingRenovationEvent = { type: 'IDENTITY_VERIFIED', payload: { category: 'dibao', status: 'new' } };
    expect(start().can(wrong)).toBe(false);
  });

  it('IDENTITY_UNVERIFIED → identity_review with the reason; CONFIRM_IDENTITY → collective_review', () => {
    const review = run([ev.unverified]);
    expect(review.value).toBe('identity_review');
    expect(ctx(review).identity).toEqual({ result: 'unverified', lookupReason: '申请人不在帮扶对象名单中' });
    const confirmed = send(review, ev.confirmIdentity);
    expect(confirmed.value).toBe('collective_review');
    expect(ctx(confirmed).identity).toEqual({ result: 'confirmed', lookupReason: '申请人不在帮扶对象名单中', note: '经入户核实，属新识别贫困户' });
  });

  it('REJECT_IDENTITY → rejected with the reason and the stage', () => {
    const s = run([ev.unverified, ev.rejectIdentity]);
    expect(s.value).toBe('rejected');
    expect(s.status).toBe('done');
    expect(ctx(s)).toMatchObject({ rejectionReason: '经核实不属于帮扶对象', rejectedIn: 'identity_review', identity: { result: 'rejected' } });
  });
});

describe('housing-renovation: collective review and village notice', () => {
  it('a passed review → village_notice and is recorded', () => {
    const s = at('village_notice');
    expect(s.value).toBe('village_notice');
    expect(ctx(s).collectiveReview).toEqual((ev.review() as any).payload);
  });

  it('a failed review → rejected, with the vote in the reason', () => {
    const s = run([ev.verified, ev.review(false)]);
    expect(s.value).toBe('rejected');
    expect(ctx(s).rejectedIn).toBe('collective_review');
    expect(ctx(s).rejectionReason).toBe('集体评议未通过（参会 31 人，赞成 10 票，反对 20 票，记录 闫那里村民代表会议记录〔2026〕11号）');
  });

  it('more votes than attendees are refused by the machine, passed or not', () => {
    const s = at('collective_review');
    expect(s.can(ev.review(true, { votesFor: 31, votesAgainst: 1 }))).toBe(false);
    expect(s.can(ev.review(false, { votesFor: 1, votesAgainst: 31 }))).toBe(false);
    expect(s.can(ev.review(true, { votesFor: 30, votesAgainst: 1 }))).toBe(true);
  });

  it('the village notice ending → township_audit and counts the village notice', () => {
    const s = at('township_audit');
    expect(s.value).toBe('township_audit');
    expect(ctx(s).noticesCompleted).toEqual(['village']);
  });

  it('an objection during the village notice → collective_review, recorded, and the review must be held again', () => {
    const s = send(at('village_notice'), ev.objection);
    expect(s.value).toBe('collective_review');
    expect(ctx(s).objections).toEqual([{ notice: 'village', summary: '村民反映申请人另有住房' }]);
    expect(ctx(s).collectiveReview).toBeUndefined();
    expect(send(send(s, ev.review()), ev.noticeEnded).value).toBe('township_audit');
  });
});

describe('housing-renovation: township audit and correction', () => {
  it('TOWNSHIP_APPROVE → danger_assessment with the opinion', () => {
    const s = at('danger_assessment');
    expect(s.value).toBe('danger_assessment');
    expect(ctx(s).townshipOpinion).toBe('材料齐全，情况属实，同意上报');
  });

  it('TOWNSHIP_REJECT → rejected with the reason', () => {
    const s = send(at('township_audit'), ev.townshipReject);
    expect(s.value).toBe('rejected');
    expect(ctx(s)).toMatchObject({ rejectionReason: '家庭另有安全住房', rejectedIn: 'township_audit' });
  });

  it('RETURN_FOR_CORRECTION → correction; RESUBMIT → township_audit, both recorded', () => {
    const returned = send(at('township_audit'), ev.returnForCorrection);
    expect(returned.value).toBe('correction');
    expect(ctx(returned).correction).toEqual({ returnedFrom: 'township_audit', missing: ['户口簿复印件'] });
    const again = send(returned, ev.resubmit);
    expect(again.value).toBe('township_audit');
    expect(ctx(again).correction?.resubmitNote).toBe('已补齐户口簿复印件');
    expect(ctx(again).noticesCompleted).toEqual(['village']);
  });
});

describe('housing-renovation: danger assessment and township notice', () => {
  it.each(['C', 'D', 'NO_HOUSE'] as const)('grade %s qualifies → township_notice', (grade) => {
    const s = send(at('danger_assessment'), ev.assess(grade));
    expect(s.value).toBe('township_notice');
    expect(ctx(s)).toMatchObject({ grade, assessment: { reportRef: '梁住鉴〔2026〕0421', assessedAt: '2026-11-25' } });
  });

  it.each([
    ['A', '房屋危险性评定结果为“A 级”，不属于农村危房改造对象（鉴定报告 梁住鉴〔2026〕0421）'],
    ['B', '房屋危险性评定结果为“B 级”，不属于农村危房改造对象（鉴定报告 梁住鉴〔2026〕0421）'],
  ] as const)('grade %s does not qualify → rejected', (grade, reason) => {
    const s = send(at('danger_assessment'), ev.assess(grade));
    expect(s.value).toBe('rejected');
    expect(ctx(s)).toMatchObject({ grade, rejectedIn: 'danger_assessment', rejectionReason: reason });
  });

  it('the township notice ending → county_approval', () => {
    const s = at('county_approval');
    expect(s.value).toBe('county_approval');
    expect(ctx(s).noticesCompleted).toEqual(['village', 'township']);
  });

  it('an objection during the township notice → township_audit; the assessment must be done again', () => {
    const s = send(at('township_notice'), ev.objection);
    expect(s.value).toBe('township_audit');
    expect(ctx(s)).toMatchObject({ objections: [{ notice: 'township', summary: '村民反映申请人另有住房' }], noticesCompleted: ['village'] });
    expect(ctx(s).grade).toBeUndefined();
    expect(ctx(s).townshipOpinion).toBeUndefined();
  });
});

describe('housing-renovation: county approval and county notice', () => {
  const countyWith = (grade: 'C' | 'D' | 'NO_HOUSE') =>
    run([ev.verified, ev.review(), ev.noticeEnded, ev.townshipApprove, ev.assess(grade), ev.noticeEnded]);

  it.each([
    ['C', 'reinforce', true], ['C', 'rebuild', false], ['C', 'rent', false], ['C', 'new_build', false],
    ['D', 'rebuild', true], ['D', 'rent', true], ['D', 'reinforce', false], ['D', 'new_build', false],
    ['NO_HOUSE', 'new_build', true], ['NO_HOUSE', 'rent', true], ['NO_HOUSE', 'reinforce', false], ['NO_HOUSE', 'rebuild', false],
  ] as const)('grade %s with method %s: accepted = %p', (grade, method, ok) => {
    expect(countyWith(grade).can(ev.countyApprove(method, 5000))).toBe(ok);
  });

  it('the subsidy must be above 0 and within the maximum for the method', () => {
    const s = countyWith('D');
    expect(s.can(ev.countyApprove('rebuild', config.subsidyMaximum.rebuild))).toBe(true);
    expect(s.can(ev.countyApprove('rebuild', config.subsidyMaximum.rebuild + 0.01))).toBe(false);
    expect(s.can(ev.countyApprove('rent', config.subsidyMaximum.rent + 1))).toBe(false);
    expect(s.can(ev.countyApprove('rebuild', 0))).toBe(false);
  });

  it('COUNTY_APPROVE → county_notice with method and subsidy in context', () => {
    const s = at('county_notice');
    expect(s.value).toBe('county_notice');
    expect(ctx(s)).toMatchObject({ method: 'rebuild', subsidyAmount: 30000, grade: 'D' });
  });

  it('COUNTY_REJECT → rejected with the reason', () => {
    const s = send(at('county_approval'), ev.countyReject);
    expect(s.value).toBe('rejected');
    expect(ctx(s)).toMatchObject({ rejectionReason: '补助资金已超年度计划', rejectedIn: 'county_approval' });
  });

  it('RETURN_FOR_CORRECTION by the county → township_audit (not the village), recorded; the township notice is to be redone', () => {
    const s = send(at('county_approval'), ev.returnForCorrection);
    expect(s.value).toBe('township_audit');
    expect(ctx(s).correction).toEqual({ returnedFrom: 'county_approval', missing: ['户口簿复印件'] });
    expect(ctx(s).noticesCompleted).toEqual(['village']);
    expect(ctx(s).grade).toBeUndefined();
  });

  it('the county notice ending → agreement with all three notices', () => {
    const s = at('agreement');
    expect(s.value).toBe('agreement');
    expect(ctx(s).noticesCompleted).toEqual(['village', 'township', 'county']);
  });

  it('an objection during the county notice → county_approval; the approval must be given again', () => {
    const s = send(at('county_notice'), ev.objection);
    expect(s.value).toBe('county_approval');
    expect(ctx(s)).toMatchObject({ objections: [{ notice: 'county', summary: '村民反映申请人另有住房' }], noticesCompleted: ['village', 'township'], grade: 'D' });
    expect(ctx(s).method).toBeUndefined();
    expect(ctx(s).subsidyAmount).toBeUndefined();
  });
});

describe('housing-renovation: agreement, construction, acceptance, handover', () => {
  it('SIGN_AGREEMENT → construction with the agreement recorded', () => {
    const s = at('construction');
    expect(s.value).toBe('construction');
    expect(ctx(s)).toMatchObject({ agreementNo: 'XLK-2026-007', agreement: { signedAt: '2026-12-01', plannedCompletionDate: '2027-04-30' } });
  });

  it('REPORT_PROGRESS stays in construction and keeps the latest report; outside 0..100 it is refused', () => {
    const s = send(send(at('construction'), ev.progress(30)), ev.progress(60));
    expect(s.value).toBe('construction');
    expect(ctx(s).progress).toEqual({ percent: 60, note: '主体完工' });
    expect(s.can(ev.progress(101))).toBe(false);
    expect(s.can(ev.progress(-1))).toBe(false);
  });

  it('REPORT_COMPLETION → acceptance', () => {
    const s = at('acceptance');
    expect(s.value).toBe('acceptance');
    expect(ctx(s).completion).toEqual({ completedAt: '2027-04-20' });
  });

  it('ACCEPTANCE_PASSED with every item true → handover; a false or missing item is refused', () => {
    const s = at('acceptance');
    expect(s.can(ev.pass({ ...allPassed(), seismicMeasures: false }))).toBe(false);
    const { signage: _omit, ...missing } = allPassed();
    expect(s.can(ev.pass(missing))).toBe(false);
    const passed = send(s, ev.pass());
    expect(passed.value).toBe('handover');
    expect(ctx(passed).acceptance).toEqual({ passed: true, checklist: allPassed(), inspectors: ['梁山县住建局 李工', '小路口镇 王工'] });
  });

  it('ACCEPTANCE_FAILED → rectification; RECTIFICATION_DONE → acceptance again, which may then pass', () => {
    const failed = at('rectification');
    expect(failed.value).toBe('rectification');
    expect(ctx(failed)).toMatchObject({ acceptance: { passed: false, failedItems: ['roof'], note: '屋面防水未做，需整改' }, acceptanceFailures: 1 });
    const back = send(failed, ev.rectified);
    expect(back.value).toBe('acceptance');
    expect(ctx(back).rectificationNote).toBe('屋面防水已补做');
    expect(send(send(back, ev.fail(['roof', 'signage'])), ev.rectified).value).toBe('acceptance');
    expect(send(back, ev.pass()).value).toBe('handover');
  });

  it('ACCEPTANCE_FAILED needs known checklist items', () => {
    const s = at('acceptance');
    expect(s.can(ev.fail([]))).toBe(false);
    expect(s.can(ev.fail(['roof', 'swimmingPool']))).toBe(false);
  });

  it('HANDOVER with the sign installed → completed; without it, refused', () => {
    const s = at('handover');
    expect(s.can(ev.handover(false))).toBe(false);
    const done = send(s, ev.handover());
    expect(done.value).toBe('completed');
    expect(done.status).toBe('done');
    expect(ctx(done).handover).toEqual({ moveInDate: '2027-05-01', signInstalled: true });
  });

  it('HANDOVER re-checks every gate: a snapshot missing one (e.g. the county notice) cannot complete', () => {
    const good = at('handover');
    const tampered = machine.resolveState({
      value: 'handover',
      context: { ...ctx(good), noticesCompleted: ['village', 'township'] } as HousingRenovationContext,
    });
    expect(tampered.can(ev.handover())).toBe(false);
    const noAgreement = machine.resolveState({ value: 'handover', context: { ...ctx(good), agreementNo: undefined } as HousingRenovationContext });
    expect(noAgreement.can(ev.handover())).toBe(false);
    expect(good.can(ev.handover())).toBe(true);
  });

  it('the national report job is queued by HANDOVER', () => {
    expect(def.events.HANDOVER.jobs).toEqual(['national_report']);
  });
});

describe('housing-renovation: withdrawal', () => {
  const reach: Record<(typeof WITHDRAWABLE_STATES)[number], HousingRenovationEvent[]> = {
    identity_check: [],
    identity_review: [ev.unverified],
    collective_review: TO.collective_review,
    village_notice: TO.village_notice,
    township_audit: TO.township_audit,
    correction: [...TO.township_audit, ev.returnForCorrection],
    danger_assessment: TO.danger_assessment,
    township_notice: TO.township_notice,
    county_approval: TO.county_approval,
    county_notice: TO.county_notice,
  };

  it.each(Object.entries(reach))('WITHDRAW from %s → withdrawn with the reason', (state, before) => {
    const s = run(before);
    expect(s.value).toBe(state);
    const w = send(s, ev.withdraw);
    expect(w.value).toBe('withdrawn');
    expect(ctx(w)).toMatchObject({ withdrawalReason: '申请人已投靠子女居住', withdrawnFrom: state });
  });

  it.each(['agreement', 'construction', 'acceptance', 'rectification', 'handover'] as const)('is not accepted from %s on', (state) => {
    expect(at(state).can(ev.withdraw)).toBe(false);
  });

  it('the withdrawable states are exactly the non-final states before agreement', () => {
    const withWithdraw = machineStates().filter((id) => handled(id).includes('WITHDRAW'));
    expect(withWithdraw.sort()).toEqual([...WITHDRAWABLE_STATES].sort());
  });
});

describe('housing-renovation: the definition agrees with the machine', () => {
  const CONTRACT_STATES = [
    'identity_check', 'identity_review', 'collective_review', 'village_notice', 'township_audit', 'correction',
    'danger_assessment', 'township_notice', 'county_approval', 'county_notice', 'agreement', 'construction',
    'acceptance', 'rectification', 'handover', 'completed', 'rejected', 'withdrawn',
  ];
  const CONTRACT_EVENTS = [
    'IDENTITY_VERIFIED', 'IDENTITY_UNVERIFIED', 'CONFIRM_IDENTITY', 'REJECT_IDENTITY', 'RECORD_COLLECTIVE_REVIEW',
    'NOTICE_PERIOD_ENDED', 'RECORD_OBJECTION', 'TOWNSHIP_APPROVE', 'TOWNSHIP_REJECT', 'RETURN_FOR_CORRECTION', 'RESUBMIT',
    'SUBMIT_ASSESSMENT', 'COUNTY_APPROVE', 'COUNTY_REJECT', 'SIGN_AGREEMENT', 'REPORT_PROGRESS', 'REPORT_COMPLETION',
    'ACCEPTANCE_PASSED', 'ACCEPTANCE_FAILED', 'RECTIFICATION_DONE', 'HANDOVER', 'WITHDRAW',
  ];

  it('key, version, title', () => {
    expect(def).toMatchObject({ key: 'housing-renovation', version: 1, title: { zh: '农村危房改造', en: 'Rural housing renovation' } });
    expect(machine.id).toBe('housing-renovation');
  });

  // That states and events agree with the machine, that finals match, that every non-final state has
  // a way out, that every task can be done in its state and that timers send system events is checked
  // for every process by the registry (registry-checks.spec.ts). Here: what PROCESSES.md §2 says of this one.
  it('the machine has exactly the states of PROCESSES.md §2', () => {
    expect(machineStates().sort()).toEqual([...CONTRACT_STATES].sort());
  });

  it('the events the machine handles are exactly those of PROCESSES.md §2', () => {
    const inMachine = new Set(machineStates().flatMap(handled));
    expect([...inMachine].sort()).toEqual([...CONTRACT_EVENTS].sort());
  });

  it('ends in completed, rejected or withdrawn', () => {
    expect(Object.entries(def.states).filter(([, s]) => s.final).map(([id, s]) => [id, s.final!.outcome])).toEqual([
      ['completed', 'completed'], ['rejected', 'rejected'], ['withdrawn', 'withdrawn'],
    ]);
  });

  it('opens the human tasks of the brief, one per acting state, none in notices or system states', () => {
    const tasks = Object.fromEntries(Object.entries(def.states).filter(([, s]) => s.task).map(([id, s]) => [id, `${s.task!.role}@${s.task!.level}`]));
    expect(tasks).toEqual({
      identity_review: 'poverty_office@county',
      collective_review: 'village_clerk@village',
      correction: 'village_clerk@village',
      township_audit: 'township_officer@township',
      agreement: 'township_officer@township',
      construction: 'township_officer@township',
      rectification: 'township_officer@township',
      handover: 'township_officer@township',
      danger_assessment: 'housing_assessor@county',
      county_approval: 'county_housing@county',
      acceptance: 'county_housing@county',
    });
  });

  it('tasks are named after their states', () => {
    for (const [id, spec] of Object.entries(def.states)) if (spec.task) expect(spec.task.kind).toBe(id);
  });

  it('the notice states arm NOTICE_PERIOD_ENDED after the configured days (7, 7, 5)', () => {
    expect(def.states.village_notice.timers).toEqual([{ event: 'NOTICE_PERIOD_ENDED', after: 7 * DAY }]);
    expect(def.states.township_notice.timers).toEqual([{ event: 'NOTICE_PERIOD_ENDED', after: 7 * DAY }]);
    expect(def.states.county_notice.timers).toEqual([{ event: 'NOTICE_PERIOD_ENDED', after: 5 * DAY }]);
    const d = housingRenovation({ HOUSING_VILLAGE_NOTICE_DAYS: '10', HOUSING_TOWNSHIP_NOTICE_DAYS: '3', HOUSING_COUNTY_NOTICE_DAYS: '2' });
    expect([d.states.village_notice, d.states.township_notice, d.states.county_notice].map((s) => s.timers![0].after)).toEqual([10 * DAY, 3 * DAY, 2 * DAY]);
    const withTimers = Object.entries(def.states).filter(([, s]) => s.timers).map(([id]) => id);
    expect(withTimers).toEqual(['village_notice', 'township_notice', 'county_notice']);
  });

  it('declares the decision groups of PROCESSES.md §1 (plus identity_review); returns have none', () => {
    const groups: Record<string, string[]> = {};
    for (const [type, e] of Object.entries(def.events)) if (e.decisionGroup) (groups[e.decisionGroup] ??= []).push(type);
    for (const list of Object.values(groups)) list.sort();
    expect(groups).toEqual({
      identity_review: ['CONFIRM_IDENTITY', 'REJECT_IDENTITY'],
      township_audit: ['TOWNSHIP_APPROVE', 'TOWNSHIP_REJECT'],
      danger_assessment: ['SUBMIT_ASSESSMENT'],
      county_approval: ['COUNTY_APPROVE', 'COUNTY_REJECT'],
      completion_acceptance: ['ACCEPTANCE_FAILED', 'ACCEPTANCE_PASSED'],
    });
    expect(def.events.RETURN_FOR_CORRECTION.decisionGroup).toBeUndefined();
  });

  it('names who sends each event', () => {
    const who = (type: string) => {
      const a = def.events[type].actors;
      return a === 'system' ? 'system' : a.map((x) => `${x.role}@${x.level}${x.inStates ? `[${x.inStates.join(',')}]` : ''}`);
    };
    expect(who('IDENTITY_VERIFIED')).toBe('system');
    expect(who('IDENTITY_UNVERIFIED')).toBe('system');
    expect(who('NOTICE_PERIOD_ENDED')).toBe('system');
    expect(who('CONFIRM_IDENTITY')).toEqual(['poverty_office@county']);
    expect(who('RECORD_COLLECTIVE_REVIEW')).toEqual(['village_clerk@village']);
    expect(who('RECORD_OBJECTION')).toEqual(['village_clerk@village', 'township_officer@township', 'county_housing@county[county_notice]']);
    expect(who('RETURN_FOR_CORRECTION')).toEqual(['township_officer@township[township_audit]', 'county_housing@county[county_approval]']);
    expect(who('RESUBMIT')).toEqual(['village_clerk@village']);
    expect(who('SUBMIT_ASSESSMENT')).toEqual(['housing_assessor@county']);
    expect(who('COUNTY_APPROVE')).toEqual(['county_housing@county']);
    expect(who('ACCEPTANCE_PASSED')).toEqual(['county_housing@county']);
    for (const t of ['SIGN_AGREEMENT', 'REPORT_PROGRESS', 'REPORT_COMPLETION', 'RECTIFICATION_DONE', 'HANDOVER', 'TOWNSHIP_APPROVE']) {
      expect(who(t)).toEqual(['township_officer@township']);
    }
    expect(who('WITHDRAW')).toEqual(['village_clerk@village']);
  });

  it('lane is always normal with no reason; onRegistryLookup is wired', () => {
    for (const s of [start(), at('county_notice'), at('completed')]) {
      expect(def.laneOf!(ctx(s))).toBe('normal');
      expect(def.laneReason!(ctx(s))).toBeNull();
    }
    expect(def.onRegistryLookup!(null, ctx(start())).type).toBe('IDENTITY_UNVERIFIED');
  });

  it('every human stage but construction has a clock from entering it to leaving it (issue 17); 0 switches one off', () => {
    const taskStates = Object.entries(def.states).filter(([, st]) => st.task).map(([id]) => id);
    expect(def.clocks!.map((c) => c.name)).toEqual(taskStates.filter((s) => s !== 'construction'));
    for (const c of def.clocks!) {
      expect(c).toMatchObject({ startOn: [], startOnEnter: [c.name], stopOn: [], breachFlag: 'sla_breached' });
      expect(c.warnAfter).toBeUndefined();
      // Every way out of the stage stops it: entering any other state.
      expect([...c.stopOnEnter!, c.name].sort()).toEqual(Object.keys(def.states).sort());
    }
    const clock = (name: string) => def.clocks!.find((c) => c.name === name)!;
    expect(clock('township_audit')).toMatchObject({ due: 7 * DAY, escalateTo: { role: 'county_housing', level: 'county' } });
    expect(clock('collective_review')).toMatchObject({ due: 15 * DAY, escalateTo: { role: 'township_officer', level: 'township' } });
    expect(clock('county_approval').escalateTo).toBeUndefined();
    const off = housingRenovation({ HOUSING_TOWNSHIP_AUDIT_DUE_DAYS: '0', HOUSING_ASSESSMENT_DUE_DAYS: '2' });
    expect(off.clocks!.map((c) => c.name)).not.toContain('township_audit');
    expect(off.clocks!.find((c) => c.name === 'danger_assessment')!.due).toBe(2 * DAY);
  });

  it('a case filed under another category is checked against that category', () => {
    const s = initialTransition(machine, { data: { ...filing, category: 'tekun' } })[0];
    expect(ctx(s).category).toBe('tekun');
    expect(transition(machine, s, ev.verified)[0].value).toBe('identity_check');
    expect(transition(machine, s, { type: 'IDENTITY_VERIFIED', payload: { category: 'tekun', status: 'lifted_with_policy' } })[0].value).toBe('collective_review');
  });
});

describe('housing-renovation: configurable checklist', () => {
  const d = housingRenovation({ HOUSING_ACCEPTANCE_CHECKLIST: 'foundation, roof,signage' });

  it('the payload schema and the machine follow the configured keys', () => {
    expect(Object.keys((d.events.ACCEPTANCE_PASSED.payload as any).properties.checklist.properties)).toEqual(['foundation', 'roof', 'signage']);
    let s = initialTransition(d.machine, { data: filing })[0];
    for (const e of TO_LATER.acceptance) s = transition(d.machine, s, e)[0];
    expect(s.value).toBe('acceptance');
    const three = { foundation: true, roof: true, signage: true };
    expect(s.can(ev.pass(three))).toBe(true);
    expect(s.can(ev.fail(['enclosure']))).toBe(false);
    expect(s.can(ev.fail(['signage']))).toBe(true);
  });
});

describe('housing-renovation: schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);


  it('the sample events used in these tests are valid payloads', () => {
    const samples: HousingRenovationEvent[] = [
      ev.verified, ev.unverified, ev.confirmIdentity, ev.rejectIdentity, ev.review(true), ev.review(false), ev.noticeEnded,
      ev.objection, ev.townshipApprove, ev.townshipReject, ev.returnForCorrection, ev.resubmit, ev.assess('NO_HOUSE'),
      ev.countyApprove('rent', 8000), ev.countyReject, ev.sign, ev.progress(0), ev.progress(100), ev.complete, ev.pass(),
      ev.fail(), ev.rectified, ev.handover(), ev.withdraw,
    ];
    for (const s of samples) expect({ type: s.type, ok: ajv.validate(def.events[s.type].payload, s.payload) }).toEqual({ type: s.type, ok: true });
  });

  it.each([
    ['TOWNSHIP_REJECT', { reason: '不行' }],
    ['COUNTY_REJECT', {}],
    ['REJECT_IDENTITY', { reason: '' }],
    ['WITHDRAW', { reason: '不想' }],
    ['SUBMIT_ASSESSMENT', { grade: 'E', reportRef: 'r', assessedAt: '2026-11-25' }],
    ['SUBMIT_ASSESSMENT', { grade: 'C', reportRef: 'r', assessedAt: '25/11/2026' }],
    ['COUNTY_APPROVE', { method: 'demolish', subsidyAmount: 100 }],
    ['COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 0 }],
    ['COUNTY_APPROVE', { method: 'rebuild', subsidyAmount: 100, extra: 1 }],
    ['REPORT_PROGRESS', { percent: 101, note: 'x' }],
    ['REPORT_PROGRESS', { percent: -1, note: 'x' }],
    ['RECORD_COLLECTIVE_REVIEW', { meetingDate: '2026-11-20', attendees: 0, votesFor: 0, votesAgainst: 0, minutesRef: 'x', passed: true }],
    ['RECORD_COLLECTIVE_REVIEW', { meetingDate: '2026-11-20', attendees: 3, votesFor: 1.5, votesAgainst: 0, minutesRef: 'x', passed: true }],
    ['ACCEPTANCE_PASSED', { checklist: { ...allPassed(), swimmingPool: true }, inspectors: ['李工'] }],
    ['ACCEPTANCE_PASSED', { checklist: allPassed(), inspectors: [] }],
    ['ACCEPTANCE_FAILED', { failedItems: [], note: '屋面漏水需整改' }],
    ['ACCEPTANCE_FAILED', { failedItems: ['roof', 'roof'], note: '屋面漏水需整改' }],
    ['HANDOVER', { moveInDate: '2027-05-01' }],
    ['RETURN_FOR_CORRECTION', { missing: [] }],
    ['IDENTITY_VERIFIED', { category: 'rich', status: 'new' }],
  ])('%s refuses the bad payload %j', (type, payload) => {
    expect(ajv.validate(def.events[type].payload, payload)).toBe(false);
  });

  it('the filing schema needs category and houseDescription; structure and year are optional', () => {
    const validate = ajv.compile(def.filing);
    expect(validate(filing)).toBe(true);
    expect(validate({ category: 'dibao', houseDescription: '砖木结构，屋面塌陷' })).toBe(true);
    expect(validate({ ...filing, category: 'rich' })).toBe(false);
    expect(validate({ ...filing, builtYear: 1978.5 })).toBe(false);
    expect(validate({ ...filing, houseDescription: '' })).toBe(false);
    expect(validate({ ...filing, extra: true })).toBe(false);
    expect(validate({ houseDescription: '危房' })).toBe(false);
  });
});

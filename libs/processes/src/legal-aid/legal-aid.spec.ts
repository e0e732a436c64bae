import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describeProcess } from '../describe';
import { DAY } from '../definition';
import { legalAid } from './index';
import { exemptionBasis } from './lane';
import { config, ctx, def, ev, filing, machine, run, send, start, urgentFiling } from './spec-support';
import type { LegalAidContext } from './types';

const machineStates = () => Object.keys(machine.root.states);
const handled = (state: string) => [...(machine.root.states[state].transitions as Map<string, unknown>).keys()];

/** Paths to each stage, as event lists. */
const toEconomicReview = [ev.reviewRequired];
const toAcceptanceNormal = [ev.reviewRequired, ev.econPass];
const toAcceptanceFast = [ev.fastLane()];
const toAssignment = [...toAcceptanceFast, ev.grant];
const toService = [...toAssignment, ev.assign()];
const toQualityReview = [...toService, ev.closure];
const toDenied = [...toAcceptanceNormal, ev.deny];
const toObjection = [...toDenied, ev.objection];

describe('legal-aid: eligibility check and the fast lane', () => {
  it('a new case waits in eligibility_check in the normal lane, with its filing data', () => {
    const s = start();
    expect(s.value).toBe('eligibility_check');
    expect(ctx(s)).toEqual({ data: filing, lane: 'normal', materialsRequests: 0, progress: [] });
    expect(def.laneOf!(ctx(s))).toBe('normal');
    expect(def.laneReason!(ctx(s))).toBeNull();
    expect(def.states.eligibility_check.jobs).toEqual(['registry_lookup']);
  });

  it.each(['registered_poor', 'dibao', 'tekun'] as const)('FAST_LANE_CONFIRMED (%s) → acceptance_review in the fast lane, exempt', (category) => {
    const s = run([ev.fastLane(category)]);
    expect(s.value).toBe('acceptance_review');
    expect(def.laneOf!(ctx(s))).toBe('fast');
    expect(ctx(s).exemption).toEqual({ category, basis: '《中华人民共和国法律援助法》第四十二条' });
  });

  it('the fast-lane reason names the 三优服务, the category and Art. 42', () => {
    expect(def.laneReason!(ctx(run([ev.fastLane('registered_poor')])))).toEqual({
      zh: '三优服务：建档立卡贫困人口，免于经济困难审查（法律援助法第四十二条）',
      en: 'Fast lane (priority intake, review and assignment): registered poor household, exempt from the economic-hardship check (Legal Aid Law Art. 42)',
    });
    expect(def.laneReason!(ctx(run([ev.fastLane('dibao')])))?.zh).toBe('三优服务：最低生活保障对象，免于经济困难审查（法律援助法第四十二条）');
  });

  it('the machine refuses a fast lane for a category outside the exemption (defence in depth)', () => {
    const bogus = { type: 'FAST_LANE_CONFIRMED', payload: { category: 'poor_disabled', basis: 'x' } } as any;
    expect(start().can(bogus)).toBe(false);
  });

  it('ECONOMIC_REVIEW_REQUIRED → economic_review in the normal lane, recording why', () => {
    const s = run(toEconomicReview);
    expect(s.value).toBe('economic_review');
    expect(def.laneOf!(ctx(s))).toBe('normal');
    expect(ctx(s).economicReviewReason).toBe('帮扶对象名单中未查到申请人，需进行经济困难审查');
  });

  it('laneOf defaults to normal when the context has no lane', () => {
    expect(def.laneOf!({ data: filing } as LegalAidContext)).toBe('normal');
  });
});

describe('legal-aid: onRegistryLookup', () => {
  const fact = (category: any, status: any = 'not_lifted') => ({ category, status, villageCode: '370832001001', householdId: 'H-001' });
  const lookup = def.onRegistryLookup!;

  it.each([
    ['registered_poor', 'not_lifted'],
    ['registered_poor', 'lifted_with_policy'],
    ['registered_poor', 'new'],
    ['dibao', 'not_lifted'],
    ['tekun', 'lifted_with_policy'],
  ])('%s (%s) → FAST_LANE_CONFIRMED with the legal basis', (category, status) => {
    const e = lookup(fact(category, status), ctx(start()));
    expect(e).toEqual({ type: 'FAST_LANE_CONFIRMED', payload: { category, basis: exemptionBasis(category as any) } });
    expect(e.payload.basis).toContain('《中华人民共和国法律援助法》第四十二条');
    expect(e.payload.basis).toContain('免于经济困难审查');
  });

  it('poor_disabled → ECONOMIC_REVIEW_REQUIRED naming the category', () => {
    expect(lookup(fact('poor_disabled'), ctx(start()))).toEqual({
      type: 'ECONOMIC_REVIEW_REQUIRED',
      payload: { reason: '申请人在帮扶对象名单中的类别为“贫困残疾人家庭”，不属于免于经济困难审查的类别，需进行经济困难审查' },
    });
  });

  it('not in the registry → ECONOMIC_REVIEW_REQUIRED', () => {
    expect(lookup(null, ctx(start()))).toEqual({
      type: 'ECONOMIC_REVIEW_REQUIRED',
      payload: { reason: '帮扶对象名单中未查到申请人，需进行经济困难审查' },
    });
  });

  it('what it sends is accepted by the machine and valid against the event schemas', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const f of [fact('dibao'), fact('poor_disabled'), null]) {
      const e = lookup(f as any, ctx(start())) as any;
      expect(ajv.validate(def.events[e.type].payload, e.payload)).toBe(true);
      expect(start().can(e)).toBe(true);
    }
  });
});

describe('legal-aid: economic review', () => {
  it('a passed check → acceptance_review, recorded', () => {
    const s = run(toAcceptanceNormal);
    expect(s.value).toBe('acceptance_review');
    expect(ctx(s).economicCheck).toEqual({ passed: true, method: 'integrity_pledge', note: '申请人签署经济困难诚信承诺' });
  });

  it('a failed check → denied, with the note as the written reason', () => {
    const s = run([ev.reviewRequired, ev.econFail]);
    expect(s.value).toBe('denied');
    expect(ctx(s).denial).toEqual({ stage: 'economic_review', reason: '家庭月人均收入高于当地标准' });
  });

  it('a failed check without a 5-character reason is refused by the machine too', () => {
    const s = run(toEconomicReview);
    expect(s.can({ type: 'ECONOMIC_CHECK', payload: { passed: false, method: 'data_check', note: '不符' } })).toBe(false);
  });
});

describe('legal-aid: acceptance review', () => {
  it('GRANT_AID → assignment with the decision number', () => {
    const s = run(toAssignment);
    expect(s.value).toBe('assignment');
    expect(ctx(s).decisionNo).toBe('梁法援决〔2024〕37号');
  });

  it('DENY_AID → denied with the reason', () => {
    const s = run(toDenied);
    expect(s.value).toBe('denied');
    expect(ctx(s).denial).toEqual({ stage: 'acceptance_review', reason: '申请事项不属于法律援助范围' });
  });

  it('REQUEST_MATERIALS → materials_pending, counting the notice and listing the materials', () => {
    const s = run([...toAcceptanceNormal, ev.requestMaterials]);
    expect(s.value).toBe('materials_pending');
    expect(ctx(s).materialsRequests).toBe(1);
    expect(ctx(s).missingMaterials).toEqual(['劳动关系证明', '欠薪工资条']);
  });

  it('a second REQUEST_MATERIALS on the same case is refused (one notice)', () => {
    const s = run([...toAcceptanceNormal, ev.requestMaterials, ev.supplied]);
    expect(s.value).toBe('acceptance_review');
    expect(s.can(ev.requestMaterials)).toBe(false);
    expect(send(s, ev.requestMaterials).value).toBe('acceptance_review');
    expect(s.can(ev.grant)).toBe(true);
  });

  it('PROVIDE_AID_FIRST → assignment when the filing has a limitation deadline', () => {
    const s = run([...toAcceptanceNormal, ev.aidFirst], urgentFiling);
    expect(s.value).toBe('assignment');
    expect(ctx(s).aidFirstReason).toBe('仲裁时效三日后届满，须立即申请仲裁');
  });

  it('PROVIDE_AID_FIRST without a limitation deadline is refused by the machine', () => {
    expect(run(toAcceptanceNormal).can(ev.aidFirst)).toBe(false);
  });
});

describe('legal-aid: materials pending', () => {
  it('MATERIALS_SUPPLIED → acceptance_review with the note', () => {
    const s = run([...toAcceptanceFast, ev.requestMaterials, ev.supplied]);
    expect(s.value).toBe('acceptance_review');
    expect(ctx(s).materialsNote).toBe('已补交工友证言及考勤记录');
    expect(def.laneOf!(ctx(s))).toBe('fast');
  });

  it('MATERIALS_DEADLINE_PASSED → withdrawn (treated as withdrawn, Art. 43)', () => {
    const s = run([...toAcceptanceNormal, ev.requestMaterials, ev.materialsDeadline]);
    expect(s.value).toBe('withdrawn');
    expect(s.status).toBe('done');
    expect(ctx(s).withdrawalReason).toBe('逾期未补充材料，视为撤回申请（法律援助法第四十三条）');
  });

  it('the deadline timer lasts the configured days', () => {
    expect(def.states.materials_pending.timers).toEqual([{ event: 'MATERIALS_DEADLINE_PASSED', after: 15 * DAY }]);
    expect(legalAid({ LEGAL_AID_MATERIALS_DEADLINE_DAYS: '10' }).states.materials_pending.timers![0].after).toBe(10 * DAY);
  });
});

describe('legal-aid: assignment and service', () => {
  it('ASSIGN_LAWYER → in_service, recording the lawyer in the assignee field', () => {
    const s = run(toService);
    expect(s.value).toBe('in_service');
    expect(ctx(s).assignedLawyer).toBe('lvshi.wang');
    expect(def.assigneeField).toBe('assignedLawyer');
  });

  it('an empty lawyer name is refused by the machine', () => {
    expect(run(toAssignment).can(ev.assign('  '))).toBe(false);
  });

  it('RECORD_PROGRESS stays in service and keeps the notes in order', () => {
    const s = run([...toService, ev.progress, { type: 'RECORD_PROGRESS', payload: { note: '已开庭' } }]);
    expect(s.value).toBe('in_service');
    expect(ctx(s).progress).toEqual(['已向劳动人事争议仲裁委员会提交仲裁申请', '已开庭']);
  });

  it('SUBMIT_CLOSURE → quality_review with the closure', () => {
    const s = run(toQualityReview);
    expect(s.value).toBe('quality_review');
    expect(ctx(s).closure).toEqual({ outcome: 'mediated', summary: '仲裁调解，追回工资 2.6 万元', closedAt: '2024-06-10' });
  });

  it('TERMINATE_AID → terminated with ground and note', () => {
    const s = run([...toService, ev.terminate]);
    expect(s.value).toBe('terminated');
    expect(s.status).toBe('done');
    expect(ctx(s).termination).toEqual({ ground: 'own_counsel', note: '受援人已自行委托律师' });
  });
});

describe('legal-aid: peer review', () => {
  it('SUBMIT_PEER_REVIEW → closed, outcome completed, not flagged when passing', () => {
    const s = run([...toQualityReview, ev.peerReview('excellent', 95)]);
    expect(s.value).toBe('closed');
    expect(ctx(s)).toMatchObject({ outcome: 'completed', qualityFail: false, peerReview: { grade: 'excellent', score: 95 } });
  });

  it('grade fail closes the case and marks qualityFail', () => {
    const s = run([...toQualityReview, ev.peerReview('fail', 40)]);
    expect(s.value).toBe('closed');
    expect(ctx(s).qualityFail).toBe(true);
  });

  it('a score outside 0–100 is refused by the machine', () => {
    expect(run(toQualityReview).can(ev.peerReview('good', 101))).toBe(false);
    expect(run(toQualityReview).can(ev.peerReview('good', -1))).toBe(false);
  });
});

describe('legal-aid: denial and objection', () => {
  it('OBJECTION_WINDOW_ENDED → closed with outcome denied', () => {
    const s = run([...toDenied, ev.objectionWindowEnded]);
    expect(s.value).toBe('closed');
    expect(ctx(s).outcome).toBe('denied');
  });

  it('FILE_OBJECTION → objection_review', () => {
    const s = run(toObjection);
    expect(s.value).toBe('objection_review');
    expect(ctx(s).objection).toEqual({ reason: '申请人确属经济困难，有村委会证明' });
  });

  it('UPHOLD_OBJECTION → assignment (the office must now assign)', () => {
    const s = run([...toObjection, ev.uphold]);
    expect(s.value).toBe('assignment');
    expect(ctx(s).objection?.upheldNote).toBe('异议成立，责令法律援助中心提供法律援助');
    expect(send(s, ev.assign()).value).toBe('in_service');
  });

  it('DISMISS_OBJECTION → closed with outcome denied and the reason', () => {
    const s = run([...toObjection, ev.dismiss]);
    expect(s.value).toBe('closed');
    expect(ctx(s)).toMatchObject({ outcome: 'denied', objection: { dismissalReason: '申请人家庭收入明显高于标准' } });
  });

  it('the objection window lasts the configured days', () => {
    expect(def.states.denied.timers).toEqual([{ event: 'OBJECTION_WINDOW_ENDED', after: 15 * DAY }]);
  });
});

describe('legal-aid: events out of place are ignored', () => {
  it.each([
    ['eligibility_check', [], ev.grant],
    ['economic_review', toEconomicReview, ev.grant],
    ['acceptance_review', toAcceptanceFast, ev.assign()],
    ['assignment', toAssignment, ev.closure],
    ['in_service', toService, ev.peerReview()],
    ['denied', toDenied, ev.uphold],
  ] as const)('in %s', (state, path, event) => {
    const s = run([...path]);
    expect(s.value).toBe(state);
    expect(s.can(event)).toBe(false);
    expect(send(s, event).value).toBe(state);
  });
});

describe('legal-aid: definition consistency', () => {
  // That states and events agree with the machine, that finals match, that every task can be done
  // in its state and that timers send system events is checked for every process by the registry
  // (registry-checks.spec.ts). Here: what PROCESSES.md §4 says of this one.
  it('ends in closed, terminated or withdrawn', () => {
    const finals = Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id).sort();
    expect(finals).toEqual(['closed', 'terminated', 'withdrawn']);
  });

  it('has exactly the contract states and events of PROCESSES.md §4', () => {
    expect(machineStates().sort()).toEqual(
      ['eligibility_check', 'economic_review', 'acceptance_review', 'materials_pending', 'assignment', 'in_service',
        'quality_review', 'denied', 'objection_review', 'closed', 'terminated', 'withdrawn'].sort(),
    );
    expect(Object.keys(def.events).sort()).toEqual(
      ['FAST_LANE_CONFIRMED', 'ECONOMIC_REVIEW_REQUIRED', 'ECONOMIC_CHECK', 'GRANT_AID', 'DENY_AID', 'REQUEST_MATERIALS',
        'PROVIDE_AID_FIRST', 'MATERIALS_SUPPLIED', 'MATERIALS_DEADLINE_PASSED', 'ASSIGN_LAWYER', 'RECORD_PROGRESS',
        'SUBMIT_CLOSURE', 'TERMINATE_AID', 'SUBMIT_PEER_REVIEW', 'FILE_OBJECTION', 'OBJECTION_WINDOW_ENDED',
        'UPHOLD_OBJECTION', 'DISMISS_OBJECTION'].sort(),
    );
  });

  it('tasks: the office for review, materials and assignment; the lawyer in service; reviewer; justice bureau; none when denied', () => {
    const tasks = Object.fromEntries(Object.entries(def.states).map(([id, s]) => [id, s.task ? `${s.task.role}@${s.task.level}` : null]));
    expect(tasks).toEqual({
      eligibility_check: null,
      economic_review: 'legal_aid_officer@county',
      acceptance_review: 'legal_aid_officer@county',
      materials_pending: 'legal_aid_officer@county',
      assignment: 'legal_aid_officer@county',
      in_service: 'lawyer@county',
      quality_review: 'quality_reviewer@county',
      denied: null,
      objection_review: 'justice_bureau@county',
      closed: null,
      terminated: null,
      withdrawn: null,
    });
    for (const [id, s] of Object.entries(def.states)) if (s.task) expect(s.task.kind).toBe(id);
    expect(def.states.acceptance_review.task?.dueIn).toBe(7 * DAY);
  });

  it('declares the decision groups of PROCESSES.md §1', () => {
    const groups: Record<string, string[]> = {};
    for (const [type, e] of Object.entries(def.events)) if (e.decisionGroup) (groups[e.decisionGroup] ??= []).push(type);
    for (const list of Object.values(groups)) list.sort();
    expect(groups).toEqual({
      legal_aid_office: ['ASSIGN_LAWYER', 'DENY_AID', 'ECONOMIC_CHECK', 'GRANT_AID', 'PROVIDE_AID_FIRST', 'REQUEST_MATERIALS', 'TERMINATE_AID'],
      peer_review: ['SUBMIT_PEER_REVIEW'],
      objection_review: ['DISMISS_OBJECTION', 'UPHOLD_OBJECTION'],
    });
  });

  it('actors: the assigned lawyer serves, any other reviewer peer-reviews, intake staff record objections and materials', () => {
    const lawyer = [{ role: 'lawyer', level: 'county', assignee: 'required' }];
    expect(def.events.RECORD_PROGRESS.actors).toEqual(lawyer);
    expect(def.events.SUBMIT_CLOSURE.actors).toEqual(lawyer);
    expect(def.events.SUBMIT_PEER_REVIEW.actors).toEqual([{ role: 'quality_reviewer', level: 'county', assignee: 'excluded' }]);
    expect(def.events.TERMINATE_AID.actors).toEqual([{ role: 'legal_aid_officer', level: 'county' }]);
    const intake = [{ role: 'village_clerk', level: 'village' }, { role: 'legal_aid_officer', level: 'county' }];
    expect(def.events.FILE_OBJECTION.actors).toEqual(intake);
    expect(def.events.MATERIALS_SUPPLIED.actors).toEqual(intake);
    for (const t of ['UPHOLD_OBJECTION', 'DISMISS_OBJECTION']) expect(def.events[t].actors).toEqual([{ role: 'justice_bureau', level: 'county' }]);
    for (const t of ['FAST_LANE_CONFIRMED', 'ECONOMIC_REVIEW_REQUIRED', 'MATERIALS_DEADLINE_PASSED', 'OBJECTION_WINDOW_ENDED']) {
      expect(def.events[t].actors).toBe('system');
    }
  });
});

describe('legal-aid: clocks', () => {
  const clock = (name: string) => def.clocks!.find((c) => c.name === name)!;
  const supervisor = { role: 'justice_bureau', level: 'county' };

  it('has the statutory and fast-lane clocks, each warning at the configured fraction', () => {
    expect(def.clocks!.map((c) => c.name)).toEqual(['decision', 'assignment', 'objection', 'fast_decision', 'fast_assignment']);
    for (const c of def.clocks!) expect(c.warnAfter).toBe((c.due as number) * config.warningFraction);
    const d = legalAid({ LEGAL_AID_WARNING_FRACTION: '0.75', LEGAL_AID_DECISION_DAYS: '4' });
    expect(d.clocks![0]).toMatchObject({ due: 4 * DAY, warnAfter: 3 * DAY });
  });

  it('decision: 7 days from filing, stopped by the decision or a failed economic check (→ denied); paused while materials are awaited', () => {
    expect(clock('decision')).toMatchObject({
      startOn: 'filing', due: 7 * DAY, escalateTo: supervisor, warnFlag: 'sla_warning', breachFlag: 'sla_breached',
      stopOn: ['GRANT_AID', 'DENY_AID', 'PROVIDE_AID_FIRST'],
      stopOnEnter: ['denied'],
      pauseOn: ['REQUEST_MATERIALS'], resumeOn: ['MATERIALS_SUPPLIED'],
    });
    expect(clock('decision').lanes).toBeUndefined();
    expect(clock('decision').basis?.zh).toContain('第四十三条');
  });

  it('assignment: 3 days from any decision to aid, stopped by ASSIGN_LAWYER', () => {
    expect(clock('assignment')).toMatchObject({
      startOn: ['GRANT_AID', 'PROVIDE_AID_FIRST', 'UPHOLD_OBJECTION'], stopOn: ['ASSIGN_LAWYER'], due: 3 * DAY,
      escalateTo: supervisor, breachFlag: 'sla_breached',
    });
    expect(clock('assignment').lanes).toBeUndefined();
  });

  it('objection: 5 days, Art. 49, flagged but not escalated (the bureau is the top at county level)', () => {
    expect(clock('objection')).toMatchObject({
      startOn: ['FILE_OBJECTION'], stopOn: ['UPHOLD_OBJECTION', 'DISMISS_OBJECTION'], due: 5 * DAY, breachFlag: 'sla_breached',
    });
    expect(clock('objection').escalateTo).toBeUndefined();
    expect(clock('objection').basis?.zh).toContain('第四十九条');
  });

  it('fast-lane targets: 2 days to decide, 1 day to assign, fast lane only, internal basis', () => {
    expect(clock('fast_decision')).toMatchObject({
      startOn: ['FAST_LANE_CONFIRMED'], lanes: ['fast'], due: 2 * DAY,
      stopOn: ['GRANT_AID', 'DENY_AID', 'PROVIDE_AID_FIRST'], pauseOn: ['REQUEST_MATERIALS'], resumeOn: ['MATERIALS_SUPPLIED'],
    });
    expect(clock('fast_assignment')).toMatchObject({
      startOn: ['GRANT_AID', 'PROVIDE_AID_FIRST', 'UPHOLD_OBJECTION'], stopOn: ['ASSIGN_LAWYER'], lanes: ['fast'], due: 1 * DAY,
    });
    for (const name of ['fast_decision', 'fast_assignment']) {
      expect(clock(name).basis?.zh).toMatch(/^内部目标/);
      expect(clock(name).escalateTo).toBeUndefined();
    }
  });

  it('the clocks that stop on a decision are stopped or paused on every way out of acceptance_review', () => {
    for (const name of ['decision', 'fast_decision']) {
      for (const t of handled('acceptance_review')) expect([...clock(name).stopOn, ...clock(name).pauseOn!]).toContain(t);
    }
  });
});

describe('legal-aid: schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);


  it('the sample events used in these tests are valid payloads', () => {
    const samples = [
      ev.fastLane(), ev.reviewRequired, ev.econPass, ev.econFail, ev.grant, ev.deny, ev.requestMaterials, ev.aidFirst,
      ev.supplied, ev.materialsDeadline, ev.assign(), ev.progress, ev.closure, ev.terminate, ev.peerReview(),
      ev.objection, ev.objectionWindowEnded, ev.uphold, ev.dismiss,
    ];
    for (const s of samples) expect({ type: s.type, ok: ajv.validate(def.events[s.type].payload, s.payload) }).toEqual({ type: s.type, ok: true });
  });

  it.each([
    ['DENY_AID', { reason: '不符合' }],
    ['DISMISS_OBJECTION', { reason: '' }],
    ['FILE_OBJECTION', { reason: '不服' }],
    ['TERMINATE_AID', { ground: 'own_counsel', note: '自行委托' }],
    ['TERMINATE_AID', { ground: 'bored', note: '受援人已自行委托律师' }],
    ['REQUEST_MATERIALS', { missing: [] }],
    ['REQUEST_MATERIALS', { missing: [''] }],
    ['ECONOMIC_CHECK', { passed: 'yes', method: 'data_check', note: '核查' }],
    ['ECONOMIC_CHECK', { passed: true, method: 'guess', note: '核查' }],
    ['SUBMIT_PEER_REVIEW', { grade: 'good', score: 101, comments: '好' }],
    ['SUBMIT_PEER_REVIEW', { grade: 'great', score: 90, comments: '好' }],
    ['SUBMIT_CLOSURE', { outcome: 'mediated', summary: '调解', closedAt: '2024/06/10' }],
    ['FAST_LANE_CONFIRMED', { category: 'poor_disabled', basis: '第四十二条' }],
    ['GRANT_AID', { decisionNo: '1', extra: true }],
  ])('%s rejects the bad payload %j', (type, payload) => {
    expect(ajv.validate(def.events[type].payload, payload)).toBe(false);
  });

  it('the filing needs matter type, summary and opposing party; deadline is a date; nothing else', () => {
    const validate = ajv.compile(def.filing);
    expect(validate(filing)).toBe(true);
    expect(validate({ ...urgentFiling, exemptionClaim: '申请人系进城务工人员追索劳动报酬' })).toBe(true);
    expect(validate({ ...filing, matterType: 'divorce' })).toBe(false);
    expect(validate({ ...filing, limitationDeadline: '18/06/2024' })).toBe(false);
    expect(validate({ ...filing, extra: 1 })).toBe(false);
    const { opposingParty: _omit, ...missing } = filing;
    expect(validate(missing)).toBe(false);
  });
});

describe('legal-aid: assembled definition', () => {
  it('key, version, titles and the published description', () => {
    expect(def).toMatchObject({ key: 'legal-aid', version: 1, title: { zh: '法律援助', en: 'Legal aid' } });
    const d = describeProcess(def);
    expect(d.initial).toBe('eligibility_check');
    expect(d.states).toHaveLength(12);
    expect(d.clocks.map((c) => c.name)).toContain('fast_decision');
  });

  it('config comes from the environment', () => {
    expect(legalAid({ LEGAL_AID_OBJECTION_WINDOW_DAYS: '20' }).states.denied.timers![0].after).toBe(20 * DAY);
    expect(() => legalAid({ LEGAL_AID_WARNING_FRACTION: '2' })).toThrow('LEGAL_AID_WARNING_FRACTION');
  });
});

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { initialTransition, transition } from 'xstate';
import { describeProcess } from '../describe';
import { DAY, HOUR } from '../definition';
import { temporaryAssistance } from './index';
import { def, emergencyFiling, ev, machine, normalFiling, run, send, start } from './spec-support';
import type { TemporaryAssistanceContext } from './types';

const machineStates = () => Object.keys(machine.root.states);
const finalStates = () => Object.entries(def.states).filter(([, s]) => s.final).map(([id]) => id);
const ctx = (s: { context: unknown }) => s.context as TemporaryAssistanceContext;

describe('temporary-assistance: initial routing by urgency', () => {
  it('an emergency filing lands in emergency_relief in the emergency lane', () => {
    const s = start(emergencyFiling);
    expect(s.value).toBe('emergency_relief');
    expect(def.laneOf!(ctx(s))).toBe('emergency');
    expect(def.laneReason!(ctx(s))).toEqual({ zh: '急难型：24小时内先行救助', en: 'Emergency: first relief within 24 hours' });
  });

  it('a normal filing lands in township_review in the normal lane, with no lane reason', () => {
    const s = start(normalFiling);
    expect(s.value).toBe('township_review');
    expect(def.laneOf!(ctx(s))).toBe('normal');
    expect(def.laneReason!(ctx(s))).toBeNull();
    expect(ctx(s).data).toEqual(normalFiling);
  });

  it('the published graph shows intake routing to both lanes with an eventless edge', () => {
    const routes = describeProcess(def).transitions.filter((t) => t.from === 'intake');
    expect(routes).toEqual([{ from: 'intake', event: '', to: ['emergency_relief'] }, { from: 'intake', event: '', to: ['township_review'] }]);
  });

  it('the lane reason follows the configured relief hours', () => {
    const d = temporaryAssistance({ TEMP_ASSIST_RELIEF_DUE_HOURS: '12', TEMP_ASSIST_RELIEF_WARNING_HOURS: '6' });
    expect(d.laneReason!(ctx(start(emergencyFiling)))?.zh).toBe('急难型：12小时内先行救助');
  });
});

describe('temporary-assistance: emergency lane', () => {
  it('first relief within the township limit moves to supplement_formalities and is recorded', () => {
    const s = run(emergencyFiling, [ev.grant(3000)]);
    expect(s.value).toBe('supplement_formalities');
    expect(ctx(s).firstRelief).toEqual({ amount: 3000, form: 'cash', grantedAt: '2024-06-15T10:00:00+08:00' });
  });

  it('first relief above the township limit is refused by the machine too (defence in depth)', () => {
    const s = start(emergencyFiling);
    expect(s.can(ev.grant(3000.01))).toBe(false);
    expect(send(s, ev.grant(3000.01)).value).toBe('emergency_relief');
  });

  it('declining the emergency moves the case to the normal lane and procedure', () => {
    const s = run(emergencyFiling, [ev.decline]);
    expect(s.value).toBe('township_review');
    expect(def.laneOf!(ctx(s))).toBe('normal');
    expect(ctx(s).emergencyDeclineReason).toBe('经核实不属于急难情形');
    expect(def.laneReason!(ctx(s))?.zh).toBe('未予先行救助，转常规程序');
  });

  it('formalities lead to post_review; confirming closes with outcome confirmed', () => {
    const s = run(emergencyFiling, [ev.grant(), ev.formalities]);
    expect(s.value).toBe('post_review');
    expect(ctx(s).formalities?.documents).toEqual(['火灾证明-2024-061', '申请书']);
    const closed = send(s, ev.confirm);
    expect(closed.value).toBe('closed');
    expect(closed.status).toBe('done');
    expect(ctx(closed).outcome).toBe('confirmed');
    expect(ctx(closed).recoveryRequired).toBeUndefined();
  });

  it('revoking closes with outcome revoked and marks the relief for recovery', () => {
    const s = run(emergencyFiling, [ev.grant(), ev.formalities, ev.revoke]);
    expect(s.value).toBe('closed');
    expect(ctx(s)).toMatchObject({ outcome: 'revoked', recoveryRequired: true, revocationReason: '申请人隐瞒家庭收入' });
  });

  it('formalities cannot be skipped: post_review events are not accepted before SUBMIT_FORMALITIES', () => {
    const s = run(emergencyFiling, [ev.grant()]);
    expect(s.can(ev.confirm)).toBe(false);
    expect(s.can(ev.revoke)).toBe(false);
  });
});

describe('temporary-assistance: normal lane', () => {
  const atNotice = (amount: number) => run(normalFiling, [ev.investigate(amount)]);

  it('an investigation with a recommended amount moves to notice; a zero amount does not', () => {
    const s = atNotice(2500);
    expect(s.value).toBe('notice');
    expect(ctx(s)).toMatchObject({ recommendedAmount: 2500, investigationFindings: '入户核实，家庭支出型困难属实' });
    expect(send(start(normalFiling), ev.investigate(0)).value).toBe('township_review');
  });

  it('REJECT in township_review ends the case with the reason', () => {
    const s = run(normalFiling, [ev.reject]);
    expect(s.value).toBe('rejected');
    expect(ctx(s).rejectionReason).toBe('家庭收入超过救助标准');
  });

  it.each([
    [1, 'township_approval', 'township'],
    [3000, 'township_approval', 'township'],
    [3000.5, 'county_approval', 'county'],
    [20000, 'county_approval', 'county'],
    [20000.5, 'deliberation', 'deliberation'],
  ])('after the notice, %p yuan goes to %s and records stage %s', (amount, state, stage) => {
    const s = send(atNotice(amount), ev.noticeEnded);
    expect(s.value).toBe(state);
    expect(ctx(s).approvalStage).toBe(stage);
  });

  it('routing reads the configured limits', () => {
    const d = temporaryAssistance({ TEMP_ASSIST_TOWNSHIP_LIMIT: '5000', TEMP_ASSIST_COUNTY_MAXIMUM: '30000' });
    const go = (amount: number) => {
      let s = initialTransition(d.machine, { data: normalFiling })[0];
      s = transition(d.machine, s, ev.investigate(amount))[0];
      return transition(d.machine, s, ev.noticeEnded)[0].value;
    };
    expect(go(4000)).toBe('township_approval');
    expect(go(25000)).toBe('county_approval');
    expect(go(30001)).toBe('deliberation');
  });

  it('an objection during the notice returns the case for a fresh investigation', () => {
    const s = send(atNotice(2500), ev.objection);
    expect(s.value).toBe('township_review');
    expect(ctx(s).objections).toEqual(['村民反映其家中有营运车辆']);
    expect(ctx(s).recommendedAmount).toBeUndefined();
    const again = send(send(s, ev.investigate(15000)), ev.noticeEnded);
    expect(again.value).toBe('county_approval');
  });

  it.each([['township_review', []], ['notice', [ev.investigate(2500)]]] as const)('WITHDRAW from %s → withdrawn', (_state, before) => {
    const s = run(normalFiling, [...before, ev.withdraw]);
    expect(s.value).toBe('withdrawn');
    expect(ctx(s).withdrawalReason).toBe('申请人已获亲属资助');
    expect(ctx(s).outcome).toBeUndefined(); // the engine then uses the final state's outcome, withdrawn
  });

  it('township approval up to the limit moves to disbursement with the approved amount', () => {
    const s = run(normalFiling, [ev.investigate(2500), ev.noticeEnded, ev.approve(2800, '家中另有残疾人需照料')]);
    expect(s.value).toBe('disbursement');
    expect(ctx(s)).toMatchObject({ approvedAmount: 2800, overrideReason: '家中另有残疾人需照料' });
  });

  it('the township cannot approve above its limit, the county cannot approve above the standard maximum', () => {
    const township = run(normalFiling, [ev.investigate(2500), ev.noticeEnded]);
    expect(township.can(ev.approve(3001))).toBe(false);
    const county = run(normalFiling, [ev.investigate(9000), ev.noticeEnded]);
    expect(county.can(ev.approve(20000))).toBe(true);
    expect(county.can(ev.approve(20001))).toBe(false);
  });

  it.each([[2500], [9000]])('REJECT at the approval stage for %p yuan → rejected', (amount) => {
    const s = run(normalFiling, [ev.investigate(amount), ev.noticeEnded, ev.reject]);
    expect(s.value).toBe('rejected');
    expect(ctx(s).approvedAmount).toBeUndefined();
  });

  it('deliberation: approve → disbursement with the amount; reject → rejected; approve without amount → stays', () => {
    const atDeliberation = run(normalFiling, [ev.investigate(50000), ev.noticeEnded]);
    const approved = send(atDeliberation, ev.deliberate('approve', 45000));
    expect(approved.value).toBe('disbursement');
    expect(ctx(approved).approvedAmount).toBe(45000);
    expect(ctx(approved).deliberation).toMatchObject({ decision: 'approve', amount: 45000, minutesRef: '梁民议〔2024〕12号' });
    const rejected = send(atDeliberation, ev.deliberate('reject'));
    expect(rejected.value).toBe('rejected');
    expect(ctx(rejected).rejectionReason).toBe('已由医保大病保险兜底');
    expect(send(atDeliberation, ev.deliberate('approve')).value).toBe('deliberation');
  });

  it('payment confirmation closes the case with outcome paid', () => {
    const s = run(normalFiling, [ev.investigate(2500), ev.noticeEnded, ev.approve(2500), ev.paid]);
    expect(s.value).toBe('closed');
    expect(ctx(s)).toMatchObject({ outcome: 'paid', paymentRef: 'PAY-20240615-0001', approvedAmount: 2500 });
  });
});

describe('temporary-assistance: charity referral (慈善衔接)', () => {
  const where: Array<[string, ReturnType<typeof start>]> = [
    ['post_review', run(emergencyFiling, [ev.grant(), ev.formalities])],
    ['township_approval', run(normalFiling, [ev.investigate(2500), ev.noticeEnded])],
    ['county_approval', run(normalFiling, [ev.investigate(9000), ev.noticeEnded])],
    ['deliberation', run(normalFiling, [ev.investigate(50000), ev.noticeEnded])],
    ['disbursement', run(normalFiling, [ev.investigate(2500), ev.noticeEnded, ev.approve(2500)])],
  ];

  it.each(where)('in %s it stays and records the referral', (state, s) => {
    expect(s.value).toBe(state);
    const twice = send(send(s, ev.charity), ev.charity);
    expect(twice.value).toBe(state);
    expect(ctx(twice).charityReferrals).toEqual([
      { organization: '梁山县慈善总会', note: '医疗费缺口较大' },
      { organization: '梁山县慈善总会', note: '医疗费缺口较大' },
    ]);
  });

  it('is not accepted before the case is decided on (investigation, notice, first relief)', () => {
    expect(start(normalFiling).can(ev.charity)).toBe(false);
    expect(run(normalFiling, [ev.investigate(2500)]).can(ev.charity)).toBe(false);
    expect(start(emergencyFiling).can(ev.charity)).toBe(false);
  });

  it('queues the charity_referral job and may be sent by the township or the county', () => {
    expect(def.events.REFER_TO_CHARITY.jobs).toEqual(['charity_referral']);
    expect(def.events.REFER_TO_CHARITY.actors).toEqual([
      { role: 'township_officer', level: 'township' },
      { role: 'county_civil', level: 'county' },
    ]);
  });
});

describe('temporary-assistance: the definition', () => {
  // That states and events agree with the machine, that finals match, that every non-final state has
  // a way out, that every task can be done in its state and that timers send system events is checked
  // for every process by the registry (registry-checks.spec.ts). Here: what PROCESSES.md §3 says of this one.
  it('contains every state and event named in PROCESSES.md §3 (plus the routing state intake)', () => {
    expect(machineStates().sort()).toEqual(
      [
        'intake', 'emergency_relief', 'supplement_formalities', 'post_review', 'township_review', 'notice',
        'township_approval', 'county_approval', 'deliberation', 'disbursement', 'closed', 'rejected', 'withdrawn',
      ].sort(),
    );
    expect(Object.keys(def.events).sort()).toEqual(
      [
        'GRANT_FIRST_RELIEF', 'DECLINE_EMERGENCY', 'SUBMIT_FORMALITIES', 'CONFIRM_RELIEF', 'REVOKE_RELIEF',
        'SUBMIT_INVESTIGATION', 'REJECT', 'NOTICE_PERIOD_ENDED', 'RECORD_OBJECTION', 'APPROVE', 'RECORD_DELIBERATION',
        'PAYMENT_CONFIRMED', 'REFER_TO_CHARITY', 'WITHDRAW',
      ].sort(),
    );
  });

  it('ends in closed, rejected or withdrawn; tasks are named after their states', () => {
    expect(finalStates().sort()).toEqual(['closed', 'rejected', 'withdrawn']);
    for (const [id, spec] of Object.entries(def.states)) if (spec.task) expect(spec.task.kind).toBe(id);
  });

  it('the notice lasts the configured days', () => {
    expect(def.states.notice.timers).toEqual([{ event: 'NOTICE_PERIOD_ENDED', after: 7 * DAY }]);
    expect(temporaryAssistance({ TEMP_ASSIST_NOTICE_DAYS: '10' }).states.notice.timers?.[0].after).toBe(10 * DAY);
  });

  it('the approval path pays context.approvedAmount through the disbursement job, which confirms with PAYMENT_CONFIRMED', () => {
    expect(def.amountField).toBe('approvedAmount');
    expect(def.states.disbursement.jobs).toEqual(['disbursement']);
    expect(def.paymentConfirmedEvent).toBe('PAYMENT_CONFIRMED');
  });

  it('the emergency tasks carry the relief and formalities deadlines', () => {
    expect(def.states.emergency_relief.task?.dueIn).toBe(24 * HOUR);
    expect(def.states.supplement_formalities.task?.dueIn).toBe(5 * DAY);
  });

  it('declares the decision groups of PROCESSES.md §1', () => {
    const groups: Record<string, string[]> = {};
    for (const [type, e] of Object.entries(def.events)) if (e.decisionGroup) (groups[e.decisionGroup] ??= []).push(type);
    for (const list of Object.values(groups)) list.sort();
    expect(groups).toEqual({
      first_relief: ['DECLINE_EMERGENCY', 'GRANT_FIRST_RELIEF'],
      post_relief_confirmation: ['CONFIRM_RELIEF', 'REVOKE_RELIEF'],
      investigation: ['SUBMIT_INVESTIGATION'],
      approval: ['APPROVE', 'RECORD_DELIBERATION', 'REJECT'],
    });
  });

  it('routes the approval actors: township_officer and county_civil, each at its own level and stage', () => {
    expect(def.events.APPROVE.actors).toEqual([
      { role: 'township_officer', level: 'township', inStates: ['township_approval'] },
      { role: 'county_civil', level: 'county', inStates: ['county_approval'] },
    ]);
    expect(def.events.REJECT.actors).toEqual([
      { role: 'township_officer', level: 'township', inStates: ['township_review', 'township_approval'] },
      { role: 'county_civil', level: 'county', inStates: ['county_approval'] },
    ]);
    expect(def.events.RECORD_DELIBERATION.actors).toEqual([{ role: 'county_civil', level: 'county' }]);
    expect(def.events.WITHDRAW.actors).toEqual([{ role: 'village_clerk', level: 'village' }]);
  });

  it('clocks: relief (emergency lane, 24 h, warn 12 h) and formalities (5 days from first relief)', () => {
    const [relief, formalities] = def.clocks!;
    expect(relief).toMatchObject({
      name: 'relief', startOn: 'filing', lanes: ['emergency'], due: 24 * HOUR, warnAfter: 12 * HOUR,
      stopOn: ['GRANT_FIRST_RELIEF', 'DECLINE_EMERGENCY'], escalateTo: { role: 'county_civil', level: 'county' },
      warnFlag: 'sla_warning', breachFlag: 'sla_breached',
    });
    expect(formalities).toMatchObject({
      name: 'formalities', startOn: ['GRANT_FIRST_RELIEF'], stopOn: ['SUBMIT_FORMALITIES'], due: 5 * DAY,
      escalateTo: { role: 'county_civil', level: 'county' }, breachFlag: 'formalities_overdue',
    });
    expect(formalities.warnAfter).toBeUndefined();
    for (const c of def.clocks!) {
      for (const t of [...c.stopOn, ...(c.startOn === 'filing' ? [] : c.startOn)]) expect(def.events[t]).toBeDefined();
    }
  });
});

describe('temporary-assistance: schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);


  it('the sample events used in these tests are valid payloads', () => {
    const samples = [
      ev.grant(), ev.decline, ev.formalities, ev.confirm, ev.revoke, ev.investigate(2500), ev.reject, ev.noticeEnded,
      ev.objection, ev.approve(2500), ev.approve(2500, '家中另有残疾人需照料'), ev.deliberate('approve', 45000),
      ev.deliberate('reject'), ev.paid, ev.charity, ev.withdraw,
    ];
    for (const s of samples) expect({ type: s.type, ok: ajv.validate(def.events[s.type].payload, s.payload) }).toEqual({ type: s.type, ok: true });
  });

  it.each([
    ['REJECT', { reason: '不符合' }],
    ['REVOKE_RELIEF', { reason: '' }],
    ['GRANT_FIRST_RELIEF', { amount: 0, form: 'cash', grantedAt: '2024-06-15T10:00:00+08:00' }],
    ['GRANT_FIRST_RELIEF', { amount: 100, form: 'cheque', grantedAt: '2024-06-15T10:00:00+08:00' }],
    ['GRANT_FIRST_RELIEF', { amount: 100, form: 'cash', grantedAt: '2024-06-15' }],
    ['APPROVE', { amount: 100, extra: 1 }],
    ['SUBMIT_FORMALITIES', { investigationReport: '报告', documents: [] }],
    ['RECORD_DELIBERATION', { meetingDate: '2024-06-10', participants: ['甲', '乙'], decision: 'approve', amount: 1, minutesRef: 'x' }],
    ['RECORD_DELIBERATION', { meetingDate: '10/06/2024', participants: ['甲', '乙', '丙'], decision: 'approve', amount: 1, minutesRef: 'x' }],
  ])('%s rejects the bad payload %j', (type, payload) => {
    expect(ajv.validate(def.events[type].payload, payload)).toBe(false);
  });

  it('participants minItems follows the configured minimum', () => {
    const d = temporaryAssistance({ TEMP_ASSIST_MIN_DELIBERATION_PARTICIPANTS: '5' });
    expect((d.events.RECORD_DELIBERATION.payload as any).properties.participants.minItems).toBe(5);
  });

  it('the filing schema needs the four fields, a known hardship type and urgency, and a positive amount', () => {
    const validate = ajv.compile(def.filing);
    expect(validate(normalFiling)).toBe(true);
    expect(validate(emergencyFiling)).toBe(true);
    expect(validate({ ...normalFiling, hardshipType: 'flood' })).toBe(false);
    expect(validate({ ...normalFiling, urgency: 'urgent' })).toBe(false);
    expect(validate({ ...normalFiling, requestedAmount: 0 })).toBe(false);
    expect(validate({ ...normalFiling, extra: true })).toBe(false);
    const { description: _omit, ...missing } = normalFiling;
    expect(validate(missing)).toBe(false);
  });
});

/**
 * The engine's decision without a database: each process walked along its main path by feeding
 * every decision's result into the next one's facts, checking the states, the effects the writer
 * will persist (tasks, timers, jobs, clocks, payments) and the refusals (403, 422, 400, 409).
 */
import { initialTransition } from 'xstate';
import type { Principal } from '@app/access';
import { LEVEL_COLUMN, SYSTEM_PRINCIPAL } from '@app/access';
import type { ProcessDefinition } from '@app/processes';
import * as housing from '@app/processes/housing-renovation/spec-support';
import * as temporary from '@app/processes/temporary-assistance/spec-support';
import * as legal from '@app/processes/legal-aid/spec-support';
import { WorkflowClock } from '../workflow-clock';
import { Decision, DecisionCase, EventFacts, Refusal, decideEvent } from './decide-event';

const CODES = { village_code: '370832001001', township_code: '370832001', county_code: '370832', city_code: '3708' };
const NOW = new Date('2024-06-15T04:00:00Z');
const FILER = 'user-village-clerk-filer';
/** Housing's sample events carry dates up to 2027-05-01: its rules refuse dates in the future. */
const HOUSING_NOW = new Date('2027-05-02T04:00:00Z');

interface Walk {
  def: ProcessDefinition;
  case: DecisionCase;
  ruleNow: Date;
  /** Users a rule may look up (legal aid's lawyer and reviewer). */
  staff: Array<{ username: string; roles: any[]; jurisdictionCode: string }>;
}

/** A freshly filed case: the machine's initial transition, as the engine files it. */
function filed(def: ProcessDefinition, data: Record<string, unknown>, ruleNow = NOW, staff: Walk['staff'] = []): Walk {
  const [snapshot] = initialTransition(def.machine, { data });
  const context = snapshot.context as Record<string, any>;
  return {
    def,
    ruleNow,
    staff,
    case: {
      state: snapshot.value as string, context, lane: def.laneOf ? (def.laneOf(context) as any) : 'normal', revision: 1,
      flags: [], decision_groups: {}, filed_by: FILER, ...CODES,
    },
  };
}

function facts(w: Walk, over: Partial<EventFacts> = {}): EventFacts {
  return {
    case: w.case,
    actorDeclaredRelative: false,
    delegations: async () => [],
    declaredRelative: async () => false,
    findUser: async (username) => w.staff.find((u) => u.username === username),
    clock: new WorkflowClock(1),
    ruleNow: w.ruleNow,
    ...over,
  };
}

/** Someone the definition allows to send `type` now: the first actor of the event for this state. */
function allowed(w: Walk, type: string, id = `user-${type}`): Principal {
  const spec = w.def.events[type];
  if (spec.actors === 'system') return SYSTEM_PRINCIPAL;
  const a = spec.actors.find((x) => !x.inStates || x.inStates.includes(w.case.state))!;
  const assignee = a.assignee === 'required' && w.def.assigneeField ? w.case.context[w.def.assigneeField] : undefined;
  return principal(a.role, a.level, assignee ?? `${a.role}.${type.toLowerCase()}`, id);
}

function principal(role: any, level: 'city' | 'county' | 'township' | 'village', username: string, id: string): Principal {
  return {
    id, username, displayName: username, roles: [role],
    jurisdiction: {
      code: (CODES as any)[LEVEL_COLUMN[level]], name: level, level, cityCode: CODES.city_code,
      countyCode: level === 'city' ? null : CODES.county_code, townshipCode: level === 'township' || level === 'village' ? CODES.township_code : null,
    },
  };
}

async function decide(w: Walk, event: { type: string; payload: unknown }, p = allowed(w, event.type), over: Partial<EventFacts> = {}) {
  return decideEvent(w.def, facts(w, over), p, { type: event.type, payload: event.payload as Record<string, unknown> }, NOW);
}

/** Applies an event that must be accepted; the walk moves on to the decided case. */
async function step(w: Walk, event: { type: string; payload: unknown }, p?: Principal): Promise<Decision> {
  const d = await decide(w, event, p);
  if (!d.ok) throw new Error(`${event.type} in ${w.case.state} refused: ${d.status} ${d.reason} ${JSON.stringify(d.fieldErrors ?? [])}`);
  w.case = {
    ...w.case, state: d.nextState, context: d.context, lane: d.lane, flags: d.flags, decision_groups: d.decisionGroups,
    revision: w.case.revision + 1,
  };
  return d;
}

const refused = (d: Decision | Refusal) => {
  if (d.ok) throw new Error(`expected a refusal, got ${d.nextState}`);
  return d;
};

describe('decideEvent: housing renovation, the approval path (no database)', () => {
  const { ev, def } = housing;
  it('walks identity check → completed with the tasks, notice timers, jobs and refusals on the way', async () => {
    const w = filed(def, housing.filing as any, HOUSING_NOW);
    expect(w.case.state).toBe('identity_check');

    // A person may not send the registry's answer.
    const human = principal('poverty_office', 'county', 'fupin', 'user-poverty');
    expect(refused(await decide(w, ev.verified, human))).toMatchObject({ status: 403 });
    // Nor may the system send a person's event.
    expect(refused(await decide(w, ev.confirmIdentity, SYSTEM_PRINCIPAL))).toMatchObject({ status: 422 });

    let d = await step(w, ev.verified);
    expect(d).toMatchObject({ fromState: 'identity_check', nextState: 'collective_review', auditEntry: { actorId: null, actorRole: null } });
    expect(d.effects.state.task).toMatchObject({ kind: 'collective_review', role: 'village_clerk', jurisdictionCode: CODES.village_code });
    expect(d.effects.state.closeOpenWork).toBe(true);

    // Wrong role → 403; a rule failure (more votes than attendees) → 422; a bad payload → 400; a stale revision → 409.
    expect(refused(await decide(w, ev.review(true), principal('township_officer', 'township', 'xiang', 'u-x')))).toMatchObject({ status: 403 });
    expect(refused(await decide(w, ev.review(true, { votesFor: 40 })))).toMatchObject({ status: 422 });
    expect(refused(await decide(w, { type: 'RECORD_COLLECTIVE_REVIEW', payload: {} }))).toMatchObject({ status: 400 });
    expect(
      refused(await decideEvent(def, facts(w), allowed(w, 'RECORD_COLLECTIVE_REVIEW'), { ...ev.review(true), expectedRevision: 1 } as any, NOW)),
    ).toMatchObject({ status: 409 });
    expect(refused(await decide(w, { type: 'constructor', payload: {} }, human))).toMatchObject({ status: 400 });

    d = await step(w, ev.review(true));
    expect(d.nextState).toBe('village_notice');
    expect(d.effects.state.task).toBeNull();
    expect(d.effects.state.timers).toEqual([{ event: 'NOTICE_PERIOD_ENDED', dueAt: new Date(NOW.getTime() + housing.config.villageNoticeDays * 86400000) }]);

    expect((await step(w, ev.noticeEnded)).nextState).toBe('township_audit');
    d = await step(w, ev.townshipApprove, allowed(w, 'TOWNSHIP_APPROVE', 'user-township'));
    expect(d.nextState).toBe('danger_assessment');
    expect(d.decisionGroups).toEqual({ township_audit: ['user-township'] });
    expect(d.effects.state.task).toMatchObject({ role: 'housing_assessor', jurisdictionCode: CODES.county_code });

    // The filer may not decide (separation of duties).
    expect(refused(await decide(w, ev.assess('D'), allowed(w, 'SUBMIT_ASSESSMENT', FILER)))).toMatchObject({ status: 403 });
    expect((await step(w, ev.assess('D'))).nextState).toBe('township_notice');
    expect((await step(w, ev.noticeEnded)).nextState).toBe('county_approval');
    // Over the maximum subsidy: the rule refuses.
    expect(refused(await decide(w, ev.countyApprove('reinforce', housing.config.subsidyMaximum.reinforce + 1)))).toMatchObject({ status: 422 });
    expect((await step(w, ev.countyApprove('rebuild', 30000))).nextState).toBe('county_notice');
    expect((await step(w, ev.noticeEnded)).nextState).toBe('agreement');
    expect((await step(w, ev.sign)).nextState).toBe('construction');
    expect((await step(w, ev.complete)).nextState).toBe('acceptance');
    expect((await step(w, ev.pass())).nextState).toBe('handover');
    d = await step(w, ev.handover(true));
    expect(d).toMatchObject({ nextState: 'completed', final: true, outcome: 'completed' });
    expect(d.effects.jobs).toEqual(['national_report']);
    expect(d.effects.state).toMatchObject({ final: true, task: null, timers: [] });

    // A finished case takes no more events.
    expect(refused(await decide(w, ev.withdraw))).toMatchObject({ status: 422 });
  });

  it('a person who decided one group may not decide another (four eyes)', async () => {
    const w = filed(def, housing.filing as any, HOUSING_NOW);
    for (const e of housing.TO.danger_assessment) await step(w, e, e.type === 'TOWNSHIP_APPROVE' ? allowed(w, e.type, 'same-user') : undefined);
    // The same user, now holding the assessor's role, is refused.
    const p = allowed(w, 'SUBMIT_ASSESSMENT', 'same-user');
    const r = refused(await decide(w, housing.ev.assess('D'), p));
    expect(r.status).toBe(403);
    expect(r.reason).toContain('township_audit');
  });

  it('conflict of interest: a declared relative is refused, also through a delegation, and a delegation is used when needed', async () => {
    const w = filed(def, housing.filing as any, HOUSING_NOW);
    await step(w, housing.ev.verified);
    expect(refused(await decide(w, housing.ev.review(true), undefined, { actorDeclaredRelative: true }))).toMatchObject({ status: 403 });

    const colleague = { id: 'user-absent', username: 'cun.absent', displayName: '缺席', role: 'village_clerk' as const, delegationId: 'del-1' };
    const stranger = principal('township_officer', 'township', 'xiang.delegate', 'user-delegate');
    stranger.roles = ['township_officer'];
    // The delegate acts as the village clerk: their own roles refuse, the delegation allows.
    const viaDelegation = await decide(w, housing.ev.review(true), { ...stranger, jurisdiction: principal('village_clerk', 'village', 'x', 'x').jurisdiction }, {
      delegations: async () => [colleague],
    });
    expect(viaDelegation).toMatchObject({ ok: true, principal: { onBehalfOf: colleague }, auditEntry: { payload: { _onBehalfOf: 'cun.absent', _delegationId: 'del-1' } } });
    const delegatorRelated = await decide(w, housing.ev.review(true), { ...stranger, jurisdiction: principal('village_clerk', 'village', 'x', 'x').jurisdiction }, {
      delegations: async () => [colleague],
      declaredRelative: async (ids) => ids.includes('user-absent'),
    });
    expect(refused(delegatorRelated)).toMatchObject({ status: 403 });
  });
});

describe('decideEvent: temporary assistance (no database)', () => {
  const { ev, def } = temporary;
  it('normal path: investigation → notice → approval → disbursement job → payment confirmed → closed', async () => {
    const w = filed(def, temporary.normalFiling as any);
    expect(w.case).toMatchObject({ state: 'township_review', lane: 'normal' });
    let d = await step(w, ev.investigate(1000));
    expect(d.nextState).toBe('notice');
    expect(d.effects.state.timers.map((t) => t.event)).toEqual(['NOTICE_PERIOD_ENDED']);
    // A person may not end the notice period.
    expect(refused(await decide(w, ev.noticeEnded, principal('township_officer', 'township', 'x', 'u')))).toMatchObject({ status: 403 });
    d = await step(w, ev.noticeEnded);
    expect(['township_approval', 'county_approval']).toContain(d.nextState);
    const approver = allowed(w, 'APPROVE');
    expect(d.effects.state.task).toMatchObject({ role: approver.roles[0] });
    // The investigator may not approve (separation of duties); the filer neither.
    expect(refused(await decide(w, ev.approve(1000), { ...approver, id: 'user-SUBMIT_INVESTIGATION' }))).toMatchObject({ status: 403 });
    expect(refused(await decide(w, ev.approve(1000), { ...approver, id: FILER }))).toMatchObject({ status: 403 });
    d = await step(w, ev.approve(1000));
    expect(d.nextState).toBe('disbursement');
    expect(d.effects.state.jobs).toEqual(['disbursement']);
    expect(d.effects.state.task).toBeNull();
    d = await step(w, ev.paid);
    expect(d).toMatchObject({ nextState: 'closed', final: true, outcome: 'paid' });
  });

  it('emergency path: first relief at once, formalities, post review → closed', async () => {
    const w = filed(def, temporary.emergencyFiling as any);
    expect(w.case).toMatchObject({ state: 'emergency_relief', lane: 'emergency' });
    // Above the first-relief limit: the rule refuses.
    expect(refused(await decide(w, ev.grant(1_000_000)))).toMatchObject({ status: 422 });
    let d = await step(w, ev.grant(1000));
    expect(d.nextState).toBe('supplement_formalities');
    expect(d.effects.state.task).toMatchObject({ kind: 'supplement_formalities', role: 'township_officer' });
    expect(d.effects.state.task!.ownDue).toEqual(new Date(NOW.getTime() + temporary.config.formalitiesDueDays * 86400000));
    d = await step(w, ev.formalities);
    expect(d.nextState).toBe('post_review');
    d = await step(w, ev.confirm);
    expect(d).toMatchObject({ nextState: 'closed', final: true });
  });
});

describe('decideEvent: legal aid (no database)', () => {
  const { ev, def } = legal;
  it('fast lane → grant → assign a lawyer → service → closure → peer review → closed', async () => {
    const w = filed(def, legal.filing as any, NOW, legal.STAFF);
    expect(w.case.state).toBe('eligibility_check');
    let d = await step(w, ev.fastLane());
    expect(d).toMatchObject({ nextState: 'acceptance_review', lane: 'fast', laneChanged: true });
    expect(d.effects.state.task).toMatchObject({ kind: 'acceptance_review', role: 'legal_aid_officer', jurisdictionCode: CODES.county_code });
    expect(d.effects.clocks.trigger).toBe('FAST_LANE_CONFIRMED');

    // A lawyer may not grant aid.
    expect(refused(await decide(w, ev.grant, principal('lawyer', 'county', 'lvshi.wang', 'u-l')))).toMatchObject({ status: 403 });
    d = await step(w, ev.grant);
    expect(d.nextState).toBe('assignment');
    // Deciding stops the statutory decision clock.
    expect(d.effects.clocks.stop).toContain('decision');
    // A lawyer unknown to the directory (or of another county): the rule refuses.
    expect(refused(await decide(w, ev.assign('lvshi.nobody')))).toMatchObject({ status: 422 });
    expect(refused(await decide(w, ev.assign('lvshi.sishui')))).toMatchObject({ status: 422 });
    d = await step(w, ev.assign('lvshi.wang'));
    expect(d.nextState).toBe('in_service');
    expect(d.effects.state.task).toMatchObject({ role: 'lawyer', assignee: 'lvshi.wang' });

    // Only the assigned lawyer may report.
    expect(refused(await decide(w, ev.closure, principal('lawyer', 'county', 'lvshi.zhao', 'u-z')))).toMatchObject({ status: 403 });
    d = await step(w, ev.progress);
    expect(d.nextState).toBe('in_service');
    expect(d.effects.state).toMatchObject({ entered: false, closeOpenWork: false, task: null });
    d = await step(w, ev.closure);
    expect(d.nextState).toBe('quality_review');
    // The assigned lawyer may not review their own case.
    expect(refused(await decide(w, ev.peerReview(), principal('quality_reviewer', 'county', 'lvshi.wang', 'u-l2')))).toMatchObject({ status: 403 });
    d = await step(w, ev.peerReview('good', 85));
    expect(d).toMatchObject({ nextState: 'closed', final: true });
    expect(d.outcome).toBe(d.context.outcome ?? 'closed');
    expect(d.flags).toEqual([]);
  });

  it('materials requested: the decision clock pauses and the deadline is armed; supplied: it resumes', async () => {
    const w = filed(def, legal.filing as any, NOW, legal.STAFF);
    await step(w, ev.fastLane());
    let d = await step(w, ev.requestMaterials);
    expect(d.nextState).toBe('materials_pending');
    expect(d.effects.clocks.pause).toContain('decision');
    expect(d.effects.state.timers.map((t) => t.event)).toEqual(['MATERIALS_DEADLINE_PASSED']);
    d = await step(w, ev.supplied);
    expect(d.nextState).toBe('acceptance_review');
    expect(d.effects.clocks.resume).toContain('decision');
    expect(d.effects.state.closeOpenWork).toBe(true);
  });

  it('denied: the objection window timer is armed; a failed peer review raises the quality_fail flag', async () => {
    const w = filed(def, legal.filing as any, NOW, legal.STAFF);
    await step(w, ev.fastLane());
    const d = await step(w, ev.deny);
    expect(d.nextState).toBe('denied');
    expect(d.effects.clocks.stop).toContain('decision');
    expect(d.effects.state.timers).toEqual([{ event: 'OBJECTION_WINDOW_ENDED', dueAt: new Date(NOW.getTime() + legal.config.objectionWindowDays * 86400000) }]);

    const v = filed(def, legal.filing as any, NOW, legal.STAFF);
    for (const e of [ev.fastLane(), ev.grant, ev.assign('lvshi.wang'), ev.closure]) await step(v, e);
    const failed = await step(v, ev.peerReview('fail', 40));
    expect(failed.flags.map((f) => f.code)).toContain('quality_fail');
  });
});

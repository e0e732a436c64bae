/**
 * The registry's start-up checks (registry-checks.ts), once for every process: a definition that
 * disagrees with its machine is refused with a message naming the process and the problem. The
 * process folders no longer carry their own copies of these checks.
 */
import { createMachine } from 'xstate';
import type { ProcessDefinition } from './definition';
import { definitionProblems, guardRaisedFlags } from './registry-checks';
import { ProcessRegistry, loadProcessRegistry } from './registry';

const t = (zh: string) => ({ zh, en: zh });
const reason = { type: 'string', minLength: 5 };

/** A small sound process: a clerk files, an officer decides, a notice runs, the case ends. */
function sample(): ProcessDefinition {
  return {
    key: 'sample',
    version: 1,
    title: t('样例'),
    config: {},
    machine: createMachine({
      id: 'sample',
      initial: 'review',
      states: {
        review: { on: { APPROVE: 'notice_period', REJECT: 'refused' } },
        notice_period: { on: { NOTICE_ENDED: 'done' } },
        done: { type: 'final' },
        refused: { type: 'final' },
      },
    }),
    filing: { type: 'object', additionalProperties: false, properties: { kind: { type: 'string', enum: ['a', 'b'] } } },
    states: {
      review: { title: t('审核'), task: { kind: 'review', role: 'township_officer', level: 'township' } },
      notice_period: { title: t('公示'), timers: [{ event: 'NOTICE_ENDED', after: 1000 }] },
      done: { title: t('办结'), final: { outcome: 'done' } },
      refused: { title: t('不予'), final: { outcome: 'refused' } },
    },
    events: {
      APPROVE: { title: t('同意'), payload: { type: 'object', additionalProperties: false, properties: {} }, actors: [{ role: 'township_officer', level: 'township' }] },
      REJECT: { title: t('不同意'), payload: { type: 'object', additionalProperties: false, properties: { reason } }, actors: [{ role: 'township_officer', level: 'township' }] },
      NOTICE_ENDED: { title: t('期满'), payload: { type: 'object', additionalProperties: false, properties: {} }, actors: 'system' },
    },
    clocks: [{ name: 'review', title: t('审核时限'), startOn: 'filing', stopOn: ['APPROVE', 'REJECT'], due: 1000, breachFlag: 'late' }],
    filedBy: { roles: ['village_clerk'], level: 'village' },
    notices: { notice_period: { result: t('拟同意'), issuer: { level: 'township', department: t('人民政府') } } },
    flags: { late: { title: t('超时'), reviewers: true } },
    outcomes: { done: { title: t('办结'), counts: 'completed' }, refused: { title: t('不予'), counts: 'refused' } },
    supervisors: { township_officer: 'county_civil' },
    titles: { fields: { kind: t('类别'), reason: t('理由') }, values: { a: t('甲'), b: t('乙') } },
  };
}

/** A sound printed form of the sample. */
const form = () => ({ title: t('表'), issuer: { level: 'township' as const, department: t('人民政府') }, states: ['review'], roles: ['township_officer' as const], sections: [{ fields: [{ key: 'name', title: t('姓名'), from: 'applicant.name' }] }], signatures: [t('经办人')], seal: true as const });

const problemsOf = (change: (d: ProcessDefinition) => void) => {
  const d = sample();
  change(d);
  return definitionProblems(d);
};

describe('the registry checks every definition against its machine at start-up', () => {
  it('the sample and the registered processes are sound', () => {
    expect(definitionProblems(sample())).toEqual([]);
    expect(problemsOf((d) => { d.documents = { f: form() }; d.supervisionTasks = ['review']; })).toEqual([]);
    expect(() => loadProcessRegistry({})).not.toThrow();
    for (const d of loadProcessRegistry({}).everyVersion()) expect({ key: d.key, problems: definitionProblems(d) }).toEqual({ key: d.key, problems: [] });
  });

  it('refuses to start on a broken definition, naming the process and every problem', () => {
    const d = sample();
    delete (d.states as any).done;
    d.flags = {};
    expect(() => new ProcessRegistry([d])).toThrow(/refusing to start/);
    expect(() => new ProcessRegistry([d])).toThrow(/sample@1: machine state "done" has no StateSpec in states/);
    expect(() => new ProcessRegistry([d])).toThrow(/sample@1: clock "review" raises flag "late", which flags does not declare/);
  });

  it.each<[string, (d: ProcessDefinition) => void, RegExp]>([
    ['a state the machine lacks', (d) => { d.states.extra = { title: t('多余') }; }, /states\.extra is not a state of the machine/],
    ['a final state that is not final in the machine', (d) => { d.states.review.final = { outcome: 'done' }; }, /state "review" is final in states but not a final state of the machine/],
    ['a machine final without final in states', (d) => { delete d.states.refused.final; }, /machine final state "refused" has no final/],
    ['a non-final state with no way out', (d) => { d.machine = createMachine({ id: 'sample', initial: 'review', states: { review: { on: { APPROVE: 'notice_period', REJECT: 'refused' } }, notice_period: { on: { NOTICE_ENDED: 'notice_period' } }, done: { type: 'final' }, refused: { type: 'final' } } }); }, /non-final state "notice_period" has no transition to another state/],
    ['an event the machine handles but the definition does not describe', (d) => { delete d.events.REJECT; }, /event "REJECT" \(handled in review\) has no EventSpec/],
    ['an event no state handles', (d) => { d.events.LOST = { ...d.events.APPROVE }; }, /events\.LOST is handled by no state of the machine/],
    ['a task for an unknown role', (d) => { d.states.review.task!.role = 'mayor' as any; }, /the task of "review" names an unknown role "mayor"/],
    ['a task nobody in its state may act on', (d) => { d.states.review.task!.role = 'county_civil'; d.states.review.task!.level = 'county'; }, /the task of "review" is for county_civil@county, but no event handled in "review"/],
    ['an actor of an unknown role', (d) => { (d.events.APPROVE.actors as any[])[0].role = 'mayor'; }, /event "APPROVE" names an unknown role "mayor"/],
    ['a timer event that is not a system event', (d) => { d.states.notice_period.timers = [{ event: 'APPROVE', after: 1 }]; }, /the timer of "notice_period" sends "APPROVE", which is not a system event/],
    ['a clock escalating to an unknown role', (d) => { d.clocks![0].escalateTo = { role: 'mayor' as any, level: 'county' }; }, /clock "review" escalates to an unknown role "mayor"/],
    ['a clock started by entering an unknown state', (d) => { d.clocks![0].startOnEnter = ['nowhere']; }, /clock "review" names an unknown state "nowhere"/],
    ['a clock naming an unknown event', (d) => { d.clocks![0].stopOn = ['NOPE']; }, /clock "review" names an unknown event "NOPE"/],
    ['a flag without a title', (d) => { d.flags.late = { title: { zh: '超时', en: '' }, reviewers: true }; }, /flag "late" needs a \{zh, en\} title/],
    ['a supervisor of an unknown role', (d) => { d.supervisors = { township_officer: 'mayor' as any }; }, /supervisors names an unknown supervising role "mayor"/],
    ['a supervisor for a role with no task', (d) => { d.supervisors = { lawyer: 'justice_bureau' }; }, /supervisors names "lawyer", which no task of this process is for/],
    ['a filer of an unknown role', (d) => { d.filedBy = { roles: ['mayor' as any], level: 'village' }; }, /filedBy names an unknown role "mayor"/],
    ['a final state without a report category', (d) => { delete d.outcomes.refused; }, /final state "refused" ends with outcome "refused", which outcomes does not declare/],
    ['an outcome counted in no known category', (d) => { d.outcomes.done.counts = 'fine' as any; }, /outcome "done" counts as "fine", not one of completed, refused/],
    ['a notice on a state that does not exist', (d) => { d.notices = { board: d.notices!.notice_period }; }, /notices\.board is not a state of the machine/],
    ['a notice on a final state', (d) => { d.notices = { done: d.notices!.notice_period }; }, /notices\.done is a final state/],
    ['an untitled filing or payload field', (d) => { delete d.titles.fields.reason; }, /titles\.fields has no \{zh, en\} title for reason/],
    ['an untitled enum value', (d) => { delete d.titles.values.b; }, /titles\.values has no \{zh, en\} title for b/],
    ['a disbursement job without its payment event', (d) => { d.states.done.jobs = ['disbursement']; d.amountField = 'amount'; }, /uses disbursement but has no paymentConfirmedEvent/],
    ['a payment event that is not a system event', (d) => { d.states.done.jobs = ['disbursement']; d.amountField = 'amount'; d.paymentConfirmedEvent = 'APPROVE'; }, /paymentConfirmedEvent "APPROVE" is not a system event/],
    ['a national report job without its report', (d) => { d.events.APPROVE.jobs = ['national_report']; }, /uses national_report but has no nationalReport/],
    ['a form printed in a state that does not exist', (d) => { d.documents = { f: { ...form(), states: ['nowhere'] } }; }, /document "f" is printed in "nowhere", which is not a state of the machine/],
    ['a form field reading outside the case view', (d) => { const f = form(); f.sections[0].fields[0].from = 'applicant.idNumber'; d.documents = { f }; }, /document "f" field "name" reads "applicant.idNumber", not a path of the case view/],
    ['a form field reading the history of an unknown event', (d) => { const f = form(); f.sections[0].fields[0].from = 'history.NOPE.at'; d.documents = { f }; }, /reads the history of "NOPE", which is not an event of the process/],
    ['a form printable by an unknown role', (d) => { d.documents = { f: { ...form(), roles: ['mayor' as any] } }; }, /document "f" needs the roles that may print it/],
    ['a supervision task kind nothing opens', (d) => { d.supervisionTasks = ['oversee']; }, /supervisionTasks names "oversee", a task kind no state or event opens/],
    ['a person picker of an unknown role', (d) => { (d.events.REJECT.payload as any).properties.by = { type: 'string', 'x-picks': { role: 'mayor', level: 'county' } }; }, /event REJECT field "by" picks \{ role, level \} that are not a role and a level/],
    ['a filing field picking the subject\'s units in a process about no case', (d) => { (d.filing as any).properties.kind['x-picks'] = 'subject-jurisdiction'; }, /filing field "kind" picks "subject-jurisdiction": only 'subject-jurisdiction', in a process about another case/],
    ['a registry lookup without its handler', (d) => { d.states.review.jobs = ['registry_lookup']; }, /uses registry_lookup but has no onRegistryLookup/],
  ])('refuses %s', (_name, change, message) => {
    const problems = problemsOf(change);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  it('refuses a machine that uses `after` or `invoke`', () => {
    const d = sample();
    d.machine = createMachine({
      id: 'sample',
      initial: 'review',
      states: {
        review: { after: { 1000: 'refused' }, on: { APPROVE: 'notice_period', REJECT: 'refused' } },
        notice_period: { invoke: { src: 'x' as any }, on: { NOTICE_ENDED: 'done' } },
        done: { type: 'final' },
        refused: { type: 'final' },
      },
    } as any);
    const problems = definitionProblems(d);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('state "review" uses `after`'), expect.stringContaining('state "notice_period" uses `invoke`')]));
  });

  it('a flag raised by code (flagsOf, filingChecks) must be declared, or it fails where it is raised', () => {
    const d: ProcessDefinition = guardRaisedFlags<ProcessDefinition>({
      ...sample(),
      flagsOf: (ctx: any) => (ctx.bad ? [{ code: 'undeclared', detail: {} }] : [{ code: 'late', detail: {} }]),
      filingChecks: () => [{ code: 'also_undeclared', detail: {} }],
    });
    expect(d.flagsOf!({})).toEqual([{ code: 'late', detail: {} }]);
    expect(() => d.flagsOf!({ bad: true })).toThrow(/sample@1 raised flag "undeclared", which its definition's flags do not declare/);
    expect(() => d.filingChecks!({ data: {}, now: new Date(), config: {}, prior: [] })).toThrow(/also_undeclared/);
  });
});

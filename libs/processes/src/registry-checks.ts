/**
 * What the registry checks of every definition at start-up, against its machine: a definition that
 * disagrees with its machine (or leaves generic code to guess) stops the api and the worker with the
 * problems listed, instead of failing on some case later.
 */
import { LEVELS, ROLES, type JsonSchema, type Level, type ProcessDefinition, type Role } from './definition';
import { REPORT_CATEGORIES } from './declarations';
import { eventsInState, transitionsOf } from './describe';
import { DOCUMENT_FORMATS, DOCUMENT_SOURCES } from './documents';

const isRole = (r: unknown): r is Role => (ROLES as readonly unknown[]).includes(r);
const isLevel = (l: unknown) => (LEVELS as readonly unknown[]).includes(l);
const titled = (t: { zh?: unknown; en?: unknown } | undefined) =>
  !!t && typeof t.zh === 'string' && t.zh.trim() !== '' && typeof t.en === 'string' && t.en.trim() !== '';

/** Every problem of one definition, as sentences; empty when it is sound. */
export function definitionProblems(def: ProcessDefinition): string[] {
  const problems: string[] = [];
  const bad = (message: string) => problems.push(message);
  const nodes = (def.machine.root.states ?? {}) as Record<string, any>;
  const machineStates = Object.keys(nodes);
  const states = def.states ?? {};
  const events = def.events ?? {};

  // ---- states: every machine state described, nothing described that the machine lacks
  for (const id of machineStates) if (!states[id]) bad(`machine state "${id}" has no StateSpec in states`);
  for (const id of Object.keys(states)) if (!nodes[id]) bad(`states.${id} is not a state of the machine`);
  for (const id of machineStates) {
    const node = nodes[id];
    const spec = states[id];
    if (!spec) continue;
    if (!titled(spec.title)) bad(`state "${id}" needs a {zh, en} title`);
    if (!!spec.final !== (node.type === 'final')) {
      bad(spec.final ? `state "${id}" is final in states but not a final state of the machine` : `machine final state "${id}" has no final: { outcome } in states`);
    }
    if ((node.after ?? []).length > 0) bad(`state "${id}" uses \`after\`: deadlines are timers in states (engine rows), not machine delays`);
    if ((node.invoke ?? []).length > 0) bad(`state "${id}" uses \`invoke\`: work is a job in states or events, not an invoked actor`);
  }

  // ---- no dead ends: a case can leave every state that is not final
  const edges = transitionsOf(def);
  for (const id of machineStates) {
    if (nodes[id].type !== 'final' && !edges.some((e) => e.from === id && e.to.some((to) => to !== id))) {
      bad(`non-final state "${id}" has no transition to another state: a case there could never finish`);
    }
  }

  // ---- events: every event the machine handles is described, and every described one is handled
  const handled = new Map<string, string[]>();
  for (const id of machineStates) for (const type of eventsInState(def, id)) handled.set(type, [...(handled.get(type) ?? []), id]);
  for (const [type, where] of handled) if (!events[type]) bad(`event "${type}" (handled in ${where.join(', ')}) has no EventSpec in events`);
  for (const [type, e] of Object.entries(events)) {
    if (!handled.has(type)) bad(`events.${type} is handled by no state of the machine`);
    if (!titled(e.title)) bad(`event "${type}" needs a {zh, en} title`);
    if (e.actors !== 'system') {
      for (const a of e.actors) {
        if (!isRole(a.role)) bad(`event "${type}" names an unknown role "${a.role}"`);
        if (!isLevel(a.level)) bad(`event "${type}" names an unknown level "${a.level}"`);
        for (const s of a.inStates ?? []) if (!nodes[s]) bad(`event "${type}" limits ${a.role} to a state that does not exist: "${s}"`);
      }
    }
  }

  // ---- tasks and timers: a task's role can act in its state; a timer's event is a system event its state handles
  const taskRoles = new Set<Role>();
  for (const [id, spec] of Object.entries(states)) {
    if (spec.task) {
      const actors = (nodes[id] ? eventsInState(def, id) : []).flatMap((t) => {
        const a = events[t]?.actors;
        return !a || a === 'system' ? [] : a;
      });
      if (spec.task.unitsField !== undefined) {
        if (spec.task.role || spec.task.level) bad(`the task of "${id}" names both a unitsField and a role or level`);
        // A unit task goes to whoever the context names: some event of the state must be sent by that unit.
        const field = spec.task.unitsField;
        if (!actors.some((a) => a.unitsField === field && (!a.inStates || a.inStates.includes(id)))) {
          bad(`the task of "${id}" is for the units in context.${field}, but no event handled in "${id}" may be sent by them`);
        }
      } else {
        const { role, level } = spec.task as { role: Role; level: Level };
        taskRoles.add(role);
        if (!isRole(role)) bad(`the task of "${id}" names an unknown role "${role}"`);
        if (!isLevel(level)) bad(`the task of "${id}" names an unknown level "${level}"`);
        if (!actors.some((a) => a.role === role && a.level === level && !a.unitsField && (!a.inStates || a.inStates.includes(id)))) {
          bad(`the task of "${id}" is for ${role}@${level}, but no event handled in "${id}" may be sent by ${role}@${level}`);
        }
      }
    }
    for (const r of spec.recurring ?? []) {
      if (events[r.event]?.actors !== 'system') bad(`the recurring timer of "${id}" sends "${r.event}", which is not a system event in events`);
      if (nodes[id] && !eventsInState(def, id).includes(r.event)) bad(`the recurring timer of "${id}" sends "${r.event}", which "${id}" does not handle`);
      const n = 'days' in r.every ? r.every.days : r.every.months;
      if (!(n > 0)) bad(`the recurring timer of "${id}" must fire every N > 0 days or months`);
      if (r.dayOfMonth !== undefined && !('months' in r.every && Number.isInteger(r.dayOfMonth) && r.dayOfMonth >= 1 && r.dayOfMonth <= 31)) {
        bad(`the recurring timer of "${id}" has a dayOfMonth, which needs every: { months } and a day 1–31`);
      }
      const props = (events[r.event]?.payload?.properties ?? {}) as Record<string, unknown>;
      if (events[r.event] && !props.period) bad(`the recurring timer of "${id}" sends "${r.event}" with { period }, which its payload schema does not accept`);
    }
    for (const t of spec.timers ?? []) {
      if (t.repeatEvery !== undefined && !(t.repeatEvery > 0)) bad(`the timer of "${id}" repeats every ${t.repeatEvery}: it must be a positive duration`);
      if (events[t.event]?.actors !== 'system') bad(`the timer of "${id}" sends "${t.event}", which is not a system event in events`);
      if (nodes[id] && !eventsInState(def, id).includes(t.event)) bad(`the timer of "${id}" sends "${t.event}", which "${id}" does not handle`);
    }
  }

  // ---- tasks opened by events: units named by the context that may act somewhere
  for (const [type, e] of Object.entries(events)) {
    if (e.opensTask && !Object.values(events).some((o) => o.actors !== 'system' && o.actors.some((a) => a.unitsField === e.opensTask!.unitsField))) {
      bad(`event "${type}" opens tasks for context.${e.opensTask.unitsField}, but no event may be sent by those units`);
    }
  }

  // ---- entry tasks: the event that settles one is a people's event whose payload names the entry
  for (const t of def.entryTasks ?? []) {
    const done = events[t.doneBy];
    if (!done || done.actors === 'system') bad(`entry task "${t.kind}" is done by "${t.doneBy}", which is not an event people send`);
    else if (!((done.payload?.properties ?? {}) as Record<string, unknown>)[t.indexField]) bad(`entry task "${t.kind}": "${t.doneBy}"'s payload has no "${t.indexField}"`);
  }

  // ---- jurisdiction settings: the change event is a system event every named state handles, carrying the value
  for (const j of def.jurisdictionSettings ?? []) {
    const e = events[j.onChange.event];
    const props = (e?.payload?.properties ?? {}) as Record<string, unknown>;
    if (!e || e.actors !== 'system') bad(`setting "${j.name}" sends "${j.onChange.event}", which is not a system event in events`);
    else if (!props.period || !props[j.onChange.payloadField]) bad(`setting "${j.name}": "${j.onChange.event}"'s payload must accept period and ${j.onChange.payloadField}`);
    for (const st of j.onChange.states) if (nodes[st] && !eventsInState(def, st).includes(j.onChange.event)) bad(`setting "${j.name}" sends "${j.onChange.event}" to "${st}", which does not handle it`);
  }

  // ---- clocks: events and states they name exist; escalation roles are known; their flags are titled
  const flagCodes = new Set(Object.keys(def.flags ?? {}));
  for (const c of def.clocks ?? []) {
    const starts = c.startOn === 'filing' ? [] : c.startOn;
    for (const type of [...starts, ...c.stopOn, ...(c.pauseOn ?? []), ...(c.resumeOn ?? [])]) if (!events[type]) bad(`clock "${c.name}" names an unknown event "${type}"`);
    for (const s of [...(c.startOnEnter ?? []), ...(c.stopOnEnter ?? []), ...(c.pauseOnEnter ?? []), ...(c.resumeOnEnter ?? [])]) if (!nodes[s]) bad(`clock "${c.name}" names an unknown state "${s}"`);
    if ((c.pauseOn?.length || c.pauseOnEnter?.length) && !(c.resumeOn?.length || c.resumeOnEnter?.length)) bad(`clock "${c.name}" pauses but nothing resumes it`);
    if (c.escalateTo && !isRole(c.escalateTo.role)) bad(`clock "${c.name}" escalates to an unknown role "${c.escalateTo.role}"`);
    if (c.escalateTo && !isLevel(c.escalateTo.level)) bad(`clock "${c.name}" escalates to an unknown level "${c.escalateTo.level}"`);
    for (const f of [c.warnFlag, c.breachFlag]) if (f && !flagCodes.has(f)) bad(`clock "${c.name}" raises flag "${f}", which flags does not declare`);
  }
  for (const [code, f] of Object.entries(def.flags ?? {})) {
    if (!titled(f.title)) bad(`flag "${code}" needs a {zh, en} title`);
    if (typeof f.reviewers !== 'boolean') bad(`flag "${code}" must say whether reviewers see it (reviewers: true | false)`);
  }

  // ---- filing and supervisors: known roles
  if (!def.filedBy || def.filedBy.roles.length === 0) bad('filedBy must name at least one role that may file');
  else {
    for (const rule of [def.filedBy, ...(def.filedBy.also ?? [])]) {
      for (const r of rule.roles) if (!isRole(r)) bad(`filedBy names an unknown role "${r}"`);
      if (!isLevel(rule.level)) bad(`filedBy names an unknown level "${rule.level}"`);
    }
  }
  for (const [taskRole, supervisor] of Object.entries(def.supervisors ?? {})) {
    if (!isRole(taskRole)) bad(`supervisors names an unknown task role "${taskRole}"`);
    else if (!taskRoles.has(taskRole)) bad(`supervisors names "${taskRole}", which no task of this process is for`);
    if (!isRole(supervisor)) bad(`supervisors names an unknown supervising role "${supervisor}"`);
  }

  // ---- a process about another case: its action is titled, its fields are filing fields
  if (def.subject) {
    if (!titled(def.subject.action)) bad('subject needs a {zh, en} action title');
    const filingFields = Object.keys((def.filing?.properties ?? {}) as Record<string, unknown>);
    for (const f of [def.subject.caseField, def.subject.flagField, def.subject.entriesField, def.subject.uniqueOpenBy]) {
      if (f !== undefined && !filingFields.includes(f)) bad(`subject names "${f}", which is not a filing field`);
    }
  }

  // ---- outcomes: every final state's outcome counts somewhere in reports
  for (const [outcome, o] of Object.entries(def.outcomes ?? {})) {
    if (!titled(o.title)) bad(`outcome "${outcome}" needs a {zh, en} title`);
    if (!(REPORT_CATEGORIES as readonly string[]).includes(o.counts)) {
      bad(`outcome "${outcome}" counts as "${o.counts}", not one of ${REPORT_CATEGORIES.join(', ')}`);
    }
  }
  for (const [id, spec] of Object.entries(states)) {
    if (spec.final && !def.outcomes?.[spec.final.outcome]) bad(`final state "${id}" ends with outcome "${spec.final.outcome}", which outcomes does not declare (report category)`);
  }

  // ---- notices: only on states that exist
  for (const [state, n] of Object.entries(def.notices ?? {})) {
    if (!nodes[state]) bad(`notices.${state} is not a state of the machine`);
    else if (states[state]?.final) bad(`notices.${state} is a final state: a notice period is a state the case waits in`);
    if (!titled(n.result)) bad(`notice "${state}" needs a {zh, en} result`);
    if (!['village', 'township', 'county'].includes(n.issuer?.level) || !titled(n.issuer?.department)) {
      bad(`notice "${state}" needs an issuer: { level: village | township | county, department: {zh, en} }`);
    }
  }

  // ---- documents: printable in states that exist, from paths the case view has, with words for every label
  for (const [key, d] of Object.entries(def.documents ?? {})) {
    if (!titled(d.title) || !titled(d.issuer?.department)) bad(`document "${key}" needs a {zh, en} title and issuer department`);
    if (!d.states?.length) bad(`document "${key}" names no state it is printed in`);
    for (const st of d.states ?? []) if (!nodes[st]) bad(`document "${key}" is printed in "${st}", which is not a state of the machine`);
    if (!d.roles?.length || !d.roles.every(isRole)) bad(`document "${key}" needs the roles that may print it`);
    for (const f of d.sections.flatMap((s) => s.fields)) {
      if (!titled(f.title)) bad(`document "${key}" field "${f.key}" needs a {zh, en} title`);
      if (f.format && !(DOCUMENT_FORMATS as readonly string[]).includes(f.format)) bad(`document "${key}" field "${f.key}" has format "${f.format}"`);
      if (!DOCUMENT_SOURCES.test(f.from)) bad(`document "${key}" field "${f.key}" reads "${f.from}", not a path of the case view`);
      const ev = /^history\.([^.]+)\./.exec(f.from)?.[1];
      if (ev && !events[ev]) bad(`document "${key}" field "${f.key}" reads the history of "${ev}", which is not an event of the process`);
    }
  }

  // ---- supervision tasks: kinds the process really opens
  const taskKinds = new Set([...Object.values(states).map((s) => s.task?.kind), ...Object.values(events).map((e) => e.opensTask?.kind)]);
  for (const kind of def.supervisionTasks ?? []) if (!taskKinds.has(kind)) bad(`supervisionTasks names "${kind}", a task kind no state or event opens`);

  // ---- person pickers: a payload field that picks a person names a real role and level
  for (const [type, e] of Object.entries(events)) {
    for (const [field, schema] of Object.entries((e.payload?.properties ?? {}) as Record<string, any>)) {
      const picks = schema?.['x-picks'];
      if (picks !== undefined && (!isRole(picks?.role) || !isLevel(picks?.level))) bad(`event ${type} field "${field}" picks { role, level } that are not a role and a level`);
    }
  }

  // ---- place pickers: a filing field that picks one of the subject case's units needs a subject case
  for (const [field, schema] of Object.entries((def.filing?.properties ?? {}) as Record<string, any>)) {
    const picks = schema?.['x-picks'];
    if (picks !== undefined && (picks !== 'subject-jurisdiction' || !def.subject)) bad(`filing field "${field}" picks "${String(picks)}": only 'subject-jurisdiction', in a process about another case`);
  }

  // ---- jobs: what each job needs from the definition
  const jobs = new Set([...Object.values(states).flatMap((s) => s.jobs ?? []), ...Object.values(events).flatMap((e) => e.jobs ?? [])]);
  if (jobs.has('registry_lookup') && !def.onRegistryLookup) bad('uses registry_lookup but has no onRegistryLookup');
  if (jobs.has('national_report') && !def.nationalReport) bad('uses national_report but has no nationalReport');
  if (jobs.has('disbursement')) {
    if (!def.amountField) bad('uses disbursement but has no amountField');
    if (!def.paymentConfirmedEvent) bad('uses disbursement but has no paymentConfirmedEvent');
    else if (events[def.paymentConfirmedEvent]?.actors !== 'system') bad(`paymentConfirmedEvent "${def.paymentConfirmedEvent}" is not a system event in events`);
  }

  // ---- payment schedule: its states and events exist, its events are system events with the period
  const ps = def.paymentSchedule;
  if (ps) {
    for (const st of ps.payingStates) if (!nodes[st]) bad(`paymentSchedule pays in "${st}", which is not a state of the machine`);
    for (const type of [ps.dueEvent, ps.confirmedEvent, ps.failedEvent]) {
      if (events[type]?.actors !== 'system') bad(`paymentSchedule names "${type}", which is not a system event in events`);
      else if (!((events[type].payload?.properties ?? {}) as Record<string, unknown>).period) bad(`paymentSchedule's "${type}" payload does not accept { period }`);
    }
    for (const st of ps.payingStates) {
      if (nodes[st] && !(states[st]?.recurring ?? []).some((r) => r.event === ps.dueEvent)) bad(`paymentSchedule pays in "${st}", which has no recurring timer sending "${ps.dueEvent}"`);
    }
    if (!ps.amountField) bad('paymentSchedule needs an amountField');
  }

  // ---- titles: every filing and payload field, and every value they enumerate
  const fields = def.titles?.fields ?? {};
  const values = def.titles?.values ?? {};
  const untitledFields = new Set<string>();
  const untitledValues = new Set<string>();
  const walk = (schema: JsonSchema | undefined) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!titled(fields[name])) untitledFields.add(name);
      walk(sub);
    }
    if (Array.isArray(schema.enum)) for (const v of schema.enum) if (!titled(values[String(v)])) untitledValues.add(String(v));
    if (schema.items && typeof schema.items === 'object') walk(schema.items as JsonSchema);
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) for (const s of (schema[k] as JsonSchema[] | undefined) ?? []) walk(s);
  };
  walk(def.filing);
  for (const e of Object.values(events)) walk(e.payload);
  if (untitledFields.size) bad(`titles.fields has no {zh, en} title for ${[...untitledFields].sort().join(', ')}`);
  if (untitledValues.size) bad(`titles.values has no {zh, en} title for ${[...untitledValues].sort().join(', ')}`);

  return problems;
}

/** Throws, listing every problem of every definition, unless all are sound. */
export function assertDefinitions(definitions: ProcessDefinition[]): void {
  const problems = definitions.flatMap((d) => definitionProblems(d).map((p) => `  ${d.key}@${d.version}: ${p}`));
  if (problems.length) {
    throw new Error(`process definitions do not agree with their machines; refusing to start:\n${problems.join('\n')}`);
  }
}

/**
 * Flags raised by code (flagsOf, filingChecks) cannot be listed at start-up: the registry wraps
 * those hooks so that a code the definition does not declare fails loudly where it is raised.
 */
export function guardRaisedFlags<D extends ProcessDefinition>(def: D): D {
  const declared = (code: string) => {
    if (!def.flags?.[code]) throw new Error(`${def.key}@${def.version} raised flag "${code}", which its definition's flags do not declare`);
  };
  const { flagsOf, filingChecks } = def;
  return {
    ...def,
    ...(flagsOf && { flagsOf: (ctx: unknown) => { const out = flagsOf(ctx); out.forEach((f) => declared(f.code)); return out; } }),
    ...(filingChecks && { filingChecks: (input: any) => { const out = filingChecks(input); out.forEach((f) => declared(f.code)); return out; } }),
  };
}

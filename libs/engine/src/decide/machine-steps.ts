import { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, EventObject, createActor } from 'xstate';

/**
 * XState's pure `transition` and `initialTransition`, without the throwaway actor they build on
 * every call. Both create an inert actor scope per call, and its Actor constructor computes the
 * machine's initial snapshot with no input — the processes' context factories read `input.data`,
 * so that throws and is caught inside XState (an Error and its stack per event). Measured in
 * isolation on the benchmark's machine: 175–210 µs per `transition` call against 16 µs
 * with a scope made once; on the api that was about 7 % of its CPU per event (ADR 0009).
 *
 * One scope per machine is safe to share: the processes' machines are pure (no `invoke`, no
 * spawned children, registry-checks.ts), so nothing registers in the scope's system, and actions
 * are neither collected nor run (the engine never executed them: effects come from the decision).
 */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function inertScope(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self, system: self.system, id: '', sessionId: '',
      defer: () => {}, logger: () => {}, stopChild: () => {}, emit: () => {}, actionExecutor: () => {},
    } as unknown as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

/** The snapshot after `event` (XState's `transition(machine, snapshot, event)[0]`). */
export function nextSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): AnyMachineSnapshot {
  return machine.transition(snapshot, event, inertScope(machine));
}

/** The machine's first snapshot for `input` (XState's `initialTransition(machine, input)[0]`). */
export function initialSnapshot(machine: AnyStateMachine, input: unknown): AnyMachineSnapshot {
  return machine.getInitialSnapshot(inertScope(machine), input);
}

/**
 * Support for the rules specs (issue 18): a rule refuses with `{ zh, en }`, the specs assert the
 * Chinese (the console and the e2e tests match on it), and every refusal a spec provokes is checked
 * on the way for plain English. Wrap a rule with `inZh` and it answers its `zh`, after throwing if
 * the `en` is empty or still has Chinese in it; `unrefused` then tells which wrapped rules no spec
 * case has made refuse, so each process's spec proves all its rules speak English.
 */
import type { Text } from './definition';

const HAN = /\p{Script=Han}/u;

/**
 * What is wrong with a refusal's English: empty, or Chinese outside double quotes. A value the
 * user entered (a name, a username, a date as typed) is quoted in both languages and may be Chinese.
 */
export function englishProblems(reason: Text): string[] {
  const en = typeof reason.en === 'string' ? reason.en.trim() : '';
  if (!en) return [`no English for 「${reason.zh}」`];
  const unquoted = en.replace(/"[^"]*"/g, '""');
  return HAN.test(unquoted) ? [`Chinese in the English of 「${reason.zh}」: ${en}`] : [];
}

const refusals = new Map<Function, number>();

function checked(rule: Function, reason: Text | null): string | null {
  if (reason === null) return null;
  const problems = englishProblems(reason);
  if (problems.length) throw new Error(problems.join('; '));
  refusals.set(rule, (refusals.get(rule) ?? 0) + 1);
  return reason.zh;
}

/** The rule answering its Chinese reason, its English checked. */
export function inZh<A extends unknown[]>(rule: (...args: A) => Text | null): (...args: A) => string | null {
  return (...args) => checked(rule, rule(...args));
}

/** `inZh` for a rule that looks things up (ASSIGN_LAWYER's). */
export function inZhAsync<A extends unknown[]>(rule: (...args: A) => Promise<Text | null>): (...args: A) => Promise<string | null> {
  return async (...args) => checked(rule, await rule(...args));
}

/** The names of the rules (given by name) that no call through `inZh` has seen refuse. */
export function unrefused(rules: Record<string, Function>): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => !refusals.get(rule))
    .map(([name]) => name);
}

/** The rules of a process's events, by event type. */
export function eventRules(def: { events: Record<string, { rule?: Function }> }): Record<string, Function> {
  return Object.fromEntries(Object.entries(def.events).flatMap(([type, e]) => (e.rule ? [[type, e.rule]] : [])));
}

/**
 * The pure parts of the decision panel: the events grouped by what they decide (同意 / 不同意 /
 * 退回 / 办理 / 撤回, each event's `decision` as its process declares it),
 * the case's hints applied to an event's payload schema (limits, allowed options, prefilled
 * values — the api's view.eventHints, worked out by the process from its settings), the checks a
 * schema cannot express, and which decisions need a confirmation (money, withdrawals).
 *
 * The process declares each event's kind (libs/processes EventSpec.decision), so a new process
 * needs nothing here.
 */
import type { DecisionKind, EventHints, FieldHint, JsonSchema, ProcessEvent } from '../../api/types';
import type { FieldErrors } from '../../lib/fieldPath';

export type { DecisionKind };

/** Display order: the decision asked for first, the ones that end or undo the case last. */
export const DECISION_ORDER: DecisionKind[] = ['approve', 'refuse', 'return', 'other', 'withdraw'];

/** The event's declared kind; an event the definition does not list (an older api) counts as other. */
export const decisionKind = (event: Pick<ProcessEvent, 'decision'> | undefined): DecisionKind => event?.decision ?? 'other';

export interface DecisionGroup {
  kind: DecisionKind;
  events: ProcessEvent[];
}

/** The events grouped by what they do, in DECISION_ORDER; empty groups left out. */
export function groupDecisions(events: ProcessEvent[]): DecisionGroup[] {
  return DECISION_ORDER.map((kind) => ({ kind, events: events.filter((e) => decisionKind(e) === kind) }))
    .filter((g) => g.events.length > 0);
}

const NUMERIC = new Set(['number', 'integer']);
const isNumberSchema = (s: JsonSchema | undefined) => !!s && NUMERIC.has(String(s.type));

/**
 * The payload schema with the case's hints applied: a tighter maximum, the enum cut to the options
 * the rule allows, a default from the prefilled value, the note as the field's description — so
 * the schema form shows them and its validation enforces them.
 */
export function applyHints(schema: JsonSchema, hints: EventHints | undefined): JsonSchema {
  if (!hints) return schema;
  const properties = { ...((schema.properties ?? {}) as Record<string, JsonSchema>) };
  for (const [field, hint] of Object.entries(hints)) {
    const s = properties[field];
    if (!s) continue;
    const next: JsonSchema = { ...s };
    if (hint.maximum !== undefined) {
      next.maximum = s.maximum === undefined ? hint.maximum : Math.min(Number(s.maximum), hint.maximum);
    }
    if (hint.options && Array.isArray(s.enum)) next.enum = (s.enum as unknown[]).filter((v) => hint.options!.includes(v));
    if (hint.value !== undefined) next.default = hint.value;
    if (hint.note) next.description = hint.note;
    properties[field] = next;
  }
  return { ...schema, properties };
}

export type Translate = (
  key: 'validation.maximum' | 'decision.mustEqual' | 'decision.sumAtMost' | 'decision.notAfterToday',
  vars: Record<string, string | number>,
) => string;

/** Today's date in China (meeting dates are calendar facts there), as the rules compare them. */
export const chinaToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/**
 * What a schema cannot say: a maximum that depends on a sibling field, an amount that must equal
 * the computed one, numbers whose sum is bounded by another (votes within attendees), a date not
 * after today. `label` names the fields in the message.
 */
export function checkHints(
  payload: Record<string, unknown>, hints: EventHints | undefined, t: Translate,
  label: (field: string) => string = (f) => f, path = 'payload', today = chinaToday(),
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, hint] of Object.entries(hints ?? {})) {
    const v = payload[field];
    const at = `${path}.${field}`;
    if (hint.notAfterToday && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > today) {
      errors[at] = t('decision.notAfterToday', { today });
    }
    if (typeof v !== 'number') continue;
    const by = byField(hint, payload);
    if (by !== undefined && v > by) errors[at] = t('validation.maximum', { n: by });
    else if (hint.equals !== undefined && v !== hint.equals) errors[at] = t('decision.mustEqual', { n: hint.equals });
    else if (hint.sumAtMost) {
      const { fields, field: bound } = hint.sumAtMost;
      const parts = fields.map((f) => payload[f]);
      const max = payload[bound];
      if (typeof max === 'number' && parts.every((p) => typeof p === 'number')) {
        const sum = v + (parts as number[]).reduce((a, b) => a + b, 0);
        if (sum > max) errors[at] = t('decision.sumAtMost', { fields: [...fields, field].map(label).join('与'), field: label(bound), n: max, sum });
      }
    }
  }
  return errors;
}

function byField(hint: FieldHint, payload: Record<string, unknown>): number | undefined {
  if (!hint.maximumBy) return undefined;
  const key = payload[hint.maximumBy.field];
  return typeof key === 'string' ? hint.maximumBy.values[key] : undefined;
}

/** Money fields: numbers the hints cap or compute, or whose name says they are an amount. */
export function moneyFields(schema: JsonSchema, hints: EventHints | undefined): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties)
    .filter(([k, s]) => isNumberSchema(s) && (/amount|yuan/i.test(k) || hints?.[k]?.maximum !== undefined || hints?.[k]?.equals !== undefined || !!hints?.[k]?.maximumBy))
    .map(([k]) => k);
}

/** Approving money and withdrawing (or revoking) cannot be undone from the case page: they ask first. */
export function needsConfirmation(event: Pick<ProcessEvent, 'decision' | 'payload'>, hints: EventHints | undefined): boolean {
  const kind = decisionKind(event);
  if (kind === 'withdraw') return true;
  return kind !== 'refuse' && kind !== 'return' && moneyFields(event.payload, hints).length > 0;
}

/** Refusing and undoing look dangerous on their button. */
export const endsOrUndoes = (event: Pick<ProcessEvent, 'decision'>): boolean => ['refuse', 'withdraw'].includes(decisionKind(event));

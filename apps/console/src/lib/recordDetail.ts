/**
 * A record's detail in words (issue 20): a flag's detail (异常线索) and a timeline entry's payload
 * (办理记录 · 详情). The engine's keys (clock, dueAt, actor, windowMinutes, lane …) get the
 * dictionary's words, a process's keys its titles; a clock is named by its title, an action or
 * event by its event title, roles, states, relations, lanes and flags by name, a "code:number"
 * receipt by its body's name. What the engine keeps for itself is left out: ids that a name beside
 * them says again (userIds), the timer behind a timed event, the process version, the subject
 * case's facts at filing (the case page shows the subject), all unreadable to people.
 */

export interface RecordWords {
  /** The dictionary's word for an engine key (detail.<key>), if it has one. */
  key(key: string): string | undefined;
  /** A process field's title, else the key itself. */
  field(key: string): string;
  clock(name: string): string | undefined;
  action(action: string): string;
  state(state: string): string;
  role(role: string): string;
  /** A close relative's relation (spouse, in_law …) as the declaration form names it. */
  relation(relation: string): string;
  lane(lane: string): string;
  flag(code: string): string;
  /** A process value's title (an enum value), if it has one. */
  value(value: string): string | undefined;
}

/** A row's value: a plain value (strings already in words), nested rows, or a list of nested rows. */
export type DetailValue = unknown | { rows: DetailRow[] } | { list: DetailRow[][] };
export type DetailRow = [string, DetailValue];

const HIDDEN = new Set(['userIds', 'withdrawnUserIds', '_timerId', 'timerId', 'processKey', 'processVersion', 'subject']);
const CODED = /^([a-z][a-z_]*):(.+)$/;

function word(key: string, v: string, w: RecordWords): string {
  switch (key) {
    case 'clock': return w.clock(v) ?? w.state(v);
    case 'action': case 'event': return w.action(v);
    case 'state': case 'fromState': case 'toState': return w.state(v);
    case 'roles': case 'role': return w.role(v);
    case 'relations': return w.relation(v);
    case 'lane': return w.lane(v);
    case 'flag': case 'flags': case 'flagCode': return w.flag(v);
  }
  const coded = CODED.exec(v);
  if (coded) {
    const title = w.value(coded[1]);
    if (title) return `${title} ${coded[2]}`;
  }
  return w.value(v) ?? v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The rows shown for a record's detail: [label, value], nested objects as nested rows. */
export function detailRows(detail: unknown, w: RecordWords): DetailRow[] {
  if (!isPlainObject(detail)) return [];
  return Object.entries(detail)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]): DetailRow => {
      const label = w.key(k) ?? w.field(k);
      if (typeof v === 'string') return [label, word(k, v, w)];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return [label, v.map((x) => word(k, x as string, w)).join('、')];
      if (Array.isArray(v) && v.every(isPlainObject)) return [label, { list: v.map((x) => detailRows(x, w)) }];
      if (isPlainObject(v)) return [label, { rows: detailRows(v, w) }];
      return [label, v];
    });
}

/**
 * A flag's detail in words (异常线索, issue 20): the engine's detail keys (clock, dueAt, actor,
 * windowMinutes …) get the dictionary's words, a clock its title from the process, an action its
 * event title, roles and states their names, a "code:number" receipt its body's name. Ids the
 * same detail also carries by name (userIds beside usernames) are left out: nobody reads a UUID.
 */

export interface FlagDetailWords {
  /** The dictionary's word for an engine detail key (flagDetail.<key>), if it has one. */
  key(key: string): string | undefined;
  /** A process field's title, else the key itself. */
  field(key: string): string;
  clock(name: string): string | undefined;
  action(action: string): string;
  state(state: string): string;
  role(role: string): string;
  /** A close relative's relation (spouse, in_law …) as the declaration form names it. */
  relation(relation: string): string;
  /** A process value's title (an enum value), if it has one. */
  value(value: string): string | undefined;
}

/** Kept for machines (access checks, withdrawals): the names beside them say the same to people. */
const ID_KEYS = new Set(['userIds', 'withdrawnUserIds']);
const CODED = /^([a-z][a-z_]*):(.+)$/;

function word(key: string, v: string, w: FlagDetailWords): string {
  switch (key) {
    case 'clock': return w.clock(v) ?? w.state(v);
    case 'action': return w.action(v);
    case 'state': return w.state(v);
    case 'roles': return w.role(v);
    case 'relations': return w.relation(v);
  }
  const coded = CODED.exec(v);
  if (coded) {
    const title = w.value(coded[1]);
    if (title) return `${title} ${coded[2]}`;
  }
  return w.value(v) ?? v;
}

/** The rows shown for a flag's detail: [label, value]; strings (and lists of them) already in words. */
export function flagDetailRows(detail: unknown, w: FlagDetailWords): Array<[string, unknown]> {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return [];
  return Object.entries(detail as Record<string, unknown>)
    .filter(([k, v]) => !ID_KEYS.has(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => {
      const label = w.key(k) ?? w.field(k);
      if (typeof v === 'string') return [label, word(k, v, w)];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return [label, v.map((x) => word(k, x as string, w)).join('、')];
      return [label, v];
    });
}

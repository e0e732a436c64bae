/**
 * Generic code knows no process (ARCHITECTURE.md §1, issue 14): apps/api, apps/worker,
 * apps/console/src, libs/engine, libs/queues, libs/db and libs/audit learn everything about a
 * process from its definition. This test reads every non-test .ts/.tsx file there and fails on any
 * mention of a process — code, strings and comments alike.
 *
 * The names are taken from the registry at test time, so a fourth process is covered without
 * touching this file:
 *  - every process key (`legal-aid` …), anywhere, as a whole word (not inside a longer name);
 *  - every state id and event type of every registered definition, except the engine's own
 *    vocabulary that a process may reuse as a name (report categories, job kinds, lanes, roles,
 *    levels, and GENERIC_WORDS below, each with its reason):
 *    - names that cannot be ordinary words — with an underscore (`village_notice`,
 *      `PAYMENT_CONFIRMED`) or in capitals (`APPROVE`) — anywhere, as a whole identifier;
 *    - single lower-case words (`closed`, `handover`, `intake`) are English words generic code
 *      uses in its own sense (a closed dialog, a notice board), so they count only as a whole
 *      quoted string literal ('closed', "closed", `closed`): the way code hard-codes a state.
 * Test files (*.spec.ts, *.test.ts(x), *.e2e-spec.ts) may name processes: they exercise them.
 * Nothing else is exempt; migrations included (they name no process today).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JOB_QUEUE } from '@app/queues';
import { LANES, LEVELS, ROLES } from './definition';
import { REPORT_CATEGORIES } from './declarations';
import { loadProcessRegistry } from './registry';

const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['apps/api/src', 'apps/worker/src', 'apps/console/src', 'libs/engine/src', 'libs/queues/src', 'libs/db/src', 'libs/audit/src'];
const TEST_FILE = /\.(spec|test|e2e-spec)\.tsx?$/;

/** Words of the engine's own that a process also uses as a state id. */
const GENERIC_WORDS: Record<string, string> = {
  notice: '公示 is the engine\'s concept (definition.notices, the notice board and its printed page)',
  rejected: 'a column of the 月调度 report (DispatchRow.rejected), the API contract',
};

const VOCABULARY = new Set<string>([
  ...REPORT_CATEGORIES, ...Object.keys(JOB_QUEUE), ...LANES, ...ROLES, ...LEVELS, ...Object.keys(GENERIC_WORDS),
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Matcher {
  label: string;
  pattern: RegExp;
}

/** The patterns of the rule above, for the given keys and names. */
export function matchersFor(keys: string[], names: string[]): Matcher[] {
  const matchers: Matcher[] = keys.map((k) => ({ label: `process key ${k}`, pattern: new RegExp(`(?<![A-Za-z0-9_-])${escape(k)}(?![A-Za-z0-9_-])`) }));
  for (const n of [...new Set(names)].filter((x) => !VOCABULARY.has(x)).sort()) {
    const distinctive = n.includes('_') || /^[A-Z0-9]+$/.test(n);
    matchers.push(distinctive
      ? { label: `name ${n}`, pattern: new RegExp(`(?<![A-Za-z0-9_$])${escape(n)}(?![A-Za-z0-9_$])`) }
      : { label: `quoted name '${n}'`, pattern: new RegExp(`(['"\`])${escape(n)}\\1`) });
  }
  return matchers;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(entry) && !TEST_FILE.test(entry)) out.push(path);
  }
  return out;
}

describe('generic code names no process', () => {
  const definitions = loadProcessRegistry({}).everyVersion();
  const keys = [...new Set(definitions.map((d) => d.key))];
  const names = definitions.flatMap((d) => [...Object.keys(d.states), ...Object.keys(d.events)]);
  const matchers = matchersFor(keys, names);

  it('the rule finds what it should, and leaves ordinary words alone', () => {
    const hit = (text: string) => matchers.filter((m) => m.pattern.test(text)).map((m) => m.label);
    const [state] = names.filter((n) => n.includes('_') && !VOCABULARY.has(n));
    const [event] = names.filter((n) => /^[A-Z]+$/.test(n) && !VOCABULARY.has(n));
    expect(hit(`if (state === '${state}') {}`)).toEqual([`name ${state}`]);
    expect(hit(`// the ${keys[0]} timers`)).toEqual([`process key ${keys[0]}`]);
    if (event) expect(hit(`send('${event}')`)).toEqual([`name ${event}`]);
    expect(hit(`const ${state}Count = 1; const x${keys[0]}y = 2;`)).toEqual([]);
    // A lower-case state id counts only quoted; an engine word never.
    const [word] = names.filter((n) => /^[a-z]+$/.test(n) && !VOCABULARY.has(n));
    if (word) {
      expect(hit(`a ${word} dialog`)).toEqual([]);
      expect(hit(`c.state === "${word}"`)).toEqual([`quoted name '${word}'`]);
    }
    expect(hit(`const d = 'disbursement'; const n = 'notice';`)).toEqual([]);
  });

  it('in apps/api, apps/worker, apps/console/src, libs/engine, libs/queues, libs/db and libs/audit (tests aside)', () => {
    const hits: string[] = [];
    let read = 0;
    for (const dir of SCANNED) {
      for (const file of sources(join(ROOT, dir))) {
        read++;
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          for (const m of matchers) if (m.pattern.test(line)) hits.push(`${relative(ROOT, file)}:${i + 1}: ${m.label}`);
        });
      }
    }
    expect(read).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  });
});

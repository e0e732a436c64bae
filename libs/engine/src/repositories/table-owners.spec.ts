/**
 * Each group of tables has one owner (issue 14): every statement that writes `cases`, `tasks`,
 * `case_timers`, `sla_clocks`, `payments` or `outbox` lives in its owner's file, so a change to a
 * table's rules is made in one place. This test reads every non-test .ts file of the api, the
 * worker and the libraries and fails on an INSERT, UPDATE or DELETE of an owned table elsewhere.
 * Reads (views, inbox, reports, metrics, the reconciler) may join any table. Migrations create and
 * alter tables; they are not statements on rows and are not scanned.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SCANNED = ['apps/api/src', 'apps/worker/src', 'libs'];
const SKIPPED = /(^|\/)(node_modules|migrations|dist)(\/|$)/;
const TEST_FILE = /\.(spec|test|e2e-spec)\.tsx?$/;

const OWNERS: Record<string, string> = {
  cases: 'libs/engine/src/repositories/cases.ts',
  tasks: 'libs/engine/src/repositories/tasks.ts',
  case_timers: 'libs/engine/src/repositories/timers.ts',
  sla_clocks: 'libs/engine/src/repositories/clocks.ts',
  payments: 'libs/engine/src/repositories/payments.ts',
  outbox: 'libs/queues/src/outbox.ts',
};

const WRITE = new RegExp(`\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(${Object.keys(OWNERS).join('|')})\\b`, 'g');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    if (SKIPPED.test(rel)) continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(name) && !TEST_FILE.test(name)) out.push(rel);
  }
  return out;
}

/** Writes of owned tables outside their owner, as "file: statement". */
export function strayWrites(files: Array<{ path: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    for (const m of text.matchAll(WRITE)) if (OWNERS[m[1]] !== path) found.push(`${path}: ${m[0]}`);
  }
  return found;
}

describe('table owners', () => {
  it('finds a write of an owned table outside its owner (the check itself)', () => {
    expect(strayWrites([
      { path: 'apps/api/src/x.ts', text: "tx.query(`UPDATE tasks SET status = 'done'`)" },
      { path: 'libs/engine/src/repositories/tasks.ts', text: "tx.query(`UPDATE tasks SET status = 'done'`)" },
      { path: 'libs/engine/src/y.ts', text: 'SELECT * FROM tasks t JOIN cases c ON c.id = t.case_id FOR UPDATE' },
    ])).toEqual(['apps/api/src/x.ts: UPDATE tasks']);
  });

  it('every write of cases, tasks, timers, clocks, payments and the outbox is in its owner', () => {
    const files = SCANNED.flatMap((d) => sources(join(ROOT, d))).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(strayWrites(files)).toEqual([]);
  });
});

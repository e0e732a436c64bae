/**
 * Who can be picked for a payload field that names a person (the lawyer legal aid assigns): the
 * field's schema declares what it picks — `'x-picks': { role, level }` — and the answer is every
 * active holder of that role at the case's node of that level, with their open caseloads, so the
 * officer chooses by name and load instead of typing a login name. No process or field is named here.
 */
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { LEVELS, ProcessRegistry, ROLES, type Level, type Role } from '@app/processes';
import { Sql } from '@app/db';
import type { CaseView } from './queries/case-queries';
import { forbidden, invalid, notFound } from './errors';

export interface PicksSpec {
  role: Role;
  level: Level;
}

/** The `x-picks` declaration of a schema, when it is a sound one. */
export function picksOf(schema: unknown): PicksSpec | undefined {
  const x = (schema as Record<string, any> | undefined)?.['x-picks'];
  return x && (ROLES as readonly string[]).includes(x.role) && (LEVELS as readonly string[]).includes(x.level) ? x : undefined;
}

export interface AssignablePerson {
  username: string;
  displayName: string;
  /** Cases with an open task this person holds (claimed, or named as its assignee). */
  openCases: number;
}

/** Active holders of `role` at node `code`, least loaded first. */
export async function peopleWithCaseloads(sql: Sql, role: Role, code: string): Promise<AssignablePerson[]> {
  const rows: Array<{ username: string; display_name: string; open_cases: string }> = await sql.query(
    `SELECT u.username, u.display_name,
       (SELECT count(DISTINCT t.case_id) FROM tasks t
         WHERE t.status IN ('open','claimed') AND (t.claimed_by = u.id OR t.assignee_username = u.username)) AS open_cases
     FROM users u WHERE u.active AND $1 = ANY(u.roles) AND u.jurisdiction_code = $2
     ORDER BY open_cases, u.username`,
    [role, code],
  );
  return rows.map((r) => ({ username: r.username, displayName: r.display_name, openCases: Number(r.open_cases) }));
}

export class AssignablePeople {
  constructor(
    private readonly ds: DataSource,
    private readonly processes: ProcessRegistry,
    private readonly cases: { view(p: Principal, caseId: string): Promise<CaseView> },
  ) {}

  /** GET /api/cases/:id/assignable?event=&field= */
  async forEventField(p: Principal, caseId: string, q: { event?: unknown; field?: unknown }) {
    const errors = [
      ...(typeof q.event !== 'string' || !q.event ? [{ field: 'event', message: '必填：事件类型', en: 'required: the event type' }] : []),
      ...(typeof q.field !== 'string' || !q.field ? [{ field: 'field', message: '必填：载荷字段', en: 'required: the payload field' }] : []),
    ];
    if (errors.length) throw invalid(errors);
    const view = await this.cases.view(p, caseId);
    const def = this.processes.get(view.processKey, view.processVersion);
    const event = Object.hasOwn(def.events, q.event as string) ? def.events[q.event as string] : undefined;
    if (!event) throw notFound({ zh: '该流程没有这个事件', en: 'The process has no such event' });
    const picks = picksOf((event.payload.properties as Record<string, unknown> | undefined)?.[q.field as string]);
    if (!picks) throw invalid([{ field: 'field', message: '该字段不是从人员中选择的字段', en: 'this field does not pick a person' }]);
    if (!view.availableEvents.includes(q.event as string)) throw forbidden({ zh: '您现在不能办理该事项，也就无须选择人员', en: 'You may not send this event now, so there is no one to pick' });
    const code = { village: view.jurisdiction.villageCode, township: view.jurisdiction.townshipCode, county: view.jurisdiction.countyCode, city: undefined }[picks.level];
    if (!code) return { role: picks.role, items: [] };
    return { role: picks.role, items: await peopleWithCaseloads(this.ds, picks.role, code) };
  }
}

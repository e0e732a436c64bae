import type { Principal } from '@app/access';
import { LEVEL_COLUMN } from '@app/access';
import type { ActorSpec, EventSpec, ProcessDefinition } from '@app/processes';
import { ROLE_TITLES, ROLE_TITLES_EN } from './role-titles';
import type { Localized } from './errors';
import { actingAs, peopleActing } from './delegations';
import { contextUnits } from './state-effects';

/** The case columns authorization reads. */
export interface CaseFacts {
  state: string;
  village_code: string;
  township_code: string;
  county_code: string;
  city_code: string;
  filed_by: string;
  context: Record<string, any>;
  flags: Array<{ code: string; detail?: Record<string, any> }>;
  decision_groups: Record<string, string[]>;
  /** A case about another case: the people who acted on that one (SubjectSpec.barredGroups). */
  subject_actor_ids?: string[] | null;
}

const LEVEL_TITLE = { city: '本市', county: '本案所属县', township: '本案所属乡镇', village: '本案所属村' } as const;
const LEVEL_TITLE_EN = { city: 'the city', county: "the case's county", township: "the case's township", village: "the case's village" } as const;

/** `reasonEn`: the reason in English (the api answers in the caller's language; the audit keeps `reason`). */
export type Verdict = { ok: true; actor: ActorSpec } | { ok: false; reason: string; reasonEn: string };

const refusal = (words: Localized): Verdict => ({ ok: false, reason: words.zh, reasonEn: words.en });

function actorMatches(p: Principal, a: ActorSpec, c: CaseFacts, def: ProcessDefinition): boolean {
  if (!p.roles.includes(a.role)) return false;
  if (a.inStates && !a.inStates.includes(c.state)) return false;
  if (c[LEVEL_COLUMN[a.level]] !== p.jurisdiction.code) return false;
  // A unit the case names (its responsible unit, its supervisors): that role at that very node.
  if (a.unitsField !== undefined && !contextUnits(c.context, a.unitsField).some((u) => u.role === a.role && u.jurisdictionCode === p.jurisdiction.code)) return false;
  const assignee = def.assigneeField ? c.context[def.assigneeField] : undefined;
  if (a.assignee === 'required' && assignee !== p.username) return false;
  if (a.assignee === 'excluded' && assignee === p.username) return false;
  return true;
}

/**
 * Users named by a `relative_filed` flag (近亲属回避): they may not act on the case at all — until
 * they withdraw the declaration (the flag keeps them, listed again in `withdrawnUserIds`).
 */
export function relativeConflict(p: Pick<Principal, 'id'>, c: Pick<CaseFacts, 'flags'>): boolean {
  return c.flags.some(
    (f) => f.code === 'relative_filed' && (f.detail?.userIds ?? []).includes(p.id) && !(f.detail?.withdrawnUserIds ?? []).includes(p.id),
  );
}

/**
 * May this person send this event on this case? Role at the right level of the case's jurisdiction,
 * the assignee rule, conflict of interest, and separation of duties (PROCESSES.md §1).
 * Returns the reason in words a clerk can act on.
 */
export function authorizeEvent(p: Principal, type: string, spec: EventSpec, c: CaseFacts, def: ProcessDefinition): Verdict {
  if (spec.actors === 'system') {
    return { ok: false, reason: `「${spec.title.zh}」由系统自动发送，不能人工操作`, reasonEn: `"${spec.title.en}" is sent by the system, not by hand` };
  }
  // A delegate acts in the absent colleague's role and name; conflicts and four eyes bind both people.
  const actor = spec.actors.find((a) => actorMatches(actingAs(p), a, c, def));
  if (!actor) {
    const actors = spec.actors.filter((a) => !a.inStates || a.inStates.includes(c.state));
    const who = actors
      .map((a) => `${ROLE_TITLES[a.role]}（${LEVEL_TITLE[a.level]}${a.assignee === 'required' ? '，限承办人' : ''}${a.assignee === 'excluded' ? '，承办人除外' : ''}）`)
      .join('或');
    const whoEn = actors
      .map((a) => `${ROLE_TITLES_EN[a.role]} (${LEVEL_TITLE_EN[a.level]}${a.assignee === 'required' ? ', the assignee only' : ''}${a.assignee === 'excluded' ? ', not the assignee' : ''})`)
      .join(' or ');
    return { ok: false, reason: `「${spec.title.zh}」只能由${who}操作`, reasonEn: `Only ${whoEn} may do "${spec.title.en}"` };
  }
  const people = peopleActing(p);
  if (people.some((id) => relativeConflict({ ...p, id }, c))) {
    return refusal(p.onBehalfOf ? { zh: '申请人是您或委托人备案的近亲属，按回避规定不能办理此案', en: 'The applicant is a close relative declared by you or by the colleague you stand in for; the recusal rule bars this case' } : { zh: '申请人是您备案的近亲属，按回避规定您不能办理此案', en: 'The applicant is a close relative you declared; the recusal rule bars you from this case' });
  }
  if (spec.decisionGroup) {
    const filerMay = def.filerMayDecide?.includes(spec.decisionGroup);
    if (!filerMay && people.includes(c.filed_by)) return refusal(p.onBehalfOf ? { zh: '您或委托人是本案的申请经办人，按分权制衡规定不能参与审核审批', en: 'You or the colleague you stand in for filed this case; separation of duties bars you from reviewing or approving it' } : { zh: '您是本案的申请经办人，按分权制衡规定不能参与审核审批', en: 'You filed this case; separation of duties bars you from reviewing or approving it' });
    if (def.subject?.barredGroups?.includes(spec.decisionGroup) && people.some((id) => (c.subject_actor_ids ?? []).includes(id))) {
      return refusal({ zh: '您曾办理本问题所涉案件，按回避规定不能核查、验收或销号本问题', en: 'You worked on the case this finding concerns; the recusal rule bars you from checking, accepting or closing it' });
    }
    for (const [group, users] of Object.entries(c.decision_groups)) {
      if (group !== spec.decisionGroup && people.some((id) => users.includes(id))) {
        return refusal({ zh: `您已在本案「${group}」环节作出决定，按分权制衡规定不能再作其他环节的决定`, en: `You already decided at the "${group}" step of this case; separation of duties bars a decision at another step` });
      }
    }
  }
  void type;
  return { ok: true, actor };
}

import { textSetting } from '@app/settings';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { caseChain } from '@app/audit';
import { CaseEngine, notFound } from '@app/engine';

/**
 * 公示: what a printed notice for the village board says — the applicant masked, the stage result
 * and the lines the process adds (definition.notices), who issues it, the notice period and the
 * supervision hotline. Which states are notices, and what they print, is the definition's.
 */
/** A name as a standing list prints it: the surname kept, the rest hidden (闫建国 → 闫**). */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

@Injectable()
export class NoticeBoard {
  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine) {}

  /**
   * 长期公布: the village's standing list of a process (definition.standingList): every case of the
   * village in the listed states, masked names only, with the lines the process adds. The village
   * must be inside the caller's subtree.
   */
  async standingList(p: Principal, processKey: string, villageCode: string) {
    const def = this.engine.processes.latest(processKey);
    const spec = def?.standingList;
    if (!def || !spec) throw notFound({ zh: '该流程没有长期公布名单', en: 'This process has no standing public list' });
    const node = await this.engine.directory.find(villageCode);
    const inside = node && node.level === 'village' && [node.code, node.townshipCode, node.countyCode, node.cityCode].includes(p.jurisdiction.code);
    if (!inside) throw notFound({ zh: '村（社区）不存在或不在您的辖区内', en: 'The village (community) does not exist or is outside your jurisdiction' });
    const rows = await this.ds.query(
      `SELECT id, applicant_name, context, process_version FROM cases WHERE process_key = $1 AND village_code = $2 AND state = ANY($3::text[]) ORDER BY filed_at, id`,
      [def.key, villageCode, spec.states],
    );
    const [since] = rows.length
      ? await this.ds.query(
          `SELECT case_id, min(at) AS at FROM audit_entries WHERE case_id = ANY($1::uuid[]) AND to_state = ANY($2::text[]) AND outcome = 'ok' GROUP BY case_id`,
          [rows.map((r: any) => r.id), spec.states],
        ).then((r: any[]) => [new Map(r.map((x) => [x.case_id, new Date(x.at).toISOString()]))])
      : [new Map<string, string>()];
    return {
      processKey: def.key,
      processTitle: def.title,
      title: spec.title,
      village: node!.name,
      villageCode,
      items: rows.map((r: any) => ({
        caseId: r.id,
        name: maskPersonName(r.applicant_name ?? ''),
        since: since.get(r.id) ?? null,
        details: spec.details ? spec.details(r.context) : [],
      })),
      hotline: textSetting('SUPERVISION_HOTLINE')!,
    };
  }

  async notice(p: Principal, caseId: string, state: string) {
    const view = await this.engine.view(p, caseId);
    const def = this.engine.processes.get(view.processKey, view.processVersion);
    const spec = Object.prototype.hasOwnProperty.call(def.notices ?? {}, state) ? def.notices![state] : undefined;
    if (!spec) throw notFound({ zh: '该环节没有公示', en: 'This step has no public notice' });
    const [entered] = await this.ds.query(
      `SELECT at FROM audit_entries WHERE chain_id = $1 AND to_state = $2 AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`,
      [caseChain(caseId), state],
    );
    if (!entered) throw notFound({ zh: '本案尚未进入该公示环节', en: 'The case has not reached this public notice' });
    const [timer] = await this.ds.query(
      `SELECT due_at FROM case_timers WHERE case_id = $1 AND state = $2 ORDER BY created_at DESC LIMIT 1`,
      [caseId, state],
    );
    const j = view.jurisdiction;
    const issuerName = { village: j.villageName, township: j.townshipName, county: j.countyName }[spec.issuer.level];
    return {
      processKey: view.processKey,
      processTitle: def.title,
      caseId,
      stage: { state, title: def.states[state]?.title },
      // Only processes with notices print one; a case about another case has no applicant (and no notices).
      applicant: view.applicant && { name: view.applicant.name, idNumberMasked: view.applicant.idNumberMasked },
      village: j.villageName,
      township: j.townshipName,
      county: j.countyName,
      result: spec.result,
      /** Further lines (grade, method, amount …) as the process words them. */
      details: spec.details ? spec.details(view.context) : [],
      /** The office of the node that publishes: `${name}${department}` (村民委员会, 人民政府, a county bureau). */
      issuer: { level: spec.issuer.level, name: issuerName, department: spec.issuer.department },
      period: { from: new Date(entered.at).toISOString(), to: timer ? new Date(timer.due_at).toISOString() : null },
      hotline: textSetting('SUPERVISION_HOTLINE')!,
    };
  }
}

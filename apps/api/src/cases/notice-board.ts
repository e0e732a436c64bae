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
@Injectable()
export class NoticeBoard {
  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine) {}

  async notice(p: Principal, caseId: string, state: string) {
    const view = await this.engine.view(p, caseId);
    const def = this.engine.processes.get(view.processKey, view.processVersion);
    const spec = Object.prototype.hasOwnProperty.call(def.notices ?? {}, state) ? def.notices![state] : undefined;
    if (!spec) throw notFound('该环节没有公示');
    const [entered] = await this.ds.query(
      `SELECT at FROM audit_entries WHERE chain_id = $1 AND to_state = $2 AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`,
      [caseChain(caseId), state],
    );
    if (!entered) throw notFound('本案尚未进入该公示环节');
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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { caseChain } from '@app/audit';
import { CaseEngine, notFound } from '@app/engine';

/** Stage results a notice publishes, by notice state (PROCESSES.md §2: 三级公示). */
const NOTICE_RESULT: Record<string, string> = {
  village_notice: '经村民代表集体评议通过，拟申请农村危房改造补助',
  township_notice: '经乡镇审核、房屋危险性评定，拟列入农村危房改造对象',
  county_notice: '经县级审批，拟批准农村危房改造补助',
  notice: '经乡镇（街道）审核、入户调查，拟给予临时救助',
};

/**
 * 公示: what a printed notice for the village board says — the applicant masked, the stage result,
 * the subsidy where decided, the notice period and the supervision hotline.
 */
@Injectable()
export class NoticeBoard {
  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine) {}

  async notice(p: Principal, caseId: string, state: string) {
    const view = await this.engine.view(p, caseId);
    if (!NOTICE_RESULT[state]) throw notFound('该环节没有公示');
    const [entered] = await this.ds.query(
      `SELECT at FROM audit_entries WHERE chain_id = $1 AND to_state = $2 AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`,
      [caseChain(caseId), state],
    );
    if (!entered) throw notFound('本案尚未进入该公示环节');
    const [timer] = await this.ds.query(
      `SELECT due_at FROM case_timers WHERE case_id = $1 AND state = $2 ORDER BY created_at DESC LIMIT 1`,
      [caseId, state],
    );
    const def = this.engine.processes.get(view.processKey, view.processVersion);
    const ctx = view.context as Record<string, any>;
    return {
      processKey: view.processKey,
      processTitle: def.title,
      caseId,
      stage: { state, title: def.states[state]?.title },
      applicant: { name: view.applicant.name, idNumberMasked: view.applicant.idNumberMasked },
      village: view.jurisdiction.villageName,
      township: view.jurisdiction.townshipName,
      county: view.jurisdiction.countyName,
      result: NOTICE_RESULT[state],
      method: ctx.method ?? null,
      subsidyAmount: ctx.subsidyAmount ?? ctx.recommendedAmount ?? null,
      grade: ctx.grade ?? null,
      period: { from: new Date(entered.at).toISOString(), to: timer ? new Date(timer.due_at).toISOString() : null },
      hotline: process.env.SUPERVISION_HOTLINE ?? '12317',
    };
  }
}

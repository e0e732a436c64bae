import { textSetting } from '@app/settings';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal, isInSubtree } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { inTransaction } from '@app/db';
import { CaseEngine, JurisdictionDirectory, WorkflowClock, invalid, isVisibleTo, notFound } from '@app/engine';
import { maskName } from '@app/registry';
import { caseNo } from './document-data';

const own = (o: object | undefined, k: string) => !!o && Object.prototype.hasOwnProperty.call(o, k);

/**
 * 公示表: one table per village for a village board, listing every household of the village whose
 * case is in a notice stage (definition.notices) now — names and ID numbers masked, the lines the
 * process adds (grade, amount …), the notice period of each — under the issuer's seal area. The
 * cases listed are those the caller may see; the print is an audit entry on the caller's chain.
 */
@Injectable()
export class NoticeTables {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: CaseEngine,
    private readonly dir: JurisdictionDirectory,
    private readonly clock: WorkflowClock,
  ) {}

  /** GET /api/notice-tables/:processKey/:state?villageCode= */
  async table(p: Principal, processKey: string, state: string, villageCode: unknown) {
    if (typeof villageCode !== 'string' || !villageCode.trim()) throw invalid([{ field: 'villageCode', message: '必填：要公示的村', en: 'required: the village whose table to print' }]);
    const def = this.engine.processes.latest(processKey);
    const spec = def && own(def.notices, state) ? def.notices![state] : undefined;
    if (!def || !spec) throw notFound({ zh: '该流程没有这个公示环节', en: 'The process has no such notice stage' });
    const node = await this.dir.find(villageCode);
    const codes = node && { village_code: node.code, township_code: node.townshipCode ?? '', county_code: node.countyCode ?? '', city_code: node.cityCode };
    // A village outside the caller's subtree is not theirs to print (and its existence is not told).
    if (!node || !codes || node.level !== 'village' || !isInSubtree(p, codes)) throw notFound({ zh: '村不存在或不在您的辖区内', en: 'The village does not exist or is outside your jurisdiction' });
    const rows: any[] = await this.ds.query(
      `SELECT c.id, c.applicant_name, c.applicant_id_masked, c.applicant_household_size, c.context, c.viewers,
         c.village_code, c.township_code, c.county_code, c.city_code,
         (SELECT max(e.at) FROM audit_entries e WHERE e.case_id = c.id AND e.to_state = $2 AND e.outcome = 'ok' AND e.chain_id = $4 || c.id::text) AS entered_at,
         (SELECT max(t.due_at) FROM case_timers t WHERE t.case_id = c.id AND t.state = $2) AS due_at
       FROM cases c WHERE c.process_key = $1 AND c.state = $2 AND c.village_code = $3 AND c.applicant_id_masked IS NOT NULL
       ORDER BY c.filed_at, c.id`,
      [processKey, state, villageCode, caseChain('')],
    );
    const visible = rows.filter((r) => isVisibleTo(p, r));
    const level = spec.issuer.level;
    const issuerCode = { village: codes.village_code, township: codes.township_code, county: codes.county_code }[level];
    const now = this.clock.now();
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId: null, at: now, actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
        jurisdictionCode: p.jurisdiction.code, action: 'NOTICE_TABLE_PRINTED', outcome: 'ok', fromState: null, toState: null,
        payload: { processKey, state, villageCode, caseIds: visible.map((r) => r.id) },
      }),
    );
    return {
      processKey,
      processTitle: def.title,
      stage: { state, title: def.states[state]?.title },
      result: spec.result,
      village: this.dir.name(codes.village_code),
      township: this.dir.name(codes.township_code),
      county: this.dir.name(codes.county_code),
      issuer: { level, name: this.dir.name(issuerCode), department: spec.issuer.department },
      hotline: textSetting('SUPERVISION_HOTLINE')!,
      printedAt: now.toISOString(),
      rows: visible.map((r) => ({
        caseNo: caseNo(r.id),
        nameMasked: maskName(r.applicant_name ?? ''),
        idNumberMasked: r.applicant_id_masked,
        householdSize: r.applicant_household_size,
        details: spec.details ? spec.details(r.context) : [],
        period: { from: r.entered_at ? new Date(r.entered_at).toISOString() : null, to: r.due_at ? new Date(r.due_at).toISOString() : null },
      })),
    };
  }
}

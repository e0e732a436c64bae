import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { actorChain, appendAudit, caseChain } from '@app/audit';
import { inTransaction } from '@app/db';
import { CaseEngine, CaseView, ROLE_TITLES, ROLE_TITLES_EN, WorkflowClock, forbidden, notFound, unprocessable } from '@app/engine';
import type { DocumentSpec, ProcessDefinition } from '@app/processes';
import { EventHistory, caseNo, peopleNamed, printable, resolveField } from './document-data';

const own = (o: object | undefined, k: string) => !!o && Object.prototype.hasOwnProperty.call(o, k);

/**
 * The forms a case prints (definition.documents): which ones the caller may print now, and one
 * form's content. Authorized like the case (404 outside what the caller sees), then by the
 * document's roles (403); every print is an entry on the caller's audit chain naming the case, as
 * the ID-number reveal is: who printed what and when is evidence, and the case's own chain stays
 * the record of what happened to the case.
 */
@Injectable()
export class CaseDocuments {
  constructor(private readonly ds: DataSource, private readonly engine: CaseEngine, private readonly clock: WorkflowClock) {}

  /** GET /api/cases/:id/documents: the forms this caller may print for the case now. */
  async list(p: Principal, caseId: string) {
    const { view, def, visited } = await this.facts(p, caseId);
    return {
      caseId,
      items: Object.entries(def.documents ?? {})
        .filter(([, spec]) => spec.roles.some((r) => p.roles.includes(r)) && printable(spec, view, visited))
        .map(([key, spec]) => ({ key, title: spec.title })),
    };
  }

  /** GET /api/cases/:id/documents/:key: the form's content, audited as printed. */
  async document(p: Principal, caseId: string, key: string) {
    const { view, def, visited } = await this.facts(p, caseId);
    const spec: DocumentSpec | undefined = own(def.documents, key) ? def.documents![key] : undefined;
    if (!spec) throw notFound({ zh: '该流程没有这种文书', en: 'The process prints no such form' });
    if (!spec.roles.some((r) => p.roles.includes(r))) {
      throw forbidden({
        zh: `该文书只有${spec.roles.map((r) => ROLE_TITLES[r]).join('、')}可以打印`,
        en: `Only ${spec.roles.map((r) => ROLE_TITLES_EN[r]).join(', ')} may print this form`,
      });
    }
    if (!printable(spec, view, visited)) throw unprocessable({ zh: '本案尚未到可以打印该文书的环节', en: 'The case has not reached the step where this form is printed' });
    const history = await this.history(caseId);
    const people = await this.displayNames(peopleNamed(spec, view, history));
    const j = view.jurisdiction;
    const issuerName = { village: j.villageName, township: j.townshipName, county: j.countyName }[spec.issuer.level];
    const printedAt = this.clock.now();
    await inTransaction(this.ds, (tx) =>
      appendAudit(tx, {
        chainId: actorChain(p.id), caseId, at: printedAt, actorId: p.id, actorUsername: p.username, actorRole: p.roles.join(','),
        jurisdictionCode: p.jurisdiction.code, action: 'DOCUMENT_PRINTED', outcome: 'ok', fromState: view.state, toState: view.state,
        payload: { document: key },
      }),
    );
    return {
      key,
      caseId,
      caseNo: caseNo(caseId),
      processKey: view.processKey,
      processTitle: def.title,
      title: spec.title,
      issuer: { level: spec.issuer.level, name: issuerName, department: spec.issuer.department },
      intro: spec.intro ?? null,
      sections: spec.sections.map((s) => ({
        title: s.title ?? null,
        fields: s.fields.map((f) => resolveField(f, view, history, def, people)),
      })),
      closing: spec.closing ?? null,
      signatures: spec.signatures,
      seal: true,
      printedAt: printedAt.toISOString(),
    };
  }

  private async facts(p: Principal, caseId: string): Promise<{ view: CaseView; def: ProcessDefinition; visited: Set<string> }> {
    const view = await this.engine.view(p, caseId);
    const def = this.engine.processes.get(view.processKey, view.processVersion);
    const rows: Array<{ to_state: string }> = await this.ds.query(
      `SELECT DISTINCT to_state FROM audit_entries WHERE chain_id = $1 AND outcome = 'ok' AND to_state IS NOT NULL`,
      [caseChain(caseId)],
    );
    return { view, def, visited: new Set(rows.map((r) => r.to_state)) };
  }

  /** The last applied event of each type on the case: when, and who (their name). */
  private async history(caseId: string): Promise<EventHistory> {
    const rows: Array<{ action: string; at: Date; name: string }> = await this.ds.query(
      `SELECT DISTINCT ON (e.action) e.action, e.at, coalesce(u.display_name, e.actor_username) AS name
       FROM audit_entries e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.chain_id = $1 AND e.outcome = 'ok' ORDER BY e.action, e.seq DESC`,
      [caseChain(caseId)],
    );
    return Object.fromEntries(rows.map((r) => [r.action, { at: new Date(r.at).toISOString(), actor: r.name }]));
  }

  private async displayNames(usernames: string[]): Promise<Record<string, string>> {
    if (!usernames.length) return {};
    const rows: Array<{ username: string; display_name: string }> = await this.ds.query(
      `SELECT username, display_name FROM users WHERE username = ANY($1::text[])`,
      [usernames],
    );
    return Object.fromEntries(rows.map((r) => [r.username, r.display_name]));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/access';
import { inTransaction } from '@app/db';
import { auditDeclaration, auditWithdrawal, conflict, flagCasesOfRelative, invalid, isUuid, notFound, unflagCasesOfRelative, validateAgainst } from '@app/engine';
import { MIN_REASON_LENGTH, nonBlank } from '@app/processes/schema-blocks';
import { PiiCipher, maskIdNumber, scrubPii, validateIdNumber } from '@app/registry';

/** 近亲属 as the declaration form lists them (code → 中文). */
export const RELATIONS: Record<string, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  in_law: '姻亲（配偶的父母、子女的配偶等）',
  other_close: '其他近亲属',
};

export const DECLARATION_SCHEMA = {
  type: 'object',
  required: ['name', 'relation', 'idNumber'],
  additionalProperties: false,
  properties: {
    name: nonBlank(1, 50),
    relation: { type: 'string', enum: Object.keys(RELATIONS) },
    idNumber: { type: 'string', minLength: 1, maxLength: 32 },
  },
};

export const WITHDRAWAL_SCHEMA = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  // PROCESSES.md §5: a written reason, at least 5 characters once trimmed (stored trimmed).
  properties: { reason: nonBlank(MIN_REASON_LENGTH, 500) },
};

/**
 * 近亲属备案: staff declare their close relatives; the ID number is stored like an applicant's
 * (AES-256-GCM + keyed index) and shown masked. Declaring flags the relative's existing cases inside
 * the declarer's jurisdiction in the same transaction (libs/engine/src/conflict-of-interest.ts).
 * Declarations are evidence: there is no delete. The declarer may withdraw one with a reason; it
 * stays listed (withdrawn), its flags stay as history, and it no longer bars them or flags new cases.
 */
@Injectable()
export class StaffRelatives {
  constructor(private readonly ds: DataSource, private readonly cipher: PiiCipher) {}

  async declare(p: Principal, body: unknown) {
    const errors = validateAgainst(DECLARATION_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const input = body as { name: string; relation: string; idNumber: string };
    const id = validateIdNumber(input.idNumber);
    if (!id.ok) throw invalid([{ field: 'idNumber', message: id.reason, en: id.reasonEn }]);
    const idIndex = this.cipher.indexOf(id.value);
    const masked = maskIdNumber(id.value);
    const name = input.name.trim();
    return inTransaction(this.ds, async (tx) => {
      const now = new Date();
      const [row] = await tx.query(
        `INSERT INTO staff_relatives (user_id, name, relation, id_cipher, id_index, created_at) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (user_id, id_index) WHERE withdrawn_at IS NULL DO NOTHING RETURNING id, created_at`,
        [p.id, name, input.relation, this.cipher.encrypt(id.value), idIndex, now],
      );
      if (!row) throw conflict({ zh: '该身份证号的近亲属您已备案，无需重复备案', en: 'You have already declared a close relative with this ID number' });
      const flagged = await flagCasesOfRelative(tx, p, idIndex, input.relation, now);
      await auditDeclaration(tx, p, { id: row.id, name, relation: input.relation, idNumberMasked: masked }, flagged, now);
      return this.view({ id: row.id, name, relation: input.relation, masked, created_at: row.created_at });
    });
  }

  /**
   * POST /api/staff/relatives/:id/withdraw {reason}: the declarer's own declaration only (anyone
   * else's is 404), once (409 after). The body is checked before the id is looked up.
   */
  async withdraw(p: Principal, relativeId: string, body: unknown) {
    const errors = validateAgainst(WITHDRAWAL_SCHEMA, body, '');
    if (errors.length) throw invalid(errors);
    const reason = (body as { reason: string }).reason.trim();
    if (!isUuid(relativeId)) throw notFound({ zh: '近亲属备案不存在', en: 'No such declaration of a close relative' });
    return inTransaction(this.ds, async (tx) => {
      const [row] = await tx.query(
        `SELECT id, name, relation, id_cipher, id_index, created_at, withdrawn_at FROM staff_relatives WHERE id = $1 AND user_id = $2 FOR UPDATE`,
        [relativeId, p.id],
      );
      if (!row) throw notFound({ zh: '近亲属备案不存在', en: 'No such declaration of a close relative' });
      if (row.withdrawn_at) throw conflict({ zh: '该近亲属备案已撤回', en: 'This declaration of a close relative was withdrawn' });
      const now = new Date();
      await tx.query(`UPDATE staff_relatives SET withdrawn_at = $2, withdrawn_reason = $3 WHERE id = $1`, [row.id, now, reason]);
      const masked = maskIdNumber(this.cipher.decrypt(row.id_cipher));
      const updated = await unflagCasesOfRelative(tx, p, row.id_index, row.relation, now);
      await auditWithdrawal(tx, p, { id: row.id, name: row.name, relation: row.relation, idNumberMasked: masked, reason }, updated, now);
      return this.view({ ...row, masked, withdrawn_at: now, withdrawn_reason: reason });
    });
  }

  async list(p: Principal) {
    const rows = await this.ds.query(
      `SELECT id, name, relation, id_cipher, created_at, withdrawn_at, withdrawn_reason FROM staff_relatives WHERE user_id = $1 ORDER BY created_at, id`,
      [p.id],
    );
    return { items: rows.map((r: any) => this.view({ ...r, masked: maskIdNumber(this.cipher.decrypt(r.id_cipher)) })) };
  }

  private view(r: { id: string; name: string; relation: string; masked: string; created_at: Date; withdrawn_at?: Date | null; withdrawn_reason?: string | null }) {
    return scrubPii({
      id: r.id, name: r.name, relation: r.relation, relationTitle: RELATIONS[r.relation] ?? r.relation,
      idNumberMasked: r.masked, declaredAt: new Date(r.created_at).toISOString(),
      withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null, withdrawnReason: r.withdrawn_reason ?? null,
    });
  }
}
